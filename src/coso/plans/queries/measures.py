"""The plan's targets computed from the work itself (the contract the dashboard reads).

Every figure is for one organization's subtree and one calendar year. By default a past year is
restated on today's tree (what a report to the superior shows: the work of organizations since
merged or moved counts where they are now); ``as_of_tree`` (a date) counts on the tree as it was
on that date instead (OrganizationPeriod). Every function runs a fixed number of queries, whatever
the size of the subtree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from coso.orgs.models import Organization

from ..choices import Unit
from ..models import Target, TargetShare
from .counting import Scope, count
from .tree import STEP, Tree, tree_for


@dataclass(frozen=True)
class Figure:
    """One target's value for one organization and year, against its goal."""

    measure: str  # choices.Measure
    organization_id: int
    year: int
    # what is counted: the members graded GOOD or better, the cells with 4 thematic meetings,
    # the members admitted...
    numerator: int
    # the base of a share (the members graded, the cells, the members at the start of the
    # year); None for a count
    denominator: int | None
    # the share in percent with two decimals, or the count; None when the base is zero
    value: Decimal | None
    # the goal in force for this organization and year (a TargetShare replaces the target's)
    goal_min: Decimal | None
    goal_min_exclusive: bool
    goal_max: Decimal | None
    # percent or count (choices.Unit), and the target the goal comes from
    unit: str = Unit.PERCENT
    target_id: int | None = None

    @property
    def met(self) -> bool | None:
        """Whether the value reaches the goal; None when there is no value."""
        if self.value is None:
            return None
        if self.goal_min is not None:
            if self.value < self.goal_min or (
                self.goal_min_exclusive and self.value == self.goal_min
            ):
                return False
        return not (self.goal_max is not None and self.value > self.goal_max)


def figures(organization, year: int, *, plan, as_of_tree: date | None = None) -> list[Figure]:
    """The plan's targets in force in ``year``, in the plan's order, for ``organization``."""
    targets = _targets(plan, (year,))
    if not targets:
        return []
    tree = tree_for(as_of_tree)
    root = tree.counted(organization.path)
    counts = count(_measures(targets), Scope(root, len(root), (year,), tree))
    shares = _shares(targets, [organization.pk], (year,))
    return [
        _figure(t, organization, year, counts[t.measure].get((root, year)), shares, plan)
        for t in targets
        if t.first_year <= year <= t.last_year
    ]


def children_figures(
    organization, year: int, *, plan, as_of_tree: date | None = None
) -> dict[int, list[Figure]]:
    """The same figures for each child of ``organization`` (keyed by the child's id)."""
    targets = _targets(plan, (year,))
    tree = tree_for(as_of_tree)
    root = tree.counted(organization.path)
    children = _children(organization, root, tree, year)
    if not targets or not children:
        return {child.pk: [] for child in children.values()}
    counts = count(_measures(targets), Scope(root, len(root) + STEP, (year,), tree))
    shares = _shares(targets, [c.pk for c in children.values()], (year,))
    return {
        child.pk: [
            _figure(t, child, year, counts[t.measure].get((branch, year)), shares, plan)
            for t in targets
            if t.first_year <= year <= t.last_year
        ]
        for branch, child in children.items()
    }


def trend(
    organization, years: range, *, plan, as_of_tree: date | None = None
) -> dict[str, list[Figure]]:
    """Each measure's figure for each year of ``years`` (keyed by measure, in year order)."""
    years = tuple(years)
    targets = _targets(plan, years)
    if not targets or not years:
        return {}
    tree = tree_for(as_of_tree)
    root = tree.counted(organization.path)
    counts = count(_measures(targets), Scope(root, len(root), years, tree))
    shares = _shares(targets, [organization.pk], years)
    units = {t.measure: t.unit for t in reversed(targets)}
    out: dict[str, list[Figure]] = {}
    for measure in _measures(targets):
        out[measure] = [
            _figure(
                _target_for(targets, measure, y),
                organization,
                y,
                counts[measure].get((root, y)),
                shares,
                plan,
                measure=measure,
                unit=units[measure],
            )
            for y in years
        ]
    return out


# ----------------------------------------------------------------------------------------


def _targets(plan, years: tuple[int, ...]) -> list[Target]:
    """The plan's targets in force in any of `years`, in its order: one query."""
    if not years:
        return []
    return list(
        Target.objects.filter(
            plan=plan, first_year__lte=max(years), last_year__gte=min(years)
        ).order_by("position", "id")
    )


def _measures(targets: list[Target]) -> list[str]:
    """The measures of `targets`, each once, in the plan's order."""
    return list(dict.fromkeys(t.measure for t in targets))


def _target_for(targets: list[Target], measure: str, year: int) -> Target | None:
    return next(
        (t for t in targets if t.measure == measure and t.first_year <= year <= t.last_year),
        None,
    )


def _shares(targets, org_ids, years) -> dict[tuple[int, int, int], TargetShare]:
    """{(target, organization, year): share}: one query."""
    rows = TargetShare.objects.filter(
        target__in=[t.pk for t in targets], organization_id__in=org_ids, year__in=years
    )
    return {(s.target_id, s.organization_id, s.year): s for s in rows}


def _children(organization, root: str, tree: Tree, year: int) -> dict[str, Organization]:
    """{counted path: child} of the children of `organization` standing in `year` on `tree`
    (the merged ones count in their successor): one query."""
    first = date(year, 1, 1)
    candidates = Organization.objects.filter(
        Q(path__startswith=organization.path, depth=organization.depth + 1)
        | Q(pk__in=list(tree.virtual.values()))
    ).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
    out = {}
    for child in candidates.exclude(pk__in=tree.absorbed).order_by("path"):
        counted = tree.counted(child.path)
        if counted.startswith(root) and len(counted) == len(root) + STEP:
            out[counted] = child
    return out


def _share_value(numerator: int, denominator: int | None) -> Decimal | None:
    if denominator is None:
        return Decimal(numerator)
    if not denominator:
        return None
    share = Decimal(numerator) * 100 / Decimal(denominator)
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _figure(  # noqa: PLR0913 (the figure's parts, all needed)
    target, organization, year, counted, shares, plan, measure=None, unit=None
) -> Figure:
    """One figure: the counts and the goal in force (the share's, else the target's; a count's
    goal is the plan's issuer's only: below it, only a share sets one)."""
    unit = unit or target.unit
    numerator, denominator = counted or (0, 0 if unit == Unit.PERCENT else None)
    if unit == Unit.COUNT:
        denominator = None
    goal_min = goal_max = None
    exclusive = False
    if target is not None:
        share = shares.get((target.pk, organization.pk, year))
        if share is not None:
            goal_min, goal_max = share.goal_min, share.goal_max
        elif unit == Unit.PERCENT or organization.pk == plan.organization_id:
            goal_min, goal_max = target.goal_min, target.goal_max
            exclusive = target.goal_min_exclusive
    return Figure(
        measure=measure or target.measure,
        organization_id=organization.pk,
        year=year,
        numerator=numerator,
        denominator=denominator,
        value=_share_value(numerator, denominator),
        goal_min=goal_min,
        goal_min_exclusive=exclusive,
        goal_max=goal_max,
        unit=unit,
        target_id=target.pk if target is not None else None,
    )
