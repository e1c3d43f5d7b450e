"""Reading one spreadsheet cell into a registry value, or a clear error.

Names matched to codes and choices (sex, status, provinces, wards) are read by
`coso.imports.matching`.

A cell arrives as python-calamine (or the CSV reader) gives it: str, float/int, bool,
datetime.date/datetime, or "" when empty. Each reader returns the value for the model field or
raises `CellError` with a message for the preview. They are plain functions over plain values,
called once per cell, with no database access.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from coso.core.sheets.writer import GUARDED_PREFIXES
from coso.core.validators import phone_error

#: Excel's day 0 in the 1900 date system (serial 60, the phantom 29/02/1900, is skipped by it)
EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?\s*$")
_DIGITS = re.compile(r"^[0-9]+$")  # ASCII digits: int() would take others too
_SPACES = re.compile(r"[\s.\-]+")


class CellError(ValueError):
    """The cell cannot be read; the message is shown to the user."""


def text(value) -> str:
    """A text cell: numbers without ".0", surrounding spaces dropped, the export's formula
    guard (a leading apostrophe before = + - @ or another apostrophe) removed."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and value[1:2] and value[1] in GUARDED_PREFIXES:
            value = value[1:]
        return value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def name(value) -> str:
    return " ".join(text(value).split())


def date(value) -> dt.date | None:
    """dd/mm/yyyy text (also with - or .), yyyy-mm-dd text, a real date cell or an Excel
    serial number (days since 30/12/1899)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(_("%(value)s is not a date (dd/mm/yyyy).") % {"value": value})
    if isinstance(value, int | float):
        if not float(value).is_integer() or not 1 <= value <= 109_574:  # up to 31/12/2199
            raise CellError(_("%(value)s is not a date (dd/mm/yyyy).") % {"value": value})
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = str(value)
    if raw.strip().isdigit() and len(raw.strip()) <= 6:  # a serial number saved as text (CSV)
        return date(int(raw))
    m = _DATE_TEXT.match(raw)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        m = _ISO_DATE.match(raw)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise CellError(_("%(value)s is not a valid date.") % {"value": raw.strip()}) from None
    raise CellError(_("%(value)s is not a date (dd/mm/yyyy).") % {"value": raw.strip()})


def cccd(value) -> str | None:
    """12 digits. A number cell lost its leading zeros in Excel (001… → 1…): 10 or 11 digits
    from a number cell are padded back; text must be exactly 12 digits."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer():
            raise CellError(_("The citizen ID (CCCD) must be exactly 12 digits."))
        digits = str(int(value))
        if 10 <= len(digits) <= 12:
            return digits.zfill(12)
        raise CellError(_("The citizen ID (CCCD) must be exactly 12 digits."))
    digits = text(value).replace(" ", "")
    if len(digits) != 12 or not _DIGITS.match(digits):
        raise CellError(
            _("The citizen ID (CCCD) %(value)s must be exactly 12 digits.") % {"value": text(value)}
        )
    return digits


def card(value) -> str | None:
    if value is None or value == "":
        return None
    digits = _SPACES.sub("", text(value))
    if not digits:
        return None
    if not _DIGITS.match(digits) or len(digits) > 20:
        raise CellError(
            _("The party card number %(value)s must be digits only (at most 20).")
            % {"value": text(value)}
        )
    return digits


def phone(value) -> str:
    """A Vietnamese phone number (`core.validators.phone_error`), as typed."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = text(value)
        number = "0" + digits if len(digits) == 9 else digits  # Excel dropped the leading 0
    else:
        number = text(value)
    problem = phone_error(number)
    if problem:
        raise CellError(problem)
    return number


_PLAIN_EMAIL = re.compile(
    r"^[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}$"
)


def email(value) -> str:
    address = text(value)
    if address and not _PLAIN_EMAIL.match(address):  # plain addresses skip the slow validator
        try:
            validate_email(address)
        except ValidationError:
            raise CellError(_("%(value)s is not an e-mail address.") % {"value": address}) from None
    return address
