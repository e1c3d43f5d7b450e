"""A plan on the tests' small tree and figures set by hand: the dashboard's tests give the
measures (queries/measures.py) their answers, so that what the page, the ranking and the files
show is asserted exactly, whatever computes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from coso.plans import models
from coso.plans.choices import Measure, Unit
from coso.plans.queries import measures
from coso.plans.queries.measures import Figure

D = Decimal

#: the plan's four main targets: (measure, unit, goal_min, exclusive)
MAIN = (
    (Measure.ORGANIZATIONS_GOOD, Unit.PERCENT, D(90), True),
    (Measure.MEMBERS_GOOD, Unit.PERCENT, D(90), True),
    (Measure.ADMISSIONS, Unit.COUNT, D(2), False),
    (Measure.THEMATIC_MEETINGS, Unit.PERCENT, D(100), False),
)


def make_plan(org, *, number="74-KH/ĐUK", first=2024, last=2030) -> models.Plan:
    plan = models.Plan.objects.create(
        organization=org, number=number, title="Kế hoạch thực hiện Nghị quyết 21-NQ/TW",
        issued_on=dt.date(first - 1, 10, 27), first_year=first, last_year=last,
    )  # fmt: skip
    for i, (measure, unit, low, exclusive) in enumerate(MAIN):
        models.Target.objects.create(
            plan=plan, measure=measure, unit=unit, goal_min=low, goal_min_exclusive=exclusive,
            first_year=first, last_year=last, position=i, wording=f"Chỉ tiêu {i + 1}",
        )  # fmt: skip
    return plan


def figure(measure, org, year, numerator, denominator=None) -> Figure:
    """A figure as the measures give it: the share with two decimals, the goal of MAIN."""
    _m, unit, low, exclusive = next(x for x in MAIN if x[0] == measure)
    if unit == Unit.PERCENT:
        value = None if not denominator else (D(100) * numerator / denominator).quantize(D("0.01"))
    else:
        value = D(numerator)
    return Figure(measure, org.pk, year, numerator, denominator, value, low, exclusive, None, unit)


class Fake:
    """The measures' answers: `given[(org_code, year)] = {measure: (numerator, denominator)}`;
    counts the calls (the page calls each function once)."""

    def __init__(self, tree):
        self.tree = tree
        self.by_pk = {o.pk: o for o in tree.values()}
        self.given: dict[tuple[str, int], dict] = {}
        self.calls: list[tuple] = []

    def _figures(self, org, year):
        got = self.given.get((org.code, year), {})
        return [figure(m, org, year, *got[m]) if m in got else
                Figure(m, org.pk, year, 0, None, None, low, ex, None, u)
                for m, u, low, ex in MAIN]  # fmt: skip

    def figures(self, org, year, *, plan, as_of_tree=None):
        self.calls.append(("figures", org.code, year, as_of_tree))
        return self._figures(org, year)

    def children_figures(self, org, year, *, plan, as_of_tree=None):
        self.calls.append(("children", org.code, year, as_of_tree))
        kids = [o for o in self.tree.values() if o.path[:-4] == org.path and o.depth > org.depth]
        return {k.pk: self._figures(k, year) for k in kids}

    def trend(self, org, years, *, plan, as_of_tree=None):
        self.calls.append(("trend", org.code, tuple(years), as_of_tree))
        out: dict = {}
        for y in years:
            for f in self._figures(org, y):
                out.setdefault(f.measure, []).append(f)
        return out


@pytest.fixture(name="fake")
def fake_measures(tree, monkeypatch):
    answers = Fake(tree)
    for name in ("figures", "children_figures", "trend"):
        monkeypatch.setattr(measures, name, getattr(answers, name))
    return answers
