"""The decision on a case issued through the documents register (issue 12): numbered in the
deciding organization's register, the case linked to it, the .docx carrying the number, the
subject, the penalty, the legal basis and the deciding body's signature; a number given by hand
issues nothing; every refusal (the limitation period, the competence, no signer) writes no
document."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from coso.discipline import services
from coso.discipline.models import DisciplineCase
from coso.documents.models import IssuedDocument, RegisterEntry
from tests.helpers import refused

from .cell import (  # noqa: F401 (fixtures)
    ck_fixture,
    held_meeting,
    reviewed_case,
    vote,
)

D = dt.date
MET = D(2026, 10, 22)
DECIDED = D(2026, 10, 23)


def _voted(tree, ck, name, penalty, **extra):
    case = reviewed_case(ck[name], penalty, **extra)
    vote(held_meeting(tree, ck, day=MET), case, 17)
    return DisciplineCase.objects.get(pk=case.pk)


def _word(document) -> tuple[list[str], list[str]]:
    """The .docx's paragraphs and its signature block (the last table's right cell)."""
    word = docx.Document(io.BytesIO(document.docx.read()))
    body = [p.text for p in word.paragraphs]
    for table in word.tables:
        for cell in table.rows[0].cells:
            body += [p.text for p in cell.paragraphs]
    signature = [p.text for p in word.tables[-1].rows[0].cells[-1].paragraphs if p.text]
    return body, signature


@pytest.mark.django_db(transaction=True)  # a workflow step, outside a wrapping transaction
def test_the_cell_decision_issued_through_the_register(tree, ck):
    case = _voted(tree, ck, "An01", "warning", state_body="Sở Giáo dục và Đào tạo")
    services.record_decision(case, penalty="warning", decided_by=tree["DUK-BK-CK"],
                             date=DECIDED, signer_name="Lê Văn Bình")  # fmt: skip
    case.refresh_from_db()
    issued = IssuedDocument.objects.select_related("entry").get()
    assert (case.decision_number, case.decision_document_id, case.decision_body) == (
        "01-QĐ/CB", issued.pk, "committee")  # fmt: skip
    assert (issued.kind, issued.entry.subject, issued.entry.organization, issued.entry.issued_on,
            issued.entry.summary, issued.signer) == (
        "discipline_decision", case, tree["DUK-BK-CK"], DECIDED,
        f"Quyết định thi hành kỷ luật đảng viên {case.subject_name}", "Lê Văn Bình",
    )  # fmt: skip
    assert case.steps.get(step="decision").document_number == "01-QĐ/CB"
    body, signature = _word(issued)
    text = "\n".join(body)
    for part in (
        "Số 01-QĐ/CB",
        "CHI BỘ KHOA CƠ KHÍ",
        f"về việc thi hành kỷ luật đảng viên {case.subject_name}",
        "- Căn cứ QĐ 69-QĐ/TW (6/7/2022), Điều 7; Điều lệ Đảng, Điều 35;",
        "- Căn cứ Điều lệ Đảng, Điều 36; QĐ 296-QĐ/TW (30/5/2025) về thẩm quyền thi hành kỷ luật;",
        "thuộc Điều 9 — Vi phạm về nguyên tắc tổ chức và hoạt động của Đảng;",
        "- Xét kết quả biểu quyết ngày 22/10/2026 của Chi bộ Khoa Cơ khí: 17/25 đảng viên chính "
        "thức tán thành;",
        f"Điều 1. Thi hành kỷ luật bằng hình thức CẢNH CÁO đối với đồng chí {case.subject_name}, "
        "đảng viên Chi bộ Khoa Cơ khí.",
        "Trong thời hạn 30 ngày kể từ ngày nhận Quyết định",
        "Sở Giáo dục và Đào tạo (để thi hành kỷ luật về chính quyền),",
    ):
        assert part in text, part
    assert signature == ["T/M CHI BỘ", "BÍ THƯ", "Lê Văn Bình"]


def test_the_inspection_committee_decides_and_signs(tree, ck, bk_secretary):
    case = _voted(tree, ck, "An02", "expulsion")
    services.propose_upward(case, to=tree["DUK-BK"], date=D(2026, 10, 24),
                            document_number="5-TTr/CB")  # fmt: skip
    # no chair on the roster and no name given: refused, nothing written (no number taken)
    refused(lambda: services.record_decision(
        case, penalty="expulsion", decided_by=tree["DUK-BK"], body="inspection_committee",
        date=D(2026, 11, 2), actor=bk_secretary), "no inspection committee chair",
        field="signer_name")  # fmt: skip
    services.record_decision(case, penalty="expulsion", decided_by=tree["DUK-BK"],
                             body="inspection_committee", signer_name="Phạm Thu Hà",
                             date=D(2026, 11, 2), actor=bk_secretary)  # fmt: skip
    case.refresh_from_db()
    assert (case.decision_number, case.decision_body, case.member.status) == (
        "01-QĐ/ĐU", "inspection_committee", "expelled")  # fmt: skip
    body, signature = _word(case.decision_document)
    text = "\n".join(body)
    for part in (
        "ỦY BAN KIỂM TRA",
        "ỦY BAN KIỂM TRA ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI",
        "- Xét đề nghị số 5-TTr/CB ngày 24/10/2026 của Chi bộ Khoa Cơ khí;",
        "Thi hành kỷ luật bằng hình thức KHAI TRỪ",
    ):
        assert part in text, part
    assert signature == ["T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM", "Phạm Thu Hà"]


def test_the_refused_decision_writes_no_document(tree, ck):
    # a breach of 2019 opened as a warning; the reprimand is past its limitation period
    case = _voted(tree, ck, "An03", "warning", breach_on=D(2019, 5, 14))
    services.propose_upward(case, to=tree["DUK-BK"], date=D(2026, 10, 24))
    refused(lambda: services.record_decision(
        case, penalty="reprimand", decided_by=tree["DUK-BK"], date=D(2026, 10, 30),
        signer_name="Lê Văn Bình"), "limitation period for reprimand has passed",
        "14/05/2024", field="penalty")  # fmt: skip
    # a cell has no inspection committee
    refused(lambda: services.record_decision(
        case, penalty="warning", decided_by=tree["DUK-BK-CK"], body="inspection_committee",
        date=D(2026, 10, 30), signer_name="Lê Văn Bình"), "a cell has none", field="body")  # fmt: skip
    assert not RegisterEntry.objects.exists()


def test_a_number_given_by_hand_issues_nothing(tree, ck):
    case = _voted(tree, ck, "An04", "reprimand")
    services.record_decision(case, penalty="reprimand", decided_by=tree["DUK-BK-CK"],
                             decision_number="12-QĐ/CB", date=DECIDED)  # fmt: skip
    case.refresh_from_db()
    assert (case.decision_number, case.decision_document_id) == ("12-QĐ/CB", None)
    assert not IssuedDocument.objects.exists()
