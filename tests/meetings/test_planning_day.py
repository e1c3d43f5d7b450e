"""The day of the month by which next month's meeting is planned: set by a committee for its
cells (a deeper one wins), on the to-do list until the cell plans it; scoped; refused changes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.core.db.compiled import CompiledQuery, Path
from coso.core.scope import OutOfScope
from coso.meetings import planning_views, services
from coso.meetings.models import PlanningDay
from coso.meetings.planning_views import planning_day_of
from coso.meetings.todo import UnplannedMeetingSource
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from coso.orgs.models import Organization
from tests.helpers import refused, snapshot

D = dt.date
TODAY = D(2026, 12, 6)


def _recorded(*orgs):
    """Each cell records its meetings in coso (one in October): watched by the to-do list."""
    for org in orgs:
        services.plan_meeting(org, kind="regular", date=D(2026, 10, 12))


def _unplanned(user, today=TODAY):
    return sorted(
        (f.organization_code, f.due_on, f.detail, f.overdue)
        for f in todo_list(user, today=today).items
        if f.kind == TodoKind.MEETING_UNPLANNED
    )


def test_the_committee_sets_the_day_and_the_cells_plan_by_it(tree, office, cell_secretary):
    cntt, ck, kt = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"], tree["DUK-KT"]
    _recorded(cntt, ck, kt)
    assert _unplanned(office) == []  # no day set: nothing asked
    day = services.set_planning_day(tree["DUK"], 20, actor=office)
    assert (day.organization, day.day, day.set_by) == (tree["DUK"], 20, office)
    assert _unplanned(office) == [
        ("DUK-BK-CK", D(2026, 12, 20), "Plan the monthly meeting of 01/2027 by 20/12/2026.", False),
        ("DUK-BK-CNTT", D(2026, 12, 20), "Plan the monthly meeting of 01/2027 by 20/12/2026.", False),
        ("DUK-KT", D(2026, 12, 20), "Plan the monthly meeting of 01/2027 by 20/12/2026.", False),
    ]  # fmt: skip
    # BK's own day (the 3rd) wins for its cells: overdue now
    services.set_planning_day(tree["DUK-BK"], 3, actor=office)
    assert [(c, d, o) for c, d, _t, o in _unplanned(office)] == [
        ("DUK-BK-CK", D(2026, 12, 3), True),
        ("DUK-BK-CNTT", D(2026, 12, 3), True),
        ("DUK-KT", D(2026, 12, 20), False),
    ]
    # CNTT plans January's meeting (a thematic or extraordinary one does not count)
    services.plan_meeting(cntt, kind="extraordinary", date=D(2027, 1, 8))
    assert len(_unplanned(office)) == 3
    services.plan_meeting(cntt, kind="regular", date=D(2027, 1, 8))
    assert [c for c, *_rest in _unplanned(office)] == ["DUK-BK-CK", "DUK-KT"]
    # the cell's secretary sees their own cell only
    services.plan_meeting(cntt, kind="regular", date=D(2026, 12, 20))  # not next month's
    assert _unplanned(cell_secretary) == []
    # clearing BK's day: its cells follow the bloc's 20th again
    assert services.set_planning_day(tree["DUK-BK"], None, actor=office) is None
    assert [(c, d) for c, d, *_r in _unplanned(office)] == [
        ("DUK-BK-CK", D(2026, 12, 20)),
        ("DUK-KT", D(2026, 12, 20)),
    ]
    assert PlanningDay.history.filter(organization_id=tree["DUK-BK"].pk).count() == 2


def test_the_source_is_one_query(tree, django_assert_num_queries):
    _recorded(tree["DUK-BK-CNTT"], tree["DUK-KT"])
    services.set_planning_day(tree["DUK"], 20)
    services.set_planning_day(tree["DUK-BK"], 3)
    source = UnplannedMeetingSource(TODAY, TODAY + dt.timedelta(days=30))
    with django_assert_num_queries(1):
        rows = list(source.queryset().order_by("path"))
    assert [(r.code, source.due(r)) for r in rows] == [
        ("DUK-BK-CNTT", D(2026, 12, 3)),
        ("DUK-KT", D(2026, 12, 20)),
    ]
    # only the overdue (the horizon yesterday): BK's 3rd has passed, the 20th has not
    overdue = UnplannedMeetingSource(TODAY, TODAY - dt.timedelta(days=1))
    assert [r.code for r in overdue.queryset()] == ["DUK-BK-CNTT"]
    # on the 1st, yesterday was last month: nothing is overdue yet
    first = D(2026, 12, 1)
    assert not UnplannedMeetingSource(first, first - dt.timedelta(days=1)).queryset().exists()


@pytest.mark.parametrize(
    ("day", "fragment"),
    [(0, "Choose a day from 1 to 28"), (29, "Choose a day from 1 to 28")],
)
def test_a_day_not_in_every_month_is_refused(tree, office, day, fragment):
    refused(
        lambda: services.set_planning_day(tree["DUK"], day, actor=office), fragment, field="day"
    )


def test_out_of_scope_is_404_and_changes_nothing(tree, cell_secretary, login):
    refused(
        lambda: services.set_planning_day(tree["DUK-KT"], 10, actor=cell_secretary),
        raises=OutOfScope,
    )
    client = login(cell_secretary)
    before = snapshot()
    assert (
        client.post("/organizations/DUK-KT/meetings/planning-day/", {"day": 5}).status_code == 404
    )
    assert snapshot() == before


def test_the_calendar_page_sets_and_shows_the_day(tree, office, cell_secretary, login):
    client = login(office)
    page = client.get("/organizations/DUK/meetings/").content.decode()
    assert 'id="planning"' in page and "No day is set by which" in page
    response = client.post("/organizations/DUK/meetings/planning-day/", {"day": 25})
    assert (response.status_code, response.url) == (302, "/organizations/DUK/meetings/")
    assert PlanningDay.objects.get().day == 25
    bad = client.post("/organizations/DUK/meetings/planning-day/", {"day": 31})
    assert bad.status_code == 400 and PlanningDay.objects.get().day == 25
    # the cell's page shows the committee's day; its secretary may set the cell's own
    cell_page = login(cell_secretary).get("/organizations/DUK-BK-CNTT/meetings/").content.decode()
    assert "planned by day 25 of each month" in cell_page and 'id="planning"' in cell_page


@pytest.mark.django_db(transaction=True)
def test_setting_the_day_outside_a_wrapping_transaction(tree, office):
    """Each call commits on its own (PostgreSQL in CI): the row lock, the history."""
    services.set_planning_day(tree["DUK"], 20, actor=office)
    services.set_planning_day(tree["DUK"], 21, actor=office)
    services.set_planning_day(tree["DUK"], None, actor=office)
    assert not PlanningDay.objects.exists()
    assert PlanningDay.history.count() == 3


def test_the_governing_day_compiled_and_built_anew_agree(tree, monkeypatch):
    """The calendar's governing day: the organization's own, else the nearest committee's
    above, in one query; the same when the tree is deeper than the compiled query's places
    (then built anew)."""
    services.set_planning_day(tree["DUK"], 20)
    services.set_planning_day(tree["DUK-BK"], 3)
    expected = {
        "DUK": (20, "DUK"),
        "DUK-BK": (3, "DUK-BK"),
        "DUK-BK-CNTT": (3, "DUK-BK"),
        "DUK-KT": (20, "DUK"),
    }

    def governing():
        out = {}
        for code in expected:
            g = planning_day_of(tree[code])
            out[code] = (g.day, Organization.objects.get(pk=g.organization_id).code)
        return out

    assert governing() == expected
    # one place: the root compiled, the others built anew
    one = CompiledQuery(planning_views._governing, p1=Path)
    monkeypatch.setattr(planning_views, "GOVERNING", one)
    assert governing() == expected
    assert planning_day_of(tree["DUK-BK-CNTT"]).organization_name == tree["DUK-BK"].name
