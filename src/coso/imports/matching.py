"""Matching the names a member file writes to the registry's codes and choices, exactly.

Sex, status, provinces and wards are stored as codes; a file names them. A name is taken only
when it is the list's own text (composed, NFC; case and runs of spaces do not matter): "Xã
Thanh An" and "Xã Thạnh An" are two communes of Hồ Chí Minh City, and a match that ignored tone
marks would move members from one to the other. A name that matches only once tone marks are
ignored ("Xa Thanh Hai", "Nu") is not taken: the row is refused with the name the list has
("did you mean …"), so nothing is written until the file says it; a name that matches two
entries that way is refused with both. Codes are exact by nature: the export writes them next
to the names (`CODE_COLUMNS`), and where a row has both, the code wins and a name that is not
the code's own is an error of the row.

The readers are cached: a file of 200,000 members names a few hundred places.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from vietnam_provinces import Province, Ward

from coso.core.text import fold, nfc
from coso.core.validators import province_error, ward_error
from coso.members.choices import LeavingReason, MemberStatus, Sex

from .cells import CellError, text
from .columns import column_label

#: code column -> the registry field it codes
CODE_COLUMNS = {
    "hometown_province_code": "hometown_province",
    "permanent_ward_code": "permanent_ward",
    "permanent_province_code": "permanent_province",
    "current_ward_code": "current_ward",
    "current_province_code": "current_province",
}
PROVINCE_FIELDS = ("hometown_province", "permanent_province", "current_province")
#: ward field -> the province field it lies in
WARD_FIELDS = {"permanent_ward": "permanent_province", "current_ward": "current_province"}
_WARD_PREFIXES = ("phường ", "xã ", "đặc khu ")
_PROVINCE_PREFIXES = ("thành phố ", "tỉnh ")


def exact(value: str) -> str:
    """The text as compared exactly: composed (NFC), case-folded, single spaces."""
    return " ".join(nfc(value).casefold().split())


def _quoted(value: str) -> str:
    return f"“{value}”"


class _Names:
    """Names of a list (choices, provinces, the wards of a province) -> their values: by exact
    text first, then by folded text (the suggestions, shown as the list writes them)."""

    def __init__(self) -> None:
        self.exact: dict[str, set] = {}
        self.folded: dict[str, dict] = {}  # folded name -> {value: the name as listed}
        self.names_of: dict = {}  # value -> its names, exact

    def add(self, name: str, value) -> None:
        self.exact.setdefault(exact(name), set()).add(value)
        self.folded.setdefault(fold(name), {}).setdefault(value, name)
        self.names_of.setdefault(value, set()).add(exact(name))

    def find(self, raw: str, *, unknown: str, show=None):
        """The one value `raw` names exactly; else CellError: a suggestion, the candidates, or
        `unknown`. `show(value, name)` writes a candidate (default: its name)."""
        found = self.exact.get(exact(raw))
        if found is not None and len(found) == 1:
            (value,) = found
            return value
        folded = self.folded.get(fold(raw))
        if not folded:
            raise CellError(unknown)
        if found is not None:  # two entries written alike: the candidates are those
            folded = {v: n for v, n in folded.items() if v in found}
        names = sorted((show(v, n) if show else n for v, n in folded.items()), key=fold)
        if len(names) == 1:
            raise CellError(
                _("%(value)s is not written as in the list: did you mean %(suggestion)s?")
                % {"value": _quoted(raw), "suggestion": _quoted(names[0])}
            )
        raise CellError(
            _("%(value)s may mean any of %(candidates)s: write the one meant as the list does.")
            % {"value": _quoted(raw), "candidates": ", ".join(map(_quoted, names))}
        )


# --- choices ---------------------------------------------------------------------------------

_SEX_EXTRA = (("m", Sex.MALE), ("f", Sex.FEMALE), ("nữ giới", Sex.FEMALE), ("nam giới", Sex.MALE))


@cache
def _choices(choices_cls, extra: tuple = ()) -> _Names:
    """A choice's names: its values (also with spaces for "_"), its labels in Vietnamese and
    English, and `extra` (name, value) pairs."""
    names = _Names()
    for value, _label in choices_cls.choices:
        names.add(value, value)
        names.add(value.replace("_", " "), value)
        for lang in ("vi", "en"):
            with translation.override(lang):
                names.add(str(choices_cls(value).label), value)
    for name, value in extra:
        names.add(name, str(value))
    return names


def choice_reader(choices_cls, unknown: str, extra: tuple = ()) -> Callable[[Any], str]:
    """A reader of one choice's cells, cached by cell; `unknown` is the msgid (gettext_noop)
    of the message for a name that is not the choice's, with %(value)s."""

    @lru_cache(maxsize=4096)
    def read(value) -> str:
        raw = text(value)
        if not raw:
            return ""
        problem = _(unknown) % {"value": raw, "status": raw}
        return str(_choices(choices_cls, extra).find(raw, unknown=problem))

    return read


