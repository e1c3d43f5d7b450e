"""A meeting's minutes (BB) and resolution (NQ) through the register (issue 11, item 4;
DOMAIN.md §5, §11, §13): numbered, rendered to .pdf and .docx with HD 12's parts, the
minute-taker signing on the left and the chair on the right; refused for minutes not adopted;
out of scope a 404."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from coso.accounts.services import add_user
from coso.core.scope import OutOfScope
from coso.documents.models import IssuedDocument, RegisterEntry
from coso.documents.services import issue_document
from coso.meetings import services
from coso.meetings.models import Meeting
from tests.helpers import PASSWORD, pdf_text, refused

from .documents_setup import adopted_meeting, cell_secretary_on_roster, held_meeting

pytestmark = pytest.mark.django_db
T = dt.time
D = dt.date

#: the membership report and the votes, as the minutes print them (pdftotext, one line)
MINUTES_PARTS = (
    "Số 01-BB/CB",
    "BIÊN BẢN Sinh hoạt thường kỳ tháng 11 năm 2026",
    "Vào lúc 14 giờ 00 ngày 10/11/2026, tại Phòng 301 nhà C1, Chi bộ Khoa Công nghệ thông tin "
    "tiến hành sinh hoạt thường kỳ tháng 11 năm 2026.",
    "- Chủ trì: đồng chí Nguyễn Văn An.",
    "- Thư ký: đồng chí Nguyễn Văn Hà.",
    "- Tổng số đảng viên: 11 đồng chí (chính thức: 8; dự bị: 1; sinh hoạt tạm thời: 1; tạm "
    "chuyển sinh hoạt đi nơi khác: 1); miễn công tác và sinh hoạt đảng: 1.",
    "- Có mặt: 7 đồng chí.",
    "- Vắng mặt có lý do: 1 đồng chí: Nguyễn Văn Bình (Đi công tác).",
    "- Vắng mặt không có lý do: 1 đồng chí: Nguyễn Văn Chi.",
    "- Đảng viên có quyền biểu quyết: 7; có mặt: 5.",
    "Chương trình: Kiểm điểm tháng 11; Nhiệm vụ tháng 12.",
    "1. Kiểm điểm nhiệm vụ tháng 11 Ý kiến phát biểu: Nguyễn Văn An, Nguyễn Văn Dũng. "
    "Đồng chí An báo cáo kết quả tháng 11. Đồng chí Dũng đề nghị bổ sung chỉ tiêu.",
    "III. KẾT LUẬN CỦA CHỦ TRÌ Chi bộ hoàn thành nhiệm vụ tháng 11. Giao đồng chí Giang chuẩn "
    "bị chuyên đề tháng 12.",
    "1. Thông qua nghị quyết tháng 11: tán thành 5/7 đảng viên có quyền biểu quyết (71,4%); "
    "không tán thành 0; không biểu quyết 0. Kết quả: thông qua.",
    "2. Bổ sung chỉ tiêu: tán thành 3/7 đảng viên có quyền biểu quyết (42,9%); không tán "
    "thành 2; không biểu quyết 0. Kết quả: không được thông qua.",
    "Chất lượng buổi sinh hoạt: Tốt (92/100 điểm).",
    "Hội nghị kết thúc vào lúc 16 giờ 00 cùng ngày.",
)


@pytest.fixture
def adopted(tree, cell, cell_secretary):
    cell_secretary_on_roster(tree, cell)
    return adopted_meeting(tree, cell, cell_secretary)


def _columns(text: str, left: str, right: str) -> tuple[int, int]:
    """Where `left` and `right` start on the one line of the PDF's layout holding both."""
    line = next(line for line in text.splitlines() if left in line and right in line)
    return line.index(left), line.index(right)


