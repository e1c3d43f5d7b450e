"""One page of the member list, in a fixed number of queries at any scale.

The list page, its htmx fragment and `bench/national_reads.py` share `list_page`. Lists and
searches count at most `CappedPaginator.cap` rows. A list of up to `ONE_PASS_LIST` members, and
a search of up to the cap (a search itself chooses between its index and testing each member of
a small list: `MemberQuerySet.search`), is counted and sorted in one query over its rows
(`_one_pass_page`): walking the Vietnamese order instead reads the whole country when the
planner misjudges a small list, or hundreds of thousands of rows before names that sort late
("… đức" behind every An, Bình, Cường). Longer lists are counted, then walked in order (their
rows are dense): a plain list's keys as a subquery of the rows query, a search's through
`_dense_search_keys`.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page
from django.db import connections

from coso.core.paging import CappedPaginator, sorted_keys
from coso.members.filters import MemberFilter
from coso.members.models import Member

#: what a row of the list shows
LIST_COLUMNS = (
    "pk",
    "full_name",
    "birth_date",
    "sex",
    "status",
    "admitted_on",
    "organization__name",
    "organization__short_name",
    "organization__path",  # whether the user may read the row's record (`privacy`)
)


#: a list of up to this many members is counted and sorted in one pass over its rows; a
#: longer one is counted (up to the cap), then walked in Vietnamese order. Walking a short
#: list is the planner's trap: misjudging a cell of 36 members at 5,900, it walked all 5.9
#: million members of the country for them (39 s)
ONE_PASS_LIST = 20_000


def list_page(member_filter: MemberFilter, page_size: int, number) -> Page:
    """One page of the filtered list: the count and the page's keys, then the page's rows
    as plain values (building model instances costs more than the query).

    The keys come from the scoped, filtered list, so sorting and skipping work on narrow
    index entries (organization, sort key, id) instead of whole member records. Whatever the
    page size, the number of queries is the same.
    """
    queryset = member_filter.qs
    paginator = CappedPaginator(queryset.values_list("pk", flat=True), page_size)
    page = None
    if member_filter.form.cleaned_data.get("search"):
        page = _one_pass_page(paginator, member_filter, number, paginator.cap)
    elif connections[queryset.db].vendor == "postgresql":
        # SQLite's planner walks a short list's (organization, sort key) index right
        page = _one_pass_page(paginator, member_filter, number, ONE_PASS_LIST)
    if page is None:
        # the count, then the keys as a subquery of the rows query
        page = paginator.get_page(number)
    page.object_list = list(
        Member.objects.filter(pk__in=page.object_list)
        .order_by(*queryset.query.order_by)
        .values_list(*LIST_COLUMNS, named=True)
    )
    return page


def _scanning(member_filter: MemberFilter) -> MemberFilter:
    """The same filters on the same data, with the search as tests on each member
    (`search_scan`)."""
    again = type(member_filter)(
        member_filter.data, queryset=member_filter.queryset, request=member_filter.request
    )
    again.scan_search = True
    return again


def _one_pass_page(
    paginator: CappedPaginator, member_filter: MemberFilter, number, limit: int
) -> Page | None:
    """The page's keys and the count in one query, reading the list's rows once: at most
    `limit` + 1 of them, unordered, then counted and sorted.

    None when the list is longer than `limit` (a plain list: its order is then walked, the
    rows being dense), when the page is past the end (the paginator finds the last page) or
    when the order is not plain columns: the usual count and keys take over. A search longer
    than the cap takes its keys from `_dense_search_keys`.
    """
    try:
        wanted = int(number or 1)
    except (TypeError, ValueError):
        wanted = 1
    queryset = member_filter.qs
    order = queryset.query.order_by
    if wanted < 1 or not all(isinstance(field, str) for field in order):
        return None
    bottom = (wanted - 1) * paginator.per_page
    try:
        keys, total = sorted_keys(queryset, limit, bottom, paginator.per_page)
    except EmptyResultSet:  # a filter that can match nothing (an unknown organization code)
        return None
    if not keys and wanted > 1:
        return None  # past the end: the count is not known
    if total > limit:
        if limit < paginator.cap:
            return None
        paginator.counted(total)
        return _dense_search_keys(paginator, member_filter, wanted)
    paginator.counted(total)  # known: the paginator does not count
    return Page(keys, paginator.validate_number(wanted), paginator)


def _dense_search_keys(paginator: CappedPaginator, member_filter: MemberFilter, wanted) -> Page:
    """The keys of a page of a search with more matches than the cap, in order: the same
    filters with the search as tests on each member, so the database walks the list in
    Vietnamese order and stops at the page's last member (the matches are dense) instead of
    fetching and sorting every match from the index."""
    paginator.object_list = _scanning(member_filter).qs.values_list("pk", flat=True)
    return paginator.get_page(wanted)
