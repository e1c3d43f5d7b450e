"""The body templates without the database: the shipped defaults reproduce the builders' body
exactly as it was written in Python, the markup's blocks, the refusals, and an edited body
printed in the PDF inside an unchanged HD 36 frame."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coso.documents.bodies.kinds import PLACEHOLDERS, BodyKind, default_text
from coso.documents.bodies.markup import body_blocks
from coso.documents.bodies.samples import check_body, sample_document
from coso.documents.builders import Person, Vote, cell_resolution, member_list
from coso.documents.builders import recognition_decision as recognition
from coso.documents.render import layout
from coso.documents.render.description import Heading, Paragraph, Table
from coso.documents.render.pdf import to_pdf
from tests.documents.samples import (
    AN,
    CANDIDATE,
    CELL,
    CELL_SECRETARY,
    DEPUTY,
    SCHOOL,
    decision,
    letter,
)
from tests.helpers import D, pdf_text

P = Paragraph


def centred(text):
    return P(text, bold=True, indent=False, align="C")


def test_the_transfer_letter_default_is_the_text_it_had():
    assert letter().blocks == (
        P("Giới thiệu đồng chí: Nguyễn Văn An"),
        P("Sinh ngày: 05/03/1999"),
        P("Quê quán: Xã Đông Hưng, tỉnh Thái Bình"),
        P("Là đảng viên chính thức; ngày vào Đảng: 19/05/2020; ngày chính thức: 19/05/2021"),
        P("Số thẻ đảng viên: 01020304"),
        P("Hiện sinh hoạt tại: Chi bộ Khoa Công nghệ thông tin, Đảng bộ Trường Đại học Bách khoa Hà Nội"),
        P("Được chuyển sinh hoạt đảng chính thức đến: Đảng ủy phường Hoàn Kiếm, thành phố Hà Nội"),
        P("Đề nghị các đồng chí tiếp nhận và quản lý đảng viên theo quy định."),
        P("Đồng chí Nguyễn Văn An phải nộp giấy giới thiệu này cho tổ chức đảng nơi đến chậm nhất ngày 03/07/2026."),
    )  # fmt: skip
    sparse = Person("Lê Thị Ánh", D(2003, 8, 2), admitted_on=D(2025, 9, 2))
    temporary = letter(
        member=sparse, kind="temporary", until=D(2026, 12, 31), probationary=True, hand_in_due=None
    )
    assert temporary.blocks == (
        P("Giới thiệu đồng chí: Lê Thị Ánh"),
        P("Sinh ngày: 02/08/2003"),
        P("Là đảng viên dự bị; ngày vào Đảng: 02/09/2025"),
        P("Hiện sinh hoạt tại: Chi bộ Khoa Công nghệ thông tin, Đảng bộ Trường Đại học Bách khoa Hà Nội"),
        P("Được chuyển sinh hoạt đảng tạm thời đến: Đảng ủy phường Hoàn Kiếm, thành phố Hà Nội, đến ngày 31/12/2026"),
        P("Đề nghị các đồng chí tiếp nhận và quản lý đảng viên theo quy định."),
    )  # fmt: skip
    assert letter().recipients == ("Như trên,", "Đ/c Nguyễn Văn An,", "Lưu.")
    assert letter(body=default_text(BodyKind.TRANSFER_LETTER)) == letter()


def test_the_decisions_defaults_are_the_texts_they_had():
    assert decision().blocks == (
        centred("BAN THƯỜNG VỤ ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI"),
        P("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
        P("- Căn cứ Quy định thi hành Điều lệ Đảng và Hướng dẫn thực hiện hiện hành;"),
        P("- Xét Nghị quyết số 03-NQ/CB ngày 05/11/2026 của Chi bộ Khoa Công nghệ thông tin đề nghị kết nạp quần chúng Lê Thị Ngọc Ánh vào Đảng;"),
        centred("QUYẾT ĐỊNH:"),
        P("Điều 1. Kết nạp quần chúng Lê Thị Ngọc Ánh, sinh ngày 02/08/2003, quê quán: Phường Hàm Rồng, tỉnh Thanh Hoá, vào Đảng Cộng sản Việt Nam."),
        P("Điều 2. Thời gian dự bị của đồng chí Lê Thị Ngọc Ánh là 12 tháng, kể từ ngày chi bộ tổ chức lễ kết nạp."),
        P("Điều 3. Chi bộ Khoa Công nghệ thông tin và đồng chí có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."),
    )  # fmt: skip
    assert decision().recipients == ("Như Điều 3,", "Lưu hồ sơ đảng viên.")
    no_hometown = decision(candidate=Person("Lê Thị Ngọc Ánh", D(2003, 8, 2)), basis=("", "Xét;"))
    assert no_hometown.blocks[1:3] == (P("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"), P("- Xét;"))
    assert no_hometown.blocks[4] == P(
        "Điều 1. Kết nạp quần chúng Lê Thị Ngọc Ánh, sinh ngày 02/08/2003, vào Đảng Cộng sản Việt Nam."
    )
    recognized = recognition(
        issuer=SCHOOL,
        signer=DEPUTY,
        decided_on=D(2021, 6, 1),
        place="Hà Nội",
        member=AN,
        official_from=D(2021, 5, 19),
        cell="Chi bộ Khoa Công nghệ thông tin",
        deciding_body="BAN THƯỜNG VỤ ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI",
    )
    assert recognized.blocks == (
        centred("BAN THƯỜNG VỤ ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI"),
        P("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
        centred("QUYẾT ĐỊNH:"),
        P("Điều 1. Công nhận đồng chí Nguyễn Văn An, sinh ngày 05/03/1999, vào Đảng ngày 19/05/2020, là đảng viên chính thức kể từ ngày 19/05/2021."),
        P("Điều 2. Chi bộ Khoa Công nghệ thông tin và đồng chí có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."),
    )  # fmt: skip
    assert recognized.recipients == ("Như Điều 2,", "Lưu hồ sơ đảng viên.")


def test_the_resolution_and_list_defaults_are_the_texts_they_had():
    resolution = cell_resolution(
        issuer=CELL,
        signer=CELL_SECRETARY,
        met_on=D(2026, 11, 5),
        place="Hà Nội",
        cell="Chi bộ Khoa Công nghệ thông tin",
        candidate=CANDIDATE,
        vote=Vote(official=6, probationary=1, present=6, votes_for=5, votes_against=1),
        deciding_committee="Ban Thường vụ Đảng ủy Trường Đại học Bách khoa Hà Nội",
    )
    assert resolution.blocks == (
        P("Ngày 05/11/2026, Chi bộ Khoa Công nghệ thông tin họp xét đề nghị kết nạp quần chúng Lê Thị Ngọc Ánh, sinh ngày 02/08/2003, vào Đảng Cộng sản Việt Nam."),
        P("Tổng số đảng viên của chi bộ: 7, trong đó chính thức: 6, dự bị: 1. Có mặt: 6; vắng mặt: 1."),
        P("Số đảng viên chính thức tán thành việc kết nạp: 5, đạt 83,3% tổng số đảng viên chính thức; không tán thành: 1."),
        centred("QUYẾT NGHỊ:"),
        P("Đề nghị Ban Thường vụ Đảng ủy Trường Đại học Bách khoa Hà Nội xem xét, quyết định kết nạp quần chúng Lê Thị Ngọc Ánh vào Đảng Cộng sản Việt Nam."),
    )  # fmt: skip
    assert resolution.recipients == (
        "Ban Thường vụ Đảng ủy Trường Đại học Bách khoa Hà Nội,",
        "Lưu chi bộ.",
    )
    listed = member_list(
        issuer=CELL,
        signer=CELL_SECRETARY,
        organization="Chi bộ Khoa Công nghệ thông tin",
        on=D(2026, 1, 1),
        members=[AN],
        place="Hà Nội",
    )
    table, total = listed.blocks
    assert isinstance(table, Table) and table.rows[0][1] == "Nguyễn Văn An"
    assert total == P("Tổng số: 1 đảng viên.", indent=False, align="L")
    assert listed.recipients == ("Lưu.",)


def test_the_recipients_an_edited_text_lists():
    body = "Giới thiệu {{ member.full_name }}.\n\n[NƠI NHẬN]\n- Đảng ủy phường,\n\n  Lưu  VP.\n"
    edited = letter(body=body)
    assert edited.recipients == ("Đảng ủy phường,", "Lưu VP.")
    assert edited.blocks == (P("Giới thiệu Nguyễn Văn An."),)
    text = pdf_text(to_pdf(edited), layout=False, squeeze=True)
    assert "Nơi nhận: - Đảng ủy phường, - Lưu VP." in text, text
    assert "Đ/c Nguyễn Văn An," not in text
    # without the section, the default's recipients
    assert letter(body="Giới thiệu {{ member.full_name }}.").recipients == letter().recipients


def test_the_markup():
    text = (
        "# QUYẾT ĐỊNH:\n\n## I. MỤC ĐÍCH, YÊU CẦU\n"
        "Một đoạn viết\n  trên   hai dòng.\n- Căn cứ một;\n- Căn cứ hai\nnối tiếp.\n\n"
        "Điều 1. Giữ nguyên.\n1. Cũng là chữ.\n> Tổng số: {{ count }}.\n\n\n[BẢNG]\nSau bảng.\n"
    )
    table = Table(("TT",), (("1",),))
    context = {"count": 3, "organization": "X", "on": "01/01/2026"}
    assert body_blocks(BodyKind.MEMBER_LIST, text, context, table=table) == [
        centred("QUYẾT ĐỊNH:"),
        Heading("I.", "MỤC ĐÍCH, YÊU CẦU"),
        P("Một đoạn viết trên hai dòng."),
        P("- Căn cứ một;"),
        P("- Căn cứ hai nối tiếp."),
        P("Điều 1. Giữ nguyên. 1. Cũng là chữ."),
        P("Tổng số: 3.", indent=False, align="L"),
        table,
        P("Sau bảng."),
    ]


def messages(kind, text):
    with pytest.raises(ValidationError) as info:
        check_body(kind, text)
    return info.value.messages


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ member.nme }}", "Unknown placeholder {{ member.nme }}: use one of those listed."),
        ("{% if membre.hometown %}x{% endif %}y", "Unknown placeholder {{ membre.hometown }}: use one of those listed."),
        ("{% for g in nothing %}{{ g }}{% endfor %}x", "Unknown placeholder {{ nothing }}: use one of those listed."),
        ("{{ member }}", "Unknown placeholder {{ member }}: use one of those listed."),
        ("{% load static %}x", "The tag “load” is not allowed in a document's text (line 1)."),
        ("x\n{% include 'base.html' %}", "The tag “include” is not allowed in a document's text (line 2)."),
        ("{% extends 'base.html' %}", "The tag “extends” is not allowed in a document's text (line 1)."),
        ("{% ssi '/etc/passwd' %}", "The tag “ssi” is not allowed in a document's text (line 1)."),
        ("{% debug %}", "The tag “debug” is not allowed in a document's text (line 1)."),
        ("{{ status|rjust:'100000000' }}", "The filter “rjust” is not allowed in a document's text."),
        ("{% for c in member.full_name %}{{ c }}{% endfor %}", "Only a list can be looped over: member.full_name is not one."),
        ("{% for c in status|make_list %}{{ c }}{% endfor %}", "The filter “make_list” is not allowed in a document's text."),
        ("{% for c in probationary %}x{% endfor %}", "Only a list can be looped over: probationary is not one."),
        ("{{ member.__class__ }}", "The text has a placeholder or tag that cannot be read on line 1."),
        ("a\n\n{% if status %}x", "The text has a placeholder or tag that cannot be read on line 3."),
        ("Sinh ngày {{ member.birth_date", "The text has a “{{” or “{%” that opens no placeholder or tag."),
        ("  \n\n ", "The document's text is empty."),
        ("{# only a comment #}", "The document's text is empty."),
        ("[BẢNG]", "This document has no table: remove the line [BẢNG]."),
        ("## I.", "A heading “## I.” needs its number and its text."),
        ("A.\n[NƠI NHẬN]\n- \n", "List the recipients under [NƠI NHẬN], one a line, or remove that line."),
        ("A.\n[NƠI NHẬN]\nB,\n[NƠI NHẬN]\nC.", "The line [NƠI NHẬN] may be written once only."),
        ("[NƠI NHẬN]\n- Lưu.", "The document's text is empty."),
    ],
)  # fmt: skip
def test_refusals(text, message):
    assert messages(BodyKind.TRANSFER_LETTER, text) == [message]


def test_every_listed_placeholder_is_given_and_every_default_renders():
    for kind in BodyKind.values:
        check_body(kind, default_text(kind))
        check_body(kind, "x " + " ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS[kind]))
    nested = "{% for a in basis %}{% for b in basis %}{{ a }}{{ b }}{% endfor %}{% endfor %}"
    assert messages(BodyKind.ADMISSION_DECISION, nested) == ["A loop inside a loop is not allowed."]
    looped = "# X\n{% for g in basis %}\n- {{ g|upper }} ({{ forloop.counter }})\n{% endfor %}"
    check_body(BodyKind.ADMISSION_DECISION, looped)
    # each kind's own names only
    assert messages(BodyKind.MEMBER_LIST, "{{ member.full_name }}") == [
        "Unknown placeholder {{ member.full_name }}: use one of those listed."
    ]


def test_an_edited_body_prints_in_the_pdf_and_leaves_the_frame():
    body = (
        "Trân trọng giới thiệu đồng chí {{ member.full_name }} (sinh ngày {{ member.birth_date }}).\n\n"
        "## I. NỘI DUNG CHUYỂN\n\n"
        "> Nơi đến: {{ to_organization }}{% if hand_in_due %}, hạn nộp {{ hand_in_due }}{% endif %}."
    )
    edited, default = letter(body=body), letter()
    text = pdf_text(to_pdf(edited), layout=False, squeeze=True)
    for part in (
        "Trân trọng giới thiệu đồng chí Nguyễn Văn An (sinh ngày 05/03/1999).",
        "I. NỘI DUNG CHUYỂN",
        "Nơi đến: Đảng ủy phường Hoàn Kiếm, thành phố Hà Nội, hạn nộp 03/07/2026.",
        "Số 07-GGT/ĐUK",
        "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG",
        "Hà Nội, ngày 03 tháng 06 năm 2026",
        "Nơi nhận:",
        "T/M BAN THƯỜNG VỤ",
        "Nguyễn Thanh Sơn",
    ):
        assert part in text, part
    assert "Sinh ngày:" not in text and "Đề nghị các đồng chí" not in text
    assert layout.header_band(edited) == layout.header_band(default)
    assert layout.title(edited) == layout.title(default)
    assert layout.closing(edited) == layout.closing(default)
    assert edited.blocks != default.blocks


def test_the_samples_render_every_kind():
    for kind in BodyKind.values:
        assert sample_document(kind).blocks
