"""What the plan's dashboard shows, gathered once for the page and its exports: the plan
covering the organization, each target's figure for the year against its goal, the trend from
the plan's first year, and the children ranked worst first. The figures come from
`queries.measures` (a fixed number of queries whatever the tree); this module only orders them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models.functions import Length
from django.utils import timezone

from coso.orgs.models import Organization

from ...models import Plan, Target
from ...queries import measures
from ...queries.measures import Figure

#: the "tree=then" value of the page's URL: the tree as it was at the end of the year
TREE_THEN = "then"


@dataclass(frozen=True)
class Line:
    """One target of the year: the plan's words and unit, its figure, its trend by year."""

    target: Target
    figure: Figure
    trend: list[Figure]

    @property
    def judged(self) -> bool:
        """Whether the target has a goal this year (else it is followed for information)."""
        return self.figure.goal_min is not None or self.figure.goal_max is not None


@dataclass(frozen=True)
class ChildLine:
    """A child organization and its figures by measure (one per target of the year)."""

    organization: Organization
    figures: dict[str, Figure]
    failing: int  # how many of its targets are not met

    def figure(self, measure: str) -> Figure | None:
        return self.figures.get(measure)


@dataclass
class Board:
    organization: Organization
    plan: Plan | None
    plans: list[Plan]  # every plan covering the organization (the nearest issuer first)
    year: int
    years: list[int]  # the year picker: the plan's first year to the current year
    as_of_tree: dt.date | None  # None: restated on today's tree
    lines: list[Line] = field(default_factory=list)
    children: list[ChildLine] = field(default_factory=list)
    rank_by: str = ""  # a measure, or "" for the number of targets not met
    #: when the figures were counted (a board is kept, and may be shown while it is counted
    #: again: `result_cache`, `behind`)
    counted_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def measures(self) -> list[str]:
        """The targets with a goal this year: the children's table's columns."""
        return [line.figure.measure for line in self.lines if line.judged]

    @property
    def trend_years(self) -> list[int]:
        return [f.year for f in self.lines[0].trend] if self.lines else []


def gap(f: Figure) -> Decimal | None:
    """How far the value falls short of its goal, as a share of the goal (positive: short;
    zero or negative: met, by that margin); None without a value. Shares of the goal, so that
    children with different quotas (a TargetShare) rank fairly."""
    if f.value is None or (f.goal_min is None and f.goal_max is None):
        return None
    gaps = []
    if f.goal_min is not None:
        gaps.append((f.goal_min - f.value) / max(f.goal_min, Decimal(1)))
    if f.goal_max is not None:
        gaps.append((f.value - f.goal_max) / max(f.goal_max, Decimal(1)))
    return max(gaps)


def rank_key(f: Figure | None) -> tuple:
    """Worst first: not met by the largest shortfall, then met by the smallest margin, then
    no figure at all."""
    if f is None or gap(f) is None:
        return (2, Decimal(0))
    return (0 if f.met is False else 1, -gap(f))


def plans_covering(org: Organization) -> list[Plan]:
    """The plans issued by the organization or above it, the nearest issuer first (one query)."""
    return list(
        Plan.objects.covering(org)
        .select_related("organization")
        .order_by(-Length("organization__path"), "-issued_on", "number")
    )


def pick_year(plan: Plan | None, asked: str | None, today: dt.date) -> tuple[int, list[int]]:
    """The year asked if the plan covers it and it is not in the future; else the current year
    (within the plan's years); and the years the picker offers."""
    if plan is None:
        return today.year, [today.year]
    last = min(plan.last_year, max(today.year, plan.first_year))
    years = list(range(plan.first_year, last + 1))
    try:
        year = int(asked or "")
    except ValueError:
        year = last
    return (year if year in years else last), years


def tree_date(year: int, today: dt.date) -> dt.date:
    """The day whose tree "the tree as it was" shows for a year: its last day, or today."""
    return min(dt.date(year, 12, 31), today)


def build(
    org: Organization,
    *,
    today: dt.date,
    year: str | None = None,
    plan_id: str | None = None,
    tree: str | None = None,
    rank_by: str | None = None,
) -> Board:
    """The dashboard of ``org``: a fixed number of queries (the plans, the targets, the
    children's names, and the measures' own)."""
    plans = plans_covering(org)
    plan = next((p for p in plans if str(p.pk) == (plan_id or "")), plans[0] if plans else None)
    chosen, years = pick_year(plan, year, today)
    as_of = tree_date(chosen, today) if tree == TREE_THEN else None
    board = Board(org, plan, plans, chosen, years, as_of)
    if plan is None:
        return board
    # the year's figures are the trend's last year (what `measures.figures` gives, in the
    # plan's order): the organization's subtree counted once, not twice
    targets = [t for t in plan.targets.all() if t.first_year <= chosen <= t.last_year]
    trend = measures.trend(org, range(years[0], chosen + 1), plan=plan, as_of_tree=as_of)
    board.lines = [
        Line(t, trend[t.measure][-1], trend[t.measure])
        for t in dict((t.measure, t) for t in reversed(targets)).values()
        if trend.get(t.measure)
    ]
    board.lines.sort(key=lambda line: (line.target.position, line.target.pk))
    by_child = measures.children_figures(org, chosen, plan=plan, as_of_tree=as_of)
    names = Organization.objects.filter(pk__in=list(by_child)).only(
        "code", "name", "short_name", "kind", "path", "dissolved_on"
    )
    children = [
        ChildLine(o, {f.measure: f for f in by_child[o.pk]},
                  sum(1 for f in by_child[o.pk] if f.met is False))
        for o in names
    ]  # fmt: skip
    board.rank_by = rank_by if rank_by in board.measures else ""
    board.children = rank(children, board.rank_by)
    return board


def rank(children: list[ChildLine], measure: str) -> list[ChildLine]:
    """Worst first by ``measure``'s shortfall; with no measure, by the number of targets not
    met, then by the worst shortfall among them. Ties in the tree's order."""
    if measure:
        return sorted(children, key=lambda c: (*rank_key(c.figure(measure)), c.organization.path))

    def overall(c: ChildLine) -> tuple:
        gaps = [g for g in (gap(f) for f in c.figures.values()) if g is not None]
        return (-c.failing, -max(gaps, default=Decimal("-Infinity")), c.organization.path)

    return sorted(children, key=overall)
