"""Reading one spreadsheet cell into a registry value, or a clear error.

Readers of values that repeat (sex, status, provinces, wards) are cached: a file of 200,000
members names a few hundred places.

A cell arrives as python-calamine (or the CSV reader) gives it: str, float/int, bool,
datetime.date/datetime, or "" when empty. Each reader returns the value for the model field or
raises `CellError` with a message for the preview. They are plain functions over plain values,
called once per cell, with no database access.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward

from coso.core.sheets.writer import FORMULA_PREFIXES
from coso.core.text import fold
from coso.core.validators import phone_error, province_error, ward_error
from coso.members.choices import LeavingReason, MemberStatus, Sex

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
    guard (a leading apostrophe before = + - @) removed."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and value[1:2] and value[1] in FORMULA_PREFIXES:
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


@cache
def _labels(choices_cls) -> dict[str, str]:
    from django.utils import translation

    mapping: dict[str, str] = {}
    for value, label in choices_cls.choices:
        mapping[fold(value)] = value
        mapping[fold(value.replace("_", " "))] = value
        for lang in ("vi", "en"):
            with translation.override(lang):
                mapping[fold(str(label))] = value
    return mapping


_SEX_EXTRA = {"m": Sex.MALE, "f": Sex.FEMALE, "nu gioi": Sex.FEMALE, "nam gioi": Sex.MALE}


@lru_cache(maxsize=4096)
def sex(value) -> str:
    key = fold(text(value))
    if not key:
        return ""
    found = _labels(Sex).get(key) or _SEX_EXTRA.get(key)
    if found is None:
        raise CellError(_("%(value)s is not a sex (Nam or Nữ).") % {"value": text(value)})
    return str(found)


@lru_cache(maxsize=4096)
def status(value) -> str:
    key = fold(text(value))
    if not key:
        return ""
    found = _labels(MemberStatus).get(key)
    if found is None:
        raise CellError(_("Unknown status %(status)s.") % {"status": text(value)})
    return str(found)


@lru_cache(maxsize=256)
def leaving_reason(value) -> str:
    """A reason for leaving the party (`LeavingReason`), by its label or value."""
    key = fold(text(value))
    if not key:
        return ""
    found = _labels(LeavingReason).get(key)
    if found is None:
        raise CellError(
            _("%(value)s is not a reason for leaving the party.") % {"value": text(value)}
        )
    return str(found)


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


@cache
def _provinces() -> dict[str, int]:
    mapping: dict[str, int] = {}
    for p in Province.iter_all():
        code = int(p.code)
        folded = fold(p.name)
        mapping[folded] = code
        for prefix in ("thanh pho ", "tinh "):
            if folded.startswith(prefix):
                mapping[folded[len(prefix) :]] = code
    return mapping


@cache
def _wards() -> dict[tuple[int, str], int]:
    mapping: dict[tuple[int, str], int] = {}
    for w in Ward.iter_all():
        code, province = int(w.code), int(w.province_code)
        folded = fold(w.name)
        mapping[(province, folded)] = code
        for prefix in ("phuong ", "xa ", "dac khu "):
            if folded.startswith(prefix):
                mapping.setdefault((province, folded[len(prefix) :]), code)
    return mapping


@lru_cache(maxsize=4096)
def province(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        code = int(value)
        if code in _provinces().values():
            return code
        raise CellError(province_error(code))
    raw = text(value)
    found = _provinces().get(fold(raw))
    if found is None and _DIGITS.match(raw):
        problem = province_error(int(raw))
        if problem:
            raise CellError(problem)
        found = int(raw)
    if found is None:
        raise CellError(_("Unknown province or city %(value)s.") % {"value": raw})
    return found


@lru_cache(maxsize=4096)
def ward(value, province_code: int | None) -> int | None:
    """A ward or commune, looked up within its province (names repeat across provinces)."""
    if value is None or value == "":
        return None
    raw = text(value)
    if _DIGITS.match(raw):  # a code: the registry's own rule, and its message
        code = int(raw)
        problem = ward_error(code, province_code)
        if problem:
            raise CellError(problem)
        return code
    if province_code is None:
        raise CellError(
            _("The ward %(value)s needs its province or city in the next column.") % {"value": raw}
        )
    found = _wards().get((province_code, fold(raw)))
    if found is None:
        raise CellError(_("Unknown ward or commune %(value)s in that province.") % {"value": raw})
    return found
