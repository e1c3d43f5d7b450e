"""Demo: admissions and recognitions voted on at a cell's meeting.

Every third cell resolution of the admission demo (`demo/admission.py`) and a few probationary
members whose probation has ended are voted on at an extraordinary meeting of their cell on
that day: the meeting is
planned, its attendance recorded (everyone called comes), the step voted through
`coso.meetings.services.record_workflow_vote` (which records the cell's resolution or the
recognition vote through the admission app's services, dated the meeting's date, counted
against its vote base) and the minutes adopted. Deterministic: the cases are taken in id order
and every vote is unanimous. A case a service refuses (a candidate no longer eligible on the
day) is skipped, its meeting rolled back with it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from coso.admission.models import probationary_members
from coso.core.deadlines import probation_ends_on
from coso.meetings import services
from coso.meetings.choices import MeetingKind

#: how many recognitions the demo votes on at a meeting
RECOGNITIONS = 3
ADMISSION_AGENDA = "Xét kết nạp, công nhận đảng viên chính thức."


def vote_at_meeting(
    org, day: dt.date, workflow: str, subject_id: int, *, agenda: str = ADMISSION_AGENDA
) -> bool:
    """An extraordinary meeting of `org` on `day`, everyone present (its follower too), votes unanimously on the
    case and adopts its minutes; False (and nothing written) when a service refuses."""
    try:
        with transaction.atomic():
            meeting = services.plan_meeting(
                org,
                kind=MeetingKind.EXTRAORDINARY,
                date=day,
                topic="",
                starts_at=dt.time(16, 30),
                ends_at=dt.time(17, 45),
                agenda=agenda,
            )
            # the cell's follower, invited as a guest, comes too
            came = {g.member_id: True for g in meeting.guests.order_by("pk")}
            meeting = services.record_attendance(meeting, guests=came)
            services.record_workflow_vote(
                meeting,
                workflow=workflow,
                subject_id=subject_id,
                votes_for=meeting.voters_present,
                votes_against=0,
            )
            services.adopt_minutes(
                meeting,
                starts_at=dt.time(16, 30),
                ends_at=dt.time(17, 45),
                conclusion="Chi bộ biểu quyết nhất trí.",
            )
    except ValidationError:
        return False
    return True


def fill_meeting_votes(gen) -> int:
    """Vote on a few recognitions at their cells' meetings; returns how many. (Candidates still
    waiting for their cell's resolution are left waiting: the demo keeps one at every step.)"""
    today, made = gen.today, 0
    for member in probationary_members().order_by("pk"):
        if made == RECOGNITIONS:
            break
        if member.probation_start is None or member.vote_date is not None:
            continue
        end = probation_ends_on(member.probation_start)
        if end > today:
            continue
        day = min(today, end + dt.timedelta(days=10))
        made += vote_at_meeting(member.organization, day, "recognition", member.pk)
    gen.log(f"  {made} lần biểu quyết công nhận đảng viên chính thức tại cuộc họp chi bộ")
    return made
