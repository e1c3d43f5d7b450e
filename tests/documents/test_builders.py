"""The first documents, built from plain values (and a transfer read from the database), read
back from both renderers: the same text in the .docx and the .pdf."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from coso.documents.builders import (
    Person,
    Vote,
    cell_resolution,
    member_list,
    recognition_decision,
    transfer_letter_of,
)
from coso.documents.render.docx import to_docx
from coso.documents.render.pdf import to_pdf
from coso.members.choices import TransferKind
from coso.members.services import transfers
from tests.documents.samples import (
    AN,
    BLOC,
    CANDIDATE,
    CELL,
    CELL_SECRETARY,
    DEPUTY,
    SCHOOL,
    SECRETARY,
    decision,
    letter,
)
from tests.helpers import make_member, pdf_text

D = dt.date


def printed(document) -> str:
    """The words of the document's PDF, one space apart."""
    return pdf_text(to_pdf(document), layout=False, squeeze=True)


def docx_text(document) -> str:
    doc = docx.Document(io.BytesIO(to_docx(document)))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for c in t._cells for p in c.paragraphs]
    return " ".join(" ".join(parts).split())


def in_both(document, *texts: str) -> None:
    pdf, word = printed(document), docx_text(document)
    for text in texts:
        assert text in pdf, text
        assert text in word, text


def test_transfer_letter():
    doc = letter()
    assert (doc.number_line, doc.doc_type.name) == (
        "Số 07-GGT/ĐUK",
        "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG",
    )
    in_both(
        doc,
        "Kính gửi: Đảng ủy phường Hoàn Kiếm, thành phố Hà Nội",
        "Giới thiệu đồng chí: Nguyễn Văn An",
        "Sinh ngày: 05/03/1999",
        "Là đảng viên chính thức; ngày vào Đảng: 19/05/2020; ngày chính thức: 19/05/2021",
        "Số thẻ đảng viên: 01020304",
        "Được chuyển sinh hoạt đảng chính thức đến: Đảng ủy phường Hoàn Kiếm",
        "phải nộp giấy giới thiệu này cho tổ chức đảng nơi đến chậm nhất ngày 03/07/2026.",
    )
    temporary = letter(kind="temporary", until=D(2026, 12, 31), probationary=True)
    assert "Là đảng viên dự bị; ngày vào Đảng: 19/05/2020" in printed(temporary)
    assert "ngày chính thức" not in printed(temporary)
    assert (
        "sinh hoạt đảng tạm thời đến: Đảng ủy phường Hoàn Kiếm, thành phố Hà Nội, đến ngày 31/12/2026"
        in (printed(temporary))
    )


@pytest.mark.django_db(transaction=True)
def test_transfer_letter_of_an_issued_transfer(tree):
    member = make_member(
        tree["DUK-BK-CNTT"], "Bình", birth_date=D(1990, 2, 3), party_card_number="77001122"
    )
    transfer = transfers.issue_transfer(
        member,
        kind=TransferKind.PERMANENT,
        to=tree["DUK-BK-CK"],
        letter_number="4-GT/CB",
        issued_on=D(2026, 3, 2),
    )
    doc = transfer_letter_of(transfer, issuer=BLOC, signer=DEPUTY, place="Hà Nội", number=12)
    assert transfer.hand_in_due is not None
    in_both(
        doc,
        "Số 12-GGT/ĐUK",
        "Hà Nội, ngày 02 tháng 03 năm 2026",
        "Kính gửi: Chi bộ Khoa Cơ khí",
        "Giới thiệu đồng chí: Nguyễn Văn Bình",
        "Sinh ngày: 03/02/1990",
        "Số thẻ đảng viên: 77001122",
        f"Hiện sinh hoạt tại: {tree['DUK-BK-CNTT'].name}",
        f"chậm nhất ngày {transfer.hand_in_due:%d/%m/%Y}.",
        "K/T BÍ THƯ PHÓ BÍ THƯ",
        "Trần Thị Hoà",
    )