sex = choice_reader(Sex, gettext_noop("%(value)s is not a sex (Nam or Nữ)."), _SEX_EXTRA)
status = choice_reader(MemberStatus, gettext_noop("Unknown status %(status)s."))
leaving_reason = choice_reader(
    LeavingReason, gettext_noop("%(value)s is not a reason for leaving the party.")
)


# --- provinces and wards ---------------------------------------------------------------------


def _strip(name: str, prefixes: Sequence[str]) -> str:
    lowered = nfc(name).casefold()
    for prefix in prefixes:
        if lowered.startswith(prefix):
            return name[len(prefix) :]
    return ""


@cache
def _provinces() -> _Names:
    names = _Names()
    for p in Province.iter_all():
        code = int(p.code)
        names.add(p.name, code)
        short = _strip(p.name, _PROVINCE_PREFIXES)
        if short:
            names.add(short, code)
    return names


@cache
def _wards() -> dict[int, _Names]:
    by_province: dict[int, _Names] = {}
    for w in Ward.iter_all():
        code = int(w.code)
        names = by_province.setdefault(int(w.province_code), _Names())
        names.add(w.name, code)
        short = _strip(w.name, _WARD_PREFIXES)
        if short:
            names.add(short, code)
    return by_province


def _ward_shown(code: int, _name: str) -> str:
    """A candidate ward: its full name and its code, to write in the code column."""
    return f"{Ward.from_code(code).name} ({code})"


def _code(value) -> int | None:
    """A code cell: a whole number (a number cell, or digits as text)."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value)
    else:
        raw = text(value)
        if raw.isascii() and raw.isdigit():
            return int(raw)
    raise CellError(_("%(value)s is not a code (digits only).") % {"value": text(value)})


@lru_cache(maxsize=4096)
def province_code(value) -> int | None:
    code = _code(value)
    if code is not None:
        problem = province_error(code)
        if problem:
            raise CellError(problem)
    return code


@lru_cache(maxsize=4096)
def province(value) -> int | None:
    """A province or city by its exact name (with or without "Tỉnh", "Thành phố") or code."""
    if value is None or value == "":
        return None
    raw = text(value)
    if isinstance(value, int | float) or (raw.isascii() and raw.isdigit()):
        return province_code(value)
    unknown = _("Unknown province or city %(value)s.") % {"value": raw}
    return _provinces().find(raw, unknown=unknown)


@lru_cache(maxsize=4096)
def ward_code(value, province_code: int | None) -> int | None:
    code = _code(value)
    if code is not None:
        problem = ward_error(code, province_code)
        if problem:
            raise CellError(problem)
    return code


@lru_cache(maxsize=4096)
def ward(value, province_code: int | None) -> int | None:
    """A ward or commune, by its exact name within its province (names repeat across
    provinces, and within one they may differ by a tone mark only), or by its code."""
    if value is None or value == "":
        return None
    raw = text(value)
    if isinstance(value, int | float) or (raw.isascii() and raw.isdigit()):
        return ward_code(value, province_code)
    if province_code is None:
        raise CellError(
            _("The ward %(value)s needs its province or city in the next column.") % {"value": raw}
        )
    unknown = _("Unknown ward or commune %(value)s in that province.") % {"value": raw}
    names = _wards().get(province_code)
    if names is None:
        raise CellError(unknown)
    return names.find(raw, unknown=unknown, show=_ward_shown)


@cache
def _ward_names() -> dict[int, set[str]]:
    """Every ward's names, exact, by code."""
    return {code: n for names in _wards().values() for code, n in names.names_of.items()}


