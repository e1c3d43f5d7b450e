"""The decision on a discipline case (QĐ, "Quyết định thi hành kỷ luật") through the documents
register (DOMAIN §6, §13; QĐ 69-QĐ/TW; HD 36-HD/VPTW for the form), as the inspection's
conclusion is (`coso.inspection.documents`).

documents sits below discipline and imports none of it: `register()` (AppConfig.ready())
gives documents the kind (`issuing.register_kind`) and the case's page for the register's
links. The decision is issued by `services.record_decision` itself, in its transaction, when no
number is given by hand: the register numbers it, and the case keeps the document.

Issued by the deciding organization: its committee (signed "T/M BAN THƯỜNG VỤ / BÍ THƯ" by
the secretary on the roster, "T/M CHI BỘ / BÍ THƯ" for a cell) or its inspection committee
("ỦY BAN KIỂM TRA" under the party organization, "T/M ỦY BAN KIỂM TRA / CHỦ NHIỆM").
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.rules import rule_in_force
from coso.documents.builders.common import day
from coso.documents.issuing import (
    IssueContext,
    Kind,
    body_of,
    committee_name,
    inspection_chair_signer,
    inspection_committee_body,
    printed,
    register_kind,
    signer_of,
)
from coso.documents.queries import register_subject_page
from coso.documents.render.description import Body, DocType, Document, Paragraph, Signature
from coso.orgs.choices import CELL_KINDS

from .choices import DecidingBody, Step, SubjectKind
from .models import CaseStep, DisciplineCase

DECISION = DocType("QĐ")
KIND = "discipline_decision"
#: the penalties as a decision prints them (whatever the language of the page issuing it)
PENALTIES = {
    "reprimand": "Khiển trách",
    "warning": "Cảnh cáo",
    "dismissal": "Cách chức",
    "expulsion": "Khai trừ",
    "dissolution": "Giải tán",
}


def _lock(case: DisciplineCase) -> DisciplineCase:
    rows = DisciplineCase.objects.select_for_update(of=("self",))
    return rows.select_related("organization", "member", "subject_organization", "decided_by").get(
        pk=case.pk
    )


def _check(case: DisciplineCase, on: dt.date) -> None:
    """Issued once, by the decision being recorded (decided, not yet numbered)."""
    if not case.penalty or case.decided_by_id is None:
        raise ValidationError(_("The case is not decided: its decision cannot be issued."))
    if case.decision_number or case.decision_document_id:
        raise ValidationError(_("The decision on this case is already numbered."))
    if on != case.decision_on:
        raise ValidationError({"issued_on": _("The decision is dated the day it is made.")})


def _inspection_committee(ctx: IssueContext) -> bool:
    return ctx.subject.decision_body == DecidingBody.INSPECTION_COMMITTEE


def _body(ctx: IssueContext) -> Body:
    return (
        inspection_committee_body(ctx.issuer) if _inspection_committee(ctx) else body_of(ctx.issuer)
    )


def _signer(ctx: IssueContext) -> Signature:
    return inspection_chair_signer(ctx) if _inspection_committee(ctx) else signer_of(ctx)


def deciding_body(case: DisciplineCase) -> str:
    """The collective that decides, as printed above the grounds."""
    org = case.decided_by
    if case.decision_body == DecidingBody.INSPECTION_COMMITTEE:
        return f"ỦY BAN KIỂM TRA {printed(org)}"
    if org.kind in CELL_KINDS:
        return printed(org)
    return f"BAN THƯỜNG VỤ {printed(org)}"


def _member_kind(case: DisciplineCase) -> str:
    return "đảng viên dự bị" if case.subject_kind == SubjectKind.PROBATIONARY else "đảng viên"


def subject_text(case: DisciplineCase) -> str:
    """ "đảng viên Nguyễn Văn An" or "Chi bộ Khoa Cơ khí", as a decision names its subject."""
    if case.subject_kind == SubjectKind.ORGANIZATION:
        return case.subject_name
    return f"{_member_kind(case)} {case.subject_name}"


def summary_of(case: DisciplineCase) -> str:
    return f"Quyết định thi hành kỷ luật {subject_text(case)}"


def _grounds(case: DisciplineCase, on: dt.date) -> list[Paragraph]:
    """The grounds: the charter, the rules of the penalties and of the competence in force
    (their legal basis), the breach and its offence, the cell's vote or the proposal."""
    penalties = rule_in_force("discipline_penalties", on).legal_basis
    competence = rule_in_force("discipline_competence", on).legal_basis
    offence = rule_in_force("discipline_offences", on).value.get(case.offence, case.offence)
    steps = {s.step: s for s in CaseStep.objects.filter(case=case).select_related("organization")}
    lines = [
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        f"- Căn cứ {penalties};",
        f"- Căn cứ {competence} về thẩm quyền thi hành kỷ luật;",
        f"- Xét vi phạm của {subject_text(case)}: {case.breach.rstrip('. ')} (ngày {day(case.breach_on)}), "
        f"thuộc {offence};",
    ]
    vote = steps.get(Step.CELL_VOTE)
    if vote is not None:
        lines.append(
            f"- Xét kết quả biểu quyết ngày {day(vote.date)} của {case.organization.name}: "
            f"{vote.votes_for}/{vote.vote_base} đảng viên chính thức tán thành;"
        )
    proposal = steps.get(Step.PROPOSAL)
    if proposal is not None:
        number = f" số {proposal.document_number}" if proposal.document_number else ""
        lines.append(f"- Xét đề nghị{number} ngày {day(proposal.date)} của "
                     f"{committee_name(case.organization)};")  # fmt: skip
    return [Paragraph(line) for line in lines]


