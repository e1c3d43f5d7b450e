"""One page of the member list, in a fixed number of queries at any scale.

The list page, its htmx fragment and `bench/national_reads.py` share `list_page`. Both a list
and a search count at most `CappedPaginator.cap` rows. A list's page keys come as a subquery of
the rows query. A search counts and takes its keys in one query over its matches
(`_searched_page`); where those matches come from depends on how large the list is:

- a list small beside the search's matches in the whole tree (a ward searched for "le minh":
  3,500 members, 45,000 matches in the country; `SCAN_FACTOR`, by the planner's estimates)
  tests each of its members (`MemberQuerySet.search_scan`, about a microsecond a row): the
  search index covers the whole country, and fetching every "le minh" of it to keep a ward's
  40 costs a hundred times more;
- a large list (a province, the country) asks the search index (`MemberQuerySet.search`) and
  sorts the matches: walking the Vietnamese order instead reads hundreds of thousands of rows
  before reaching names that sort late ("… đức" behind every An, Bình, Cường);
- a search with more matches than the cap (one common word across a country) has them
  dense: walking the order finds a page soonest (`_dense_search_keys`).

SQLite always takes its search (its FTS5 index of the words, then the tests): the
databases it serves are small.
"""

from __future__ import annotations

import json

from django.core.paginator import Page
from django.db import connections

from coso.core.paging import CappedPaginator

from .filters import MemberFilter
from .models import Member

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
)
#: a list is searched by testing each member rather than through the search index when it
#: holds at most this many times as many members as the search matches in the whole tree
#: (both by the planner's estimate): testing a member costs about a microsecond, fetching a
#: match from the index about six, and the estimate of matches runs high
SCAN_FACTOR = 3


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
        page = _searched_page(paginator, member_filter, number)
    if page is None:
        # the count, then the keys as a subquery of the rows query
        page = paginator.get_page(number)
    page.object_list = list(
        Member.objects.filter(pk__in=page.object_list)
        .order_by(*queryset.query.order_by)
        .values_list(*LIST_COLUMNS, named=True)
    )
    return page


def _refiltered(member_filter: MemberFilter, *, keep_search: bool) -> MemberFilter:
    """The same filters on the same data, with the search as tests on each member
    (`search_scan`), or without the search."""
    data = member_filter.data.copy()
    if not keep_search:
        data.pop("search", None)
    again = type(member_filter)(data, queryset=member_filter.queryset)
    again.scan_search = True
    return again


def _estimated_rows(queryset) -> int:
    """The planner's estimate of the rows of `queryset` (PostgreSQL; no rows are read)."""
    sql, params = queryset.values_list("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _searched_page(paginator: CappedPaginator, member_filter: MemberFilter, number) -> Page | None:
    """The page's keys and the count in one query, reading the search's matches once: at
    most `paginator.cap` + 1 of them, unordered, then counted and sorted. None when the page
    is past the end (the paginator finds the last page) or when the order is not plain
    columns (the usual count and keys take over)."""
    try:
        wanted = int(number or 1)
    except (TypeError, ValueError):
        wanted = 1
    queryset = member_filter.qs
    order = queryset.query.order_by
    if wanted < 1 or not all(isinstance(field, str) for field in order):
        return None
    if connections[queryset.db].vendor == "postgresql":
        listed = _estimated_rows(_refiltered(member_filter, keep_search=False).qs)
        found = _estimated_rows(Member.objects.search(member_filter.form.cleaned_data["search"]))
        if listed <= SCAN_FACTOR * found:
            queryset = _refiltered(member_filter, keep_search=True).qs
    columns = [field.lstrip("-") for field in order]
    matches = queryset.order_by().values_list("pk", *columns)[: paginator.cap + 1]
    sql, params = matches.query.sql_with_params()
    positions = ", ".join(
        f"{i} {'DESC' if field.startswith('-') else 'ASC'}" for i, field in enumerate(order, 2)
    )
    bottom = (wanted - 1) * paginator.per_page
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT matches.*, COUNT(*) OVER () FROM ({sql}) matches "
            f"ORDER BY {positions} LIMIT %s OFFSET %s",
            (*params, paginator.per_page, bottom),
        )
        found = cursor.fetchall()
    if not found and wanted > 1:
        return None  # past the end: the count is not known
    total = found[0][-1] if found else 0
    paginator.counted(total)  # known: the paginator does not count
    if total > paginator.cap:
        return _dense_search_keys(paginator, member_filter, wanted)
    page = paginator.page(wanted)
    page.object_list = [row[0] for row in found]
    return page


def _dense_search_keys(paginator: CappedPaginator, member_filter: MemberFilter, wanted) -> Page:
    """The keys of a page of a search with more matches than the cap, in order: the same
    filters with the search as tests on each member, so the database walks the list in
    Vietnamese order and stops at the page's last member (the matches are dense) instead of
    fetching and sorting every match from the index."""
    paginator.object_list = _refiltered(member_filter, keep_search=True).qs.values_list(
        "pk", flat=True
    )
    return paginator.get_page(wanted)
