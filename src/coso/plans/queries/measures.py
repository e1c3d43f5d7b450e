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
from decimal import Decimal


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
    raise NotImplementedError


def children_figures(
    organization, year: int, *, plan, as_of_tree: date | None = None
) -> dict[int, list[Figure]]:
    """The same figures for each child of ``organization`` (keyed by the child's id)."""
    raise NotImplementedError


def trend(
    organization, years: range, *, plan, as_of_tree: date | None = None
) -> dict[str, list[Figure]]:
    """Each measure's figure for each year of ``years`` (keyed by measure, in year order)."""
    raise NotImplementedError
