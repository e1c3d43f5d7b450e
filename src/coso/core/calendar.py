"""Working days: Monday to Friday, minus Vietnamese public holidays, adjusted by day swaps.

Deadlines in the party's rules are counted in working days (e.g. the admission ceremony within
30 working days of the decision). A date is a working day when:

1. a `DaySwap` row for it says so (``working``) or says it is off (``off``); otherwise
2. it is one of the weekend days the `holidays` package lists as officially worked
   (``weekend_workdays``, the other half of the swaps it already knows); otherwise
3. it is Monday to Friday and not a public holiday of ``holidays.country_holidays("VN")``
   (Tết, 30/4, 1/5, 2/9 …, with their substitute days off).

Each year's working days are computed once and kept in memory; ``clear_calendar_cache()``
drops them (DaySwap saves and deletes call it; other processes re-read within
``SWAP_CACHE_SECONDS``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import time
from functools import lru_cache

import holidays

from .choices import DaySwapKind
from .db.result_cache import note_reads
from .models import DaySwap

__all__ = [
    "SWAP_CACHE_SECONDS",
    "add_working_days",
    "clear_calendar_cache",
    "is_working_day",
    "public_holidays",
    "usually_working",
    "working_days_between",
]

#: How long another process may use day swaps it read before re-reading them.
SWAP_CACHE_SECONDS = 300

_lock = threading.Lock()
# year -> (loaded at monotonic time, sorted ordinals of that year's working days)
_year_cache: dict[int, tuple[float, tuple[int, ...]]] = {}


@lru_cache(maxsize=128)
def _official_days(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(public holidays, weekend days officially worked) of one year, from `holidays`."""
    calendar = holidays.country_holidays("VN", years=year)
    off = frozenset(d for d in calendar if d.year == year)
    worked = frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year)
    return off, worked


def _day_swaps(year: int) -> dict[dt.date, str]:
    rows = DaySwap.objects.filter(date__year=year).values_list("date", "kind")
    return dict(rows)


def _working_ordinals(year: int) -> tuple[int, ...]:
    now = time.monotonic()
    cached = _year_cache.get(year)
    if cached is not None and now - cached[0] < SWAP_CACHE_SECONDS:
        note_reads([DaySwap._meta.db_table])  # a value derived from them depends on them
        return cached[1]
    off, worked = _official_days(year)
    swaps = _day_swaps(year)
    day = dt.date(year, 1, 1)
    ordinals = []
    while day.year == year:
        kind = swaps.get(day)
        if kind is not None:
            working = kind == DaySwapKind.WORKING
        elif day.weekday() >= 5:
            working = day in worked
        else:
            working = day not in off
        if working:
            ordinals.append(day.toordinal())
        day += dt.timedelta(days=1)
    result = tuple(ordinals)
    with _lock:
        _year_cache[year] = (now, result)
    return result


def clear_calendar_cache() -> None:
    """Forget the cached working days (call after changing day swaps; tests call it too)."""
    with _lock:
        _year_cache.clear()
    _official_days.cache_clear()


def _as_date(d: dt.date) -> dt.date:
    # a datetime is a date subclass; count by its calendar day
    return d.date() if isinstance(d, dt.datetime) else d


def public_holidays(year: int) -> list[tuple[dt.date, str]]:
    """The public holidays of `year` (with their substitute days off), named in Vietnamese, as
    the `holidays` package knows them: what day swaps adjust."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    return sorted((d, name) for d, name in calendar.items() if d.year == year)


def usually_working(d: dt.date) -> bool:
    """Whether ``d`` is a working day by the week and the public holidays alone, before any
    `DaySwap` row (what a swap changes)."""
    d = _as_date(d)
    off, worked = _official_days(d.year)
    if d.weekday() >= 5:
        return d in worked
    return d not in off


def is_working_day(d: dt.date) -> bool:
    """Whether ``d`` is a working day in Vietnam."""
    d = _as_date(d)
    ordinals = _working_ordinals(d.year)
    o = d.toordinal()
    i = bisect.bisect_left(ordinals, o)
    return i < len(ordinals) and ordinals[i] == o


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``d`` (``d`` itself does not count; n ≥ 0).

    ``add_working_days(d, 0)`` is ``d``. A deadline "within 30 working days of D" ends on
    ``add_working_days(D, 30)``.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    d = _as_date(d)
    if n == 0:
        return d
    year = d.year
    after = d.toordinal()  # count strictly after this day
    while True:
        ordinals = _working_ordinals(year)
        start = bisect.bisect_right(ordinals, after)
        available = len(ordinals) - start
        if n <= available:
            return dt.date.fromordinal(ordinals[start + n - 1])
        n -= available
        year += 1


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Number of working days in (a, b]: after ``a``, up to and including ``b``.

    Negative when ``b`` is before ``a`` (``-working_days_between(b, a)``), so that
    ``working_days_between(a, add_working_days(a, n)) == n``.
    """
    a, b = _as_date(a), _as_date(b)
    if b < a:
        return -working_days_between(b, a)
    lo, hi = a.toordinal(), b.toordinal()
    total = 0
    for year in range(a.year, b.year + 1):
        ordinals = _working_ordinals(year)
        total += bisect.bisect_right(ordinals, hi) - bisect.bisect_right(ordinals, lo)
    return total
