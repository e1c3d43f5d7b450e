"""Date helpers shared by every app: calendar arithmetic, the dd/mm/yyyy display, and the one
"not in the future" check of workflow dates."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

#: the earliest date coso accepts in any record: older ones are typing slips (0001-01-01 from an
#: empty spreadsheet cell, 1800 for 1980), not history a living member can have
EARLIEST_DATE = dt.date(1900, 1, 1)


def format_date(day: dt.date | None) -> str:
    """dd/mm/yyyy, as every Vietnamese document writes it; "" for no date."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when that day does not exist
    (31/1 + 1 month = 28/2 or 29/2)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:  # past 31/12/9999: saturate, so a bad date is refused, not a crash
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for 29 February in a common year); saturates at
    the first and last dates Python knows."""
    if day.year + years > dt.MAXYEAR:
        return dt.date.max
    if day.year + years < dt.MINYEAR:
        return dt.date.min
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def months_between(start: dt.date, day: dt.date) -> int:
    """Whole months from `start` to `day` (`add_months(start, n) <= day`); negative if `day`
    is before `start`."""
    if day < start:
        return -months_between(day, start)
    months = (day.year - start.year) * 12 + day.month - start.month
    if add_months(start, months) > day:
        months -= 1
    return months


def age_in_months(birth_date: dt.date, day: dt.date) -> int:
    """Age on ``day`` in whole months, as the admission age rules count it."""
    return months_between(birth_date, day)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in whole years on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def date_floor_error(day: dt.date, earliest: dt.date = EARLIEST_DATE) -> str | None:
    """The message for a date before `earliest` (`EARLIEST_DATE` unless a rule sets a later
    floor), or None."""
    if day >= earliest:
        return None
    return _("The date %(date)s is not plausible: coso records dates from %(floor)s on.") % {
        "date": format_date(day),
        "floor": format_date(earliest),
    }


def check_not_future(day: dt.date, field: str = "date") -> None:
    """Refuse a workflow date after today (in Vietnam's time zone), or before `EARLIEST_DATE`."""
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    problem = date_floor_error(day)
    if problem:
        raise ValidationError({field: problem})
