"""Spreadsheet exports of the member registry and of the organizations: their columns and rows.

The rows are read in chunks with one query and written by `coso.core.sheets.writer` (streamed
.xlsx or CSV), so memory stays flat whatever the number of members.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any

from django.db.models import Case, CharField, DateField, OuterRef, QuerySet, Subquery, When
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coso.core.sheets.writer import csv_lines, write_xlsx
from coso.members.choices import ACTIVE_STATUSES, REMOVAL_STATUS, LeavingReason, MemberStatus, Sex
from coso.members.forms.member import province_name as _province_name
from coso.members.forms.member import ward_name as _ward_name
from coso.members.models import Member, MembershipEvent
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

#: rows fetched from the database per round trip
CHUNK_SIZE = 2000


# --- the member registry -----------------------------------------------------------------

# vietnam_provinces looks a ward up by scanning the list (≈ 60 µs): an export of 500,000
# members names a few thousand places, so the names are cached
province_name = lru_cache(maxsize=4096)(_province_name)
ward_name = lru_cache(maxsize=8192)(_ward_name)


@dataclass(frozen=True)
class Column:
    """One export column: its header, the `values_list` path it reads and an optional converter."""

    header: Any
    source: str
    convert: Callable[[Any], Any] | None = None
    width: int = 16
    #: the value, when `source` is not a path but an annotation of the queryset
    expression: Any = None
    #: the importer's key of a column whose `source` another column reads too (a code)
    key: str = ""


def _field_header(name: str):
    return capfirst(Member._meta.get_field(name).verbose_name)


def _display(choices) -> Callable[[Any], Any]:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


def _member_column(name: str, convert=None, width: int = 16) -> Column:
    return Column(_field_header(name), name, convert, width)


#: the code columns written next to the names of places, so that a file imports back exactly
#: ("Xã Thanh An" and "Xã Thạnh An" are two communes of one city)
CODE_HEADERS = {
    "hometown_province_code": _("hometown province code"),
    "permanent_ward_code": _("permanent address: ward code"),
    "permanent_province_code": _("permanent address: province code"),
    "current_ward_code": _("current address: ward code"),
    "current_province_code": _("current address: province code"),
}


def _code_column(key: str) -> Column:
    return Column(capfirst(CODE_HEADERS[key]), key.removesuffix("_code"), width=10, key=key)


#: the headers of a departure's columns (the importer reads them back by these headers)
DEPARTURE_HEADERS = {
    "left_on": _("Leaving date"),
    "leaving_reason": _("Reason for leaving the party"),
    "leaving_document": _("Leaving document number"),
}
_DEPARTURE_FIELDS = {
    "left_on": "date",
    "leaving_reason": "reason",
    "leaving_document": "document_number",
}


def _departure(source: str) -> Any:
    """The member's departure (the last removal event: what `remove_member` recorded), read
    only for a member whose status is that of one who left (a re-admitted member's earlier
    departure is not shown): null for the others, with no lookup."""
    name = _DEPARTURE_FIELDS[source]
    last = (
        MembershipEvent.objects.filter(member=OuterRef("pk"), kind__in=list(REMOVAL_STATUS))
        .order_by("-date", "-id")
        .values(name)[:1]
    )
    output = DateField() if name == "date" else CharField()
    left = sorted(REMOVAL_STATUS.values())
    return Case(
        When(status__in=left, then=Subquery(last, output_field=output)),
        default=None,
        output_field=output,
    )


def _departure_column(source: str, convert=None, width: int = 16) -> Column:
    return Column(DEPARTURE_HEADERS[source], source, convert, width, _departure(source))


def member_columns() -> list[Column]:
    """Every registry field of a member, in the order of the party's member record."""
    return [
        _member_column("full_name", width=28),
        _member_column("other_names"),
        _member_column("sex", _display(Sex.choices), width=8),
        _member_column("birth_date", width=12),
        _member_column("ethnicity", width=10),
        _member_column("religion", width=12),
        _member_column("cccd", width=15),
        _member_column("hometown", width=24),
        _member_column("hometown_province", province_name),
        _code_column("hometown_province_code"),
        _member_column("permanent_address", width=28),
        _member_column("permanent_ward", ward_name),
        _code_column("permanent_ward_code"),
        _member_column("permanent_province", province_name),
        _code_column("permanent_province_code"),
        _member_column("current_address", width=28),
        _member_column("current_ward", ward_name),
        _code_column("current_ward_code"),
        _member_column("current_province", province_name),
        _code_column("current_province_code"),
        _member_column("phone", width=13),
        _member_column("email", width=24),
        _member_column("education_general", width=10),
        _member_column("education_professional", width=20),
        _member_column("political_theory"),
        _member_column("foreign_language"),
        _member_column("it_level"),
        _member_column("occupation", width=20),
        _member_column("workplace", width=28),
        _member_column("position", width=20),
        _member_column("record_number"),
        _member_column("party_card_number"),
        _member_column("admitted_on", width=12),
        _member_column("admitting_organization", width=24),
        _member_column("introducers", width=28),
        _member_column("recognized_on", width=12),
        Column(_("Organization code"), "organization__code", width=16),
        Column(_("Organization name"), "organization__name", width=36),
        _member_column("status", _display(MemberStatus.choices), width=14),
        _departure_column("left_on", width=12),
        _departure_column("leaving_reason", _display(LeavingReason.choices), width=24),
        _departure_column("leaving_document", width=16),
    ]


