"""Rules on single values that every way into a person's record shares.

The member and candidate models call these from `clean()` (so the pages, the API, the demo's
bulk loader and every service refuse the same values with the same message), and the member
importer calls them cell by cell (`coso.imports.cells`), prefixing the column's name. Each
check returns the Vietnamese message, or None when the value is fine; none touches the database.

- Text: stored composed (NFC, `core.text.nfc`, applied by the models before they validate);
  invisible and direction-control characters are refused (`core.text.invisible_character`).
- Addresses: the two-level units in force since 1 July 2025 (`vietnam-provinces`): a province
  code must exist, a ward code must exist, needs its province and must lie in it.
- Phone: a Vietnamese number (docs/decisions.md): 0 then 9 digits (mobile) or 02 then 9 digits
  (landline), or the same with +84 instead of the 0; spaces, dots, dashes and brackets between
  the digits are allowed and kept as typed.
- Rules: a step dated before the earliest regulation coso knows is refused by
  `coso.core.rules.rule_in_force` (the one rule lookup).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward

from .text import invisible_character, nfc

__all__ = [
    "address_errors",
    "normalize_text_fields",
    "phone_error",
    "province_error",
    "text_error",
    "text_errors",
    "ward_error",
]


# --- text ------------------------------------------------------------------------------------


def text_error(value: str | None) -> str | None:
    """The message for text holding an invisible or direction-control character, or None."""
    if not value:
        return None
    ch = invisible_character(value)
    if ch is None:
        return None
    return _(
        "This text contains an invisible or text-direction control character (%(code)s), "
        "usually pasted from another document; type it again without it."
    ) % {"code": f"U+{ord(ch):04X}"}


def _joined(values: Iterable) -> str:
    return "\n".join([v for v in values if v and isinstance(v, str)])


def text_errors(obj: Any, fields: Iterable[str]) -> dict[str, list[str]]:
    """{field: [message]} for the text `fields` of `obj` that hold invisible characters."""
    values = [(f, getattr(obj, f, None)) for f in fields]
    # one search over all the fields joined (a line break is allowed): a record is almost
    # always clean
    if invisible_character(_joined(v for _f, v in values)) is None:
        return {}
    errors: dict[str, list[str]] = {}
    for f, v in values:
        problem = text_error(v) if isinstance(v, str) else None
        if problem:
            errors[f] = [problem]
    return errors


def normalize_text_fields(obj: Any, fields: Iterable[str]) -> None:
    """Store the text `fields` of `obj` composed (NFC): equal-looking names are equal strings,
    sort and search alike."""
    if unicodedata.is_normalized("NFC", _joined(getattr(obj, f, None) for f in fields)):
        return
    for f in fields:
        v = getattr(obj, f, None)
        if isinstance(v, str) and v:
            setattr(obj, f, nfc(v))


# --- phone -----------------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^(?:0|\+84)(?:[1-9][0-9]{8}|2[0-9]{9})$")  # ASCII digits only


def phone_error(value: str | None) -> str | None:
    """The message for a phone number that is not a Vietnamese one, or None ("" is fine)."""
    if not value:
        return None
    if _PHONE.match(_PHONE_SEPARATORS.sub("", value)):
        return None
    return _(
        "%(value)s is not a Vietnamese phone number: 10 digits starting with 0 (11 for a "
        "landline starting with 02), or +84 followed by the number without its first 0."
    ) % {"value": value}


# --- provinces and wards (two-level units since 1 July 2025) -------------------------------


@cache
def _province_names() -> dict[int, str]:
    return {int(p.code): p.name for p in Province.iter_all()}


@cache
def _wards() -> dict[int, tuple[int, str]]:
    return {int(w.code): (int(w.province_code), w.name) for w in Ward.iter_all()}


def province_error(code: int | None) -> str | None:
    """The message for a province code that does not exist, or None (None is fine)."""
    if code is None or code in _province_names():
        return None
    return _("There is no province or city with the code %(code)s.") % {"code": code}


def ward_error(ward: int | None, province: int | None) -> str | None:
    """The message for a ward code that does not exist, has no province, or lies in another
    province than `province`, or None. An unknown `province` is `province_error`'s to report."""
    if ward is None:
        return None
    found = _wards().get(ward)
    if found is None:
        return _("There is no ward or commune with the code %(code)s.") % {"code": ward}
    if province is None:
        return _("A ward or commune needs its province or city.")
    if province in _province_names() and found[0] != province:
        return _("%(ward)s is not in %(province)s.") % {
            "ward": found[1],
            "province": _province_names()[province],
        }
    return None


def address_errors(
    obj: Any, provinces: Iterable[str], wards: dict[str, str]
) -> dict[str, list[str]]:
    """{field: [message]} for the province fields and the ward fields (ward -> its province
    field) of `obj`."""
    errors: dict[str, list[str]] = {}
    for f in provinces:
        problem = province_error(getattr(obj, f, None))
        if problem:
            errors[f] = [problem]
    for f, province_field in wards.items():
        problem = ward_error(getattr(obj, f, None), getattr(obj, province_field, None))
        if problem:
            errors[f] = [problem]
    return errors
