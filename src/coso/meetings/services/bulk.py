"""Many meetings at once, for the demo (two years of a bloc's or a city's meetings): the same
checks as `plan_meeting`, the same roster (`queries.Rosters`) and the same counts as
`record_attendance`, written in batches.

Only the system calls it (the demo generator): there is no actor and no history rows, and
the meetings are taken as held and their minutes adopted when they lie in the past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coso.orgs.models import Organization

from ..choices import MeetingKind, MeetingStatus, Presence, Standing
from ..models import Attendance, Follower, Guest, Meeting
from ..queries import RosterLine, Rosters, attendance_counts
from .followers import FOLLOWED_KINDS
from .parts import check_plan, default_presence

BATCH = 2_000


@dataclass
class MeetingPlan:
    organization: Organization
    kind: str
    date: dt.date
    topic: str = ""
    with_thematic: bool = False
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None
    conclusion: str = ""
    #: member id -> (presence, reason): who did not simply come
    exceptions: dict[int, tuple[str, str]] = field(default_factory=dict)


@transaction.atomic
def load_meetings(
    plans: Iterable[MeetingPlan],
    *,
    within: Organization,
    mark: Callable[[RosterLine, MeetingPlan], tuple[str, str] | None] | None = None,
    came: Callable[[MeetingPlan], bool] | None = None,
) -> int:
    """Create the planned meetings of organizations under `within` with their attendance (past
    ones held and adopted); returns how many. Everyone called comes unless the plan's
    `exceptions` or `mark(line, plan)` say otherwise. The follower of a cell on a meeting's
    date is invited, as `plan_meeting` does; at a past meeting they came unless
    `came(plan)` says otherwise. Refused as `plan_meeting` refuses (kind,
    topic, thematic part, times, one monthly meeting a month)."""
    plans = sorted(plans, key=lambda p: (p.organization.path, p.date))
    if not plans:
        return 0
    months = set(
        Meeting.objects.filter(
            organization__path__startswith=within.path, kind=MeetingKind.REGULAR
        ).values_list("organization_id", "date__year", "date__month")
    )
    for plan in plans:
        check_plan(plan.organization, plan.kind, plan.topic, plan.with_thematic)
        if plan.kind == MeetingKind.REGULAR:
            key = (plan.organization.pk, plan.date.year, plan.date.month)
            if key in months:
                raise ValueError(f"two monthly meetings: {key}")
            months.add(key)
    today = timezone.localdate()
    rosters = Rosters(
        Q(organization__path__startswith=within.path), plans[0].date, max(p.date for p in plans)
    )
    now = timezone.now()
    followers = _followers(within)
    for i in range(0, len(plans), BATCH):
        chunk = plans[i : i + BATCH]
        meetings, rows = [], []
        for plan in chunk:
            held = plan.date <= today
            meeting = Meeting(
                organization=plan.organization,
                kind=plan.kind,
                date=plan.date,
                topic=plan.topic,
                with_thematic=plan.with_thematic,
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
                status=MeetingStatus.ADOPTED if held else MeetingStatus.PLANNED,
                conclusion=plan.conclusion if held else "",
                adopted_at=now if held else None,
            )
            marks = []
            if held:
                for line in rosters.lines(plan.organization.pk, plan.date):
                    given = plan.exceptions.get(line.member.pk) or (mark and mark(line, plan))
                    presence, reason = given or (default_presence(line), "")
                    if line.standing == Standing.AWAY:
                        presence, reason = Presence.NOT_CALLED, ""
                    marks.append(
                        Attendance(
                            member=line.member,
                            standing=line.standing,
                            exempted=line.exempted,
                            presence=presence,
                            reason=reason if presence == Presence.EXCUSED else "",
                        )
                    )
                counts = attendance_counts(marks)
                meeting.vote_base, meeting.voters_present = counts.vote_base, counts.voters_present
                meeting.attendance_recorded_at = now
            meetings.append(meeting)
            rows.append(marks)
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        for meeting, marks in zip(meetings, rows, strict=True):
            for row in marks:
                row.meeting = meeting
        Attendance.objects.bulk_create([row for marks in rows for row in marks], batch_size=BATCH)
        guests = []
        for plan, meeting in zip(chunk, meetings, strict=True):
            follower = _following(followers, plan)
            if follower is not None:
                held = meeting.status != MeetingStatus.PLANNED
                guests.append(
                    Guest(
                        meeting=meeting,
                        member_id=follower.member_id,
                        follower=follower,
                        invited_at=now,
                        came=(came(plan) if came else True) if held else None,
                    )
                )
        Guest.objects.bulk_create(guests, batch_size=BATCH)
    return len(plans)


def _followers(within: Organization) -> dict[int, list[Follower]]:
    """The follow assignments of the cells under `within`, by cell id (one query)."""
    found: dict[int, list[Follower]] = {}
    for f in Follower.objects.filter(cell__path__startswith=within.path).order_by(
        "cell_id", "started_on", "pk"
    ):
        found.setdefault(f.cell_id, []).append(f)
    return found


def _following(followers: dict[int, list[Follower]], plan: MeetingPlan) -> Follower | None:
    if plan.kind not in FOLLOWED_KINDS:
        return None
    return next(
        (
            f
            for f in followers.get(plan.organization.pk, ())
            if f.started_on <= plan.date and (f.ended_on is None or f.ended_on > plan.date)
        ),
        None,
    )