def _articles(case: DisciplineCase, on: dt.date) -> list[Paragraph]:
    appeal = rule_in_force("discipline_appeal_days", on)
    if case.subject_kind == SubjectKind.ORGANIZATION:
        whom = case.subject_name
        responsible = f"{committee_name(case.organization)}, {case.subject_name}"
    else:
        whom = f"đồng chí {case.subject_name}, {_member_kind(case)} {case.organization.name}"
        responsible = f"{case.organization.name}, đồng chí {case.subject_name}"
    return [
        Paragraph("QUYẾT ĐỊNH:", bold=True, indent=False, align="C"),
        Paragraph(
            f"Điều 1. Thi hành kỷ luật bằng hình thức {PENALTIES[case.penalty].upper()} "
            f"đối với {whom}."
        ),  # fmt: skip
        Paragraph(
            f"Điều 2. Quyết định có hiệu lực kể từ ngày ký. Trong thời hạn {appeal.value} "
            f"ngày kể từ ngày nhận Quyết định, nếu không đồng ý, có quyền khiếu nại lên "
            f"cấp ủy, tổ chức đảng cấp trên ({appeal.legal_basis})."
        ),  # fmt: skip
        Paragraph(
            f"Điều 3. {responsible} và các tổ chức, cá nhân có liên quan chịu trách nhiệm "
            f"thi hành Quyết định này."
        ),  # fmt: skip
    ]


def _build(ctx: IssueContext, number) -> Document:
    case = ctx.subject
    blocks = [
        Paragraph(deciding_body(case), bold=True, indent=False, align="C"),
        *_grounds(case, ctx.day),
        *_articles(case, ctx.day),
    ]
    recipients = ["Như Điều 3,"]
    if case.state_body and case.subject_kind != SubjectKind.ORGANIZATION:
        recipients.append(f"{case.state_body} (để thi hành kỷ luật về chính quyền),")
    recipients.append("Lưu.")
    return Document(
        body=_body(ctx), doc_type=DECISION, date=ctx.day, place=ctx.place,
        signature=_signer(ctx), number=number,
        summary="về việc thi hành kỷ luật " + subject_text(case), blocks=tuple(blocks),
        recipients=tuple(recipients),
    )  # fmt: skip


DISCIPLINE_DECISION = Kind(
    model=DisciplineCase, lock=_lock, issuer=lambda c: c.decided_by, check=_check, build=_build,
    default_date=lambda c: c.decision_on, summary=summary_of,
)  # fmt: skip


def register() -> None:
    """Give documents the decision's kind and the case's page (AppConfig.ready())."""
    register_kind(KIND, DISCIPLINE_DECISION, title="Quyết định thi hành kỷ luật")
    register_subject_page(
        "discipline.disciplinecase", lambda c: reverse("discipline_case", args=[c.pk])
    )
