"""The PDF read back (pdfplumber, pdftotext, pdffonts): HD 36's parts in order and in place,
A4, page numbers from page 2, every Vietnamese letter in an embedded font that covers it."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace

import pdfplumber
import pytest
from fontTools.ttLib import TTFont

from coso.documents.render import layout
from coso.documents.render.description import (
    Authority,
    DocType,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from coso.documents.render.fonts import FontMissing, find_faces
from coso.documents.render.pdf import to_pdf, to_pdf_many
from tests.documents.samples import decision, letter
from tests.helpers import pdf_text

MM = 72 / 25.4  # points per millimetre
#: every letter of Vietnamese, lower and upper case
LOWER = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
LETTERS = LOWER + LOWER.upper()


def found(page, text: str) -> dict:
    """Where `text` is printed on `page` (the first match), as pdfplumber reports it."""
    matches = page.search(text, regex=False)
    assert matches, f"{text!r} is not on the page"
    return matches[0]


def long_decision():
    body = (Heading("I.", "MỤC ĐÍCH, YÊU CẦU"),) + tuple(
        Paragraph(f"Đoạn {n}: quán triệt, triển khai thực hiện có hiệu quả các nhiệm vụ. " * 5)
        for n in range(1, 16)
    )
    return replace(decision(), blocks=body)


def test_every_part_in_order_and_the_header_columns_in_place():
    doc = letter()
    with pdfplumber.open(io.BytesIO(to_pdf(doc))) as pdf:
        page = pdf.pages[0]
        assert (round(page.width, 1), round(page.height, 1)) == (595.3, 841.9)  # A4
        parent = found(page, "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI")
        issuer = found(page, "ĐẢNG ỦY KHỐI CÁC")
        star = found(page, "*")
        number = found(page, "Số 07-GGT/ĐUK")
        party = found(page, "ĐẢNG CỘNG SẢN VIỆT NAM")
        date = found(page, "Hà Nội, ngày 03 tháng 06 năm 2026")
        left = (parent, issuer, star, number)
        # the left column, top to bottom, left of the party's name and the date line
        assert [m["top"] for m in left] == sorted(m["top"] for m in left)
        assert max(m["x1"] for m in left) < min(party["x0"], date["x0"])
        assert party["top"] < date["top"] < number["bottom"]
        # then the title, the body, the signature and the recipients
        order = [
            found(page, "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG"),
            found(page, "Kính gửi: Đảng ủy phường Hoàn Kiếm"),
            found(page, "Giới thiệu đồng chí: Nguyễn Văn An"),
            found(page, "chậm nhất ngày 03/07/2026."),
            found(page, "T/M BAN THƯỜNG VỤ"),
            found(page, "BÍ THƯ"),
            found(page, "Nguyễn Thanh Sơn"),
        ]
        assert number["bottom"] < order[0]["top"]
        assert [m["top"] for m in order] == sorted(m["top"] for m in order)
        received = found(page, "Nơi nhận:")
        # "Nơi nhận" bottom left, on the signature's band; the signature right
        assert abs(received["top"] - order[4]["top"]) < 1
        assert received["x1"] < order[4]["x0"]
        assert received["x0"] == pytest.approx(layout.MARGIN_LEFT * MM, abs=3)  # cell padding
        assert found(page, "- Lưu.")["top"] > received["top"]


def test_sizes_and_weights_per_hd36():
    with pdfplumber.open(io.BytesIO(to_pdf(decision()))) as pdf:
        chars = pdf.pages[0].chars

    def look(text):
        start = "".join(c["text"] for c in chars).index(text)
        c = chars[start]
        return round(c["size"]), c["fontname"].split("+")[1]

    assert look("ĐẢNG CỘNG SẢN VIỆT NAM") == (15, "LiberationSerifBold")
    assert look("ĐẢNG BỘ KHỐI") == (14, "LiberationSerif")
    assert look("ĐẢNG ỦY TRƯỜNG") == (14, "LiberationSerifBold")
    assert look("Số 45-QĐ/ĐU") == (14, "LiberationSerif")
    assert look("Hà Nội, ngày 20 tháng 11 năm 2026") == (14, "LiberationSerifItalic")
    assert look("QUYẾT ĐỊNH") == (16, "LiberationSerifBold")
    assert look("về việc kết nạp đảng viên") == (14, "LiberationSerifBold")
    assert look("Điều 1.") == (14, "LiberationSerif")
    assert look("T/M BAN THƯỜNG VỤ") == (14, "LiberationSerifBold")
    assert look("Nguyễn Thanh Sơn") == (14, "LiberationSerifBold")
    assert look("Nơi nhận:") == (14, "LiberationSerif")
    assert look("- Như Điều 3,") == (12, "LiberationSerif")


def test_page_numbers_from_page_two_top_centre():
    data = to_pdf(long_decision())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2
        band = layout.MARGIN_TOP * MM  # the page number sits above the text's top margin
        tops = [p.crop((0, 0, p.width, band)).extract_text().strip() for p in pdf.pages]
        assert tops == [""] + [str(n) for n in range(2, len(pdf.pages) + 1)]
        number = found(pdf.pages[1], "2")
        centre = (layout.MARGIN_LEFT + layout.TEXT_WIDTH / 2) * MM
        assert (number["x0"] + number["x1"]) / 2 == pytest.approx(centre, abs=2)


def test_merged_documents_number_their_own_pages():
    data = to_pdf_many([long_decision(), letter()])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        band = layout.MARGIN_TOP * MM
        tops = [p.crop((0, 0, p.width, band)).extract_text().strip() for p in pdf.pages]
    assert tops[0] == "" and tops[1] == "2"
    assert tops[-1] == ""  # the letter starts a page of its own, unnumbered
    assert "Số 07-GGT/ĐUK" in pdf_text(data, layout=False)


def pdffonts(data: bytes, tmp_path) -> list[dict]:
    """pdffonts' rows: the font's name and its "emb" column."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    rows = [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]
    return [{"name": row[0], "emb": row[-5]} for row in rows]


