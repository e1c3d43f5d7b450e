"""The decision on grades (QĐ, "Quyết định công nhận kết quả đánh giá, xếp loại chất lượng đảng
viên / tổ chức đảng năm YYYY") through the documents register (DOMAIN §3, §12, §13; HD 36-HD/VPTW
for the form), as a discipline decision is (`coso.discipline.documents`).

documents sits below evaluation and imports none of it: `register()` (AppConfig.ready()) gives
documents the kind (`issuing.register_kind`). The decision is issued by `issue_grade_decision`,
called by the step that decides the grades, in its transaction, once the decision's evaluations
carry their grades: the register numbers it and the decision keeps the document and its number.

Issued by the deciding organization (`GradeDecision.organization`): a superior through its
standing committee ("T/M BAN THƯỜNG VỤ / BÍ THƯ"), a grassroots committee through its committee
("T/M ĐẢNG ỦY / BÍ THƯ"), a grassroots cell as itself ("T/M CHI BỘ / BÍ THƯ"); the secretary on
the roster on the day signs, or the name typed by the person deciding. The body cites the rules
of the evaluated period (looked up on its last day) and appends the list of the evaluations,
grouped by grade with their counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.rules import rule_in_force
from coso.documents.issuing import (
    IssueContext,
    Kind,
    body_of,
    printed,
    register_kind,
    secretary_on,
)
from coso.documents.models import IssuedDocument
from coso.documents.queries import register_subject_page
from coso.documents.render.description import (
    Authority,
    Block,
    DocType,
    Document,
    Paragraph,
    Signature,
    Table,
)
from coso.documents.services import issue_document
from coso.orgs.choices import CELL_KINDS, OrgKind

from .choices import Grade, PeriodKind, SubjectKind
from .models import Evaluation, GradeDecision

DECISION = DocType("QĐ")
KIND = "grade_decision"
TITLE = "Quyết định công nhận kết quả đánh giá, xếp loại chất lượng"
#: the grades as a decision prints them (whatever the language of the page deciding)
GRADES = {
    Grade.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Grade.GOOD: "Hoàn thành tốt nhiệm vụ",
    Grade.COMPLETE: "Hoàn thành nhiệm vụ",
    Grade.INCOMPLETE: "Không hoàn thành nhiệm vụ",
}
ROMAN = ("I", "II", "III", "IV")


def _lock(decision: GradeDecision) -> GradeDecision:
    rows = GradeDecision.objects.select_for_update(of=("self",))
    return rows.select_related("organization", "period").get(pk=decision.pk)


def _evaluations(decision: GradeDecision) -> list[Evaluation]:
    rows = Evaluation.objects.filter(decision=decision).select_related("member", "organization")
    return list(rows.order_by("sort_key", "id"))


def _check(decision: GradeDecision, on: dt.date) -> None:
    """Issued once, dated the day of the decision, on evaluations that carry their grades."""
    if decision.number or decision.document_id:
        raise ValidationError(_("This decision on grades is already numbered."))
    if on != decision.decided_on:
        raise ValidationError({"issued_on": _("The decision is dated the day it is made.")})
    graded = Evaluation.objects.filter(decision=decision)
    if not graded.exists():
        raise ValidationError(_("The decision covers no evaluation: nothing to issue."))
    if graded.filter(grade="").exists():
        raise ValidationError(_("Some evaluations of the decision have no grade decided."))


def collective(org) -> str:
    """Who decides on the issuer's behalf: its standing committee (a superior), its committee
    (a grassroots committee), the cell itself."""
    if org.kind in CELL_KINDS:
        return "CHI BỘ"
    if org.kind == OrgKind.SUPERIOR:
        return "BAN THƯỜNG VỤ"
    return "ĐẢNG ỦY"


def deciding_body(org) -> str:
    """The collective that decides, as printed above the grounds."""
    if org.kind == OrgKind.SUPERIOR:
        return f"BAN THƯỜNG VỤ {printed(org)}"
    return printed(org)


def _signer(ctx: IssueContext) -> Signature:
    name = ctx.signer_name or secretary_on(
        ctx.issuer, ctx.day,
        _("%(org)s has no secretary on its roster on %(date)s: type the name of the person "
          "who signs."),
    )  # fmt: skip
    return Signature(post="BÍ THƯ", name=name, authority=Authority.ON_BEHALF,
                     on_behalf_of=collective(ctx.issuer))  # fmt: skip


def _whom(decision: GradeDecision) -> str:
    return "đảng viên" if decision.subject_kind == SubjectKind.MEMBER else "tổ chức đảng"


def _when(decision: GradeDecision) -> str:
    period = decision.period
    return f"năm {period.year}" if period.kind == PeriodKind.YEAR else period.label


def summary_of(decision: GradeDecision) -> str:
    return f"{TITLE} {_whom(decision)} {_when(decision)}"


def _grounds(decision: GradeDecision) -> list[Paragraph]:
    """The charter, the rules of the evaluated period (on its last day), the proposals."""
    on = decision.period.rules_on
    grading = rule_in_force("grade_thresholds", on).legal_basis
    quota = rule_in_force("excellent_quota_ratio", on).legal_basis
    lines = [
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        f"- Căn cứ {grading} về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối với tổ "
        f"chức đảng, đảng viên;",
    ]
    if quota != grading:
        lines.append(f"- Căn cứ {quota} về tỷ lệ xếp loại hoàn thành xuất sắc nhiệm vụ;")
    proposer = "các chi bộ" if decision.subject_kind == SubjectKind.MEMBER else "cấp ủy cấp dưới"
    lines.append(f"- Xét đề nghị của {proposer} và kết quả thẩm định,")
    return [Paragraph(line) for line in lines]


def _articles(decision: GradeDecision, counts: Counter, total: int) -> list[Paragraph]:
    parts = "; ".join(f"{counts[g]} {GRADES[g]}" for g in Grade.values if counts[g])
    unit = "đảng viên" if decision.subject_kind == SubjectKind.MEMBER else "tổ chức đảng"
    responsible = (
        "Các chi bộ trực thuộc và các đồng chí có tên tại Điều 1"
        if decision.subject_kind == SubjectKind.MEMBER
        else "Các tổ chức đảng có tên tại Điều 1"
    )
    return [
        Paragraph("QUYẾT ĐỊNH:", bold=True, indent=False, align="C"),
        Paragraph(
            f"Điều 1. Công nhận kết quả đánh giá, xếp loại chất lượng {_when(decision)} đối với "
            f"{total} {unit} (có danh sách kèm theo), trong đó: {parts}."
        ),
        Paragraph("Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
        Paragraph(f"Điều 3. {responsible} chịu trách nhiệm thi hành Quyết định này."),
    ]


def _list(decision: GradeDecision, evaluations: list[Evaluation], counts: Counter) -> list[Block]:
    """The appended list, one table per grade with its count."""
    members = decision.subject_kind == SubjectKind.MEMBER
    header = ("TT", "Họ và tên", "Chi bộ", "Xếp loại") if members else (
        "TT", "Tổ chức đảng", "Mã", "Xếp loại")  # fmt: skip
    blocks: list[Block] = [
        Paragraph(f"DANH SÁCH {_whom(decision).upper()} ĐƯỢC XẾP LOẠI CHẤT LƯỢNG "
                  f"{_when(decision).upper()}", bold=True, indent=False, align="C"),
        Paragraph("(Kèm theo Quyết định công nhận kết quả đánh giá, xếp loại chất lượng)",
                  italic=True, indent=False, align="C"),
    ]  # fmt: skip
    shown = [g for g in Grade.values if counts[g]]
    for roman, grade in zip(ROMAN, shown, strict=False):
        rows = [ev for ev in evaluations if ev.grade == grade]
        blocks.append(Paragraph(f"{roman}. {GRADES[grade].upper()}: {len(rows)}", bold=True,
                                indent=False))  # fmt: skip
        table_rows = tuple(
            (str(n), str(ev.member), ev.organization.name, GRADES[grade]) if members
            else (str(n), ev.organization.name, ev.organization.code, GRADES[grade])
            for n, ev in enumerate(rows, 1)
        )  # fmt: skip
        blocks.append(Table(header, table_rows, (0.6, 3.2, 3.0, 2.4)))
    return blocks


def _build(ctx: IssueContext, number) -> Document:
    decision = ctx.subject
    evaluations = _evaluations(decision)
    counts = Counter(ev.grade for ev in evaluations)
    blocks = [
        Paragraph(deciding_body(ctx.issuer), bold=True, indent=False, align="C"),
        *_grounds(decision),
        *_articles(decision, counts, len(evaluations)),
        *_list(decision, evaluations, counts),
    ]
    return Document(
        body=body_of(ctx.issuer), doc_type=DECISION, date=ctx.day, place=ctx.place,
        signature=_signer(ctx), number=number,
        summary=f"về việc công nhận kết quả đánh giá, xếp loại chất lượng {_whom(decision)} "
                f"{_when(decision)}",
        blocks=tuple(blocks), recipients=("Như Điều 3,", "Lưu."),
    )  # fmt: skip


GRADE_DECISION = Kind(
    model=GradeDecision, lock=_lock, issuer=lambda d: d.organization, check=_check, build=_build,
    default_date=lambda d: d.decided_on, summary=summary_of,
)  # fmt: skip


@transaction.atomic
def issue_grade_decision(decision: GradeDecision, *, actor=None,
                         signer_name: str = "") -> IssuedDocument:  # fmt: skip
    """Issue the decision on grades through the register, dated the day of the decision (the
    step deciding the grades calls it in its transaction, once the evaluations carry their
    grades): numbered in the deciding organization's register, rendered and kept; the decision
    keeps the document and its number. Refused (nothing written): already numbered, no
    evaluation, an evaluation without a grade, no signer on the roster and none typed."""
    issued = issue_document(KIND, decision, issued_on=decision.decided_on,
                            signer_name=signer_name, actor=actor)  # fmt: skip
    GradeDecision.objects.filter(pk=decision.pk).update(document=issued, number=issued.entry.symbol)
    decision.document, decision.number = issued, issued.entry.symbol
    return issued


def register() -> None:
    """Give documents the decision's kind and its page (AppConfig.ready()): the register links
    a decision to the grading page it was made on."""
    register_kind(KIND, GRADE_DECISION, title=TITLE)
    register_subject_page(
        "evaluation.gradedecision", lambda d: reverse("evaluation_decision", args=[d.pk])
    )