def test_the_minutes_hold_hd12s_parts_and_the_two_signatures(adopted, cell_secretary):
    doc = issue_document("meeting_minutes", adopted, actor=cell_secretary)
    entry = doc.entry
    assert (entry.symbol, entry.doc_type, entry.issued_on, entry.organization.code) == (
        "01-BB/CB", "BB", D(2026, 11, 10), "DUK-BK-CNTT"
    )  # fmt: skip
    assert entry.summary == "Biên bản sinh hoạt thường kỳ tháng 11 năm 2026"
    assert (entry.subject, entry.issuer, doc.kind, doc.signer) == (
        adopted, cell_secretary, "meeting_minutes", "Nguyễn Văn An"
    )  # fmt: skip
    pdf = doc.pdf.read()
    flat = pdf_text(pdf, squeeze=True)
    for part in MINUTES_PARTS:
        assert part in flat, part
    # the minute-taker signs on the left, the chair on the right: posts and names in line
    layout = pdf_text(pdf)
    thu_ky, chu_tri = _columns(layout, "THƯ KÝ", "CHỦ TRÌ")
    ha, an = _columns(layout, "Nguyễn Văn Hà", "Nguyễn Văn An")
    assert thu_ky < chu_tri and ha < an
    assert "T/M CHI BỘ" not in layout


def test_the_minutes_as_word_sign_in_two_columns(adopted, cell_secretary):
    doc = issue_document("meeting_minutes", adopted, actor=cell_secretary)
    word = docx.Document(io.BytesIO(doc.docx.read()))
    body = [p.text for p in word.paragraphs]
    assert "- Có mặt: 7 đồng chí." in body
    assert "- Vắng mặt có lý do: 1 đồng chí: Nguyễn Văn Bình (Đi công tác)." in body
    assert "- Đảng viên có quyền biểu quyết: 7; có mặt: 5." in body
    signatures = word.tables[-1].rows[0].cells
    left = [p.text for p in signatures[0].paragraphs if p.text]
    right = [p.text for p in signatures[1].paragraphs if p.text]
    assert (left, right) == (["THƯ KÝ", "Nguyễn Văn Hà"], ["CHỦ TRÌ", "Nguyễn Văn An"])


