"""A grassroots organization's grades in a spreadsheet: the template (one row per member to be
graded in the period, the cells to fill empty) and the reading of a filled one into the rows
`coso.evaluation.services.grade_members` checks and writes.

Headers are matched without accents, case or punctuation, in Vietnamese or in English. A
member is found by the party card number, else by the full name within the cell (its code);
grades are written as the lists write them (the label), or by their short names (HTXSNV,
HTTNV, HTNV, KHTNV). A row without any grade or score is not graded yet: it is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.core.sheets.reader import FileRefused, open_sheets
from coso.core.sheets.writer import write_xlsx
from coso.core.text import fold
from coso.evaluation.choices import Form, Grade
from coso.evaluation.eligibility import graded_members
from coso.evaluation.services import GradeRow
from coso.members.models import Member

#: (key, header, width): the template's columns, in order
COLUMNS = (
    ("card_number", gettext_lazy("Party card number"), 16),
    ("name", gettext_lazy("Full name"), 28),
    ("cell", gettext_lazy("Cell code"), 16),
    ("form", gettext_lazy("Form (2A, 2B, 2C)"), 10),
    ("score", gettext_lazy("Score (of 100)"), 10),
    ("criteria_points", gettext_lazy("Points: common criteria"), 12),
    ("task_points", gettext_lazy("Points: task results"), 12),
    ("tasks_on_time", gettext_lazy("Tasks on time (%)"), 10),
    ("tasks_beyond", gettext_lazy("Tasks beyond requirement (%)"), 10),
    ("self_grade", gettext_lazy("Grade proposed by the member"), 24),
    ("proposed_grade", gettext_lazy("Grade proposed by the cell"), 24),
    ("grade", gettext_lazy("Grade decided"), 24),
)
GRADED = ("self_grade", "proposed_grade", "grade", "score", "criteria_points", "task_points")
SHORT = {"htxsnv": Grade.EXCELLENT, "httnv": Grade.GOOD, "htnv": Grade.COMPLETE,
         "khtnv": Grade.INCOMPLETE}  # fmt: skip


def _key(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).strip()


def _headers() -> dict[str, str]:
    """Folded header -> column key, in Vietnamese and in English."""
    found = {}
    for language in ("vi", "en"):
        with translation.override(language):
            found.update({_key(header): key for key, header, _w in COLUMNS})
    return found


def _grades() -> dict[str, str]:
    found = dict(SHORT)
    for language in ("vi", "en"):
        with translation.override(language):
            found.update({_key(label): value for value, label in Grade.choices})
    found.update({value: value for value in Grade.values})
    return found


def write_template(target: IO[bytes], period, unit) -> int:
    """The template for ``unit`` in ``period``: its members to be graded, by cell and name."""
    members = (
        graded_members(period, unit)
        .select_related("organization")
        .order_by("organization__path", "sort_key", "pk")
    )
    rows = (
        [m.party_card_number or "", m.full_name, m.organization.code, Form.MEMBER_2A.value]
        + [None] * (len(COLUMNS) - 4)
        for m in members.iterator(chunk_size=2000)
    )
    return write_xlsx(
        target, [str(h) for _k, h, _w in COLUMNS], rows, sheet_name=str(_("Grades")),
        widths=[w for _k, _h, w in COLUMNS],
    )  # fmt: skip


@dataclass
class ReadGrades:
    """What the file holds: the rows read, each problem with its line, the rows skipped."""

    rows: list[GradeRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    skipped: int = 0


def _decimal(value, line: int, label, errors) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        errors.append((line, _("%(column)s: “%(value)s” is not a number.")
                       % {"column": label, "value": value}))  # fmt: skip
        return None
    return number.quantize(Decimal("0.01"))


def _percent(value, line: int, label, errors) -> int | None:
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip()
    number = _decimal(value, line, label, errors)
    if number is None:
        return None
    if number != number.to_integral_value() or not 0 <= number <= 100:
        errors.append((line, _("%(column)s: a whole percentage between 0 and 100.")
                       % {"column": label}))  # fmt: skip
        return None
    return int(number)


class _Members:
    """The unit's members (one query): by card number, and by folded name and cell code."""

    def __init__(self, unit):
        rows = list(
            Member.objects.filter(organization__path__startswith=unit.path).select_related(
                "organization"
            )
        )
        self.by_card = {m.party_card_number: m for m in rows if m.party_card_number}
        self.by_name: dict[tuple[str, str], list[Member]] = {}
        for m in rows:
            self.by_name.setdefault((_key(m.full_name), m.organization.code.upper()), []).append(m)

    def find(self, card: str, name: str, cell: str) -> tuple[Member | None, str]:
        if card:
            member = self.by_card.get(card)
            if member is None:
                return None, _("No member of this organization has the party card number "
                               "%(card)s.") % {"card": card}  # fmt: skip
            if name and _key(name) != _key(member.full_name):
                return None, _("The party card number %(card)s is %(name)s's, not “%(given)s”.") % {
                    "card": card, "name": member.full_name, "given": name}  # fmt: skip
            return member, ""
        found = self.by_name.get((_key(name), cell.strip().upper()), [])
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, _("No member “%(name)s” in the cell %(cell)s.") % {"name": name,
                                                                          "cell": cell}  # fmt: skip
        return None, _("Two members are named “%(name)s” in the cell %(cell)s: give the party "
                       "card number.") % {"name": name, "cell": cell}  # fmt: skip


