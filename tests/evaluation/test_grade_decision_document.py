"""The decision on grades issued through the documents register: numbered in the deciding
organization's register, the decision keeping its number and document, the .docx carrying the
number, the title, the legal basis of the period's rules, the signature and the appended list
grouped by grade with the counts; every refusal writes no document."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.utils import translation

from coso.documents.models import IssuedDocument
from coso.evaluation.documents import issue_grade_decision
from coso.evaluation.models import GradeDecision
from tests.helpers import refused

from .four_good_setup import evaluation, year_period

pytestmark = pytest.mark.django_db
DECIDED = dt.date(2026, 1, 12)


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids (the Vietnamese catalog has them all)."""
    with translation.override("en"):
        yield


def _word(document) -> tuple[str, list[str]]:
    """The .docx's text (paragraphs and table cells) and its signature block."""
    word = docx.Document(io.BytesIO(document.docx.read()))
    body = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            body += [" | ".join(c.text for c in row.cells)]
    signature = [p.text for p in word.tables[-1].rows[0].cells[-1].paragraphs if p.text]
    return "\n".join(body), signature


def _decision(tree, members, *, by="DUK-BK", kind="member", grades=None):
    period = year_period(tree["DUK"], 2025)
    decision = GradeDecision.objects.create(
        period=period, organization=tree[by], subject_kind=kind, decided_on=DECIDED
    )
    grades = grades or {"an": "excellent", "duc": "good", "hoa": "good", "binh": "complete"}
    for key, grade in grades.items():
        m = members[key]
        evaluation(period, m.organization, member=m, grade=grade, quota_unit=tree["DUK-BK"],
                   decision=decision)  # fmt: skip
    return decision


@pytest.mark.django_db(transaction=True)  # a workflow step, outside a wrapping transaction
def test_the_members_grades_decided_by_the_grassroots_committee(tree, members):
    decision = _decision(tree, members)
    issued = issue_grade_decision(decision, actor=None, signer_name="Trần Văn Hùng")
    decision.refresh_from_db()
    assert (decision.number, decision.document_id) == ("01-QĐ/ĐU", issued.pk)
    entry = issued.entry
    assert (issued.kind, entry.subject, entry.organization, entry.issued_on, entry.summary,
            issued.signer) == (
        "grade_decision", decision, tree["DUK-BK"], DECIDED,
        "Quyết định công nhận kết quả đánh giá, xếp loại chất lượng đảng viên năm 2025",
        "Trần Văn Hùng",
    )  # fmt: skip
    text, signature = _word(issued)
    an, duc, hoa, binh = (str(members[k]) for k in ("an", "duc", "hoa", "binh"))
    for part in (
        "Số 01-QĐ/ĐU",
        "ĐẢNG ỦY TRƯỜNG ĐẠI HỌC BÁCH KHOA HÀ NỘI",
        "về việc công nhận kết quả đánh giá, xếp loại chất lượng đảng viên năm 2025",
        "- Căn cứ QĐ 366-QĐ/TW (30/8/2025); HD 43-HD/BTCTW (31/10/2025) về kiểm điểm, đánh "
        "giá, xếp loại chất lượng hằng năm đối với tổ chức đảng, đảng viên;",
        "Điều 1. Công nhận kết quả đánh giá, xếp loại chất lượng năm 2025 đối với 4 đảng viên "
        "(có danh sách kèm theo), trong đó: 1 Hoàn thành xuất sắc nhiệm vụ; 2 Hoàn thành tốt "
        "nhiệm vụ; 1 Hoàn thành nhiệm vụ.",
        "DANH SÁCH ĐẢNG VIÊN ĐƯỢC XẾP LOẠI CHẤT LƯỢNG NĂM 2025",
        "I. HOÀN THÀNH XUẤT SẮC NHIỆM VỤ: 1",
        "II. HOÀN THÀNH TỐT NHIỆM VỤ: 2",
        "III. HOÀN THÀNH NHIỆM VỤ: 1",
        f"1 | {an} | Chi bộ Khoa Công nghệ thông tin | Hoàn thành xuất sắc nhiệm vụ",
        f"1 | {binh} | Chi bộ Khoa Cơ khí | Hoàn thành nhiệm vụ",
    ):
        assert part in text, part
    good = [line for line in text.splitlines() if line.endswith("| Hoàn thành tốt nhiệm vụ")]
    # in Vietnamese order within a grade (given name first: Đức before Hoa)
    assert good == [
        f"1 | {duc} | Chi bộ Khoa Công nghệ thông tin | Hoàn thành tốt nhiệm vụ",
        f"2 | {hoa} | Chi bộ Khoa Công nghệ thông tin | Hoàn thành tốt nhiệm vụ",
    ]
    assert "KHÔNG HOÀN THÀNH" not in text
    assert signature == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Trần Văn Hùng"]


@pytest.mark.django_db(transaction=True)  # a workflow step, outside a wrapping transaction
def test_the_organizations_grades_decided_by_the_superior(tree, members):
    period = year_period(tree["DUK"], 2025)
    decision = GradeDecision.objects.create(
        period=period, organization=tree["DUK"], subject_kind="organization", decided_on=DECIDED
    )
    for code, grade in (("DUK-BK", "excellent"), ("DUK-KT", "good")):
        evaluation(period, tree[code], grade=grade, quota_unit=tree["DUK"], decision=decision)
    issued = issue_grade_decision(decision, signer_name="Lê Thị Mai")
    text, signature = _word(issued)
    assert issued.entry.symbol == "01-QĐ/ĐU"
    for part in (
        "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CÁC TRƯỜNG ĐẠI HỌC, CAO ĐẲNG HÀ NỘI",
        "đối với 2 tổ chức đảng (có danh sách kèm theo), trong đó: 1 Hoàn thành xuất sắc "
        "nhiệm vụ; 1 Hoàn thành tốt nhiệm vụ.",
        "1 | Đảng bộ Trường Đại học Bách khoa Hà Nội | DUK-BK | Hoàn thành xuất sắc nhiệm vụ",
        "1 | Chi bộ Trường Cao đẳng Kinh tế | DUK-KT | Hoàn thành tốt nhiệm vụ",
    ):
        assert part in text, part
    assert signature == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Lê Thị Mai"]


def test_the_refusals_issue_nothing(tree, members):
    decision = _decision(tree, members)
    # no secretary on the roster and none typed
    refused(lambda: issue_grade_decision(decision), "has no secretary on its roster",
            field="signer_name")  # fmt: skip
    empty = GradeDecision.objects.create(period=decision.period, organization=tree["DUK-BK"],
                                         subject_kind="member", decided_on=DECIDED)  # fmt: skip
    refused(lambda: issue_grade_decision(empty, signer_name="A"), "covers no evaluation")
    decision.evaluations.filter(member=members["an"]).update(grade="")
    refused(lambda: issue_grade_decision(decision, signer_name="A"), "have no grade decided")
    GradeDecision.objects.filter(pk=empty.pk).update(number="05-QĐ/ĐU")
    refused(lambda: issue_grade_decision(empty, signer_name="A"), "already numbered")
    assert IssuedDocument.objects.count() == 0