def test_the_resolution_decides_the_conclusion_signed_for_the_cell(adopted, cell_secretary):
    doc = issue_document("meeting_resolution", adopted, actor=cell_secretary)
    assert (doc.entry.symbol, doc.entry.summary, doc.signer) == (
        "01-NQ/CB", "Nghị quyết sinh hoạt thường kỳ tháng 11 năm 2026", "Nguyễn Văn Khánh"
    )  # fmt: skip
    flat = pdf_text(doc.pdf.read(), squeeze=True)
    for part in (
        "NGHỊ QUYẾT Sinh hoạt thường kỳ tháng 11 năm 2026",
        "- Căn cứ kết quả sinh hoạt thường kỳ tháng 11 năm 2026 của Chi bộ Khoa Công nghệ "
        "thông tin ngày 10/11/2026, có mặt 7/11 đảng viên, trong đó 5/7 đảng viên có quyền "
        "biểu quyết,",
        "QUYẾT NGHỊ: Chi bộ hoàn thành nhiệm vụ tháng 11. Giao đồng chí Giang chuẩn bị chuyên "
        "đề tháng 12. Nghị quyết được hội nghị biểu quyết thông qua: 1. Thông qua nghị quyết "
        "tháng 11: tán thành 5/7 đảng viên có quyền biểu quyết (71,4%)",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Nguyễn Văn Khánh",
        "- Các đảng viên trong chi bộ,",
    ):
        assert part in flat, part
    assert "Bổ sung chỉ tiêu" not in flat  # the vote that did not pass decides nothing
    word = docx.Document(io.BytesIO(doc.docx.read()))
    signature = [p.text for p in word.tables[-1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn Khánh"]


def test_refused_before_the_minutes_are_adopted(tree, cell, cell_secretary):
    meeting = held_meeting(tree, cell, cell_secretary)
    for kind in ("meeting_minutes", "meeting_resolution"):
        refused(
            lambda k=kind: issue_document(k, meeting, actor=cell_secretary),
            "The minutes of this meeting are not adopted yet: its documents are issued from "
            "adopted minutes only.",
        )
    assert RegisterEntry.objects.count() == 0


def test_a_resolution_needs_a_vote_that_passed(tree, cell, cell_secretary):
    meeting = services.plan_meeting(tree["DUK-BK-CNTT"], kind="regular", date=D(2026, 11, 10))
    services.record_attendance(meeting)
    services.adopt_minutes(meeting, starts_at=T(14, 0), ends_at=T(16, 0), conclusion="Thống nhất.")
    refused(
        lambda: issue_document("meeting_resolution", meeting, actor=cell_secretary),
        "No vote of this meeting passed: it has no resolution to issue.",
    )
    refused(
        lambda: issue_document(
            "meeting_minutes", meeting, issued_on=D(2026, 11, 9), actor=cell_secretary
        ),
        "The document cannot be dated before the meeting.",
        field="issued_on",
    )


def test_without_a_recorded_chair_the_secretary_chairs_and_the_minute_taker_is_typed(
    tree, cell, cell_secretary
):
    meeting = adopted_meeting(tree, cell, cell_secretary, chair=False)
    refused(
        lambda: issue_document("meeting_minutes", meeting, actor=cell_secretary),
        "The meeting names no chair and Chi bộ Khoa Công nghệ thông tin has no secretary on "
        "its roster on 10/11/2026: type the chair's name.",
        field="signer_name",
    )
    cell_secretary_on_roster(tree, cell)
    refused(
        lambda: issue_document("meeting_minutes", meeting, actor=cell_secretary),
        "The meeting names no minute-taker: type the minute-taker's name.",
        field="second_signer_name",
    )
    doc = issue_document(
        "meeting_minutes", meeting, second_signer_name=" Lê Thị Mai ", actor=cell_secretary
    )
    taker, chair = _columns(pdf_text(doc.pdf.read()), "Lê Thị Mai", "Nguyễn Văn Khánh")
    assert taker < chair
    assert doc.signer == "Nguyễn Văn Khánh"


def test_a_correction_after_issuing_keeps_the_issued_file(adopted, cell_secretary):
    """The register keeps the minutes as issued; issued again, they show the corrected text
    and the correction (docs/decisions.md)."""
    first = issue_document("meeting_minutes", adopted, actor=cell_secretary)
    issued = first.pdf.read()
    services.correct_minutes(
        adopted, reason="Ghi nhầm giờ kết thúc", ends_at=T(16, 20), actor=cell_secretary
    )
    first.refresh_from_db()
    assert first.pdf.read() == issued
    assert "kết thúc vào lúc 16 giờ 00" in pdf_text(issued, squeeze=True)
    again = issue_document("meeting_minutes", adopted, actor=cell_secretary)
    flat = pdf_text(again.pdf.read(), squeeze=True)
    assert again.entry.symbol == "02-BB/CB"
    assert "kết thúc vào lúc 16 giờ 20 cùng ngày." in flat
    assert "Ghi nhầm giờ kết thúc." in flat and "Đính chính ngày " in flat


def test_out_of_scope_is_refused_and_changes_nothing(tree, adopted):
    outsider = add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary",
                        password=PASSWORD)  # fmt: skip
    reader = add_user("dangvien_cntt", organization=tree["DUK-BK-CNTT"], role="member",
                      password=PASSWORD)  # fmt: skip
    for actor in (outsider, reader):
        for kind in ("meeting_minutes", "meeting_resolution"):
            refused(lambda a=actor, k=kind: issue_document(k, adopted, actor=a), raises=OutOfScope)


@pytest.mark.django_db(transaction=True)
def test_issuing_outside_a_wrapping_transaction(tree, cell, cell_secretary):
    """Both kinds commit on their own (PostgreSQL in CI): the meeting locked with its chair and
    minute-taker joined, the number taken, the files kept."""
    cell_secretary_on_roster(tree, cell)
    meeting = adopted_meeting(tree, cell, cell_secretary)
    minutes = issue_document("meeting_minutes", meeting, actor=cell_secretary)
    resolution = issue_document("meeting_resolution", meeting, actor=cell_secretary)
    assert [d.entry.symbol for d in IssuedDocument.objects.order_by("pk")] == [
        "01-BB/CB", "01-NQ/CB"
    ]  # fmt: skip
    assert (minutes.signer, resolution.signer) == ("Nguyễn Văn An", "Nguyễn Văn Khánh")
    assert Meeting.objects.get().status == "adopted"
