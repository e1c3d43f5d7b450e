"""Pagination that stays fast on lists of millions of rows."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

from coso.core.db.result_cache import cached


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows.

    An exact COUNT(*) of a country's or a province's members reads every matching row: seconds
    at national scale, whatever the index. Counting stops at `cap` + 1 rows instead
    (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`, unordered), so the cost is bounded; `capped`
    tells the page to say "more than `cap`", and the pages end at `cap` rows (nobody reads
    page 2,001 of a list: they narrow it). Lists of up to `cap` rows count exactly.
    """

    cap = 100_000

    def __init__(self, object_list, per_page, *args, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if cap is not None:
            self.cap = cap

    @cached_property
    def _capped_count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        """Whether the list holds more than `cap` rows (`count` is then `cap`)."""
        return "_capped_count" in self.__dict__ and self._capped_count > self.cap

    def counted(self, rows: int, cap: int | None = None) -> None:
        """Take a count made elsewhere (stopping at `cap` + 1 rows) instead of counting."""
        if cap is not None:
            self.cap = cap
        self.__dict__.pop("count", None)
        self._capped_count = rows

    #: a list of at most this many rows has its page's keys sorted in one pass over its rows
    #: (`sorted_keys`) rather than read by walking an index in the list's order
    sort_in_one_pass = 20_000

    def page(self, number):
        """The page; for a short list ordered by plain columns, its rows are those of
        `sorted_keys`: a planner that misjudges a short list as long walks an index in the
        list's order for it, through the whole table (a cell's 36 members: 39 s in a table
        of 5.9 million)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if (
            self.count
            and isinstance(rows, QuerySet)
            and connections[rows.db].vendor == "postgresql"  # SQLite's planner has no such trap
            and rows.ordered
            and self.count <= self.sort_in_one_pass
            and not self.capped  # the count is exact: all the list's rows are read
            and rows.query.order_by  # an explicit order (Meta.ordering alone names no columns here)
            and all(isinstance(f, str) for f in rows.query.order_by)
        ):
            keys, _total = sorted_keys(rows, self.count, bottom, top - bottom)
            if rows._fields:  # a values_list of keys: the keys themselves
                return self._get_page(keys, number, self)
            in_order = rows.filter(pk__in=keys).order_by(*rows.query.order_by)
            return self._get_page(in_order, number, self)
        return self._get_page(rows[bottom:top], number, self)


def sorted_keys(queryset: QuerySet, limit: int, bottom: int, size: int) -> tuple[list, int]:
    """(keys, total): the primary keys of rows [bottom, bottom + size) of `queryset` in its
    order (plain columns), and how many rows it has, counting no further than `limit` + 1.

    One query reads at most `limit` + 1 rows, unordered (the LIMIT also keeps the planner from
    merging it into the outer query), then counts and sorts them: whatever the planner thinks
    of the list's length, no index is walked in the list's order. Raises EmptyResultSet for a
    queryset that can match nothing.
    """
    order = queryset.query.order_by
    columns = [field.lstrip("-") for field in order]
    rows = queryset.order_by().values_list("pk", *columns)[: limit + 1]
    sql, params = rows.query.sql_with_params()
    positions = ", ".join(
        f"{i} {'DESC' if field.startswith('-') else 'ASC'}" for i, field in enumerate(order, 2)
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT rows.*, COUNT(*) OVER () FROM ({sql}) rows "
            f"ORDER BY {positions} LIMIT %s OFFSET %s",
            (*params, size, bottom),
        )
        found = cursor.fetchall()
    return [row[0] for row in found], (found[0][-1] if found else 0)


def sort_headers(ordering: str, columns) -> dict[str, dict[str, str]]:
    """Each sortable column's header: `next`, the `ordering` its link asks for (the other
    direction when the list is sorted on it), its `state` for aria-sort and its `arrow`."""
    headers = {}
    for key in columns:
        if ordering == key:
            headers[key] = {"next": f"-{key}", "state": "ascending", "arrow": " ▲"}
        elif ordering == f"-{key}":
            headers[key] = {"next": key, "state": "descending", "arrow": " ▼"}
        else:
            headers[key] = {"next": key, "state": "", "arrow": ""}
    return headers


def in_chunks(queryset, size: int) -> Iterator[list]:
    """The rows of an ordered `queryset`, `size` at a time (one query per slice): for exports
    too long to hold at once, where keyset paging on the list's order would need its
    annotations."""
    start = 0
    while True:
        chunk = list(queryset[start : start + size])
        if not chunk:
            return
        yield chunk
        start += size


def kept_page(name: str, parts: str, rows, per_page: int, number, extra=None):
    """A page of `rows()` (a QuerySet or a list, built only when needed) and `extra(items)`
    (what the page's rows need besides, or None), kept until a table they read changes
    (`core.db.result_cache`: `name` and `parts` as there, the page's number is added). Returns
    (the page, with its rows in a list, and extra's value)."""

    def listed():
        page = Paginator(rows(), per_page).get_page(number)
        items = list(page.object_list)
        return page.paginator.count, page.number, items, extra(items) if extra else None

    count, shown, items, more = cached(name, f"{parts}|{number}", listed)
    page = Paginator(range(count), per_page).get_page(shown)
    page.object_list = items
    return page, more
