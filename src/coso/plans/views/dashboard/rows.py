"""The dashboard's links and rows: the records behind each number (`plan_records`), each
child's own dashboard, and the children's table drawn by string formatting (names and labels
escaped): a city's children by eleven targets is too many cells for the template engine."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ...choices import Measure
from ...queries.measures import Figure
from . import draw
from .board import TREE_THEN, Board, Line

# placeholders the URL patterns accept, replaced by each row's values
_CODE, _MEASURE = "XXCODEXX", "xxmeasurexx"


@dataclass(frozen=True)
class Cell:
    """A figure as shown: its text, the words met / not met, the records behind it."""

    figure: Figure | None
    text: str
    status: str
    status_class: str
    mark: str
    ratio: str
    url: str | None  # the records counted
    failing_url: str | None  # the records that fall short (a share's rest)


@dataclass(frozen=True)
class ShownLine:
    line: Line
    label: str
    unit: str
    goal: str
    now: Cell
    trend: list[Cell]
    chart: SafeString


class links:  # noqa: N801 (a namespace of the page's links, built once per request)
    def __init__(self, board: Board):
        self.board = board
        self.query: dict[str, str] = {}
        if board.plan is not None and len(board.plans) > 1:
            self.query["plan"] = str(board.plan.pk)
        if board.as_of_tree is not None:
            self.query["tree"] = TREE_THEN
        self._dashboard = reverse("plan_dashboard", args=[_CODE])
        self._records: dict[int, str | None] = {}

    def dashboard(self, code: str, **changes: str | int | None) -> str:
        """A dashboard's URL keeping this page's year, plan, tree and ranking."""
        query = {"year": str(self.board.year), **self.query}
        if self.board.rank_by:
            query["by"] = self.board.rank_by
        for key, value in changes.items():
            if value in (None, ""):
                query.pop(key, None)
            else:
                query[key] = str(value)
        return self._dashboard.replace(_CODE, quote(code)) + "?" + urlencode(query)

    def records(self, code: str, year: int, measure: str, *, failing: bool = False) -> str | None:
        """The records behind a figure (the drill-down page); None while it does not exist."""
        if year not in self._records:
            try:
                self._records[year] = reverse("plan_records", args=[_CODE, year, _MEASURE])
            except NoReverseMatch:
                self._records[year] = None
        base = self._records[year]
        if base is None:
            return None
        query = dict(self.query)
        if failing:
            query["failing"] = "1"
        url = base.replace(_CODE, quote(code)).replace(_MEASURE, measure)
        return url + ("?" + urlencode(query) if query else "")

    def cell(self, code: str, f: Figure | None, unit: str, measure: str, year: int) -> Cell:
        failing = f is not None and f.denominator is not None and f.numerator < f.denominator
        return Cell(
            f,
            draw.number(f.value if f else None, unit),
            draw.status(f),
            draw.status_class(f),
            draw.status_mark(f),
            draw.ratio(f, unit) if f else "",
            self.records(code, year, measure) if f else None,
            self.records(code, year, measure, failing=True) if failing else None,
        )

    def lines(self) -> list[ShownLine]:
        code, shown = self.board.organization.code, []
        for line in self.board.lines:
            t, f = line.target, line.figure
            label = capfirst(t.get_measure_display())
            shown.append(ShownLine(
                line, label, t.unit, draw.goal(f, t.unit),
                self.cell(code, f, t.unit, f.measure, f.year),
                [self.cell(code, x, t.unit, f.measure, x.year) for x in line.trend],
                draw.chart(line.trend, t.unit, _("%(target)s by year") % {"target": label},
                           f.measure),
            ))  # fmt: skip
        return shown


def tree_sentence(board: Board) -> str:
    """Which tree the figures are counted on, in a sentence."""
    if board.as_of_tree is None:
        return _(
            "Figures restated on today's tree: the work of organizations since merged or moved "
            "counts where they are now (what a report to the superior shows)."
        )
    return _("Figures counted on the tree as it was on %(date)s.") % {
        "date": date_format(board.as_of_tree, "d/m/Y")
    }


def children_rows(board: Board, url: links) -> SafeString:
    """A row per child, worst first: its name (its own dashboard) and a cell per target, the
    value linked to its records, with the words met / not met."""
    units = {line.figure.measure: line.target.unit for line in board.lines if line.judged}
    labels = {m: escape(capfirst(Measure(m).label)) for m in units}
    rows = []
    for child in board.children:
        org = child.organization
        cells = []
        for measure, unit in units.items():
            f = child.figure(measure)
            c = url.cell(org.code, f, unit, measure, board.year)
            value = escape(c.text)
            if c.url:
                value = f'<a href="{escape(c.url)}">{value}</a>'
            badge = (
                f' <span class="badge {c.status_class}">{escape(c.mark)} {escape(c.status)}</span>'
                if f is not None else ""
            )  # fmt: skip
            cells.append(
                f'<td class="text-sm-end" data-label="{labels[measure]}" data-measure="{measure}">'
                f"{value}{badge}</td>"
            )
        danger = ' class="table-danger"' if child.failing else ""
        failing = (
            _("%(n)s of %(total)s targets not met") % {"n": child.failing, "total": len(units)}
            if child.failing else _("All targets met")
        )  # fmt: skip
        rows.append(
            f'<tr{danger} data-code="{escape(org.code)}"><td class="card-name">'
            f'<a href="{escape(url.dashboard(org.code))}">{escape(org.name)}</a>'
            f'<div class="small text-secondary fw-normal">{escape(failing)}</div></td>'
            f"{''.join(cells)}</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (names, labels and links escaped)
