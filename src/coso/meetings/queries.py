"""The read side of meetings: the roster on a meeting's date, the attendance figures the
minutes open with, and an organization's calendar."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.committees.choices import COMMITTEE_POSTS
from coso.committees.models import PostHolding
from coso.core.rules import rule_in_force
from coso.core.votes import votes_needed
from coso.members.choices import ACTIVE_STATUSES, PlacementKind, StatusKind
from coso.members.models import Member, Placement, StatusPeriod
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import TREE_DEPTH, Organization, ancestor_paths

from .choices import MeetingKind, MeetingStatus, Presence, QualityGrade, Standing
from .models import (
    THEMATIC,
    Attendance,
    Commitment,
    Follower,
    Guest,
    Material,
    Meeting,
    PlanningDay,
    ResolutionTask,
)


@dataclass(frozen=True)
class RosterLine:
    member: Member
    standing: str
    exempted: bool = False


def _covering(start: dt.date, end: dt.date, prefix: str = "") -> Q:
    """Rows of a period (from, to exclusive) that cover some day of [start, end]."""
    return Q(**{f"{prefix}valid_from__lte": end}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": start})
    )


def _covers(since: dt.date, until: dt.date | None, day: dt.date) -> bool:
    return since <= day and (until is None or until > day)


class Rosters:
    """The rosters of the organizations that `where` selects (a Q on placements), on any day of
    [start, end], from one load of three queries: the placements there (with their members, in
    Vietnamese name order), the temporary placements elsewhere of those placed there
    officially, and their exemptions. `lines(org_id, day)` then answers without a query."""

    def __init__(self, where: Q, start: dt.date, end: dt.date):
        self.placements: dict[int, list[Placement]] = defaultdict(list)
        for p in (
            Placement.objects.filter(where, _covering(start, end))
            .select_related("member")
            .order_by("member__sort_key", "member_id", "valid_from")
        ):
            self.placements[p.organization_id].append(p)
        home = Placement.objects.filter(
            where, _covering(start, end), kind=PlacementKind.OFFICIAL
        ).values("member_id")
        self.away: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
        for member_id, org_id, since, until in Placement.objects.filter(
            _covering(start, end), kind=PlacementKind.TEMPORARY, member_id__in=home
        ).values_list("member_id", "organization_id", "valid_from", "valid_to"):
            self.away[member_id].append((org_id, since, until))
        self.exempt: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        for member_id, since, until in (
            StatusPeriod.objects.filter(
                member_id__in=home, kind=StatusKind.EXEMPTED, valid_from__lte=end
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
            .values_list("member_id", "valid_from", "ended_on")
        ):
            self.exempt[member_id].append((since, until))

    def lines(self, org_id: int, day: dt.date) -> list[RosterLine]:
        """Who is called to a meeting of the organization on `day` (see `roster_on`)."""
        lines = []
        for p in self.placements.get(org_id, ()):
            if not _covers(p.valid_from, p.valid_to, day):
                continue
            member = p.member
            if p.kind == PlacementKind.TEMPORARY:
                standing = Standing.TEMPORARY
            elif any(
                o != org_id and _covers(a, b, day) for o, a, b in self.away.get(member.pk, ())
            ):
                standing = Standing.AWAY
            elif member.recognized_on is not None and member.recognized_on <= day:
                standing = Standing.OFFICIAL
            else:
                standing = Standing.PROBATIONARY
            exempted = p.kind == PlacementKind.OFFICIAL and any(
                _covers(a, b, day) for a, b in self.exempt.get(member.pk, ())
            )
            lines.append(RosterLine(member, standing, exempted))
        return lines


def roster_on(organization: Organization, day: dt.date, kind: str = "") -> list[RosterLine]:
    """Who is called to a meeting of `organization` on `day`, as things stood that day, in
    Vietnamese name order: the members placed there (official or probationary by their
    recognition date; those temporarily transferred out listed as away), the temporary members
    placed there, and whether each was exempted. A committee meeting calls the committee's
    members on that day. Three queries."""
    if kind == MeetingKind.COMMITTEE:
        holdings = (
            PostHolding.objects.filter(term__organization=organization, post__in=COMMITTEE_POSTS)
            .on(day)
            .select_related("member")
        )
        members = {h.member_id: h.member for h in holdings}
        return [
            RosterLine(m, Standing.OFFICIAL)
            for m in sorted(members.values(), key=lambda m: (m.sort_key, m.pk))
        ]
    return Rosters(Q(organization=organization), day, day).lines(organization.pk, day)


@dataclass
class AttendanceCounts:
    """The membership report that opens the minutes (HD 12): every figure from the stored
    attendance of one meeting."""

    total: int = 0
    official: int = 0
    probationary: int = 0
    temporary: int = 0
    away: int = 0
    exempted: int = 0
    present: int = 0
    excused: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)
    vote_base: int = 0
    voters_present: int = 0

    @property
    def expected(self) -> int:
        """Those called who are not away (temporary members included)."""
        return self.total - self.away


def _tally(counts: AttendanceCounts, row, n: int = 1) -> bool:
    """Add `n` rows like `row` (standing, exempted, presence) to `counts`; False for those
    away (not called: no presence counted)."""
    counts.total += n
    if row.standing == Standing.OFFICIAL:
        counts.official += n
    elif row.standing == Standing.PROBATIONARY:
        counts.probationary += n
    elif row.standing == Standing.TEMPORARY:
        counts.temporary += n
    else:
        counts.away += n
        return False
    counts.exempted += row.exempted * n
    counts.present += n * (row.presence == Presence.PRESENT)
    if row.counts_in_vote_base:
        counts.vote_base += n
        counts.voters_present += n * (row.presence == Presence.PRESENT)
    return True


def attendance_counts(rows: list[Attendance]) -> AttendanceCounts:
    counts = AttendanceCounts()
    for a in rows:
        if not _tally(counts, a):
            continue
        if a.presence == Presence.EXCUSED:
            counts.excused.append(a)
        elif a.presence == Presence.ABSENT:
            counts.absent.append(a)
    return counts


class _Group(NamedTuple):
    standing: str
    exempted: bool
    presence: str

    @property
    def counts_in_vote_base(self) -> bool:
        return Attendance.counts_in_vote_base.fget(self)


def meeting_counts(meeting: Meeting) -> AttendanceCounts:
    """`attendance_counts` of the meeting's stored attendance without loading every row: one
    grouped query for the figures, one for the rows of those absent (with and without a
    reason, in name order; their reason and name only). Two queries, whatever the size of the
    cell."""
    counts = AttendanceCounts()
    for standing, exempted, presence, n in (
        meeting.attendance.order_by()
        .values_list("standing", "exempted", "presence")
        .annotate(n=Count("pk"))
    ):
        _tally(counts, _Group(standing, exempted, presence), n)
    for a in (
        meeting.attendance.filter(presence__in=(Presence.EXCUSED, Presence.ABSENT))
        .exclude(standing=Standing.AWAY)
        .select_related("member")
        .only("meeting", "presence", "reason", "member__full_name")
        .order_by("member__sort_key", "member_id")
    ):
        (counts.excused if a.presence == Presence.EXCUSED else counts.absent).append(a)
    return counts


#: the parts of a meeting its page lists, by the name of their relation
MEETING_PARTS = ("votes", "agenda_items", "materials", "corrections", "guests")


def part_probes() -> dict:
    """Annotations telling which of `MEETING_PARTS` a meeting has (`has_votes`, ...): read with
    the meeting, they spare its page a query for each part it lacks (most meetings have no
    vote, agenda item, material or correction)."""
    return {
        f"has_{name}": Exists(
            Meeting._meta.get_field(name)
            .related_model._default_manager.order_by()
            .filter(meeting=OuterRef("pk"))
        )
        for name in MEETING_PARTS
    }


def has_part(meeting: Meeting, name: str) -> bool:
    """Whether `meeting` has rows of the part `name` (True when it was read without
    `part_probes`: then its rows are read)."""
    return getattr(meeting, f"has_{name}", True)


@dataclass(frozen=True)
class Quorum:
    needed: int
    present: int
    base: int
    legal_basis: str

    @property
    def met(self) -> bool:
        return self.present >= self.needed


def quorum(day: dt.date, base: int, present: int) -> Quorum:
    rule = rule_in_force("meeting_quorum_ratio", day)
    return Quorum(votes_needed(rule.value, base, more_than=False), present, base, rule.legal_basis)


def meeting_rows(meeting: Meeting) -> list[Attendance]:
    """The stored attendance of `meeting`, in name order (one query)."""
    return list(
        meeting.attendance.select_related("member").order_by("member__sort_key", "member_id")
    )


def cells_under(org: Organization):
    """The cells under `org` (itself, if a cell) in tree order (a queryset: the page pages
    it; `count_meetings` then counts the meetings of the page's cells)."""
    return Organization.objects.filter(path__startswith=org.path, kind__in=CELL_KINDS).order_by(
        "path"
    )


def count_meetings(cells, year: int, *, under: Organization | None = None) -> list:
    """`cells` (organizations), each given the year's monthly (`regular`), thematic and other
    meetings: one query over that year's meetings of those cells (of the subtree `under`, when
    given: the whole list at once, e.g. a city's 26,000 cells in an export), grouped by
    organization with the (organization, date) index. Returns the cells as a list."""
    cells = list(cells)
    meetings = Meeting.objects.in_year(year)
    if under is not None:
        meetings = meetings.filter(organization__path__startswith=under.path)
    else:
        meetings = meetings.filter(organization_id__in=[c.pk for c in cells])
    counts = {
        row["organization_id"]: row
        for row in meetings.order_by()
        .values("organization_id")
        .annotate(
            regular=Count("pk", filter=Q(kind=MeetingKind.REGULAR)),
            thematic=Count("pk", filter=THEMATIC),
            other=Count(
                "pk", filter=Q(kind__in=(MeetingKind.EXTRAORDINARY, MeetingKind.COMMITTEE))
            ),
        )
    }
    for cell in cells:
        row = counts.get(cell.pk, {})
        cell.regular, cell.thematic, cell.other = (
            row.get(name, 0) for name in ("regular", "thematic", "other")
        )
    return cells


def cells_summary(org: Organization, year: int) -> list:
    """The cells under `org` (itself, if a cell) in tree order, each with the year's monthly
    (`regular`), thematic and other meetings: two queries."""
    return count_meetings(cells_under(org), year, under=org)


def duration_warning(meeting: Meeting) -> str:
    """A warning when the recorded times make the meeting shorter than the rule asks (HD 42:
    90 minutes, 120 with a thematic part); empty when it is long enough or has no times."""
    if meeting.starts_at is None or meeting.ends_at is None:
        return ""
    start = dt.datetime.combine(meeting.date, meeting.starts_at)
    minutes = int(
        (dt.datetime.combine(meeting.date, meeting.ends_at) - start).total_seconds() // 60
    )
    key = "combined_meeting_min_minutes" if meeting.with_thematic else "meeting_min_minutes"
    try:
        least = rule_in_force(key, meeting.date)
    except ValidationError:  # a combined meeting before HD 42 had no separate length
        least = rule_in_force("meeting_min_minutes", meeting.date)
    if minutes >= least.value:
        return ""
    return _(
        "The meeting lasted %(minutes)d minutes; at least %(least)d are asked (%(basis)s)."
    ) % {
        "minutes": minutes,
        "least": least.value,
        "basis": least.legal_basis,
    }


def quality_grade(day: dt.date, total: int) -> str:
    """The grade a quality score gets under the rule in force on `day`."""
    grades = rule_in_force("meeting_quality_grades", day).value
    for grade in (QualityGrade.GOOD, QualityGrade.FAIR, QualityGrade.AVERAGE):
        if total >= grades[grade]:
            return grade
    return QualityGrade.POOR


# --- the study (DOMAIN.md §17) ---------------------------------------------------------------


def study_rule(key: str, year: int, field: str | None = None):
    """A study rule for `year` (looked up on its 31 December, as the evaluation rules are)."""
    return rule_in_force(key, dt.date(year, 12, 31), field)


def study_due(key: str, year: int) -> dt.date:
    """The day of `year` by which the rule `key` ({month, day}) wants the plan or commitment."""
    day = study_rule(key, year).value
    return dt.date(year, day["month"], day["day"])


def study_members(org: Organization, user, text: str = ""):
    """The members of `org` in the party's care that `user` may see (those whose names match
    `text`, when given), in Vietnamese name order (a queryset: the page pages it)."""
    members = Member.objects.visible_to(user).filter(organization=org, status__in=ACTIVE_STATUSES)
    if text.strip():
        members = members.search(text)
    return members.order_by("sort_key", "pk")


def commitments_of(members, year: int, user) -> dict[int, Commitment]:
    """The commitments for `year` of `members` that `user` may read, by member id (one
    query)."""
    return {
        c.member_id: c
        for c in Commitment.objects.visible_to(user).filter(
            member__in=[m.pk for m in members], year=year
        )
    }


# --- a resolution's tasks ---------------------------------------------------------------------


def tasks_of(org: Organization, user, *, text: str = "", state: str = "", today: dt.date):
    """The tasks given by `org`'s meetings that `user` may see, in a state (open, overdue, done;
    "" for all), matching `text` (in the task, or the member's name), by due date (a queryset:
    the page pages it)."""
    tasks = ResolutionTask.objects.visible_to(user).filter(meeting__organization=org)
    tasks = tasks.in_state(state, today)
    if text.strip():
        named = Member.objects.search(text).values("pk")
        tasks = tasks.filter(Q(what__icontains=text.strip()) | Q(member__in=named))
    return tasks.select_related("member", "meeting", "reviewed_at").order_by(
        "due_on", "meeting__date", "pk"
    )


def _tasks_up_to(meeting: Meeting, also: Q):
    """The tasks of `meeting`'s organization given at its earlier meetings not reviewed yet,
    those `meeting` reviewed, and those `also` selects among its own. A task is reviewed at a
    later meeting of the organization that gave it (`review_task` refuses others), so every
    row lies among the organization's meetings up to `meeting`'s date: the (organization,
    date) index finds them, then their tasks (an OR across the tasks' own indexes would read
    every task not reviewed in the tree)."""
    return ResolutionTask.objects.filter(
        meeting__organization_id=meeting.organization_id, meeting__date__lte=meeting.date
    ).filter(
        Q(reviewed_at__isnull=True, meeting__date__lt=meeting.date) | Q(reviewed_at=meeting) | also
    )


def tasks_to_review(meeting: Meeting):
    """The tasks of earlier meetings of `meeting`'s organization not reviewed yet, and those it
    reviewed, by due date."""
    return (
        _tasks_up_to(meeting, Q(pk__in=[]))
        .select_related("member", "meeting", "reviewed_at")
        .order_by("due_on", "meeting__date", "pk")
    )


#: what a task's line shows (`meetings/_task_line.html`): its own fields, the name of whom it
#: is given to, the dates of the meetings that gave and reviewed it
TASK_LINE = (
    *("what", "body", "due_on", "done_on", "done_note", "review_note"),
    *("member__full_name", "meeting__date", "reviewed_at__date"),
)


def meeting_page_tasks(meeting: Meeting):
    """The tasks `meeting`'s resolution gives and those of `tasks_to_review`, by due date (the
    meeting's own by due date among themselves): one query."""
    return (
        _tasks_up_to(meeting, Q(meeting=meeting))
        .select_related("member", "meeting", "reviewed_at")
        .only(*TASK_LINE)
        .order_by("due_on", "meeting__date", "pk")
    )


# --- followers and guests (DOMAIN.md §5) ------------------------------------------------------


@dataclass
class MeetingGuests:
    """Who follows the meeting's organization on its date (None: no one) and the guests
    invited, the follower's invitation among them (`invitation`)."""

    follower: Follower | None
    guests: list[Guest]

    @property
    def invitation(self) -> Guest | None:
        if self.follower is None:
            return None
        return next((g for g in self.guests if g.member_id == self.follower.member_id), None)

    @property
    def others(self) -> list[Guest]:
        followed = self.follower.member_id if self.follower else None
        return [g for g in self.guests if g.member_id != followed]


def meeting_guests(meeting: Meeting) -> MeetingGuests:
    """The follower on the meeting's date and the meeting's guests: two queries (one when the
    meeting was read with `part_probes` and has no guest)."""
    follower = (
        Follower.objects.filter(cell_id=meeting.organization_id)
        .on(meeting.date)
        .select_related("member")
        .order_by("started_on", "pk")
        .first()
    )
    guests = (
        list(meeting.guests.select_related("member").order_by("member__sort_key", "member_id"))
        if has_part(meeting, "guests")
        else []
    )
    return MeetingGuests(follower, guests)


def followed_cells(org: Organization, year: int, text: str = "", day: dt.date | None = None):
    """The cells under `org` (tree order; those whose name or current follower's name match
    `text`, when given), each annotated with the year's meetings held (`held`, the committee's
    own left out), the followers' invitations to them (`invited`) and how many they came to
    (`came`): one query (a queryset: the page pages it)."""
    day = day or timezone.localdate()
    in_year = Q(meetings__date__year=year) & ~Q(meetings__status=MeetingStatus.PLANNED)
    followed = in_year & ~Q(meetings__kind=MeetingKind.COMMITTEE)
    as_follower = followed & Q(meetings__guests__follower__isnull=False)
    cells = Organization.objects.filter(
        path__startswith=org.path, kind__in=CELL_KINDS, depth__gt=org.depth
    )
    if text.strip():
        matching = Follower.objects.on(day).filter(
            member__in=Member.objects.search(text), cell__path__startswith=org.path
        )
        cells = cells.filter(
            Q(pk__in=cells.search(text).values("pk")) | Q(pk__in=matching.values("cell_id"))
        )
    return cells.annotate(
        held=Count("meetings", filter=followed, distinct=True),
        invited=Count("meetings__guests", filter=as_follower, distinct=True),
        came=Count(
            "meetings__guests", filter=as_follower & Q(meetings__guests__came=True), distinct=True
        ),
    ).order_by("path")


def current_followers(cells, day: dt.date) -> dict[int, Follower]:
    """The follower of each of `cells` on `day`, by cell id (one query)."""
    return {
        f.cell_id: f
        for f in Follower.objects.on(day)
        .filter(cell__in=[c.pk for c in cells])
        .select_related("member", "committee")
        .order_by("-started_on", "-pk")
    }


def committee_roster(org: Organization, day: dt.date) -> list[Member]:
    """The members on `org`'s committee on `day`, in Vietnamese name order (one query)."""
    holdings = (
        PostHolding.objects.filter(term__organization=org, post__in=COMMITTEE_POSTS)
        .on(day)
        .select_related("member")
    )
    members = {h.member_id: h.member for h in holdings}
    return sorted(members.values(), key=lambda m: (m.sort_key, m.pk))


def invitations_of(member: Member, since: dt.date) -> list[Guest]:
    """The meetings `member` is invited to as a guest (the cells they follow) from `since`, by
    date, each with its organization and published materials: two queries."""
    published = Material.objects.filter(published_on__lte=timezone.localdate()).order_by(
        "published_on", "pk"
    )
    return list(
        Guest.objects.filter(member=member, meeting__date__gte=since)
        .select_related("meeting__organization")
        .prefetch_related(Prefetch("meeting__materials", queryset=published))
        .order_by("meeting__date", "meeting_id")
    )


# --- the day by which next month's meeting is planned -----------------------------------------

#: the deepest organization a planning day is looked up at
PLANNING_DEPTH = TREE_DEPTH


def planning_days_over(path=None, *, prefixes: list[str] | None = None):
    """The planning days of the organization at `path` (a string, or an expression such as
    `OuterRef("path")`) and of its ancestors, the deepest (the one that governs) first: their
    paths are its path's prefixes, `steplen` characters a level (or given as `prefixes`)."""
    step = Organization.steplen
    if isinstance(path, str):
        prefixes = [path[: step * depth] for depth in range(1, len(path) // step + 1)]
    # one IN on the path index
    among = ancestor_paths(path) if prefixes is None else prefixes
    return PlanningDay.objects.filter(organization__path__in=among).order_by("-organization__depth")
