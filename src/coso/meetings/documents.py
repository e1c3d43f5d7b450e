"""A meeting's documents through the register: its minutes (BB, the minute-taker left and the
chair right) and its resolution (NQ, "T/M CHI BỘ / BÍ THƯ"), issued from adopted minutes only
(DOMAIN.md §5, §11; HD 12-HD/BTCTW as kept by HD 42-HD/BTCTW).

documents sits below meetings and imports none of it: `register()` (AppConfig.ready()) gives
documents the two kinds (`issuing.register_kind`) and the meeting's page for the register's
links. The step is documents' `issue_document("meeting_minutes", meeting, ...)`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.documents.builders.meeting import (
    Absence,
    Item,
    MeetingRecord,
    Membership,
    VoteResult,
    minutes,
    resolution,
)
from coso.documents.issuing import (
    IssueContext,
    Kind,
    body_of,
    committee_name,
    register_kind,
    secretary_on,
    signer_of,
)
from coso.documents.queries import register_subject_page
from coso.documents.render.description import Signature
from coso.orgs.choices import CELL_KINDS

from .choices import MeetingKind
from .models import Meeting
from .queries import attendance_counts, meeting_rows

#: the quality grades as a document prints them
GRADES = {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "poor": "Kém"}


def title_of(meeting: Meeting) -> str:
    """The meeting in words, as its documents' summary and first sentence say it."""
    d = meeting.date
    if meeting.kind == MeetingKind.REGULAR:
        title = f"sinh hoạt thường kỳ tháng {d.month:02d} năm {d.year}"
        if meeting.with_thematic and meeting.topic:
            title += f" và sinh hoạt chuyên đề “{meeting.topic}”"
        return title
    if meeting.kind == MeetingKind.THEMATIC:
        return f"sinh hoạt chuyên đề “{meeting.topic}”"
    if meeting.kind == MeetingKind.COMMITTEE:
        return f"hội nghị cấp ủy ngày {d:%d/%m/%Y}"
    return f"sinh hoạt bất thường ngày {d:%d/%m/%Y}"


def _lock(meeting: Meeting) -> Meeting:
    # the meeting's row only: the chair and the minute-taker are nullable joins
    rows = Meeting.objects.select_for_update(of=("self",))
    return rows.select_related("organization", "chair", "minute_taker").get(pk=meeting.pk)


def _check_adopted(meeting: Meeting, day: dt.date) -> None:
    if not meeting.locked:
        raise ValidationError(
            _("The minutes of this meeting are not adopted yet: its documents are issued from "
              "adopted minutes only.")
        )  # fmt: skip
    if day < meeting.date:
        raise ValidationError({"issued_on": _("The document cannot be dated before the meeting.")})


def _check_resolved(meeting: Meeting, day: dt.date) -> None:
    _check_adopted(meeting, day)
    if not any(v.passed for v in meeting.votes.all()):
        raise ValidationError(_("No vote of this meeting passed: it has no resolution to issue."))


def _corrections(meeting: Meeting) -> tuple[str, ...]:
    return tuple(
        f"ngày {timezone.localtime(c.made_at):%d/%m/%Y}: {c.reason}."
        for c in meeting.corrections.order_by("made_at", "pk")
    )


def record_of(meeting: Meeting, *, chair: str = "", minute_taker: str = "") -> MeetingRecord:
    """The meeting as its documents tell it, from its stored rows (five queries)."""
    counts = attendance_counts(meeting_rows(meeting))
    membership = Membership(
        total=counts.total, official=counts.official, probationary=counts.probationary,
        temporary=counts.temporary, away=counts.away, exempted=counts.exempted,
        present=counts.present,
        excused=tuple(Absence(a.member.full_name, a.reason) for a in counts.excused),
        absent=tuple(Absence(a.member.full_name) for a in counts.absent),
        vote_base=counts.vote_base, voters_present=counts.voters_present,
    )  # fmt: skip
    quality = ""
    if meeting.quality_grade:
        grade = GRADES.get(meeting.quality_grade, meeting.quality_grade)
        quality = f"{grade} ({meeting.quality_total}/100 điểm)"
    return MeetingRecord(
        organization=committee_name(meeting.organization), title=title_of(meeting),
        date=meeting.date, starts_at=meeting.starts_at, ends_at=meeting.ends_at,
        place=meeting.place, chair=chair, minute_taker=minute_taker, membership=membership,
        agenda=meeting.agenda,
        items=tuple(Item(i.title, i.speakers, i.notes) for i in meeting.agenda_items.all()),
        conclusion=meeting.conclusion,
        votes=tuple(
            VoteResult(v.subject, v.votes_for, v.votes_against, v.abstaining, v.vote_base, v.passed)
            for v in meeting.votes.all()
        ),
        quality=quality, corrections=_corrections(meeting),
    )  # fmt: skip


