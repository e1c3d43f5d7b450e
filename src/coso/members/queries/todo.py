"""Việc cần làm: every overdue and soon-due item in a user's scope, and the yearly movement.

`todo_list` runs a fixed number of queries whatever the data size: one aggregate of every flag
source (counts by kind and organization and the overdue ones by kind, a UNION ALL of the
sources' groups), and for each source with items one page of rows; plus the scope and the organizations' names. `movement_by_year` counts admissions,
recognitions, transfers and removals per year and organization in two SQL queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from coso.accounts.scope import home_organizations
from coso.core.db.functions import YearOf
from coso.core.db.result_cache import cached, rows_part
from coso.core.scope import covers, scope_part, scope_q, user_paths
from coso.core.sheets.writer import write_xlsx
from coso.members.choices import EventKind
from coso.members.models import MembershipEvent
from coso.members.queries.screening import Flag, Source, TodoKind, sources
from coso.orgs.models import Organization, parent_names

__all__ = ["TodoList", "export_todo_xlsx", "movement_by_year", "overdue_count", "todo_list"]


@dataclass
class OrgCount:
    organization: Organization | None
    count: int
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass
class TodoList:
    items: list[Flag]
    #: the items listed (only the overdue ones when the list is filtered on them)
    total: int
    by_kind: dict[str, int]
    by_organization: list[OrgCount]
    page: int
    page_size: int
    root: Organization | None
    #: the items past their date, whatever the filter (they come first in the list)
    overdue_total: int = 0
    overdue_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def kind_rows(self) -> list[tuple[str, str, int, int]]:
        """(kind, label, items, overdue items) of every kind."""
        return [
            (
                k.value,
                str(k.label),
                self.by_kind.get(k.value, 0),
                self.overdue_by_kind.get(k.value, 0),
            )
            for k in TodoKind
        ]


def _scoped(src: Source, user, root: Organization | None):
    # a plain member's role shows names, not what is due on others' records
    qs = src.queryset() if root is None else src.queryset_within(root.path)
    if root is None or not covers(user_paths(user, edit=False, records=True), root.path):
        # within the records' scope, the subtree is the only condition
        qs = qs.filter(scope_q(user, src.path, edit=False, records=True))
    return qs


def _group_expression(src: Source, root: Organization | None, tops: list[Organization]):
    """The path of the organization an item is counted under: a child of `root` (or `root`
    itself), or without a root, the top of the user's scope it lies in."""
    if root is not None:
        return Substr(src.path, 1, (root.depth + 1) * Organization.steplen)
    whens = [When(**{f"{src.path}__startswith": t.path}, then=Value(t.path)) for t in tops]
    return Case(*whens, default=Value(""), output_field=CharField())


def _late_count(src: Source):
    """The aggregate counting `src`'s items past their date (`Source.late`)."""
    late = src.late()
    if late is True:
        return Count("pk")
    if late is False:
        return Value(0, output_field=IntegerField())
    return Count("pk", filter=late)


def _counts(
    scoped: list[tuple[Source, QuerySet]], root, tops, *, late: bool
) -> tuple[dict[str, Counter], Counter]:
    """Every source's items counted by organization group and kind, and with `late` the items
    past their date by kind (else none), in one query (a UNION ALL of the sources' groups)."""
    counts = [
        qs.annotate(
            todo_kind=Value(src.kind, output_field=CharField()),
            group=_group_expression(src, root, tops),
        )
        .values("todo_kind", "group")
        .annotate(
            n=Count("pk"),
            late_n=_late_count(src) if late else Value(0, output_field=IntegerField()),
        )
        .order_by()
        for src, qs in scoped
    ]
    rows = counts[0].union(*counts[1:], all=True) if counts else []
    group_counts: dict[str, Counter] = {}
    late_by_kind: Counter = Counter()
    for r in rows:
        group_counts.setdefault(r["group"], Counter())[r["todo_kind"]] += r["n"]
        late_by_kind[r["todo_kind"]] += r["late_n"]
    return group_counts, late_by_kind


def _scope(user, organization: Organization | None) -> tuple[Organization | None, list]:
    """The root the items are counted under (`organization`, else the user's one top) and,
    for a user with several tops, those tops."""
    if organization is not None:
        return organization, []
    tops = list(home_organizations(user).order_by("path"))
    return (tops[0], []) if len(tops) == 1 else (None, tops)


