"""Each measure counted in SQL: one grouped query a measure, for a subtree (or each of its
children: `Scope.group_len`) and several years at once.

A counter returns {(branch, year): (numerator, denominator)}: `branch` the first `group_len`
characters of the counted path (`tree.Tree`), `denominator` None for a count. What each counts
and why is written in docs/decisions.md ("The plan's measures").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, FilteredRelation, Q, Sum, Value
from django.db.models.functions import Substr
from django.utils import timezone

from coso.core.db.functions import YearOf
from coso.core.rules import value as rule_value
from coso.discipline.choices import AppealOutcome, CaseStatus
from coso.discipline.choices import SubjectKind as CaseSubject
from coso.discipline.models import DisciplineCase
from coso.dues.models import YearTotal
from coso.evaluation.choices import PeriodKind, SubjectKind
from coso.evaluation.models import Evaluation, GradeTotal
from coso.meetings.choices import MeetingStatus
from coso.meetings.models import Meeting, StudyPlan
from coso.members.choices import EventKind, PlacementKind
from coso.members.models import MembershipEvent, Placement
from coso.members.models.placement import placement_on_q
from coso.orgs.choices import CELL_KINDS, GRASSROOTS_KINDS
from coso.orgs.models import Organization

from ..choices import Measure
from .tree import Tree

Counts = dict[tuple[str, int], tuple[int, int | None]]

#: the organizations whose grades `organizations_good` counts (not the superior committees,
#: not the sub-committees: the plan speaks of grassroots organizations and cells)
GRADED_KINDS = sorted({*GRASSROOTS_KINDS, *CELL_KINDS})
#: the removals by screening (a death or a transfer is not one)
REMOVAL_KINDS = (EventKind.STRUCK_OFF, EventKind.EXPELLED, EventKind.RESIGNED)


@dataclass(frozen=True)
class Scope:
    """What to count: under the counted path `root`, grouped by its first `group_len`
    characters, for `years`, on `tree`."""

    root: str
    group_len: int
    years: tuple[int, ...]
    tree: Tree

    def reference_day(self, year: int) -> dt.date:
        """The day a year's organizations and members are taken on: 31 December, or today
        for the year under way."""
        return min(dt.date(year, 12, 31), timezone.localdate())


def _grouped(scope: Scope, qs, path_field: str, year=None, **aggregates) -> list[dict]:
    """`qs` restricted to the scope's subtree, grouped by branch (and `year`, an expression)."""
    tree = scope.tree
    qs = qs.filter(tree.within(path_field, scope.root))
    if tree.needs_check():
        qs = qs.alias(counted_path=tree.expression(path_field)).filter(
            counted_path__startswith=scope.root
        )
        branch = Substr("counted_path", 1, scope.group_len)
    elif scope.group_len == len(scope.root):
        branch = Value(scope.root)
    else:
        branch = Substr(path_field, 1, scope.group_len)
    keys = {"branch": branch}
    if year is not None:
        keys["year_of"] = F(year) if isinstance(year, str) else year
    return list(qs.order_by().values(**keys).annotate(**aggregates))


def _by_year(scope: Scope, rows, num: str, den: str | None) -> Counts:
    """{(branch, year): (numerator, denominator)} of rows grouped by branch and year."""
    out: Counts = {}
    for row in rows:
        if row["year_of"] in scope.years:
            out[(row["branch"], row["year_of"])] = (
                int(row[num] or 0),
                None if den is None else int(row[den] or 0),
            )
    return out


def _per_year_columns(scope: Scope, rows, num: str, den: str | None) -> Counts:
    """The same from rows grouped by branch with a column pair per year (`{num}{year}`)."""
    return {
        (row["branch"], y): (
            int(row[f"{num}{y}"] or 0),
            None if den is None else int(row[f"{den}{y}"] or 0),
        )
        for row in rows
        for y in scope.years
    }


# the evaluations (the grade totals the triggers keep) -----------------------------------


def _grades(scope: Scope, kind: str) -> Counts:
    prefix = "members" if kind == SubjectKind.MEMBER else "organizations"
    qs = GradeTotal.objects.filter(
        subtree=False, period__kind=PeriodKind.YEAR, period__year__in=scope.years
    )
    if kind == SubjectKind.ORGANIZATION:
        qs = qs.filter(organization__kind__in=GRADED_KINDS)
    good = Sum(f"{prefix}_excellent") + Sum(f"{prefix}_good")
    graded = good + Sum(f"{prefix}_complete") + Sum(f"{prefix}_incomplete")
    rows = _grouped(scope, qs, "organization__path", "period__year", num=good, den=graded)
    return _by_year(scope, rows, "num", "den")


