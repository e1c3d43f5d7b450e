"""A party document as PDF (fpdf2, pure Python): A4, Liberation Serif embedded, HD 36 layout.

Draws what `render.layout` gives, nothing more. `to_pdf_many` puts several documents in one
file (a season's transfer letters): each starts on a new page and numbers its own pages.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.fonts import FontFace

from coso.documents.render import layout as L
from coso.documents.render.description import Document
from coso.documents.render.fonts import faces

FAMILY = "LiberationSerif"
PT = 25.4 / 72  # millimetres per point


def _text(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def line_height(size: float) -> float:
    """Millimetres per line: 18 pt exactly for the body sizes, tighter for the small rows."""
    return (L.LINE_PT if size >= L.SIZE_BODY else size * 1.3) * PT


class _Pdf(FPDF):
    def __init__(self):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.faces = faces()
        self.added: set[str] = set()  # a face is read when first used (each costs ~30 ms)
        self.set_margins(L.MARGIN_LEFT, L.MARGIN_TOP, L.MARGIN_RIGHT)
        self.set_auto_page_break(True, margin=L.MARGIN_BOTTOM)
        self.doc_start = 1  # the file's page where the current document began
        self.set_creator("coso")

    def header(self):
        number = L.page_number(self.page_no() - self.doc_start + 1)
        if number:
            self.face("", L.PAGE_NUMBER_SIZE)
            self.set_xy(L.MARGIN_LEFT, L.PAGE_NUMBER_TOP)
            self.cell(L.TEXT_WIDTH, L.PAGE_NUMBER_SIZE * PT, number, align="C")
            self.set_xy(L.MARGIN_LEFT, L.MARGIN_TOP)

    # --- drawing one line ---------------------------------------------------------------------

    def face(self, style: str, size: float, underline: bool = False) -> None:
        if style not in self.added:
            self.add_font(FAMILY, style, str(self.faces[style]))
            self.added.add(style)
        self.set_font(FAMILY, style + ("U" if underline else ""), size)

    def use(self, line: L.Line) -> None:
        style = ("B" if line.bold else "") + ("I" if line.italic else "")
        self.face(style, line.size, line.underline)

    def height_of(self, line: L.Line, width: float) -> float:
        self.use(line)
        lines = self.multi_cell(
            width,
            line_height(line.size),
            _text(line.text),
            dry_run=True,
            output=MethodReturnValue.LINES,
        )
        return max(1, len(lines)) * line_height(line.size)

    def draw(self, line: L.Line, x: float, width: float) -> None:
        self.use(line)
        text = _text(line.text)
        if line.indent and text:
            self.paragraph(line, text, x, width)
            return
        self.set_x(x)
        h = line_height(line.size)
        self.multi_cell(width, h, text, align=line.align, new_x=XPos.LEFT, new_y=YPos.NEXT)
        if line.rule and text:
            w = self.get_string_width(text)
            y = self.get_y() - 0.2 * h
            left = x + (width - w) / 2
            self.set_line_width(0.3)
            self.line(left, y, left + w, y)

    def paragraph(self, line: L.Line, text: str, x: float, width: float) -> None:
        """A body paragraph with its first line indented; it flows over pages."""
        with self.text_columns(
            text_align=line.align,
            line_height=L.LINE_PT / line.size,
            l_margin=x,
            r_margin=L.PAGE_WIDTH - x - width,
        ) as columns:
            with columns.paragraph(first_line_indent=L.INDENT_MM) as par:
                par.write(text)
        self.set_x(x)

    # --- blocks -------------------------------------------------------------------------------

    def column(self, lines: Iterable[L.Line], x: float, width: float, top: float) -> float:
        self.set_xy(x, top)
        for line in lines:
            self.draw(line, x, width)
        return self.get_y()

    def band(self, band: L.Band) -> None:
        left_w = L.TEXT_WIDTH * L.LEFT_SHARE
        right_w = L.TEXT_WIDTH - left_w
        right_x = L.MARGIN_LEFT + left_w
        need = max(
            sum(self.height_of(line, left_w) for line in band.left),
            sum(self.height_of(line, right_w) for line in band.right),
        )
        if self.get_y() + need > self.page_break_trigger:
            self.add_page()
        top = self.get_y()
        bottom_left = self.column(band.left, L.MARGIN_LEFT, left_w, top)
        page = self.page
        bottom_right = self.column(band.right, right_x, right_w, top)
        bottom = max(bottom_left, bottom_right) if self.page == page else bottom_right
        self.set_xy(L.MARGIN_LEFT, bottom)

    def table_block(self, block: L.TableBlock) -> None:
        self.face("B", block.size)  # the header row's face, read before the table needs it
        self.face("", block.size)
        widths = tuple(w * L.TEXT_WIDTH for w in block.widths)
        with self.table(
            col_widths=widths,
            width=L.TEXT_WIDTH,
            align="LEFT",  # from the left margin (CENTER centres on the page)
            line_height=line_height(block.size),
            text_align="LEFT",
            first_row_as_headings=True,
            headings_style=FontFace(emphasis="BOLD"),
            repeat_headings=1,
        ) as table:
            head = table.row()
            for cell in block.header:
                head.cell(_text(cell))
            for values in block.rows:
                row = table.row()
                for cell in values:
                    row.cell(_text(cell))
        self.set_x(L.MARGIN_LEFT)

    def document(self, doc: Document) -> None:
        self.doc_start = self.page + 1
        self.add_page()
        for item in L.layout(doc):
            if isinstance(item, L.Band):
                self.band(item)
            elif isinstance(item, L.TableBlock):
                self.table_block(item)
            else:
                self.draw(item, L.MARGIN_LEFT, L.TEXT_WIDTH)


def to_pdf_many(documents: Iterable[Document], *, title: str = "") -> bytes:
    """Several documents in one PDF, each from a new page with its own page numbers."""
    pdf = _Pdf()
    if title:
        pdf.set_title(title)
    for doc in documents:
        pdf.document(doc)
    return bytes(pdf.output())


def to_pdf(document: Document) -> bytes:
    """One document as PDF bytes."""
    title = f"{document.doc_type.name} {document.number_text}"
    return to_pdf_many([document], title=title)
