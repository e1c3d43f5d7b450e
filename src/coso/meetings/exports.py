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


def write_attendance(target: IO[bytes], org: Organization, year: int, user) -> int:
    headers = [
        _("No."),
        _("Full name"),
        *(_("Month %(m)d") % {"m": m} for m in range(1, 13)),
        _("Present"),
        _("Absent with a reason"),
        _("Absent without a reason"),
    ]
    return write_xlsx(
        target,
        headers,
        attendance_rows(org, year, user),
        sheet_name=_("Attendance %(year)d") % {"year": year},
        widths=[5, 28, *([6] * 12), 9, 12, 12],
    )


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
    headers = [
        _("Organization code"),
        _("Organization name"),
        _("Monthly meetings"),
        _("Months with a monthly meeting"),
        _("Thematic meetings"),
        _("Other meetings"),
        _("At least %(n)d thematic") % {"n": thematic_min},
    ]
    return write_xlsx(
        target,
        headers,
        subtree_rows(org, year, thematic_min),
        sheet_name=_("Meetings %(year)d") % {"year": year},
        widths=[18, 48, 12, 14, 12, 12, 14],
    )


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
    headers = [
        _("No."),
        _("Full name"),
        _("Signed on"),
        _("Actions committed"),
        _("Self-assessment"),
        _("The cell's comment"),
    ]
    return write_xlsx(
        target,
        headers,
        study_rows(org, year, user),
        sheet_name=_("Study %(year)d") % {"year": year},
        widths=[5, 28, 12, 48, 40, 40],
    )


def write_tasks(target: IO[bytes], tasks, today) -> int:
    """The tasks listed (`tasks`: the list page's queryset, filters and search applied), one
    row each: the meeting, the task, whom, when due, its state, when done and how, where
    reviewed. One query."""
    headers = [
        _("No."),
        _("Meeting"),
        _("Task"),
        _("Assigned to"),
        _("Due on"),
        _("State"),
        _("Done on"),
        _("How it was done"),
        _("Reviewed at the meeting"),
        _("The review"),
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
    return write_xlsx(
        target,
        headers,
        rows,
        sheet_name=_("Tasks"),
        widths=[5, 12, 48, 26, 12, 12, 12, 32, 12, 32],
    )


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
    headers = [
        _("Organization code"),
        _("Organization name"),
        _("Follower"),
        _("Following since"),
        _("Committee"),
        _("Meetings held in %(year)d") % {"year": year},
        _("Follower invited"),
        _("Follower came"),
    ]
    return write_xlsx(
        target,
        headers,
        follower_rows(org, year, day),
        sheet_name=_("Followers %(year)d") % {"year": year},
        widths=[18, 44, 28, 12, 36, 12, 12, 12],
    )
