"""An inspection's conclusion (KL, "Kết luận kiểm tra / giám sát") through the documents
register, issued from a concluded inspection only (DOMAIN §6; HD 36-HD/VPTW for the form).

documents sits below inspection and imports none of it: `register()` (AppConfig.ready())
gives documents the kind (`issuing.register_kind`) and the inspection's page for the register's
links. The step is documents' `issue_document("inspection_conclusion", inspection, ...)`.

Issued by the inspecting organization: its inspection committee ("ỦY BAN KIỂM TRA" under the
party organization, signed "T/M ỦY BAN KIỂM TRA / CHỦ NHIỆM" by the chair on the roster) or
its committee (signed for the standing committee or the cell by the secretary).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.documents.builders.common import day
from coso.documents.issuing import (
    IssueContext,
    Kind,
    body_of,
    committee_name,
    inspection_chair_signer,
    inspection_committee_body,
    register_kind,
    signer_of,
)
from coso.documents.queries import register_subject_page
from coso.documents.render.description import (
    Body,
    DocType,
    Document,
    Heading,
    Paragraph,
    Signature,
)

from .choices import Activity, InspectionKind, InspectionState, PlanBody
from .models import Inspection

CONCLUSION = DocType("KL")


def _lock(inspection: Inspection) -> Inspection:
    rows = Inspection.objects.select_for_update(of=("self",))
    return rows.select_related(
        "organization", "plan", "subject_organization", "subject_member"
    ).get(pk=inspection.pk)


def _check(inspection: Inspection, on: dt.date) -> None:
    if inspection.state != InspectionState.CONCLUDED:
        raise ValidationError(
            _("The inspection is not concluded: its conclusion cannot be issued.")
        )
    if on < inspection.concluded_on:
        raise ValidationError(
            {"issued_on": _("The document cannot be dated before the conclusion.")}
        )


def _body(ctx: IssueContext) -> Body:
    if ctx.subject.body != PlanBody.INSPECTION_COMMITTEE:
        return body_of(ctx.issuer)
    return inspection_committee_body(ctx.issuer)


def _signer(ctx: IssueContext) -> Signature:
    if ctx.subject.body != PlanBody.INSPECTION_COMMITTEE:
        return signer_of(ctx)
    return inspection_chair_signer(ctx)


def title_of(inspection: Inspection) -> str:
    """ "kiểm tra Chi bộ X về ..." as the conclusion's summary says it."""
    what = "kiểm tra" if inspection.activity == Activity.INSPECTION else "giám sát"
    subject = (
        f"đồng chí {inspection.subject_member.full_name}"
        if inspection.subject_member_id
        else inspection.subject_organization.name
    )
    return f"{what} đối với {subject} về {inspection.topic}"


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _grounds(inspection: Inspection) -> list[Paragraph]:
    grounds = [Paragraph("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")]
    if inspection.plan_id:
        plan = inspection.plan
        number = f" số {plan.document_number}" if plan.document_number else ""
        grounds.append(Paragraph(f"- Căn cứ Kế hoạch{number} ngày {day(plan.adopted_on)} "
                                 f"({plan.title});"))  # fmt: skip
    elif inspection.kind == InspectionKind.SIGNS:
        grounds.append(Paragraph("- Căn cứ dấu hiệu vi phạm được phát hiện;"))
    return grounds


def _build(ctx: IssueContext, number) -> Document:
    i = ctx.subject
    findings = list(i.findings.order_by("recorded_on", "pk"))
    follow_ups = list(i.follow_ups.order_by("due_on", "pk"))
    blocks = [
        *_grounds(i),
        Paragraph(f"Từ ngày {day(i.starts_on)} đến ngày {day(i.ends_on)}, "
                  f"{committee_name(i.organization)} đã tiến hành {title_of(i)}."),
        Heading("I.", "KẾT QUẢ"),
        *([Paragraph(f"- {f.text}" + (" (dấu hiệu vi phạm)" if f.violation else ""))
           for f in findings] or [Paragraph("Không có nội dung ghi nhận.")]),
        Heading("II.", "KẾT LUẬN"),
        *[Paragraph(line) for line in _lines(i.conclusion)],
        Heading("III.", "KIẾN NGHỊ, YÊU CẦU"),
        *([Paragraph(f"- {f.what} (trách nhiệm: {f.responsible}; thời hạn: {day(f.due_on)}).")
           for f in follow_ups] or [Paragraph("Không có.")]),
    ]  # fmt: skip
    subject = (
        i.subject_organization.name if i.subject_organization_id else i.subject_member.full_name
    )
    return Document(
        body=_body(ctx), doc_type=CONCLUSION, date=ctx.day, place=ctx.place,
        signature=_signer(ctx), number=number,
        summary="Kết luận " + title_of(i), blocks=tuple(blocks),
        recipients=(f"{subject},", "Lưu."),
    )  # fmt: skip


INSPECTION_CONCLUSION = Kind(
    model=Inspection, lock=_lock, issuer=lambda i: i.organization, check=_check, build=_build,
    default_date=lambda i: i.concluded_on, summary=lambda i: "Kết luận " + title_of(i),
)  # fmt: skip


def register() -> None:
    """Give documents the conclusion's kind and the inspection's page (AppConfig.ready())."""
    register_kind(
        "inspection_conclusion", INSPECTION_CONCLUSION, title="Kết luận kiểm tra, giám sát"
    )
    register_subject_page(
        "inspection.inspection", lambda i: reverse("inspection_detail", kwargs={"pk": i.pk})
    )
