"""Day swaps as the office's data: the one door to enter, change or delete one.

The government announces each year which weekdays are off and which weekend days are worked in
their place (a letter of the Ministry of Home Affairs or of the Government's Office). The
office of the top committee enters them here (page, API, `coso dayswap`); every deadline
counted in working days follows at once (`core.calendar` reads the swaps, and the deadlines
stored on open rows are recomputed: `core.deadlines.refresh_stored_deadlines`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .calendar import clear_calendar_cache, usually_working
from .choices import DaySwapKind
from .dates import format_date
from .deadlines import refresh_stored_deadlines
from .models import DaySwap
from .scope import OutOfScope, edits_whole_tree, is_system

__all__ = ["SHIPPED", "delete_day_swap", "install_shipped", "may_keep_day_swaps", "save_day_swap"]

_VPCP_12729 = (
    "Văn bản số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (nghỉ Tết Dương lịch 2026)"
)
#: the swaps of 2025 and 2026 that the `holidays` package does not know, with their sources
#: (docs/decisions.md, "Day swaps and 24/11"); the package knows 2025's 26/4 <-> 2/5 and
#: 2026's 22/8 <-> 31/8, and 2025 has no other
SHIPPED = [
    (dt.date(2026, 1, 2), DaySwapKind.OFF, _VPCP_12729, "Hoán đổi sang thứ Bảy 10/01/2026"),
    (dt.date(2026, 1, 10), DaySwapKind.WORKING, _VPCP_12729, "Làm bù cho thứ Sáu 02/01/2026"),
    (
        dt.date(2026, 11, 24),
        DaySwapKind.WORKING,
        "Bộ luật Lao động 2019, Điều 112 (chưa có ngày 24/11); Nghị quyết 80-NQ/TW và Nghị quyết "
        "30/NQ-CP (2026) mới giao sửa luật",
        "Ngày Văn hóa Việt Nam: vẫn là ngày làm việc cho đến khi Bộ luật Lao động sửa đổi có "
        "hiệu lực; khi đó xóa dòng này",
    ),
]


def may_keep_day_swaps(user) -> bool:
    """Whether `user` may enter day swaps: the office whose editing scope is the whole tree."""
    return is_system(user) or edits_whole_tree(user)


def _require_keeper(actor) -> None:
    if not may_keep_day_swaps(actor):
        raise OutOfScope


def _check(day: dt.date, kind: str, legal_basis: str) -> None:
    errors = {}
    if kind not in DaySwapKind.values:
        errors["kind"] = _("Choose a working day or a day off.")
    elif kind == DaySwapKind.WORKING and usually_working(day):
        errors["date"] = _(
            "%(date)s is already a working day: a make-up working day is a weekend day or a "
            "holiday that is worked."
        ) % {"date": format_date(day)}
    elif kind == DaySwapKind.OFF and not usually_working(day):
        errors["date"] = _(
            "%(date)s is already a day off (a weekend or a public holiday): a substitute day off "
            "is a weekday."
        ) % {"date": format_date(day)}
    if not legal_basis.strip():
        errors["legal_basis"] = _(
            "Give the number and date of the government's letter that announces the swap."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_day_swap(
    *,
    date: dt.date,
    kind: str,
    legal_basis: str,
    note: str = "",
    swap: DaySwap | None = None,
    actor=None,
) -> DaySwap:
    """Enter a day swap, or change `swap`; the stored deadlines it moves are recomputed."""
    _require_keeper(actor)
    _check(date, kind, legal_basis)
    if swap is not None:
        swap = DaySwap.objects.select_for_update().get(pk=swap.pk)
    taken = DaySwap.objects.select_for_update().filter(date=date).first()
    if taken is not None and (swap is None or taken.pk != swap.pk):
        raise ValidationError(
            {"date": _("%(date)s already has a day swap: change that one.")
             % {"date": format_date(date)}}
        )  # fmt: skip
    before = swap.date if swap is not None else None
    swap = swap or DaySwap()
    swap.date, swap.kind = date, kind
    swap.legal_basis, swap.note = legal_basis.strip(), note.strip()
    swap._history_user = actor
    swap.save()
    _refresh({date, before} - {None})
    return swap


@transaction.atomic
def delete_day_swap(swap: DaySwap, *, actor=None) -> None:
    """Delete a day swap (entered by mistake); the stored deadlines it moved are recomputed."""
    _require_keeper(actor)
    swap = DaySwap.objects.select_for_update().get(pk=swap.pk)
    day = swap.date
    swap._history_user = actor
    swap.delete()
    _refresh({day})


def install_shipped(using: str = "default") -> int:
    """Enter the `SHIPPED` swaps that this install has never had (after `migrate`, and after a
    test's flush): a date the office has entered, changed or deleted before is left alone.
    Returns the rows entered."""
    touched = set(DaySwap.history.using(using).values_list("date", flat=True))
    touched |= set(DaySwap.objects.using(using).values_list("date", flat=True))
    entered = 0
    for day, kind, basis, note in SHIPPED:
        if day not in touched:
            DaySwap(date=day, kind=kind, legal_basis=basis, note=note).save(using=using)
            entered += 1
    return entered


def _refresh(days: set[dt.date]) -> None:
    clear_calendar_cache()  # read again, in this transaction, by the refresh below
    for day in sorted(days):
        refresh_stored_deadlines(day)
    # and again once committed: another request may have read the old swaps meanwhile
    transaction.on_commit(clear_calendar_cache)