def numbered_rows(queryset: QuerySet, columns: Sequence[Column]) -> Iterator[tuple]:
    """Rows of `queryset` for `columns` (members' or organizations'), numbered from 1, read in
    chunks with one query (no per-row queries)."""
    converters = [c.convert for c in columns]
    annotations = {c.source: c.expression for c in columns if c.expression is not None}
    if annotations:
        queryset = queryset.annotate(**annotations)
    values = queryset.values_list(*(c.source for c in columns)).iterator(chunk_size=CHUNK_SIZE)
    for number, raw in enumerate(values, start=1):
        yield (number, *(conv(v) if conv else v for conv, v in zip(converters, raw, strict=True)))


def export_members_xlsx(queryset: QuerySet, target: str | IO[bytes]) -> int:
    """Write the members of `queryset` (already scoped, filtered and ordered) to an .xlsx file."""
    columns = member_columns()
    headers = [str(_("No.")), *(str(c.header) for c in columns)]
    widths = [6, *(c.width for c in columns)]
    return write_xlsx(
        target,
        headers,
        numbered_rows(queryset, columns),
        sheet_name=str(_("Members")),
        widths=widths,
    )


def member_headers(columns: Sequence[Column]) -> list[str]:
    return [str(_("No.")), *(str(c.header) for c in columns)]


def export_members_csv(queryset: QuerySet) -> Iterator[bytes]:
    """The members of `queryset` (scoped, filtered, ordered) as CSV lines, in the .xlsx layout."""
    columns = member_columns()
    return csv_lines(member_headers(columns), numbered_rows(queryset, columns))


# --- organizations ------------------------------------------------------------------------


def organization_columns() -> list[Column]:
    def header(name: str):
        return capfirst(Organization._meta.get_field(name).verbose_name)

    return [
        Column(header("code"), "code", width=18),
        Column(header("name"), "name", width=44),
        Column(header("short_name"), "short_name", width=24),
        Column(header("kind"), "kind", _display(OrgKind.choices), width=22),
        Column(_("Parent organization code"), "parent_code", width=18),
        Column(_("Level"), "depth", width=6),
        Column(header("established_on"), "established_on", width=12),
        Column(header("established_decision"), "established_decision", width=16),
        Column(header("dissolved_on"), "dissolved_on", width=12),
        Column(header("dissolved_decision"), "dissolved_decision", width=16),
        Column(_("Members"), "member_count", width=10),
    ]


def organization_rows(queryset: QuerySet, columns: Sequence[Column]) -> Iterator[tuple]:
    """Rows of `organization_columns` in tree order, numbered from 1.

    The parent's code and the active member count come from two subqueries of the one query
    (the parent is the organization whose path is this path minus its last step).
    """
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce, Length, Substr

    steplen = Organization.steplen
    parent = Organization.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - steplen)
    ).values("code")[:1]
    counts = (
        Member.objects.filter(organization=OuterRef("pk"), status__in=ACTIVE_STATUSES)
        .order_by()
        .values("organization")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = queryset.order_by("path").annotate(
        parent_code=Subquery(parent),
        member_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0)),
    )
    return numbered_rows(qs, columns)


def export_organizations_xlsx(queryset: QuerySet, target: str | IO[bytes]) -> int:
    columns = organization_columns()
    return write_xlsx(
        target,
        member_headers(columns),
        organization_rows(queryset, columns),
        sheet_name=str(_("Organizations")),
        widths=[6, *(c.width for c in columns)],
    )


def export_organizations_csv(queryset: QuerySet) -> Iterator[bytes]:
    columns = organization_columns()
    return csv_lines(member_headers(columns), organization_rows(queryset, columns))


def export_to_path(kind: str, queryset: QuerySet, path: str) -> int:
    """Write `kind` ("members" or "organizations") to `path`, .xlsx or .csv by its suffix;
    returns the number of rows."""
    if kind == "members":
        columns, rows = member_columns(), numbered_rows
    else:
        columns, rows = organization_columns(), organization_rows
    counted = [0]

    def counting(source):
        for counted[0], row in enumerate(source, start=1):  # noqa: B007
            yield row

    body = counting(rows(queryset, columns))
    if path.lower().endswith(".csv"):
        with open(path, "wb") as out:
            for chunk in csv_lines(member_headers(columns), body):
                out.write(chunk)
        return counted[0]
    sheet = _("Members") if kind == "members" else _("Organizations")
    return write_xlsx(
        path,
        member_headers(columns),
        body,
        sheet_name=str(sheet),
        widths=[6, *(c.width for c in columns)],
    )
