"""A cell's meetings on the to-do list: last month's monthly meeting not recorded, thematic
meetings behind the quarters gone by; only cells that record their meetings in coso; scoped."""

from __future__ import annotations

import datetime as dt

from coso.core.dates import add_months
from coso.meetings import services
from coso.meetings.todo import MissingMeetingSource, ThematicBehindSource
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list

D = dt.date
TODAY = D(2026, 12, 6)


def _monthly(org, months, thematic=()):
    for month in months:
        services.plan_meeting(
            org,
            kind="regular",
            date=month.replace(day=10),
            with_thematic=month.month in thematic,
            topic="Chuyên đề" if month.month in thematic else "",
        )


def test_a_missing_monthly_meeting_and_thematic_behind(tree, cell, office, cell_secretary):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    # CNTT: January to October 2026, thematic in March and June only; November missing
    _monthly(cntt, [D(2026, m, 1) for m in range(1, 11)], thematic=(3, 6))
    # CK: every month to November, thematic each quarter
    _monthly(ck, [D(2026, m, 1) for m in range(1, 12)], thematic=(3, 6, 9))
    # KT never recorded a meeting in coso: not watched
    result = todo_list(office, today=TODAY)
    items = [(f.kind, f.organization_code, f.due_on, f.detail) for f in result.items
             if f.kind in (TodoKind.MEETING_MISSING, TodoKind.THEMATIC_BEHIND)]  # fmt: skip
    assert sorted(items) == [
        (
            "meeting_missing",
            "DUK-BK-CNTT",
            D(2026, 11, 30),
            "No monthly meeting is recorded for 11/2026.",
        ),
        (
            "thematic_behind",
            "DUK-BK-CNTT",
            D(2026, 9, 30),
            "At least 3 thematic meetings were due in 2026 by 30/09/2026.",
        ),
    ]
    flag = next(f for f in result.items if f.kind == TodoKind.MEETING_MISSING)
    assert (flag.url, flag.member_id, flag.overdue) == (
        "/organizations/DUK-BK-CNTT/meetings/",
        None,
        True,
    )
    # the cell's secretary sees their own; the overdue filter keeps them
    mine = todo_list(cell_secretary, today=TODAY, overdue=True)
    assert {f.kind for f in mine.items} >= {TodoKind.MEETING_MISSING, TodoKind.THEMATIC_BEHIND}


def test_recorded_meetings_clear_the_items(tree, cell):
    cntt = tree["DUK-BK-CNTT"]
    _monthly(cntt, [add_months(D(2026, 1, 1), n) for n in range(11)], thematic=(3, 6, 9))
    assert not MissingMeetingSource(TODAY, TODAY).queryset().exists()
    assert not ThematicBehindSource(TODAY, TODAY).queryset().exists()


def test_first_quarter_looks_at_last_year(tree, cell):
    cntt = tree["DUK-BK-CNTT"]
    _monthly(cntt, [D(2025, m, 1) for m in range(1, 13)], thematic=(3, 6, 9))
    source = ThematicBehindSource(D(2026, 2, 10), D(2026, 2, 10))
    assert source.needed() == (2025, 4, D(2025, 12, 31))
    assert list(source.queryset().values_list("code", flat=True)) == ["DUK-BK-CNTT"]
