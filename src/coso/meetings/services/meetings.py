"""The steps of a meeting: plan it, record who came, take a vote, adopt the minutes.

Each step is atomic, locks the meeting, re-checks under the lock and refuses with a Vietnamese
message naming the rule, writing nothing. Who may act: an editing role reaching the meeting's
organization (the cell's secretary, the office); anyone else gets a 404 (`OutOfScope`).
``actor=None`` is the system (demo, command line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coso.core.audit import save_versioned
from coso.core.dates import check_not_future
from coso.core.rules import rule_in_force
from coso.core.scope import is_system
from coso.core.votes import Tally, passes
from coso.orgs.models import Organization

from ..choices import MARKS, QUALITY_PARTS, MeetingKind, MeetingStatus, Presence, Standing
from ..models import Attendance, Meeting, MeetingVote
from ..queries import attendance_counts, quality_grade, roster_on
from .followers import invite_follower, mark_guests
from .parts import (
    check_counts,
    check_held,
    check_plan,
    check_times,
    check_unlocked,
    default_presence,
    lock_meeting,
    require_edit,
    save_vote,
)


@transaction.atomic
def plan_meeting(
    organization: Organization,
    *,
    kind: str,
    date: dt.date,
    topic: str = "",
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    place: str = "",
    agenda: str = "",
    with_thematic: bool = False,
    actor=None,
) -> Meeting:
    """Put a meeting on the organization's calendar. Refused: a kind that is not one of the
    four, a thematic meeting without its topic, a thematic part on anything but a monthly
    meeting, a second monthly meeting in the same month (call an extraordinary one), an end
    before the start."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require_edit(actor, org)
    topic = topic.strip()
    check_plan(org, kind, topic, with_thematic)
    check_times(starts_at, ends_at)
    if (
        kind == MeetingKind.REGULAR
        and Meeting.objects.filter(
            organization=org, kind=kind, date__year=date.year, date__month=date.month
        ).exists()
    ):
        raise ValidationError(
            {
                "date": _(
                    "%(org)s already has its monthly meeting in %(month)s; plan an "
                    "extraordinary meeting instead."
                )
                % {"org": org.name, "month": f"{date.month:02d}/{date.year}"}
            }
        )
    meeting = Meeting(
        organization=org,
        kind=kind,
        date=date,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        agenda=agenda.strip(),
        with_thematic=with_thematic,
    )
    meeting._history_user = actor
    meeting.save()
    invite_follower(meeting, actor)  # the superior's follower is a guest (DOMAIN.md §5)
    return meeting


def _check_exceptions(
    exceptions: Mapping[int, tuple[str, str]], on_roster: dict[int, Attendance]
) -> None:
    errors = []
    for member_id, (presence, reason) in exceptions.items():
        row = on_roster.get(member_id)
        if row is None or row.standing == Standing.AWAY:
            errors.append(_("A member who is not called to this meeting cannot be marked."))
        elif presence not in MARKS:
            errors.append(_("Choose present, absent with a reason or absent without one."))
        elif presence == Presence.EXEMPTED and not row.exempted:
            errors.append(
                _("%(name)s is not exempted from meetings on the meeting's date.")
                % {"name": row.member.full_name}
            )
        elif presence == Presence.EXCUSED and not reason.strip():
            errors.append(
                _("%(name)s is absent with a reason: write the reason.")
                % {"name": row.member.full_name}
            )
    if errors:
        raise ValidationError({"attendance": errors})


def _marks_of(row: Attendance) -> tuple:
    return (row.standing, row.exempted, row.presence, row.reason)


@transaction.atomic
def record_attendance(
    meeting: Meeting,
    *,
    exceptions: Mapping[int, tuple[str, str]] | None = None,
    guests: Mapping[int, bool] | None = None,
    actor=None,
) -> Meeting:
    """Record who came: everyone called is present (an exempted member: exempted, not
    attending) except `exceptions` ({member id: (presence, reason)}). The roster is the one on the meeting's date (`queries.roster_on`); recording
    again replaces the marks. Stores the vote base and the voters present. Refused: a meeting
    still ahead, adopted minutes, a member not called, an excused absence without its reason.
    `guests` ({member id: came}) says which guests (the follower) came; those not named keep
    their mark; naming someone who is not a guest is refused.
    """
    meeting = lock_meeting(meeting, actor)
    check_unlocked(meeting)
    check_not_future(meeting.date, "date")
    exceptions = dict(exceptions or {})
    stored = {a.member_id: a for a in meeting.attendance.select_related("member")}
    roster = roster_on(meeting.organization, meeting.date, meeting.kind)
    rows: dict[int, Attendance] = {}
    before: dict[int, tuple] = {}
    for line in roster:
        row = stored.get(line.member.pk) or Attendance(meeting=meeting, member=line.member)
        before[line.member.pk] = _marks_of(row)
        row.standing, row.exempted = line.standing, line.exempted
        rows[line.member.pk] = row
    _check_exceptions(exceptions, rows)
    if guests:
        mark_guests(meeting, guests, actor)
    for member_id, row in rows.items():
        presence, reason = exceptions.get(member_id, (default_presence(row), row.reason))
        row.presence = presence
        row.reason = reason.strip() if presence == Presence.EXCUSED else ""
    gone = [a.pk for member_id, a in stored.items() if member_id not in rows]
    Attendance.objects.filter(pk__in=gone).delete()
    new = [r for r in rows.values() if r.pk is None]
    # only the rows whose marks changed are written (and get a history entry)
    old = [r for m, r in rows.items() if r.pk is not None and _marks_of(r) != before[m]]
    if new:
        bulk_create_with_history(new, Attendance, default_user=actor)
    if old:
        bulk_update_with_history(
            old, Attendance, ["standing", "exempted", "presence", "reason"], default_user=actor
        )
    counts = attendance_counts(list(rows.values()))
    meeting.vote_base, meeting.voters_present = counts.vote_base, counts.voters_present
    meeting.attendance_recorded_at = timezone.now()
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    save_versioned(meeting, actor)
    return meeting