def read_grades(data: bytes, filename: str, unit) -> ReadGrades:
    """The file's rows as `GradeRow`s, with every row's problems (a file that cannot be read,
    or has no recognizable header row, is refused with a `ValidationError`)."""
    try:
        sheets = open_sheets(data, filename)
    except FileRefused as error:
        raise ValidationError(error.message) from error
    headers = _headers()
    for _name, rows, _check in sheets.sheets:
        columns: dict[str, int] = {}
        for number, cells in rows:
            columns = {headers[k]: i for i, c in enumerate(cells) if (k := _key(c)) in headers}
            if "self_grade" in columns and ({"card_number", "name"} & set(columns)):
                return _read_rows(rows, columns, unit)
            if number >= 10:
                break
    raise ValidationError(_("No header row was recognized in the first 10 rows: the columns "
                            "are those of the template (party card number, full name, cell code, "
                            "form, score, ..., grade decided)."))  # fmt: skip


def _read_rows(rows, columns: dict[str, int], unit) -> ReadGrades:
    out = ReadGrades()
    members = _Members(unit)
    grades = _grades()
    labels = {key: str(header) for key, header, _w in COLUMNS}
    for line, cells in rows:

        def cell(key, cells=cells):
            i = columns.get(key)
            value = cells[i] if i is not None and i < len(cells) else None
            return value.strip() if isinstance(value, str) else value

        if all(cell(k) in (None, "") for k in GRADED):
            out.skipped += any(c not in (None, "") for c in cells)
            continue
        errors: list[tuple[int, str]] = []
        card = str(cell("card_number") or "").strip()
        member, problem = members.find(card, str(cell("name") or ""), str(cell("cell") or ""))
        if problem:
            errors.append((line, problem))
        chosen = {}
        for key in ("self_grade", "proposed_grade", "grade"):
            given = cell(key)
            chosen[key] = grades.get(_key(given), "") if given not in (None, "") else ""
            if given not in (None, "") and not chosen[key]:
                errors.append((line, _("%(column)s: “%(value)s” is not a grade (%(grades)s).") % {
                    "column": labels[key], "value": given,
                    "grades": ", ".join(str(g) for g in Grade.labels)}))  # fmt: skip
        sheet = {
            k: _decimal(cell(k), line, labels[k], errors)
            for k in ("score", "criteria_points", "task_points")
        }
        shares = {k: _percent(cell(k), line, labels[k], errors)
                  for k in ("tasks_on_time", "tasks_beyond")}  # fmt: skip
        out.errors.extend(errors)
        if errors:  # the service checks the rows read whole
            continue
        form = str(cell("form") or "").strip().upper()
        out.rows.append(GradeRow(line=line, member=member, form=form, **chosen, **sheet, **shares))
    return out
