"""The .docx read back with python-docx: A4 and HD 36's margins, Times New Roman in HD 36's sizes
and weights, the two bands' columns, page numbers from page 2."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from coso.documents.render.description import Authority, DocType, Signature
from coso.documents.render.docx import to_docx
from tests.documents.samples import decision, letter


def mm(length) -> float:
    """A length in millimetres, to a tenth (Word keeps twentieths of a point)."""
    return round(length.mm, 1)


def read(document) -> docx.document.Document:
    return docx.Document(io.BytesIO(to_docx(document)))


def cell_lines(cell) -> list[tuple[str, float, bool, bool, bool]]:
    """Each paragraph of `cell`: text, size, bold, italic, underline (of its one run)."""
    out = []
    for p in cell.paragraphs:
        run = p.runs[0]
        font = run.font
        out.append((p.text, font.size.pt, bool(font.bold), bool(font.italic), bool(font.underline)))
    return out


def test_page_is_a4_with_hd36_margins_and_numbers_from_page_two():
    section = read(letter()).sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [mm(m) for m in margins] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer is True
    assert section.first_page_header.paragraphs[0].text == ""
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    fields = number._p.findall(".//" + qn("w:instrText"))
    assert [f.text for f in fields] == ["PAGE"]


def test_header_band_left_and_right_columns():
    doc = read(decision())
    left, right = doc.tables[0].rows[0].cells
    assert cell_lines(left) == [
        ("ĐẢNG BỘ KHỐI CÁC TRƯỜNG ĐẠI HỌC, CAO ĐẲNG HÀ NỘI", 14, False, False, False),
        ("ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI", 14, True, False, False),
        ("*", 14, False, False, False),
        ("Số 45-QĐ/ĐU", 14, False, False, False),
    ]
    assert cell_lines(right) == [
        ("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True, False, True),
        ("", 14, False, False, False),
        ("Hà Nội, ngày 20 tháng 11 năm 2026", 14, False, True, False),
    ]
    assert {p.alignment for p in left.paragraphs + right.paragraphs} == {WD_ALIGN_PARAGRAPH.CENTER}


def test_every_run_is_times_new_roman_and_the_title_is_bold_caps():
    doc = read(decision())
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"Times New Roman"}
    assert doc.styles["Normal"].font.name == "Times New Roman"
    texts = [
        (p.text, p.runs[0].font.size.pt, p.runs[0].font.bold) for p in doc.paragraphs if p.text
    ]
    assert texts[:2] == [("QUYẾT ĐỊNH", 16, True), ("về việc kết nạp đảng viên", 14, True)]
    article = next(p for p in doc.paragraphs if p.text.startswith("Điều 1."))
    assert article.runs[0].font.size == Pt(14) and not article.runs[0].font.bold
    assert article.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert mm(article.paragraph_format.first_line_indent) == 10
    assert article.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert article.paragraph_format.line_spacing == Pt(18)


def test_signature_right_and_recipients_left():
    doc = read(letter())
    left, right = doc.tables[-1].rows[0].cells
    lines = cell_lines(right)
    assert lines[0] == ("T/M BAN THƯỜNG VỤ", 14, True, False, False)
    assert lines[1] == ("BÍ THƯ", 14, False, False, False)
    assert lines[-1] == ("Nguyễn Thanh Sơn", 14, True, False, False)
    assert {p.alignment for p in right.paragraphs} == {WD_ALIGN_PARAGRAPH.CENTER}
    assert cell_lines(left) == [
        ("Nơi nhận:", 14, False, False, True),
        ("- Như trên,", 12, False, False, False),
        ("- Đ/c Nguyễn Văn An,", 12, False, False, False),
        ("- Lưu.", 12, False, False, False),
    ]
    assert {p.alignment for p in left.paragraphs} == {WD_ALIGN_PARAGRAPH.LEFT}


def test_minutes_signed_minute_taker_left_chair_right():
    minutes = replace(
        letter(),
        doc_type=DocType("BB"),
        signature=Signature("CHỦ TRÌ", "Nguyễn Thanh Sơn", Authority.ON_BEHALF, "CHI BỘ"),
        second_signature=Signature("THƯ KÝ", "Phạm Minh Đức"),
    )
    doc = read(minutes)
    left, right = doc.tables[-1].rows[0].cells
    assert [line[0] for line in cell_lines(left)][:2] == ["", "THƯ KÝ"]  # on the chair's post row
    assert cell_lines(left)[-1] == ("Phạm Minh Đức", 14, True, False, False)
    assert [line[0] for line in cell_lines(right)][:2] == ["T/M CHI BỘ", "CHỦ TRÌ"]
    assert cell_lines(right)[-1] == ("Nguyễn Thanh Sơn", 14, True, False, False)
    # "Nơi nhận" follows the two signatures, below the band
    texts = [p.text for p in doc.paragraphs]
    assert texts[-4:] == ["Nơi nhận:", "- Như trên,", "- Đ/c Nguyễn Văn An,", "- Lưu."]