@transaction.atomic
def record_vote(
    meeting: Meeting,
    *,
    subject: str,
    votes_for: int,
    votes_against: int,
    abstaining: int = 0,
    actor=None,
) -> MeetingVote:
    """A vote at the meeting, counted against the vote base its attendance gave: it passes with
    more than the rule's share of the base (not of those present). Refused: no attendance yet,
    adopted minutes, no quorum, more votes than voters present, negative numbers. A vote that
    does not pass is recorded as not passed."""
    meeting = lock_meeting(meeting, actor)
    check_held(meeting)
    subject = subject.strip()
    if not subject:
        raise ValidationError({"subject": _("Say what the vote is on.")})
    tally = Tally(votes_for, votes_against, abstaining)
    check_counts(meeting, tally)
    share = rule_in_force("resolution_pass_ratio", meeting.date)
    passed = passes(votes_for, share.value, meeting.vote_base, more_than=True)
    return save_vote(
        meeting, subject, tally, passed=passed, legal_basis=share.legal_basis, actor=actor
    )


def _scored(day: dt.date, quality: Mapping[str, int]) -> tuple[dict, int, str]:
    """The quality score by part, checked against the sheet in force: each part between 0 and
    its most; returns (points, total, grade)."""
    sheet = rule_in_force("meeting_quality_sheet", day)
    unknown = set(quality) - set(sheet.value)
    if unknown:
        raise ValueError(f"not on the quality sheet: {sorted(unknown)}")
    errors = []
    for part, most in sheet.value.items():
        points = quality.get(part, 0)
        if not 0 <= points <= most:
            errors.append(
                _("%(part)s: %(points)d points; the sheet gives it 0 to %(most)d (%(basis)s).")
                % {"part": QUALITY_PARTS.get(part, part), "points": points, "most": most,
                   "basis": sheet.legal_basis}
            )  # fmt: skip
    if errors:
        raise ValidationError({"quality": errors})
    points = {part: quality.get(part, 0) for part in sheet.value}
    total = sum(points.values())
    return points, total, quality_grade(day, total)


@transaction.atomic
def adopt_minutes(
    meeting: Meeting,
    *,
    starts_at: dt.time,
    ends_at: dt.time,
    conclusion: str,
    quality: Mapping[str, int] | None = None,
    chair_id: int | None = None,
    minute_taker_id: int | None = None,
    actor=None,
) -> Meeting:
    """Adopt the minutes: the times, the chair's conclusion, who chaired and who took the
    minutes (members present; None: as recorded) and the quality score (by part of the sheet in
    force) are final and the meeting is locked. Refused: no attendance, already adopted, an end
    before the start, no conclusion, a chair or minute-taker who was not present, a part scored
    beyond the sheet."""
    meeting = lock_meeting(meeting, actor)
    check_unlocked(meeting)
    if meeting.vote_base is None:
        raise ValidationError(_("Record the attendance before adopting the minutes."))
    check_times(starts_at, ends_at)
    conclusion = conclusion.strip()
    if not conclusion:
        raise ValidationError({"conclusion": _("Write the chair's conclusion.")})
    if quality is not None:
        meeting.quality, meeting.quality_total, meeting.quality_grade = _scored(
            meeting.date, quality
        )
    _check_present(meeting, chair=chair_id, minute_taker=minute_taker_id)
    meeting.starts_at, meeting.ends_at, meeting.conclusion = starts_at, ends_at, conclusion
    # named here, or kept as recorded
    meeting.chair_id = chair_id or meeting.chair_id
    meeting.minute_taker_id = minute_taker_id or meeting.minute_taker_id
    meeting.status = MeetingStatus.ADOPTED
    meeting.adopted_at = timezone.now()
    meeting.adopted_by = None if is_system(actor) else actor
    save_versioned(meeting, actor)
    return meeting


def _check_present(meeting: Meeting, **people: int | None) -> None:
    """Each of `people` ({field: member id}) named was present at the meeting (one query)."""
    named = {field: pk for field, pk in people.items() if pk is not None}
    if not named:
        return
    present = set(
        meeting.attendance.filter(
            member_id__in=named.values(), presence=Presence.PRESENT
        ).values_list("member_id", flat=True)
    )
    errors = {
        field: _("Choose a member who was present at the meeting.")
        for field, pk in named.items()
        if pk not in present
    }
    if errors:
        raise ValidationError(errors)
