"""The calendar page's reads: the year's count of an organization's meetings, the page of cells
under it with their counts, the members absent without a reason from too many monthly meetings.

Each is one query compiled once (core/db/compiled.py): built by the ORM, its SQL kept and run
with the organization's path, the year's dates and the page. Building and compiling these
QuerySets cost more than SQLite's answers (about 0.4 ms each against 0.1 to 0.5 ms), and they
were most of a grassroots calendar's time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from coso.core.db.compiled import CompiledQuery, Path
from coso.core.rules import rule_in_force
from coso.core.scope import covers, user_paths
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from .choices import MeetingKind, Presence
from .models import THEMATIC, Attendance, Meeting

#: the cells on a page of the calendar
CELLS_PAGE = 50

OTHER_KINDS = (MeetingKind.EXTRAORDINARY, MeetingKind.COMMITTEE)


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _year_totals(organization_id: int, start: dt.date, end: dt.date):
    return (
        Meeting.objects.filter(organization_id=organization_id, date__range=(start, end))
        .order_by()
        .values("organization_id")
        .annotate(n=Count("pk"), thematic=Count("pk", filter=THEMATIC))
        .values_list("n", "thematic")
    )


YEAR_TOTALS = CompiledQuery(_year_totals, organization_id=int, start=dt.date, end=dt.date)


def year_totals(organization: Organization, year: int) -> tuple[int, int]:
    """The year's meetings of `organization` and how many of them are thematic: one query."""
    start, end = _year(year)
    rows = YEAR_TOTALS.rows(organization_id=organization.pk, start=start, end=end)
    return tuple(rows[0]) if rows else (0, 0)


@dataclass(frozen=True)
class CellCounts:
    """A cell on the calendar with its year's monthly (`regular`), thematic and other
    meetings."""

    code: str
    name: str
    regular: int
    thematic: int
    other: int


def _under(path: str):
    return Organization.objects.filter(path__startswith=path, kind__in=CELL_KINDS)


def _counted(kind: Q, start: dt.date, end: dt.date) -> Coalesce:
    """The year's meetings of the row's cell that `kind` keeps (a count through the
    (organization, date) index, made for the page's rows only)."""
    held = (
        Meeting.objects.filter(organization=OuterRef("pk"), date__range=(start, end))
        .filter(kind)
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held), 0)


def _cells(path: str, start: dt.date, end: dt.date, offset: int):
    """The cells under `path` in tree order from `offset` (a page), each with its meetings of
    the year counted: the page's cells are found first through the path index (PostgreSQL
    would otherwise count the meetings of every cell the OFFSET skips), then counted."""
    page = _under(path).order_by("path").values("pk")[offset : offset + CELLS_PAGE]
    return (
        Organization.objects.filter(pk__in=page)
        .annotate(
            regular=_counted(Q(kind=MeetingKind.REGULAR), start, end),
            thematic=_counted(THEMATIC, start, end),
            other=_counted(Q(kind__in=OTHER_KINDS), start, end),
        )
        .order_by("path")
        .values_list("code", "name", "regular", "thematic", "other")
    )


CELLS = CompiledQuery(_cells, literals=("offset",), path=Path, start=dt.date, end=dt.date)
CELL_COUNT = CompiledQuery(
    lambda path: _under(path).order_by().values("kind").annotate(n=Count("pk")).values_list("n"),
    path=Path,
)


def cells_page(org: Organization, year: int, number) -> Page:
    """The page `number` (as the request gives it: the last page when past it, the first when
    not a number) of the cells under `org` (itself, if a cell), as `CellCounts`: two queries,
    the number of cells and the page's."""
    start, end = _year(year)
    paginator = Paginator((), CELLS_PAGE)
    paginator.count = sum(n for (n,) in CELL_COUNT.rows(path=org.path))
    page = paginator.get_page(number)
    offset = (page.number - 1) * CELLS_PAGE
    rows = CELLS.rows(path=org.path, start=start, end=end, offset=offset) if paginator.count else []
    page.object_list = [CellCounts(*row) for row in rows]
    return page


@dataclass
class RepeatedAbsence:
    member_id: int
    full_name: str
    organization_name: str
    dates: list[dt.date]

    @property
    def days(self) -> str:
        return ", ".join(f"{d:%d/%m/%Y}" for d in self.dates)


def _absences(base, path: str, start: dt.date, end: dt.date, least: int):
    """Rows (member, name, date, organization's name) of the monthly meetings of the year under
    `path` missed without a reason by those who missed at least `least`, in name order."""
    absent = base.filter(
        meeting__organization__path__startswith=path,
        meeting__date__range=(start, end),
        meeting__kind=MeetingKind.REGULAR,
        presence=Presence.ABSENT,
    )
    flagged = (
        absent.order_by().values("member_id").annotate(n=Count("pk")).filter(n__gte=least)
    ).values("member_id")
    return (
        absent.filter(member_id__in=flagged)
        .order_by("member__sort_key", "member_id", "meeting__date")
        .values_list(
            "member_id", "member__full_name", "meeting__date", "meeting__organization__name"
        )
    )


ABSENCES = CompiledQuery(
    lambda **values: _absences(Attendance.objects.all(), **values),
    path=Path,
    start=dt.date,
    end=dt.date,
    least=int,
)


def repeated_absences(org: Organization, year: int, user) -> tuple[int, list[RepeatedAbsence]]:
    """Members under `org` absent without a reason from at least the rule's number of monthly
    meetings in `year` (a strike-off ground, DOMAIN.md §4), with the dates and the name of the
    organization that held them (the last one, if several); only attendance rows `user` may
    read. Returns (the rule's number, the members in name order). One query: compiled when the
    user reads every record under `org` (the secretary, the office), else through their scope."""
    least = rule_in_force("strike_off_missed_months", dt.date(year, 12, 31)).value
    start, end = _year(year)
    if covers(user_paths(user, edit=False, records=True), org.path):
        rows = ABSENCES.rows(path=org.path, start=start, end=end, least=least)
    else:
        rows = _absences(Attendance.objects.visible_to(user), org.path, start, end, least)
    found: dict[int, RepeatedAbsence] = {}
    for member_id, name, day, org_name in rows:
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        line = found.get(member_id)
        if line is None:
            line = found[member_id] = RepeatedAbsence(member_id, name, org_name, [])
        line.dates.append(day)
        line.organization_name = org_name
    return least, list(found.values())