def test_every_vietnamese_letter_printed_in_an_embedded_font_that_covers_it(tmp_path):
    doc = replace(decision(), blocks=(Paragraph("Chữ: " + LETTERS),))
    data = to_pdf(doc)
    printed = pdf_text(data, layout=False)
    assert [ch for ch in LETTERS if ch not in printed] == []
    rows = pdffonts(data, tmp_path)
    assert rows and all(row["emb"] == "yes" for row in rows)
    names = {row["name"].split("+")[1] for row in rows}
    assert names >= {"LiberationSerif", "LiberationSerifBold", "LiberationSerifItalic"}
    for face in find_faces().values():  # no missing-glyph box: each face maps every letter
        cmap = TTFont(face).getBestCmap()
        assert [ch for ch in LETTERS if ord(ch) not in cmap] == []


def test_a_missing_font_names_the_package(tmp_path, settings):
    settings.COSO_FONT_DIR = str(tmp_path)
    with pytest.raises(FontMissing) as caught:
        to_pdf(letter())
    assert "apt-get install fonts-liberation2" in str(caught.value)
    assert f"COSO_FONT_DIR={tmp_path}" in str(caught.value)


def test_minutes_signed_minute_taker_left_chair_right_and_tables_within_the_margins():
    rows = tuple((str(n), f"Đảng viên {n}") for n in range(1, 4))
    minutes = replace(
        letter(),
        doc_type=DocType("BB"),
        blocks=(Table(("TT", "Họ và tên"), rows, (1, 5)),),
        signature=Signature("CHỦ TRÌ", "Nguyễn Thanh Sơn", Authority.ON_BEHALF, "CHI BỘ"),
        second_signature=Signature("THƯ KÝ", "Phạm Minh Đức"),
    )
    with pdfplumber.open(io.BytesIO(to_pdf(minutes))) as pdf:
        page = pdf.pages[0]
        taker, chair = found(page, "THƯ KÝ"), found(page, "CHỦ TRÌ")
        assert found(page, "T/M CHI BỘ")["bottom"] <= chair["top"]
        taker_name, chair_name = found(page, "Phạm Minh Đức"), found(page, "Nguyễn Thanh Sơn")
        assert abs(taker["top"] - chair["top"]) < 1 and taker["x1"] < chair["x0"]
        assert abs(taker_name["top"] - chair_name["top"]) < 1
        assert taker_name["x1"] < chair_name["x0"]
        assert found(page, "Nơi nhận:")["top"] > chair_name["bottom"]
        frame = [e for e in page.rects + page.lines if e["top"] > taker["top"] - 300]
        left, right = layout.MARGIN_LEFT * MM, (layout.PAGE_WIDTH - layout.MARGIN_RIGHT) * MM
        table = [e for e in frame if e["top"] < taker["top"]]
        assert table
        assert min(e["x0"] for e in table) >= left - 0.5
        assert max(e["x1"] for e in table) <= right + 0.5
