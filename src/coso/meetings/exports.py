"""The meetings' spreadsheets: a cell's attendance by member and month for a year, and the
meetings of a subtree with their thematic counts. Each reads its rows in one or two queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import IO

from django.utils.translation import gettext as _

from coso.core.sheets.writer import write_xlsx
from coso.orgs.models import Organization

from .choices import MeetingKind, Presence, Standing, TaskState
from .models import Attendance, Follower, Meeting
from .queries import cells_summary, commitments_of, followed_cells, study_members

#: one letter a mark, as paper attendance sheets write them
MARK_LETTERS = {
    Presence.PRESENT: "C",
    Presence.EXCUSED: "P",
    Presence.ABSENT: "K",
    Presence.EXEMPTED: "M",
    Presence.NOT_CALLED: "",
}


def attendance_rows(org: Organization, year: int, user) -> list[list]:
    """A row per person on the year's rosters (name order): a mark per month's monthly meeting
    and the year's totals of present, absent with and without a reason; only the rows `user`
    may read (attendance is a personal record). One query."""
    marks = (
        Attendance.objects.visible_to(user)
        .filter(
            meeting__organization=org, meeting__date__year=year, meeting__kind=MeetingKind.REGULAR
        )
        .exclude(standing=Standing.AWAY)
        .order_by("member__sort_key", "member_id", "meeting__date")
        .values_list(
            "member_id", "member__full_name", "meeting__date", "presence", "member__sort_key"
        )
    )
    people: dict[int, dict] = {}
    for member_id, name, day, presence, _key in marks:
        person = people.setdefault(member_id, {"name": name, "months": {}, "totals": Counter()})
        person["months"][day.month] = MARK_LETTERS[presence]
        person["totals"][presence] += 1
    return [
        [
            i,
            p["name"],
            *(p["months"].get(m, "") for m in range(1, 13)),
            p["totals"][Presence.PRESENT],
            p["totals"][Presence.EXCUSED],
            p["totals"][Presence.ABSENT],
        ]
        for i, p in enumerate(people.values(), start=1)
    ]


def _write(target: IO[bytes], columns: list[tuple[str, int]], rows, sheet_name: str) -> int:
    """`rows` on one sheet named `sheet_name`, under `columns`: (header, width) pairs."""
    return write_xlsx(
        target,
        [header for header, _width in columns],
        rows,
        sheet_name=sheet_name,
        widths=[width for _header, width in columns],
    )


def _person_columns() -> list[tuple[str, int]]:
    """The first columns of a sheet a row per person: the number and the name."""
    return [(_("No."), 5), (_("Full name"), 28)]


def _organization_columns(name_width: int) -> list[tuple[str, int]]:
    """The first columns of a sheet a row per organization: its code and name."""
    return [(_("Organization code"), 18), (_("Organization name"), name_width)]


def write_attendance(target: IO[bytes], org: Organization, year: int, user) -> int:
    columns = [
        *_person_columns(),
        *((_("Month %(m)d") % {"m": m}, 6) for m in range(1, 13)),
        (_("Present"), 9),
        (_("Absent with a reason"), 12),
        (_("Absent without a reason"), 12),
    ]
    sheet_name = _("Attendance %(year)d") % {"year": year}
    return _write(target, columns, attendance_rows(org, year, user), sheet_name)


def subtree_rows(org: Organization, year: int, thematic_min: int) -> list[list]:
    """A row per cell under `org` (tree order): the year's meetings by kind, the months with a
    monthly meeting, the thematic count and whether it reaches `thematic_min`. Two queries."""
    cells = cells_summary(org, year)
    months: dict[int, set[int]] = defaultdict(set)
    for org_id, day in Meeting.objects.filter(
        organization__path__startswith=org.path, date__year=year, kind=MeetingKind.REGULAR
    ).values_list("organization_id", "date"):
        months[org_id].add(day.month)
    return [
        [
            c.code,
            c.name,
            c.regular,
            len(months[c.pk]),
            c.thematic,
            c.other,
            _("yes") if c.thematic >= thematic_min else _("no"),
        ]
        for c in cells
    ]


def write_subtree(target: IO[bytes], org: Organization, year: int, thematic_min: int) -> int:
    columns = [
        *_organization_columns(48),
        (_("Monthly meetings"), 12),
        (_("Months with a monthly meeting"), 14),
        (_("Thematic meetings"), 12),
        (_("Other meetings"), 12),
        (_("At least %(n)d thematic") % {"n": thematic_min}, 14),
    ]
    sheet_name = _("Meetings %(year)d") % {"year": year}
    return _write(target, columns, subtree_rows(org, year, thematic_min), sheet_name)


def study_rows(org: Organization, year: int, user) -> list[list]:
    """A row per member in the party's care that `user` may see (name order): their
    commitment's actions, self-assessment and the cell's comment for `year`, where `user` may
    read them. Two queries."""
    members = list(study_members(org, user))
    signed = commitments_of(members, year, user)
    rows = []
    for i, m in enumerate(members, 1):
        c = signed.get(m.pk)
        rows.append(
            [
                i,
                m.full_name,
                c.signed_on if c else None,
                "\n".join(c.actions) if c else "",
                c.self_assessment if c else "",
                c.cell_comment if c else "",
            ]
        )
    return rows


def write_study(target: IO[bytes], org: Organization, year: int, user) -> int:
    columns = [
        *_person_columns(),
        (_("Signed on"), 12),
        (_("Actions committed"), 48),
        (_("Self-assessment"), 40),
        (_("The cell's comment"), 40),
    ]
    sheet_name = _("Study %(year)d") % {"year": year}
    return _write(target, columns, study_rows(org, year, user), sheet_name)


def write_tasks(target: IO[bytes], tasks, today) -> int:
    """The tasks listed (`tasks`: the list page's queryset, filters and search applied), one
    row each: the meeting, the task, whom, when due, its state, when done and how, where
    reviewed. One query."""
    columns = [
        (_("No."), 5),
        (_("Meeting"), 12),
        (_("Task"), 48),
        (_("Assigned to"), 26),
        (_("Due on"), 12),
        (_("State"), 12),
        (_("Done on"), 12),
        (_("How it was done"), 32),
        (_("Reviewed at the meeting"), 12),
        (_("The review"), 32),
    ]
    rows = (
        [
            n,
            t.meeting.date,
            t.what,
            t.assignee,
            t.due_on,
            str(TaskState(t.state(today)).label),
            t.done_on,
            t.done_note,
            t.reviewed_at.date if t.reviewed_at_id else None,
            t.review_note,
        ]
        for n, t in enumerate(tasks.iterator(chunk_size=2000), start=1)
    )
    return _write(target, columns, rows, _("Tasks"))


def follower_rows(org: Organization, year: int, day) -> list[list]:
    """A row per cell under `org` (tree order): who follows it on `day` (since when, for which
    committee) and the year's meetings held, the followers invited and how many they came to.
    Two queries."""
    following = {
        f.cell_id: f
        for f in Follower.objects.on(day)
        .filter(cell__path__startswith=org.path)
        .select_related("member", "committee")
        .order_by("-started_on", "-pk")
    }
    rows = []
    for c in followed_cells(org, year, day=day):
        f = following.get(c.pk)
        rows.append(
            [
                c.code,
                c.name,
                f.member.full_name if f else "",
                f.started_on if f else None,
                f.committee.name if f else "",
                c.held,
                c.invited,
                c.came,
            ]
        )
    return rows


def write_followers(target: IO[bytes], org: Organization, year: int, day) -> int:
    columns = [
        *_organization_columns(44),
        (_("Follower"), 28),
        (_("Following since"), 12),
        (_("Committee"), 36),
        (_("Meetings held in %(year)d") % {"year": year}, 12),
        (_("Follower invited"), 12),
        (_("Follower came"), 12),
    ]
    sheet_name = _("Followers %(year)d") % {"year": year}
    return _write(target, columns, follower_rows(org, year, day), sheet_name)