def todo_list(
    user,
    *,
    today: dt.date,
    kinds: list[str] | None = None,
    organization: Organization | None = None,
    overdue: bool = False,
    page: int = 1,
    page_size: int = 50,
) -> TodoList:
    """The user's to-do list: items sorted by due date, so the overdue ones first (items without
    a date last), one page of it, with counts by kind and by organization, and the overdue
    items counted by kind. `organization` narrows to its subtree (the caller checks it is
    visible); `overdue` lists only the items past their date.

    Each source's queryset is built once and counted once: the items and the overdue ones in
    the same query (`Source.late`). The list is kept until a table it read changes
    (`result_cache`)."""
    parts = "|".join(
        map(
            str,
            (
                scope_part(user),
                today,
                sorted(kinds) if kinds is not None else None,
                rows_part(organization),
                overdue,
                page,
                page_size,
            ),
        )
    )
    return cached(
        "todo",
        parts,
        lambda: _todo_list(user, today, kinds, organization, overdue, page, page_size),
    )


def _todo_list(user, today, kinds, organization, overdue, page, page_size) -> TodoList:
    root, tops = _scope(user, organization)
    scoped = [(src, _scoped(src, user, root)) for src in sources(today, kinds, overdue=overdue)]
    group_counts, late_by_kind = _counts(scoped, root, tops, late=not overdue)
    by_kind: Counter = sum(group_counts.values(), Counter())
    # listing only the overdue items: every item counted is one
    overdue_by_kind = +(by_kind if overdue else late_by_kind)
    total = sum(by_kind.values())
    page_size = max(1, page_size)
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    limit = page * page_size
    items: list[Flag] = []
    for src, qs in scoped:
        if by_kind.get(src.kind):
            items.extend(src.flag(row) for row in src.rows(qs)[:limit])
    items.sort(key=Flag.sort_tuple)
    items = items[(page - 1) * page_size : limit]
    _name_parents(items)
    orgs = {o.path: o for o in Organization.objects.filter(path__in=list(group_counts))}
    by_org = [
        OrgCount(orgs.get(path), sum(c.values()), dict(c))
        for path, c in sorted(group_counts.items())
    ]
    return TodoList(
        items=items,
        total=total,
        by_kind=dict(by_kind),
        by_organization=by_org,
        page=page,
        page_size=page_size,
        root=root,
        overdue_total=sum(overdue_by_kind.values()),
        overdue_by_kind=dict(overdue_by_kind),
    )


def overdue_count(user, *, today: dt.date) -> int:
    """How many of the user's to-do items are past their date (the home page's link to them):
    the count `todo_list(..., overdue=True)` shows, in one aggregate query (and the scope's);
    kept until a table it read changes (`result_cache`)."""

    def count() -> int:
        root, tops = _scope(user, None)
        scoped = [(src, _scoped(src, user, root)) for src in sources(today, None, True)]
        group_counts, _late = _counts(scoped, root, tops, late=False)
        return sum(sum(c.values()) for c in group_counts.values())

    return cached("todo-overdue", f"{scope_part(user)}|{today}", count)


def _name_parents(items: list[Flag]) -> None:
    """Each item's organization's parent name (one query)."""
    names = parent_names(f.organization_path for f in items)
    for f in items:
        f.organization_parent = names.get(f.organization_path, "")


def iter_all(
    user,
    *,
    today: dt.date,
    kinds=None,
    organization: Organization | None = None,
    overdue: bool = False,
) -> Iterator[Flag]:
    """Every item, sorted (for the export): one query per source."""
    items: list[Flag] = []
    for src in sources(today, kinds, overdue=overdue):
        items.extend(src.flag(row) for row in src.rows(_scoped(src, user, organization)))
    items.sort(key=Flag.sort_tuple)
    yield from items


def export_todo_xlsx(target: str | IO[bytes], items: Iterator[Flag]) -> int:
    headers = [
        _("Kind"),
        _("Member"),
        _("Organization code"),
        _("Organization"),
        _("Due date"),
        _("Days overdue"),
        _("Detail"),
    ]
    rows = (
        (
            f.kind_label,
            f.member_name,
            f.organization_code,
            f.organization_name,
            f.due_on,
            f.days_overdue if f.days_overdue is not None and f.days_overdue > 0 else None,
            f.detail,
        )
        for f in items
    )
    return write_xlsx(
        target, headers, rows, sheet_name=_("To do"), widths=[30, 28, 18, 40, 12, 10, 60]
    )


