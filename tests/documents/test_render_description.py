"""The description: the number and date lines as HD 36 prints them, and its refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coso.documents.render.description import (
    Authority,
    Body,
    DocType,
    Document,
    Paragraph,
    Signature,
    Table,
)
from tests.documents.samples import BLOC, SECRETARY


def doc(**over) -> Document:
    values = dict(
        body=BLOC,
        doc_type=DocType("KH"),
        number=74,
        date=dt.date(2022, 10, 27),
        place="Hà Nội",
        signature=SECRETARY,
    )
    return Document(**(values | over))


def test_number_line_has_no_colon_and_a_leading_zero_under_ten():
    assert doc().number_line == "Số 74-KH/ĐUK"
    assert doc(number=5, doc_type=DocType("QĐ")).number_line == "Số 05-QĐ/ĐUK"
    assert doc(number=10).number_line == "Số 10-KH/ĐUK"
    assert doc(number=None).number_line == "Số       -KH/ĐUK"  # a blank to fill before issue


def test_date_line_pads_day_and_month_under_ten():
    assert doc().date_line == "Hà Nội, ngày 27 tháng 10 năm 2022"
    assert doc(date=dt.date(2026, 3, 5)).date_line == "Hà Nội, ngày 05 tháng 03 năm 2026"


def test_type_name_from_its_code_or_given():
    assert DocType("KH").name == "KẾ HOẠCH"
    assert DocType("BB").name == "BIÊN BẢN"
    assert DocType("GGT", "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG").name == "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG"


def test_authority_lines():
    assert SECRETARY.authority_line == "T/M BAN THƯỜNG VỤ"
    deputy = Signature("PHÓ BÍ THƯ", "Trần Hoà", Authority.DEPUTY, "BÍ THƯ")
    assert deputy.authority_line == "K/T BÍ THƯ"
    assert Signature("CHÁNH VĂN PHÒNG", "Lê Hà", "T/L", "BAN THƯỜNG VỤ").authority_line == (
        "T/L BAN THƯỜNG VỤ"
    )
    assert Signature("BÍ THƯ", "Lê Hà", "Q.", "BÍ THƯ").authority_line == "Q. BÍ THƯ"
    assert Signature("THƯ KÝ", "Lê Hà").authority_line == ""


def message(call) -> str:
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        call()
    return caught.value.messages[0]


def test_refusals_say_what_is_wrong_in_vietnamese():
    assert message(lambda: Body("Đảng ủy Khối", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "ĐUK")) == (
        "Tên cơ quan ban hành của văn bản phải viết in hoa: Đảng ủy Khối"
    )
    assert message(lambda: doc(number=0)) == "Số văn bản bắt đầu từ 1: 0"
    assert message(lambda: DocType("XX")) == "Loại văn bản XX chưa có tên: hãy ghi tên loại."
    assert message(lambda: Table(("TT", "Họ tên"), (("1",),))) == (
        "Dòng 1 của bảng có 1 ô; dòng tiêu đề có 2 ô."
    )
    assert message(lambda: Signature("BÍ THƯ", "Lê Hà", on_behalf_of="CHI BỘ")) == (
        "Chữ ký không có T/M, K/T, T/L hay Q. thì không ký thay ai."
    )
    assert message(lambda: Signature("BÍ THƯ", "")) == "Họ tên người ký của văn bản đang để trống."
    assert message(lambda: doc(place=" ")) == "Địa danh của văn bản đang để trống."
    assert message(lambda: Body("CHI BỘ A", "ĐẢNG ỦY B", "C/B")) == (
        "Ký hiệu cơ quan ban hành không được chứa dấu gạch chéo hay dấu cách: C/B"
    )
    assert message(lambda: doc(blocks=["một đoạn"])) == (
        "Nội dung văn bản chỉ gồm các đoạn văn, đề mục và bảng."
    )
    assert message(lambda: Paragraph("x", align="X")) == "Kiểu căn lề đoạn văn không rõ: X"
