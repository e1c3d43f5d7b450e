"""Pagination that stays fast on lists of millions of rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


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
