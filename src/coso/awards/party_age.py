"""Party age (tuổi đảng) and the date a badge falls due: pure functions, no database.

Party age counts from the admission decision (`Member.admitted_on`) less every period out of
the party (docs/decisions.md, "Party age"). A period out is an `Interruption`: from a removal
(struck off, expelled, resigned) to the re-admission that ended it. A reinstatement after an
annulled expulsion is not one: the expulsion is void, so the member never left.

coso counts the days in the party: the effective start is the admission date moved forward by
the days of every interruption begun before it is reached, and a badge of N years falls due N
calendar years after that start. A 3-year interruption (1,095 or 1,096 days) therefore moves
the due date by those days, which may differ from three calendar years by a leap day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from coso.core.dates import add_years


@dataclass(frozen=True)
class Interruption:
    """A period out of the party: from the day the member left to the day they came back
    (None: still out)."""

    left_on: dt.date
    back_on: dt.date | None

    @property
    def days(self) -> int | None:
        return None if self.back_on is None else (self.back_on - self.left_on).days


def effective_start(
    admitted_on: dt.date, interruptions: Iterable[Interruption], until: dt.date | None = None
) -> dt.date | None:
    """The admission date moved forward by the days of each interruption begun before `until`
    (every one when None). None: the member is out of the party (an interruption not over)."""
    start = admitted_on
    for gap in sorted(interruptions, key=lambda g: g.left_on):
        if until is not None and gap.left_on >= until:
            break
        if gap.days is None:
            return None
        start += dt.timedelta(days=gap.days)
    return start


def badge_due_on(
    admitted_on: dt.date, years: int, interruptions: Iterable[Interruption] = ()
) -> dt.date | None:
    """The day the member's party age reaches `years`: `years` after the effective start,
    counting the interruptions begun before that day (an interruption after it does not move
    it). None while the member is out of the party before that day."""
    start = admitted_on
    for gap in sorted(interruptions, key=lambda g: g.left_on):
        if gap.left_on >= add_years(start, years):
            break
        if gap.days is None:
            return None
        start += dt.timedelta(days=gap.days)
    return add_years(start, years)


def party_age(
    admitted_on: dt.date, on: dt.date, interruptions: Iterable[Interruption] = ()
) -> tuple[int, int]:
    """(years, months) of party age on `on`: the whole years and months from the effective
    start to `on`, the days out deducted (0, 0 before the admission). An interruption still
    running on `on` counts up to `on`."""
    gaps = [
        Interruption(g.left_on, min(g.back_on or on, on)) for g in interruptions if g.left_on < on
    ]
    start = effective_start(admitted_on, gaps)
    if start is None or start > on:
        return 0, 0
    months = (on.year - start.year) * 12 + on.month - start.month - (on.day < start.day)
    return divmod(max(months, 0), 12)


def interruptions_from(
    events: Iterable[tuple[str, dt.date]], left_kinds, back_kind, void_kind=None
) -> list[Interruption]:
    """The interruptions in a member's events, (kind, date): each `back_kind` (re-admission)
    closes the latest removal (`left_kinds`) before it; `void_kind` (a reinstatement after an
    annulled expulsion) voids it, no gap; a removal followed by neither is still running."""
    out: list[Interruption] = []
    left: dt.date | None = None
    for kind, day in sorted(events, key=lambda e: e[1]):
        if kind in left_kinds:
            left = day
        elif kind == back_kind and left is not None:
            out.append(Interruption(left, day))
            left = None
        elif kind == void_kind:
            left = None
    if left is not None:
        out.append(Interruption(left, None))
    return out


def highest_due(
    admitted_on: dt.date, levels: Iterable[int], by: dt.date, interruptions=()
) -> tuple[int, dt.date] | None:
    """The highest badge (years, due date) due on or before `by`; None if none is. A higher
    level is never due earlier (nor once the member is out), so the levels stop at the first
    one not due by `by`."""
    best = None
    for years in sorted(levels):
        due = badge_due_on(admitted_on, years, interruptions)
        if due is None or due > by:
            break
        best = (years, due)
    return best