# --- yearly movement ----------------------------------------------------------------------

#: kinds counted on the receiving side (to_organization) and on the leaving side
INCREASE_KINDS = [
    EventKind.ADMITTED,
    EventKind.READMITTED,
    EventKind.RECOGNIZED,
    EventKind.TRANSFERRED_IN,
]
DECREASE_KINDS = [
    EventKind.TRANSFERRED_OUT,
    EventKind.STRUCK_OFF,
    EventKind.EXPELLED,
    EventKind.RESIGNED,
    EventKind.DECEASED,
]
MOVEMENT_COLUMNS = [
    "admitted",
    "readmitted",
    "recognized",
    "transferred_in",
    "transferred_out",
    "struck_off",
    "expelled",
    "resigned",
    "deceased",
]


def movement_by_year(parent: Organization, years: range | list[int] | None = None) -> list[dict]:
    """Admissions, recognitions, transfers in and out and removals per year, counted under each
    child of `parent` (two queries).

    A transfer inside the system (one TRANSFERRED_IN event, from → to) counts as in for the
    child it reaches and as out for the child it leaves, and not at all within one child.
    Returns rows {organization, year, admitted, recognized, …}, by organization path and year.
    """
    length = (parent.depth + 1) * Organization.steplen
    base = MembershipEvent.objects.all()
    if years is not None:
        years = list(years)
        base = base.filter(date__year__gte=min(years), date__year__lte=max(years))
    counts: dict[tuple[str, int], Counter] = {}

    def add(rows, kind_key):
        for r in rows:
            key = (r["prefix"], r["year"])
            counts.setdefault(key, Counter())[r[kind_key]] += r["n"]

    # receiving side: admitted, recognized, transferred in (not a move within one child)
    incoming = (
        base.filter(kind__in=INCREASE_KINDS, to_organization__path__startswith=parent.path)
        .annotate(
            prefix=Substr("to_organization__path", 1, length),
            from_prefix=Coalesce_to_empty("from_organization__path", length),
        )
        .exclude(Q(kind=EventKind.TRANSFERRED_IN) & Q(from_prefix=F("prefix")))
        .annotate(year=YearOf("date"))
        .values("prefix", "year", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    add(incoming, "kind")
    # leaving side: removals, transfers out of the system, and transfers in elsewhere
    leaving = (
        base.filter(
            Q(kind__in=DECREASE_KINDS) | Q(kind=EventKind.TRANSFERRED_IN),
            from_organization__path__startswith=parent.path,
        )
        .annotate(
            prefix=Substr("from_organization__path", 1, length),
            to_prefix=Coalesce_to_empty("to_organization__path", length),
        )
        .exclude(to_prefix=F("prefix"))
        .annotate(
            year=YearOf("date"),
            column=Case(
                When(kind=EventKind.TRANSFERRED_IN, then=Value(EventKind.TRANSFERRED_OUT.value)),
                default=F("kind"),
                output_field=CharField(),
            ),
        )
        .values("prefix", "year", "column")
        .annotate(n=Count("pk"))
        .order_by()
    )
    add(leaving, "column")
    orgs = {o.path: o for o in Organization.objects.filter(path__in={p for p, _y in counts})}
    out = []
    for (prefix, year), c in sorted(counts.items()):
        row = {"organization": orgs.get(prefix), "year": year}
        row.update({col: c.get(col, 0) for col in MOVEMENT_COLUMNS})
        out.append(row)
    return out


def Coalesce_to_empty(lookup: str, length: int):  # noqa: N802 - reads like the SQL it builds
    """Substr of a nullable path, '' when the path is NULL (so comparisons never yield NULL)."""
    from django.db.models.functions import Coalesce

    return Coalesce(Substr(lookup, 1, length), Value(""), output_field=CharField())


def member_flags(member, *, today: dt.date) -> list[Flag]:
    """The to-do items of one member (one query per source), kept until a table they read
    changes (`result_cache`)."""

    def flags() -> list[Flag]:
        items: list[Flag] = []
        for src in sources(today):
            if not src.on_members:
                continue
            lookup = "member_id" if src.member else "pk"
            items.extend(
                src.flag(row) for row in src.rows(src.queryset().filter(**{lookup: member.pk}))
            )
        items.sort(key=Flag.sort_tuple)
        return items

    return cached("member-flags", f"{member.pk}|{today}", flags)