def test_admission_decision():
    doc = decision()
    assert doc.number_line == "Số 45-QĐ/ĐU"
    in_both(
        doc,
        "QUYẾT ĐỊNH về việc kết nạp đảng viên",
        "BAN THƯỜNG VỤ ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI",
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "QUYẾT ĐỊNH:",
        "Điều 1. Kết nạp quần chúng Lê Thị Ngọc Ánh, sinh ngày 02/08/2003, "
        "quê quán: Phường Hàm Rồng, tỉnh Thanh Hoá, vào Đảng Cộng sản Việt Nam.",
        "Điều 2. Thời gian dự bị của đồng chí Lê Thị Ngọc Ánh là 12 tháng",
        "Điều 3. Chi bộ Khoa Công nghệ thông tin và đồng chí có tên tại Điều 1",
        "- Như Điều 3,",
    )


def test_recognition_decision():
    doc = recognition_decision(
        issuer=SCHOOL,
        signer=DEPUTY,
        decided_on=D(2021, 6, 1),
        place="Hà Nội",
        member=AN,
        official_from=D(2021, 5, 19),
        cell="Chi bộ Khoa Công nghệ thông tin",
        deciding_body="BAN THƯỜNG VỤ ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI",
        number=3,
    )
    assert doc.number_line == "Số 03-QĐ/ĐU"
    in_both(
        doc,
        "về việc công nhận đảng viên chính thức",
        "Điều 1. Công nhận đồng chí Nguyễn Văn An, sinh ngày 05/03/1999, vào Đảng ngày "
        "19/05/2020, là đảng viên chính thức kể từ ngày 19/05/2021.",
        "Điều 2. Chi bộ Khoa Công nghệ thông tin",
        "Hà Nội, ngày 01 tháng 06 năm 2021",
    )


def test_cell_resolution():
    doc = cell_resolution(
        issuer=CELL,
        signer=CELL_SECRETARY,
        met_on=D(2026, 11, 5),
        place="Hà Nội",
        cell="Chi bộ Khoa Công nghệ thông tin",
        candidate=CANDIDATE,
        vote=Vote(official=6, probationary=1, present=7, votes_for=5, votes_against=1),
        deciding_committee="Ban Thường vụ Đảng ủy Trường Đại học Bách khoa Hà Nội",
        number=3,
    )
    assert doc.number_line == "Số 03-NQ/CB"
    in_both(
        doc,
        "NGHỊ QUYẾT đề nghị kết nạp đảng viên",
        "Tổng số đảng viên của chi bộ: 7, trong đó chính thức: 6, dự bị: 1. Có mặt: 7; vắng mặt: 0.",
        "tán thành việc kết nạp: 5, đạt 83,3% tổng số đảng viên chính thức; không tán thành: 1.",
        "QUYẾT NGHỊ:",
        "T/M CHI BỘ BÍ THƯ",
        "Phạm Minh Đức",
    )
    assert Vote(official=4, probationary=0, present=4, votes_for=4, votes_against=0).share == "100%"


def test_member_list_is_a_table():
    people = [AN, Person("Trần Thị Bích", D(2001, 12, 9), admitted_on=D(2025, 9, 2))]
    doc = member_list(
        issuer=CELL,
        signer=CELL_SECRETARY,
        organization="Chi bộ Khoa Công nghệ thông tin",
        on=D(2026, 1, 1),
        members=people,
        place="Hà Nội",
    )
    table = docx.Document(io.BytesIO(to_docx(doc))).tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows == [
        ["TT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ"],
        ["1", "Nguyễn Văn An", "05/03/1999", "19/05/2020", "19/05/2021", "01020304"],
        ["2", "Trần Thị Bích", "09/12/2001", "02/09/2025", "dự bị", ""],
    ]
    in_both(
        doc,
        "DANH SÁCH ĐẢNG VIÊN Chi bộ Khoa Công nghệ thông tin tại ngày 01/01/2026",
        "Tổng số: 2 đảng viên.",
        "Nguyễn Văn An",
        "Trần Thị Bích",
    )
    assert SECRETARY.name not in printed(doc)