def _chair_name(ctx: IssueContext) -> str:
    """The name typed, else the chair the meeting records, else the secretary on the
    organization's roster on the meeting's date (who chairs by default)."""
    meeting = ctx.subject
    recorded = meeting.chair.full_name if meeting.chair_id else ""
    return (ctx.signer_name or recorded) or secretary_on(
        meeting.organization, meeting.date,
        _("The meeting names no chair and %(org)s has no secretary on its roster on %(date)s: "
          "type the chair's name."),
    )  # fmt: skip


def _minute_taker_name(ctx: IssueContext) -> str:
    """The name typed, else the minute-taker the meeting records; none is a refusal."""
    meeting = ctx.subject
    name = ctx.second_signer_name or (
        meeting.minute_taker.full_name if meeting.minute_taker_id else ""
    )
    if not name:
        raise ValidationError(
            {"second_signer_name": _("The meeting names no minute-taker: type the "
                                     "minute-taker's name.")}
        )  # fmt: skip
    return name


def _minutes(ctx: IssueContext, number):
    chair, taker = _chair_name(ctx), _minute_taker_name(ctx)
    return minutes(
        record_of(ctx.subject, chair=chair, minute_taker=taker), issuer=body_of(ctx.issuer),
        chair=Signature("CHỦ TRÌ", chair), minute_taker=Signature("THƯ KÝ", taker),
        place=ctx.place, issued_on=ctx.day, number=number,
    )  # fmt: skip


def _recipients(meeting: Meeting) -> tuple[str, ...]:
    parent = meeting.organization.get_parent()
    above = (f"{committee_name(parent)} (để báo cáo),",) if parent is not None else ()
    if meeting.organization.kind in CELL_KINDS:
        return (*above, "Các đảng viên trong chi bộ,", "Lưu chi bộ.")
    return (*above, "Các đồng chí cấp ủy viên,", "Lưu văn phòng.")


def _resolution(ctx: IssueContext, number):
    meeting = ctx.subject
    return resolution(
        record_of(meeting), issuer=body_of(ctx.issuer), signer=signer_of(ctx), place=ctx.place,
        issued_on=ctx.day, recipients=_recipients(meeting), number=number,
    )  # fmt: skip


MEETING_MINUTES = Kind(
    model=Meeting, lock=_lock, issuer=lambda m: m.organization, check=_check_adopted,
    build=_minutes, default_date=lambda m: m.date,
    summary=lambda m: f"Biên bản {title_of(m)}",
    inputs=("signer_name", "second_signer_name"),
    labels={
        "signer_name": (gettext_lazy("Chair"), gettext_lazy(
            "Leave empty: the chair the meeting records, else the secretary on the roster.")),
        "second_signer_name": (gettext_lazy("Minute-taker"), gettext_lazy(
            "Leave empty: the minute-taker the meeting records.")),
    },
)  # fmt: skip

MEETING_RESOLUTION = Kind(
    model=Meeting, lock=_lock, issuer=lambda m: m.organization, check=_check_resolved,
    build=_resolution, default_date=lambda m: m.date,
    summary=lambda m: f"Nghị quyết {title_of(m)}",
)  # fmt: skip


def register() -> None:
    """Give documents the meeting's two kinds and the meeting's page (AppConfig.ready())."""
    register_kind("meeting_minutes", MEETING_MINUTES, title="Biên bản sinh hoạt")
    register_kind("meeting_resolution", MEETING_RESOLUTION, title="Nghị quyết của hội nghị")
    register_subject_page(
        "meetings.meeting", lambda m: reverse("meeting_detail", kwargs={"pk": m.pk})
    )
