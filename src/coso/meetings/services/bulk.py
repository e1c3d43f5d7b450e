"""Many meetings at once, for the demo (two years of a bloc's or a city's meetings): the same
checks as `plan_meeting`, the same roster (`queries.Rosters`) and the same counts as
`record_attendance`, written at COPY speed (`core.db.fastload`).

Only the system calls it (the demo generator): there is no actor and no history rows, and
the meetings are taken as held and their minutes adopted when they lie in the past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coso.core.db.fastload import TableWriter, allocate_ids
from coso.orgs.models import Organization

from ..choices import MeetingKind, MeetingStatus, Presence, Standing
from ..models import Attendance, Follower, Guest, Meeting
from ..queries import RosterLine, Rosters, attendance_counts
from .followers import FOLLOWED_KINDS
from .parts import check_plan, default_presence

#: organizations whose rosters are loaded at once (bounds the memory at city scale)
ROSTER_ORGS = 400
MEETING_FIELDS = [
    "id",
    "organization_id",
    "kind",
    "with_thematic",
    "date",
    "starts_at",
    "ends_at",
    "topic",
    "status",
    "conclusion",
    "vote_base",
    "voters_present",
    "attendance_recorded_at",
    "adopted_at",
]
MEETING_CONSTANTS = {"place": "", "agenda": "", "quality_grade": ""}
ATTENDANCE_FIELDS = ["meeting_id", "member_id", "standing", "exempted", "presence", "reason"]


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


class _Mark(NamedTuple):
    """One attendance row before it is written (what `attendance_counts` reads of a row)."""

    member_id: int
    standing: str
    exempted: bool
    presence: str
    reason: str

    @property
    def counts_in_vote_base(self) -> bool:
        return Attendance.counts_in_vote_base.fget(self)


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
    topic, thematic part, times, one monthly meeting a month).

    Written at COPY speed (`core.db.fastload`: PostgreSQL COPY, SQLite executemany), the
    rosters loaded for `ROSTER_ORGS` organizations at a time: a city's 26,000 cells, 650,000
    meetings and 12 million attendance rows in bounded memory."""
    plans = sorted(plans, key=lambda p: (p.organization.path, p.date))
    if not plans:
        return 0
    months = set(
        Meeting.objects.filter(
            organization__path__startswith=within.path, kind=MeetingKind.REGULAR
        ).values_list("organization_id", "date__year", "date__month")
    )
    for plan in plans:
        if not plan.organization.path.startswith(within.path):
            raise ValueError(f"{plan.organization} is not under {within}")
        check_plan(plan.organization, plan.kind, plan.topic, plan.with_thematic)
        if plan.kind == MeetingKind.REGULAR:
            key = (plan.organization.pk, plan.date.year, plan.date.month)
            if key in months:
                raise ValueError(f"two monthly meetings: {key}")
            months.add(key)
    first, last = plans[0].date, max(p.date for p in plans)
    followers = _followers(within)
    for group in _by_organizations(plans, ROSTER_ORGS):
        rosters = Rosters(
            Q(organization_id__in=sorted({p.organization.pk for p in group})), first, last
        )
        ids = _write(group, rosters, mark)
        _invite(group, ids, followers, came)
    return len(plans)


def _by_organizations(plans: list[MeetingPlan], size: int):
    """`plans` (sorted by organization) in groups of about `size` organizations."""
    group: list[MeetingPlan] = []
    orgs = 0
    for plan in plans:
        if not group or plan.organization.pk != group[-1].organization.pk:
            if orgs == size:
                yield group
                group, orgs = [], 0
            orgs += 1
        group.append(plan)
    if group:
        yield group


def _marks(plan: MeetingPlan, rosters: Rosters, mark) -> list[_Mark]:
    """The attendance of a held meeting: the roster of its day, each marked."""
    marks = []
    for line in rosters.lines(plan.organization.pk, plan.date):
        given = plan.exceptions.get(line.member.pk) or (mark and mark(line, plan))
        presence, reason = given or (default_presence(line), "")
        if line.standing == Standing.AWAY:
            presence, reason = Presence.NOT_CALLED, ""
        reason = reason if presence == Presence.EXCUSED else ""
        marks.append(_Mark(line.member.pk, line.standing, line.exempted, presence, reason))
    return marks


def _write(plans: list[MeetingPlan], rosters: Rosters, mark) -> list[int]:
    """Write the meetings of `plans` and their attendance; their ids, in the plans' order."""
    today = timezone.localdate()
    now = timezone.now()
    ids = allocate_ids(Meeting, len(plans))
    meetings, rows = [], []
    for meeting_id, plan in zip(ids, plans, strict=True):
        held = plan.date <= today
        base = present = None
        if held:
            marks = _marks(plan, rosters, mark)
            counts = attendance_counts(marks)
            base, present = counts.vote_base, counts.voters_present
            rows.extend((meeting_id, *m) for m in marks)
        meetings.append(
            (
                meeting_id,
                plan.organization.pk,
                plan.kind,
                plan.with_thematic,
                plan.date,
                plan.starts_at,
                plan.ends_at,
                plan.topic,
                MeetingStatus.ADOPTED if held else MeetingStatus.PLANNED,
                plan.conclusion if held else "",
                base,
                present,
                now if held else None,
                now if held else None,
            )
        )
    TableWriter(Meeting, MEETING_FIELDS, constants=MEETING_CONSTANTS, now=now).write(meetings)
    TableWriter(Attendance, ATTENDANCE_FIELDS, now=now).write(rows)
    return ids


def _invite(plans: list[MeetingPlan], ids: list[int], followers, came) -> None:
    """The follower of each planned meeting's cell, invited as a guest (at a past meeting they
    came unless `came(plan)` says otherwise)."""
    today, now = timezone.localdate(), timezone.now()
    guests = []
    for plan, meeting_id in zip(plans, ids, strict=True):
        follower = _following(followers, plan)
        if follower is not None:
            held = plan.date <= today
            guests.append(
                Guest(
                    meeting_id=meeting_id,
                    member_id=follower.member_id,
                    follower=follower,
                    invited_at=now,
                    came=(came(plan) if came else True) if held else None,
                )
            )
    Guest.objects.bulk_create(guests, batch_size=2000)


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
