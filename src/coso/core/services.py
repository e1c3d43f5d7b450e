"""Refusals that the workflow steps of every app make the same way: a paper's number left
empty, and one date before another that it may not precede. (A date in the future is
`core.dates.check_not_future`; who may act is `core.scope`.)"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .dates import format_date


def require_decision_number(number: str, field: str = "decision_number") -> str:
    """The decision's number, stripped; refused on `field` when it is empty."""
    number = number.strip()
    if not number:
        raise ValidationError({field: _("The decision number is required.")})
    return number


def check_not_before(day: dt.date, earliest: dt.date | None, field: str, message: str) -> None:
    """Refuse `day` before `earliest` (no date: nothing to precede), on `field`, with `message`
    (in which `%(date)s` stands for `earliest`, dd/mm/yyyy)."""
    if earliest is not None and day < earliest:
        raise ValidationError({field: message % {"date": format_date(earliest)}})
