"""The demo's grading (`coso.demo.evaluation`): the four past years decided for every member
and organization of the bloc (points from 2025), a few grassroots organizations below Plan
74's target, the quota respected in every unit, the members disciplined in a year
INCOMPLETE, and this year's period open and half done. Its four-good (`coso.demo.four_good`):
the bloc's checklist and a committee's own, cells' monthly answers."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from coso.demo import names as N
from coso.demo.evaluation import WEAK_YEAR_BACK, current_year
from coso.evaluation.choices import (
    GOOD_OR_BETTER,
    Grade,
    PeriodStatus,
    Pillar,
    Stage,
    SubjectKind,
)
from coso.evaluation.models import Evaluation, EvaluationPeriod, FourGoodCheck, FourGoodCriterion
from coso.evaluation.queries import year_results
from coso.evaluation.services import four_good
from coso.evaluation.services.rules import allowed_excellent, member_cases
from coso.orgs.choices import CELL_KINDS, GRASSROOTS_KINDS
from coso.orgs.models import Organization


@pytest.fixture
def demo(db):
    call_command("demo", "--size", "small", "--seed", "1", stdout=StringIO())
    return current_year(timezone.localdate())


def test_the_demo_grades_four_years_and_half_of_this_one(demo):
    year = demo
    bloc = Organization.objects.get(code=N.ROOT_CODE)
    periods = {p.year: p for p in EvaluationPeriod.objects.filter(organization=bloc)}
    assert sorted(periods) == list(range(year - 4, year + 1))
    assert [periods[y].status for y in sorted(periods)] == [PeriodStatus.OPEN] * 5
    units = list(
        Organization.objects.filter(path__startswith=bloc.path, kind__in=GRASSROOTS_KINDS).order_by(
            "path"
        )
    )
    for y in range(year - 4, year):
        evs = Evaluation.objects.filter(period=periods[y])
        assert set(evs.values_list("stage", flat=True)) == {Stage.DECIDED}
        # every grassroots organization decided by the bloc, its members and cells by it
        assert evs.filter(subject_kind=SubjectKind.ORGANIZATION, quota_unit=bloc).count() == (
            len(units))  # fmt: skip
        with_score = evs.filter(score__isnull=False).count()
        assert with_score == (evs.count() if y >= 2025 else 0)
        found = year_results(bloc, y)
        below = [line for line in found.lines if line.below_target]
        if y == year - WEAK_YEAR_BACK:  # the weak year (the plan's story): most units below
            assert 0 < len(below) <= len(found.lines)
        else:
            assert 0 < len(below) < len(found.lines) or found.total.members.graded == 0
        assert found.total.members.percent > 85
    # this year: by grassroots organization (in path order) decided, proposed, self-assessed
    now = Evaluation.objects.filter(period=periods[year], subject_kind=SubjectKind.MEMBER)
    stages = {u.code: set(now.filter(quota_unit=u).values_list("stage", flat=True)) for u in units}
    expected = [{Stage.DECIDED}, {Stage.REVIEWED}, {Stage.SELF_ASSESSED}]
    assert [stages[u.code] for u in units] == [expected[i % 3] for i in range(len(units))]
    assert Counter(now.values_list("stage", flat=True))[Stage.DECIDED] > 0


def test_the_quota_holds_everywhere_and_the_disciplined_are_incomplete(demo):
    rows = Evaluation.objects.exclude(grade="").values_list(
        "period_id", "quota_unit_id", "subject_kind", "grade"
    )
    units: dict = {}
    for period, unit, kind, grade in rows:
        counts = units.setdefault((period, unit, kind), Counter())
        counts[grade] += 1
    on = EvaluationPeriod.objects.first().ends_on
    for counts in units.values():
        good = sum(counts[g] for g in GOOD_OR_BETTER)
        assert counts[Grade.EXCELLENT] <= allowed_excellent(good, on)
    assert any(c[Grade.EXCELLENT] for c in units.values())
    disciplined = 0
    for period in EvaluationPeriod.objects.all():
        evs = Evaluation.objects.filter(period=period, subject_kind=SubjectKind.MEMBER)
        cases = member_cases(period, list(evs.values_list("member_id", flat=True)))
        for ev in evs.filter(member_id__in=list(cases)):
            assert ev.current_grade == Grade.INCOMPLETE
            disciplined += 1
    assert disciplined > 0


def test_the_demo_sets_four_good_checklists_and_cells_answer_them(demo):
    today = timezone.localdate()
    bloc = Organization.objects.get(code=N.ROOT_CODE)
    committee = Organization.objects.get(code="DUK-BK")
    assert Counter(FourGoodCriterion.objects.filter(organization=bloc)
                   .values_list("pillar", flat=True)) == {p: 3 for p in Pillar.values}  # fmt: skip
    assert Counter(FourGoodCriterion.objects.filter(organization=committee)
                   .values_list("pillar", flat=True)) == {p: 2 for p in Pillar.values}  # fmt: skip
    answered = Organization.objects.filter(pk__in=FourGoodCheck.objects.values("organization"))
    own = [c for c in answered if c.path.startswith(committee.path)]
    others = [c for c in answered if not c.path.startswith(committee.path)]
    assert own and others
    # every cell of the committee answers, against the committee's checklist; the others the bloc's
    assert set(own) == set(Organization.objects.filter(
        path__startswith=committee.path, kind__in=CELL_KINDS, dissolved_on__isnull=True))  # fmt: skip
    assert {four_good.checklist_in_force(c)[0] for c in own} == {committee}
    assert {four_good.checklist_in_force(c)[0] for c in others} == {bloc}
    for cell in answered:
        counts = Counter(FourGoodCheck.objects.filter(organization=cell)
                         .values_list("year", "month"))  # fmt: skip
        size = len(four_good.checklist_in_force(cell)[1])
        assert counts == {
            **{(today.year - 1, m): size for m in range(1, 13)},
            **{(today.year, m): size for m in range(1, today.month + 1)},
        }
    # most months meet every pillar; a weak cell falls short on the meetings now and then
    titles = [four_good.four_good_title(c, today.year - 1) for c in answered]
    enough = [t for t in titles if min(t.months.values()) >= t.min_months]
    short = [t for t in titles if t.months[Pillar.MEETINGS] < t.min_months]
    assert enough and short and len(enough) > len(titles) // 2


def test_a_cell_founded_too_late_is_reviewed_not_graded_by_the_demo(tree, members):
    """A new cohort's cell founded on 1/3/2026 holds members admitted long before: the demo
    grades them for 2025 but not the cell (the rule refuses it, and the bloc demo stopped)."""
    import datetime as dt
    import random
    from types import SimpleNamespace

    from coso.demo.evaluation import _dates, _grade_unit
    from coso.orgs import services as org_services
    from tests.evaluation.grading_setup import open_year
    from tests.helpers import make_member

    k67 = org_services.create_organization(
        tree["DUK-BK"], code="DUK-BK-K67", name="Chi bộ Sinh viên K67", kind="cell",
        established_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    student = make_member(k67, "Khoa", family="Đỗ")
    period = open_year(tree["DUK"], 2025)
    gen = SimpleNamespace(rng=random.Random(1))
    _grade_unit(gen, period, tree["DUK-BK"], _dates(dt.date(2025, 12, 31)), 3, below=False,
                points=True, weak=False)  # fmt: skip
    graded = Evaluation.objects.filter(period=period)
    cells = graded.filter(subject_kind=SubjectKind.ORGANIZATION)
    assert sorted(cells.values_list("organization__code", flat=True)) == [
        "DUK-BK-CK", "DUK-BK-CNTT"]  # fmt: skip
    assert graded.filter(subject_kind=SubjectKind.MEMBER, member=student).count() == 1
