"""The plan's dashboard as files: every table of the page in one .xlsx (a sheet each: the
year's figures, the years, the organizations under it) and the page as a printable PDF through
the documents renderer (HD 36's page, Liberation Serif for the Vietnamese letters). Both are
drawn from the `Board` the page shows, so the files and the page cannot differ."""

from __future__ import annotations

import datetime as dt
from typing import IO

import xlsxwriter
from django.utils import translation
from django.utils.translation import gettext as _

from coso.core.sheets.writer import safe_text
from coso.documents.issuing import body_of
from coso.documents.render.description import (
    DocType,
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from coso.documents.render.pdf import to_pdf

from ..choices import Unit
from ..queries.measures import Figure
from ..views.dashboard import draw
from ..views.dashboard.board import Board
from ..views.dashboard.rows import tree_sentence

PLACE = "Hà Nội"
#: the PDF's columns a table at most: A4 upright at 12 pt
YEARS_A_TABLE, TARGETS_A_TABLE = 5, 3


def _cell_value(f: Figure | None) -> float | int | None:
    if f is None or f.value is None:
        return None
    return float(f.value) if f.value != int(f.value) else int(f.value)


def _label(board: Board, measure: str) -> str:
    line = next(x for x in board.lines if x.figure.measure == measure)
    unit = " (%)" if line.target.unit == Unit.PERCENT else ""
    return f"{line.target.get_measure_display()}{unit}"


def current_rows(board: Board) -> tuple[list[str], list[list]]:
    head = [_("Target"), _("Wording in the plan"), _("Goal"), _("Counted"), _("Base"),
            _("Value"), _("Unit"), _("Assessment")]  # fmt: skip
    rows = [
        [line.target.get_measure_display(), line.target.wording,
         draw.goal(line.figure, line.target.unit), line.figure.numerator,
         line.figure.denominator, _cell_value(line.figure), line.target.get_unit_display(),
         draw.status(line.figure)]
        for line in board.lines
    ]  # fmt: skip
    return head, rows


def trend_rows(board: Board) -> tuple[list[str], list[list]]:
    years = board.trend_years
    head = [_("Target"), _("Goal"), *map(str, years),
            *(_("%(year)s: assessment") % {"year": y} for y in years)]  # fmt: skip
    rows = [
        [line.target.get_measure_display(), draw.goal(line.figure, line.target.unit),
         *(_cell_value(f) for f in line.trend), *(draw.status(f) for f in line.trend)]
        for line in board.lines
    ]  # fmt: skip
    return head, rows


def children_rows(board: Board) -> tuple[list[str], list[list]]:
    measures = board.measures
    head = [_("Organization code"), _("Organization name"), _("Targets not met"),
            *(_label(board, m) for m in measures),
            *(_("%(target)s: assessment") % {"target": _label(board, m)} for m in measures)]  # fmt: skip
    rows = [
        [c.organization.code, c.organization.name, c.failing,
         *(_cell_value(c.figure(m)) for m in measures), *(draw.status(c.figure(m)) for m in measures)]
        for c in board.children
    ]  # fmt: skip
    return head, rows


def write_board(target: IO[bytes], board: Board) -> None:
    """The three tables of the page, a sheet each (bold frozen header, filters)."""
    wb = xlsxwriter.Workbook(target, {"in_memory": True})
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheets = (
        (_("Targets %(year)s") % {"year": board.year}, current_rows(board)),
        (_("Year by year"), trend_rows(board)),
        (_("Organizations under it"), children_rows(board)),
    )
    for name, (head, rows) in sheets:
        ws = wb.add_worksheet(name[:31])
        ws.write_row(0, 0, head, bold)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    ws.write_string(r, c, safe_text(value))
                elif value is not None:
                    ws.write_number(r, c, value)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(head) - 1)
        ws.set_column(0, 0, 36)
        ws.set_column(1, len(head) - 1, 16)
    wb.close()


# --- the PDF ------------------------------------------------------------------------------


def _shown(f: Figure | None, unit: str) -> str:
    if f is None:
        return draw.NONE
    return f"{draw.number(f.value, unit)} — {draw.status(f)}"


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _pdf_blocks(board: Board) -> list:
    blocks: list = [Paragraph(tree_sentence(board), italic=True)]
    blocks.append(Heading("I.", _("THE TARGETS IN %(year)s") % {"year": board.year}))
    blocks.append(Table(
        header=(_("No."), _("Target"), _("Goal"), _("Result"), _("Assessment")),
        rows=tuple((str(i), x.target.get_measure_display(), draw.goal(x.figure, x.target.unit),
                    draw.number(x.figure.value, x.target.unit), draw.status(x.figure))
                   for i, x in enumerate(board.lines, start=1)),
        widths=(0.07, 0.4, 0.19, 0.16, 0.18),
    ))  # fmt: skip
    blocks.append(Heading("II.", _("YEAR BY YEAR")))
    for years in _chunks(list(range(len(board.trend_years))), YEARS_A_TABLE):
        blocks.append(Table(
            header=(_("Target"), *(str(board.trend_years[i]) for i in years)),
            rows=tuple((x.target.get_measure_display(),
                        *(_shown(x.trend[i], x.target.unit) for i in years)) for x in board.lines),
            widths=(0.3, *([0.7 / len(years)] * len(years))),
        ))  # fmt: skip
    if board.children:
        blocks.append(Heading("III.", _("THE ORGANIZATIONS UNDER IT, WORST FIRST")))
        units = {x.figure.measure: x.target.unit for x in board.lines}
        for measures in _chunks(board.measures, TARGETS_A_TABLE):
            blocks.append(Table(
                header=(_("Organization"), *(_label(board, m) for m in measures)),
                rows=tuple((c.organization.name,
                            *(_shown(c.figure(m), units[m]) for m in measures))
                           for c in board.children),
                widths=(0.34, *([0.66 / len(measures)] * len(measures))),
            ))  # fmt: skip
    return blocks


def board_pdf(board: Board, *, day: dt.date, maker: str) -> bytes:
    """The page as a printable report (a blank number: it is not a registered document),
    in Vietnamese whatever the page's language (every document is)."""
    with translation.override("vi"):
        return to_pdf(_document(board, day=day, maker=maker))


def _document(board: Board, *, day: dt.date, maker: str) -> Document:
    plan = board.plan
    return Document(
        body=body_of(board.organization),
        doc_type=DocType("BC"),
        date=day,
        place=PLACE,
        signature=Signature(post=_("PREPARED BY"), name=maker),
        summary=_("the results of the targets of plan %(number)s in %(year)s")
        % {"number": plan.number, "year": board.year},
        blocks=tuple(_pdf_blocks(board)),
    )
