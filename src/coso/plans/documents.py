"""The report (BC, "Báo cáo ...") through the documents register (DOMAIN.md §13, §14; HD 36
layout as every kind): issued by the reporting organization once submitted, signed by its
secretary on the roster on the day (or the name typed), with the narrative sections and the
HD 11-HD/BTCTW table of the membership movement. documents sits below plans and imports none
of it: `register()` (AppConfig.ready()) gives documents the kind."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from coso.core.text import format_count
from coso.documents.issuing import IssueContext, Kind, body_of, register_kind, signer_of
from coso.documents.models import IssuedDocument, RegisterEntry
from coso.documents.queries import register_subject_page
from coso.documents.render.description import DocType, Document, Heading, Paragraph, Table
from coso.documents.services import issue_document

from .choices import ReportStatus
from .models import Report

REPORT = DocType("BC")
KIND = "periodic_report"
TITLE = "Báo cáo định kỳ"

#: the narrative sections as the report prints them (DOMAIN.md §14), in order
SECTIONS = (
    ("political_situation", "Tình hình chính trị, tư tưởng"),
    ("political_tasks", "Lãnh đạo thực hiện nhiệm vụ chính trị"),
    ("party_building", "Công tác xây dựng Đảng"),
    ("assessment", "Đánh giá chung"),
    ("next_tasks", "Nhiệm vụ trọng tâm kỳ tới"),
    ("proposals", "Đề xuất, kiến nghị"),
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
#: the HD 11 rows as printed: (number, label, figure or None for a heading row)
MOVEMENT_ROWS = (
    ("1", "Đảng viên đầu kỳ", "members_start"),
    ("2", "Tăng trong kỳ", None),
    ("2.1", "Kết nạp", "admitted"),
    ("2.2", "Kết nạp lại", "reinstated"),
    ("2.3", "Chuyển đến", "transferred_in"),
    ("3", "Giảm trong kỳ", None),
    ("3.1", "Từ trần", "died"),
    ("3.2", "Chuyển đi", "transferred_out"),
    ("3.3", "Xóa tên", "struck_off"),
    ("3.4", "Khai trừ", "expelled"),
    ("3.5", "Xin ra khỏi Đảng", "resigned"),
    ("4", "Đảng viên cuối kỳ", "members_end"),
    ("4.1", "Đảng viên chính thức", "official_end"),
    ("4.2", "Đảng viên dự bị", "probationary_end"),
    ("5", "Công nhận đảng viên chính thức", "recognized"),
    ("6", "Miễn công tác và sinh hoạt đảng", "exempted"),
    ("7", "Trao Huy hiệu Đảng", "badges"),
)
INCREASES = ("admitted", "reinstated", "transferred_in")
DECREASES = ("died", "transferred_out", "struck_off", "expelled", "resigned")


def movement_values(figures: dict[str, int]) -> list[tuple[str, str, str]]:
    """The HD 11 rows with their values (a heading row: the sum of its lines)."""
    rows = []
    for no, label, name in MOVEMENT_ROWS:
        if name is None:
            lines = INCREASES if no == "2" else DECREASES
            value = sum(figures[k] for k in lines)
        else:
            value = figures[name]
        rows.append((no, label, format_count(value)))
    return rows


def _lock(report: Report) -> Report:
    rows = Report.objects.select_for_update(of=("self",))
    return rows.select_related("organization", "schedule__organization").get(pk=report.pk)


def _check(report: Report, on: dt.date) -> None:
    if report.status not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        raise ValidationError(_("A report is issued once it is submitted."))
    entries = RegisterEntry.objects.filter(
        subject_type=ContentType.objects.get_for_model(Report), subject_id=report.pk,
        cancelled_on__isnull=True, issued_on__gte=report.submitted_on,
    )  # fmt: skip
    if entries.exists():
        raise ValidationError(_("This report is already numbered."))
    if on < report.submitted_on:
        raise ValidationError({"issued_on": _("The report is dated on or after its submission.")})


def _title(report: Report) -> str:
    return f"{report.label.lower()}"


def summary_of(report: Report) -> str:
    return f"Báo cáo {_title(report)}"


def _build(ctx: IssueContext, number_=None) -> Document:
    report: Report = ctx.subject
    blocks: list = []
    for i, (name, heading) in enumerate(SECTIONS):
        blocks.append(Heading(f"{ROMAN[i]}.", heading.upper()))
        for line in getattr(report, name).splitlines():
            if line.strip():
                blocks.append(Paragraph(line.strip()))
        if name == "party_building":
            blocks.append(Paragraph(
                f"Biến động đảng viên (theo Hướng dẫn 11-HD/BTCTW), từ ngày "
                f"{report.period_start:%d/%m/%Y} đến ngày {report.period_end:%d/%m/%Y}:",
                indent=False))  # fmt: skip
            blocks.append(Table(("TT", "Chỉ tiêu", "Số lượng"),
                                tuple(movement_values(report.figures)), (0.8, 5.2, 1.6)))  # fmt: skip
    superior = report.schedule.organization
    return Document(
        body=body_of(ctx.issuer), doc_type=REPORT, date=ctx.day, place=ctx.place,
        signature=signer_of(ctx), number=number_, summary=_title(report),
        blocks=tuple(blocks), recipients=(f"{superior.name} (để báo cáo),", "Lưu."),
    )  # fmt: skip


PERIODIC_REPORT = Kind(
    model=Report, lock=_lock, issuer=lambda r: r.organization, check=_check,
    build=lambda ctx, number: _build(ctx, number), default_date=lambda r: r.submitted_on,
    summary=summary_of,
)  # fmt: skip


@transaction.atomic
def issue_report(report: Report, *, issued_on: dt.date | None = None, signer_name: str = "",
                 actor=None) -> IssuedDocument:  # fmt: skip
    """Issue the submitted report as a BC document through the reporting organization's
    register (numbered, rendered to .docx and .pdf, kept; the register's entry names the
    report, as the documents page's issue form does). Refused (nothing written): not
    submitted, numbered already since its submission (a returned report submitted again is
    numbered again), dated before its submission, no secretary on the roster and no name
    typed."""
    return issue_document(KIND, report, issued_on=issued_on, signer_name=signer_name,
                          actor=actor)  # fmt: skip


def register() -> None:
    """Give documents the report's kind and its page (AppConfig.ready())."""
    register_kind(KIND, PERIODIC_REPORT, title=TITLE)
    register_subject_page("plans.report", lambda r: reverse("report_detail", args=[r.pk]))
