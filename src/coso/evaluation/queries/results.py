"""The year's results by organization (DOMAIN.md §3; KH 74-KH/ĐUK): in an organization's
subtree, per child organization and in total, the members and the organizations by decided
grade, those still without a decided grade, the share GOOD or better against the plan's
target (rule `good_or_better_target`), and the same for the year before.

Read from the decided grades (`Evaluation.grade`) of the YEAR periods as counted per
organization and period by database triggers (`evaluation.totals`): three queries whatever the
size of the subtree (the periods, the children, and the counts of each child's subtree and of
the organization's own members: a row per child and period). A member counts under the cell
they were evaluated in, as the subtree stands today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db.models import Q

from coso.core.rules import RuleNotFound, rule_in_force
from coso.orgs.models import Organization

from ..choices import GOOD_OR_BETTER, Grade, PeriodKind, SubjectKind
from ..models import EvaluationPeriod, GradeTotal
from ..totals import COLUMNS, COUNTS

#: the grades, best first (`Grade.values` builds its list at every call)
GRADES = tuple(Grade.values)
_CHOICES = tuple(Grade.choices)


@dataclass
class GradeTally:
    """Decided grades of one kind of subject (members or organizations) in one year."""

    grades: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRADES, 0))
    #: evaluated in the year but without a decided grade yet
    pending: int = 0

    @property
    def by_grade(self) -> list[tuple[str, int]]:
        """(label, count) for each grade, best first."""
        return [(label, self.grades[value]) for value, label in _CHOICES]

    @property
    def graded(self) -> int:
        return sum(self.grades.values())

    @property
    def good_or_better(self) -> int:
        return sum(self.grades[g] for g in GOOD_OR_BETTER)

    @property
    def share(self) -> Fraction | None:
        """The share graded GOOD or better (None: nobody graded)."""
        return Fraction(self.good_or_better, self.graded) if self.graded else None

    @property
    def percent(self) -> float | None:
        # a / b is float(Fraction(a, b)) (both the correctly rounded quotient), without the
        # fraction: a city's page asks for a thousand of them
        graded = self.graded
        return round(self.good_or_better / graded * 100, 1) if graded else None

    def add(self, other: GradeTally) -> None:
        for grade, n in other.grades.items():
            self.grades[grade] += n
        self.pending += other.pending


@dataclass
class ResultLine:
    """One child organization (or the total): this year's tallies and last year's."""

    organization: Organization | None
    members: GradeTally = field(default_factory=GradeTally)
    organizations: GradeTally = field(default_factory=GradeTally)
    last_members: GradeTally = field(default_factory=GradeTally)
    last_organizations: GradeTally = field(default_factory=GradeTally)
    #: the target's share (None: the year has no target)
    target: Fraction | None = None

    def _below(self, tally: GradeTally) -> bool:
        target, graded = self.target, tally.graded
        # good / graded <= target, in integers
        return (
            target is not None
            and graded > 0
            and tally.good_or_better * target.denominator <= target.numerator * graded
        )

    @property
    def members_below(self) -> bool:
        return self._below(self.members)

    @property
    def organizations_below(self) -> bool:
        return self._below(self.organizations)

    @property
    def below_target(self) -> bool:
        """More than the target's share GOOD or better is the plan's aim: at or under it is
        below (members or organizations)."""
        return self.members_below or self.organizations_below

    @staticmethod
    def _change(now: GradeTally, before: GradeTally) -> float | None:
        if now.percent is None or before.percent is None:
            return None
        return round(now.percent - before.percent, 1)

    @property
    def members_change(self) -> float | None:
        """Percentage points GOOD or better gained (lost) on last year, members."""
        return self._change(self.members, self.last_members)

    @property
    def organizations_change(self) -> float | None:
        return self._change(self.organizations, self.last_organizations)

    def add(self, other: ResultLine) -> None:
        for name in ("members", "organizations", "last_members", "last_organizations"):
            getattr(self, name).add(getattr(other, name))


@dataclass
class Results:
    organization: Organization
    year: int
    lines: list[ResultLine]
    total: ResultLine
    target: Fraction | None
    legal_basis: str

    @property
    def target_percent(self) -> int | None:
        return None if self.target is None else round(self.target * 100)

    @property
    def below(self) -> list[ResultLine]:
        return [line for line in self.lines if line.below_target]


def target_of(year: int) -> tuple[Fraction | None, str]:
    """The plan's share (and its basis) for ``year``; (None, "") before the plan."""
    try:
        rule = rule_in_force("good_or_better_target", dt.date(year, 12, 31))
    except (RuleNotFound, ValidationError):  # a year before the plan
        return None, ""
    return rule.value, rule.legal_basis


def _counted(org: Organization, children: list[Organization], periods: dict[int, int]):
    """(organization, period, subject kind, grade, count): each child's subtree and ``org``'s
    own members (its own evaluation as an organization is not its results)."""
    rows = GradeTotal.objects.filter(period_id__in=list(periods)).filter(
        Q(subtree=True, organization_id__in=[c.pk for c in children])
        | Q(subtree=False, organization_id=org.pk)
    )
    members = [i for i, (_c, kind, _g) in enumerate(COUNTS) if kind == SubjectKind.MEMBER]
    for pk, pid, *counts in rows.values_list("organization_id", "period_id", *COLUMNS):
        for i in members if pk == org.pk else range(len(COUNTS)):
            if counts[i]:
                yield pk, pid, COUNTS[i][1], COUNTS[i][2], counts[i]


def year_results(org: Organization, year: int) -> Results:
    """``org``'s results for ``year`` by child organization (a cell: itself), with the total
    and last year's figures: three queries."""
    target, basis = target_of(year)
    periods = dict(
        EvaluationPeriod.objects.filter(kind=PeriodKind.YEAR, year__in=(year, year - 1))
        .filter(Q(organization__path__startswith=org.path) | Q(pk__in=_covering(org)))
        .values_list("pk", "year")
    )
    children = list(Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1))
    by_child: dict[int, ResultLine] = {o.pk: ResultLine(o, target=target) for o in children}
    for child, pid, kind, grade, n in _counted(org, children, periods) if periods else ():
        line = by_child.get(child) or by_child.setdefault(org.pk, ResultLine(org, target=target))
        this_year = periods[pid] == year
        if kind == SubjectKind.MEMBER:
            tally = line.members if this_year else line.last_members
        else:
            tally = line.organizations if this_year else line.last_organizations
        if grade:
            tally.grades[grade] += n
        else:
            tally.pending += n
    total = ResultLine(org, target=target)
    for line in by_child.values():
        total.add(line)
    lines = sorted(by_child.values(), key=lambda line: line.organization.path)
    return Results(org, year, lines, total, target, basis)


def _covering(org: Organization):
    """The periods opened above ``org`` (they cover it): a subquery."""
    above = org.ancestor_paths(self_too=False)
    return EvaluationPeriod.objects.filter(organization__path__in=above).values("pk")
