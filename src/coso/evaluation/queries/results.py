"""The year's results by organization (DOMAIN.md §3; KH 74-KH/ĐUK): in an organization's
subtree, per child organization and in total, the members and the organizations by decided
grade, those still without a decided grade, the share GOOD or better against the plan's
target (rule `good_or_better_target`), and the same for the year before.

Read from the decided grades (`Evaluation.grade`) of the YEAR periods: three queries whatever
the size of the subtree (the periods, the evaluations grouped by the child's path prefix,
period, subject and grade, and the children). A member counts under the cell they were
evaluated in, as the subtree stands today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.db.models.functions import Substr

from coso.core.rules import RuleNotFound, rule_in_force
from coso.orgs.models import Organization

from ..choices import GOOD_OR_BETTER, Grade, PeriodKind, SubjectKind
from ..models import Evaluation, EvaluationPeriod


@dataclass
class GradeTally:
    """Decided grades of one kind of subject (members or organizations) in one year."""

    grades: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Grade.values, 0))
    #: evaluated in the year but without a decided grade yet
    pending: int = 0

    @property
    def by_grade(self) -> list[tuple[str, int]]:
        """(label, count) for each grade, best first."""
        return [(label, self.grades[value]) for value, label in Grade.choices]

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
        share = self.share
        return None if share is None else round(float(share) * 100, 1)

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
        share = tally.share
        return self.target is not None and share is not None and share <= self.target

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


def _grouped(org: Organization, periods: dict[int, int]):
    """(child path, period, subject kind, grade, count) over the subtree's evaluations."""
    width = len(org.path) + Organization.steplen
    rows = Evaluation.objects.filter(period_id__in=list(periods)).exclude(
        subject_kind=SubjectKind.ORGANIZATION, organization_id=org.pk
    )
    rows = rows.filter(organization__path__startswith=org.path)
    return (
        rows.values(
            child=Substr("organization__path", 1, width),
            pid=F("period_id"),
            kind=F("subject_kind"),
            g=F("grade"),
        )
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("child", "pid", "kind", "g", "n")
    )


def year_results(org: Organization, year: int) -> Results:
    """``org``'s results for ``year`` by child organization (a cell: itself), with the total
    and last year's figures: three queries."""
    target, basis = target_of(year)
    periods = dict(
        EvaluationPeriod.objects.filter(kind=PeriodKind.YEAR, year__in=(year, year - 1))
        .filter(Q(organization__path__startswith=org.path) | Q(pk__in=_covering(org)))
        .values_list("pk", "year")
    )
    children = {
        o.path: o
        for o in Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1)
    }
    by_child: dict[str, ResultLine] = {
        path: ResultLine(o, target=target) for path, o in children.items()
    }
    for child, pid, kind, grade, n in _grouped(org, periods) if periods else ():
        key = child if child in children else org.path
        line = by_child.setdefault(key, ResultLine(children.get(key, org), target=target))
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
    ancestors = [org.path[:i] for i in range(Organization.steplen, len(org.path),
                                             Organization.steplen)]  # fmt: skip
    return EvaluationPeriod.objects.filter(organization__path__in=ancestors).values("pk")
