"""A party document as .docx (python-docx), editable in Word: the same layout as the PDF.

Fonts are named "Times New Roman" (Word has it; LibreOffice maps it to Liberation Serif, same
metrics). The two bands (header; signatures with "Nơi nhận") are borderless two-column tables;
page numbers are a PAGE field at the top centre of every page but the first.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from coso.documents.render import layout as L
from coso.documents.render.description import Document

FONT = "Times New Roman"
ALIGN = {
    "L": WD_ALIGN_PARAGRAPH.LEFT,
    "C": WD_ALIGN_PARAGRAPH.CENTER,
    "R": WD_ALIGN_PARAGRAPH.RIGHT,
    "J": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _font(run, size: float, *, bold=False, italic=False, underline=False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _spacing(paragraph, size: float) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if size >= L.SIZE_BODY:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(L.LINE_PT)
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _line(container, line: L.Line, *, reuse=None):
    paragraph = reuse if reuse is not None else container.add_paragraph()
    paragraph.alignment = ALIGN[line.align]
    _spacing(paragraph, line.size)
    if line.indent:
        paragraph.paragraph_format.first_line_indent = Mm(L.INDENT_MM)
    run = paragraph.add_run(line.text)
    _font(run, line.size, bold=line.bold, italic=line.italic, underline=line.underline or line.rule)
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _band(doc, band: L.Band) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    widths = (Mm(L.TEXT_WIDTH * L.LEFT_SHARE), Mm(L.TEXT_WIDTH * (1 - L.LEFT_SHARE)))
    for cell, width, lines in zip(
        table.rows[0].cells, widths, (band.left, band.right), strict=True
    ):
        cell.width = width
        first = cell.paragraphs[0]
        if not lines:
            _spacing(first, L.SIZE_BODY)
        for n, line in enumerate(lines):
            _line(cell, line, reuse=first if n == 0 else None)


def _table(doc, block: L.TableBlock) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate((block.header, *block.rows)):
        row = table.rows[r]
        if r == 0:  # repeat the header row on every page
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Mm(L.TEXT_WIDTH * block.widths[c])
            paragraph = cell.paragraphs[0]
            _spacing(paragraph, block.size)
            _font(paragraph.add_run(value), block.size, bold=r == 0)


def _page_numbers(section) -> None:
    """A PAGE field at the top centre; the first page's header stays empty."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(L.PAGE_NUMBER_TOP)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, L.PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH), Mm(L.PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP), Mm(L.MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT), Mm(L.MARGIN_RIGHT)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(L.SIZE_BODY)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _page_numbers(section)


def to_docx(document: Document) -> bytes:
    """One document as .docx bytes."""
    doc = new_docx()
    _page(doc)
    doc.core_properties.title = f"{document.doc_type.name} {document.number_text}"
    doc.core_properties.author = "coso"
    for item in L.layout(document):
        if isinstance(item, L.Band):
            _band(doc, item)
        elif isinstance(item, L.TableBlock):
            _table(doc, item)
        else:
            _line(doc, item)
    return _as_bytes(doc)


def _as_bytes(doc) -> bytes:
    """The file's bytes (python-docx's `save` to memory: no database row is written)."""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