def organizations_good(scope: Scope) -> Counts:
    return _grades(scope, SubjectKind.ORGANIZATION)


def members_good(scope: Scope) -> Counts:
    return _grades(scope, SubjectKind.MEMBER)


# the registry ------------------------------------------------------------------------------


def admissions(scope: Scope) -> Counts:
    qs = MembershipEvent.objects.filter(
        kind=EventKind.ADMITTED,
        date__gte=dt.date(min(scope.years), 1, 1),
        date__lte=dt.date(max(scope.years), 12, 31),
    )
    rows = _grouped(scope, qs, "to_organization__path", YearOf("date"), num=Count("id"))
    return _by_year(scope, rows, "num", None)


def members_on_first_january(scope: Scope) -> Counts:
    """The members (official placements) on 1 January of each year, as numerators."""
    qs = Placement.objects.filter(kind=PlacementKind.OFFICIAL).filter(
        valid_from__lte=dt.date(max(scope.years), 1, 1)
    )
    columns = {f"n{y}": Count("id", filter=placement_on_q(dt.date(y, 1, 1))) for y in scope.years}
    rows = _grouped(scope, qs, "organization__path", **columns)
    return _per_year_columns(scope, rows, "n", None)


def removals(scope: Scope) -> Counts:
    qs = MembershipEvent.objects.filter(
        kind__in=REMOVAL_KINDS,
        date__gte=dt.date(min(scope.years), 1, 1),
        date__lte=dt.date(max(scope.years), 12, 31),
    )
    rows = _grouped(scope, qs, "from_organization__path", YearOf("date"), num=Count("id"))
    return _by_year(scope, rows, "num", None)


def commitments(scope: Scope) -> Counts:
    """The members holding activity on each year's reference day, and those of them with
    that year's commitment."""
    qs = Placement.objects.filter(kind=PlacementKind.OFFICIAL).filter(
        valid_from__lte=scope.reference_day(max(scope.years))
    )
    # each year's commitments joined (at most one a member and year: `commitment_once`), not
    # probed a placement and a year at a time (2.5 million probes at a city's root)
    columns, signed = {}, {}
    for y in scope.years:
        signed[f"signed{y}"] = FilteredRelation(
            "member__commitments", condition=Q(member__commitments__year=y)
        )
        on = placement_on_q(scope.reference_day(y))
        columns[f"d{y}"] = Count("id", filter=on)
        columns[f"n{y}"] = Count("id", filter=on & Q(**{f"signed{y}__isnull": False}))
    rows = _grouped(scope, qs.annotate(**signed), "organization__path", **columns)
    return _per_year_columns(scope, rows, "n", "d")


# discipline and dues -----------------------------------------------------------------------


def discipline(scope: Scope) -> Counts:
    qs = (
        DisciplineCase.objects.filter(
            subject_kind__in=(CaseSubject.MEMBER, CaseSubject.PROBATIONARY),
            status=CaseStatus.DECIDED,
            decision_on__gte=dt.date(min(scope.years), 1, 1),
            decision_on__lte=dt.date(max(scope.years), 12, 31),
        )
        .exclude(penalty="")
        .exclude(appeal_outcome=AppealOutcome.ANNULLED)
    )
    rows = _grouped(scope, qs, "member__organization__path", YearOf("decision_on"), num=Count("id"))
    return _by_year(scope, rows, "num", None)


def dues_collected(scope: Scope) -> Counts:
    qs = YearTotal.objects.filter(year__in=scope.years, members__gt=0)
    rows = _grouped(scope, qs, "organization__path", "year", num=Sum("paid"), den=Sum("due"))
    return _by_year(scope, rows, "num", "den")


# organizations with at least so many records of the year -----------------------------------