def _names_code(name, code: int, field: str) -> bool:
    """Whether the name cell names `code` exactly (or is that code)."""
    raw = text(name)
    if raw.isascii() and raw.isdigit() or isinstance(name, int | float):
        return int(float(raw)) == code
    names = _provinces().names_of if field in PROVINCE_FIELDS else _ward_names()
    return exact(raw) in names.get(code, ())


def _shown(field: str, code: int) -> str:
    try:
        if field in PROVINCE_FIELDS:
            return Province.from_code(code).name
        return Ward.from_code(code).name
    except (ValueError, KeyError):
        return str(code)


# --- a step's place columns ------------------------------------------------------------------


class _Mismatch(CellError):
    """A name that is not its code's own: about both columns."""


@lru_cache(maxsize=16384)
def _place(field: str, name, code, in_province: int | None) -> int | None:
    """One row's province or ward: by its code when the code cell is filled, else by name
    (cached: a register names a few thousand places)."""
    is_ward = field in WARD_FIELDS
    if code is None or code == "":
        return ward(name, in_province) if is_ward else province(name)
    value = ward_code(code, in_province) if is_ward else province_code(code)
    if value is not None and name not in (None, "") and not _names_code(name, value, field):
        raise _Mismatch(
            _("%(name)s is not the name of the code %(code)s (%(expected)s).")
            % {"name": _quoted(text(name)), "code": value, "expected": _shown(field, value)}
        )
    return value


def resolve_places(
    parsed: dict[str, list],
    cells: dict[str, Sequence],
    errors: dict[int, list[str]],
    failed: dict[str, set[int]],
) -> None:
    """Fill `parsed` with the province and ward fields of a step of rows from their name and
    code columns (`cells`, by column key): provinces first, then each ward within its row's
    province. A code wins over the name; a name that is not the code's own is an error naming
    both columns. Errors go to `errors` (by row index), the rows to `failed[field]`."""
    for field in (*PROVINCE_FIELDS, *WARD_FIELDS):
        code_key = f"{field}_code"
        names, codes = cells.get(field), cells.get(code_key)
        if names is None and codes is None:
            continue
        n = len(names if names is not None else codes)
        names = names if names is not None else [""] * n
        codes = codes if codes is not None else [""] * n
        provinces = parsed.get(WARD_FIELDS.get(field, ""), [None] * n)
        no_province = failed.get(WARD_FIELDS.get(field, ""), set())
        out: list[int | None] = []
        for i in range(n):
            if i in no_province:  # said already: the province could not be read
                failed.setdefault(field, set()).add(i)
                out.append(None)
                continue
            try:
                out.append(_place(field, names[i], codes[i], provinces[i]))
                continue
            except _Mismatch as e:
                problem = f"{column_label(field)}, {column_label(code_key)}: {e}"
            except CellError as e:
                filled = codes[i] is not None and codes[i] != ""
                problem = f"{column_label(code_key if filled else field)}: {e}"
            errors.setdefault(i, []).append(problem)
            failed.setdefault(field, set()).add(i)
            out.append(None)
        parsed[field] = out