def _units_with(scope: Scope, kinds, records, need: Callable[[int], int]) -> Counts:
    """The organizations of `kinds` standing on each year's reference day and those of them
    with at least `need(year)` of `records` (a queryset with `organization_id` and `year_of`)
    that year, a merged organization's records counted for its successor: one query (the
    organizations joined to their records' counts, grouped by branch and year)."""
    tree = scope.tree
    units = Organization.objects.filter(kind__in=sorted(kinds)).exclude(pk__in=tree.absorbed)
    # each record's counted organization: itself, or its successor's (the counted path)
    per_unit, params_units = _counted_records(scope, records)
    years_sql = " UNION ALL ".join(
        "SELECT %s AS year_of, %s AS day_of, %s AS need" for _y in scope.years
    )
    year_params = []
    for y in scope.years:
        year_params += [y, scope.reference_day(y), need(y)]
    units = units.filter(tree.within("path", scope.root))
    counted = tree.expression("path")
    units = units.annotate(counted_path=counted).values("id", "counted_path")
    unit_sql, unit_params = units.query.sql_with_params()
    sql = f"""
        SELECT substr(u.counted_path, 1, %s) AS branch, y.year_of,
               COUNT(*) AS den,
               SUM(CASE WHEN COALESCE(r.n, 0) >= y.need THEN 1 ELSE 0 END) AS num
        FROM ({unit_sql}) u
        JOIN orgs_organization o ON o.id = u.id
        CROSS JOIN ({years_sql}) y
        LEFT JOIN ({per_unit}) r ON r.counted_path = u.counted_path AND r.year_of = y.year_of
        WHERE u.counted_path LIKE %s
          AND (o.established_on IS NULL OR o.established_on <= y.day_of)
          AND (o.dissolved_on IS NULL OR o.dissolved_on > y.day_of)
        GROUP BY 1, 2
    """
    params = [
        scope.group_len,
        *unit_params,
        *year_params,
        *params_units,
        scope.root + "%",
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {(branch, int(year)): (int(num or 0), int(den)) for branch, year, den, num in rows}


def _counted_records(scope: Scope, records) -> tuple[str, tuple]:
    """The records' counts per counted organization path and year (SQL and its parameters)."""
    qs = records.filter(scope.tree.within("organization__path", scope.root))
    qs = (
        qs.order_by()
        .annotate(counted_path=scope.tree.expression("organization__path"))
        .values("counted_path", "year_of")
        .annotate(n=Count("id"))
    )
    return qs.query.sql_with_params()


def thematic_meetings(scope: Scope) -> Counts:
    meetings = (
        Meeting.objects.thematic()
        .exclude(status=MeetingStatus.PLANNED)
        # a range, not `date__year__in`: the (organization, date) index serves it
        .filter(date__gte=dt.date(min(scope.years), 1, 1))
        .filter(date__lte=dt.date(max(scope.years), 12, 31))
        .annotate(year_of=YearOf("date"))
    )

    def need(year: int) -> int:
        return rule_value("thematic_meetings_per_year_min", dt.date(year, 12, 31))

    return _units_with(scope, CELL_KINDS, meetings, need)


def study_plans(scope: Scope) -> Counts:
    plans = StudyPlan.objects.filter(year__in=scope.years).annotate(year_of=F("year"))
    return _units_with(scope, GRASSROOTS_KINDS, plans, lambda _y: 1)


def four_good(scope: Scope) -> Counts:
    titled = Evaluation.objects.filter(
        subject_kind=SubjectKind.ORGANIZATION,
        four_good=True,
        period__kind=PeriodKind.YEAR,
        period__year__in=scope.years,
    ).annotate(year_of=F("period__year"))
    return _units_with(scope, GRASSROOTS_KINDS, titled, lambda _y: 1)


#: each measure's counter; ADMISSION_RATE is admissions over `members_on_first_january`
COUNTERS: dict[str, Callable[[Scope], Counts]] = {
    Measure.ORGANIZATIONS_GOOD: organizations_good,
    Measure.MEMBERS_GOOD: members_good,
    Measure.ADMISSIONS: admissions,
    Measure.THEMATIC_MEETINGS: thematic_meetings,
    Measure.STUDY_PLANS: study_plans,
    Measure.COMMITMENTS: commitments,
    Measure.REMOVALS: removals,
    Measure.FOUR_GOOD: four_good,
    Measure.DISCIPLINE: discipline,
    Measure.DUES_COLLECTED: dues_collected,
}


def count(measures, scope: Scope) -> dict[str, Counts]:
    """Each of `measures` counted on `scope`: one query a counter (admissions shared by the
    count and the rate)."""
    cache: dict[str, Counts] = {}

    def get(name: str, fn) -> Counts:
        if name not in cache:
            cache[name] = fn(scope)
        return cache[name]

    out: dict[str, Counts] = {}
    for measure in measures:
        if measure == Measure.ADMISSION_RATE:
            admitted = get(Measure.ADMISSIONS, admissions)
            base = get("members_on_first_january", members_on_first_january)
            keys = set(admitted) | set(base)
            out[measure] = {
                k: (admitted.get(k, (0, None))[0], base.get(k, (0, None))[0]) for k in keys
            }
        else:
            out[measure] = get(measure, COUNTERS[measure])
    return out
