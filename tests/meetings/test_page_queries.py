"""The meeting pages ask the database a fixed number of queries: the same for a cell of 10
members as for one of 40 (the meeting, its attendance sheet, the cell's calendar with its
repeated absences), and for a grassroots organization with 5 cells as with 20 (its calendar:
each cell's counts for the year)."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from coso.core.scope import can_edit
from coso.meetings import services
from coso.meetings.services import may_record
from coso.orgs import services as org_services
from coso.orgs.models import Organization
from tests.helpers import make_member, queries

D = dt.date
YEAR = {"year": 2026}


def _cell_with_meetings(org, size: int):
    """`size` members; monthly meetings in August, September and October 2026 where the first
    member is absent without a reason each time (flagged) and the second excused once; returns
    the October meeting."""
    people = [make_member(org, f"Người {i:02d}") for i in range(size)]
    for month in (8, 9, 10):
        meeting = services.plan_meeting(org, kind="regular", date=D(2026, month, 7))
        marks = {people[0].pk: ("absent", "")}
        if month == 10:
            marks[people[1].pk] = ("excused", "Ốm")
        meeting = services.record_attendance(meeting, exceptions=marks)
    return meeting


def test_a_cell_of_40_costs_the_queries_of_a_cell_of_10(login, tree, bk_secretary):
    client = login(bk_secretary)
    small = _cell_with_meetings(tree["DUK-BK-CNTT"], 10)
    big = _cell_with_meetings(tree["DUK-BK-CK"], 40)
    assert (small.vote_base, small.voters_present) == (10, 8)
    assert (big.vote_base, big.voters_present) == (40, 38)
    for name in ("meeting_detail", "meeting_attendance"):
        pages = [client.get(reverse(name, args=[m.pk])) for m in (small, big)]
        assert [p.status_code for p in pages] == [200, 200]
        counts = [
            queries(lambda m=m, n=name: client.get(reverse(n, args=[m.pk]))) for m in (small, big)
        ]
        assert counts[0] == counts[1], name
    sheet = client.get(reverse("meeting_attendance", args=[big.pk])).content.decode()
    assert sheet.count('class="list-group-item attendance-row"') == 40
    assert sheet.count('value="present" checked') == 38
    assert sheet.count('value="excused" checked') == 1 and 'value="Ốm"' in sheet
    calendars = [reverse("meeting_calendar", args=[c]) for c in ("DUK-BK-CNTT", "DUK-BK-CK")]
    for url in calendars:
        html = client.get(url, YEAR).content.decode()
        assert "Nguyễn Văn Người 00" in html and "07/08/2026, 07/09/2026, 07/10/2026" in html
    assert queries(lambda: client.get(calendars[0], YEAR)) == queries(
        lambda: client.get(calendars[1], YEAR)
    )


def _cells(parent, first: int, last: int) -> None:
    for i in range(first, last):
        cell = org_services.create_organization(
            parent, code=f"DUK-X-{i:02d}", name=f"Chi bộ X{i:02d}", kind="cell",
            established_on=D(2015, 1, 1),
        )  # fmt: skip
        _cell_with_meetings(cell, 3)
        services.plan_meeting(
            cell, kind="thematic", date=D(2026, 11, 3), topic="Chuyển đổi số trong công tác đảng"
        )


def test_a_grassroots_calendar_of_20_cells_costs_the_queries_of_5(login, tree, office):
    grassroots = org_services.create_organization(
        tree["DUK"], code="DUK-X", name="Đảng bộ X", kind="grassroots_committee",
        established_on=D(2015, 1, 1),
    )  # fmt: skip
    client = login(office)
    url = reverse("meeting_calendar", args=["DUK-X"])
    _cells(grassroots, 0, 5)
    html = client.get(url, YEAR).content.decode()
    assert html.count("3 monthly, 1 thematic, 0 other") == 5
    assert html.count("07/08/2026, 07/09/2026, 07/10/2026") == 5
    few = queries(lambda: client.get(url, YEAR))
    _cells(grassroots, 5, 20)
    html = client.get(url, YEAR).content.decode()
    assert html.count("3 monthly, 1 thematic, 0 other") == 20
    assert html.count("07/08/2026, 07/09/2026, 07/10/2026") == 20
    assert queries(lambda: client.get(url, YEAR)) == few
    # last year: no meeting, nobody flagged, the same cells listed
    html = client.get(url, {"year": 2025}).content.decode()
    assert html.count("0 monthly, 0 thematic, 0 other") == 20 and 'id="absences"' not in html


def _tasks(meeting, first: int, last: int) -> None:
    for i in range(first, last):
        services.add_task(meeting, what=f"Việc {i:03d}", due_on=D(2026, 12, 1), body="committee")


def test_a_meeting_page_with_100_tasks_costs_the_queries_of_one_with_10(login, tree, office):
    """The tasks the resolution gives and those of earlier meetings it reviews: one query for
    10 of them as for 100."""
    october = _cell_with_meetings(tree["DUK-BK-CNTT"], 3)
    september = october.organization.meetings.get(date=D(2026, 9, 7))
    client = login(office)
    url = reverse("meeting_detail", args=[october.pk])
    _tasks(september, 0, 5)
    _tasks(october, 5, 10)
    html = client.get(url).content.decode()
    assert html.count("data-task=") == 10 and html.count("Given at the meeting of 07/09/2026") == 5
    few = queries(lambda: client.get(url))
    _tasks(september, 10, 55)
    _tasks(october, 55, 100)
    html = client.get(url).content.decode()
    assert (
        html.count("data-task=") == 100 and html.count("Given at the meeting of 07/09/2026") == 50
    )
    assert queries(lambda: client.get(url)) == few


def test_may_record_answers_as_the_organizations_editing_scope(
    tree, office, bk_secretary, cell_secretary
):
    """The pages ask `may_record` without a query; it answers what `can_edit` answers with one,
    for every persona and organization."""
    answers = {
        (user.username, code): may_record(user, org)
        for user in (office, bk_secretary, cell_secretary)
        for code, org in tree.items()
    }
    assert answers == {
        (user.username, code): can_edit(user, org)
        for user in (office, bk_secretary, cell_secretary)
        for code, org in tree.items()
    }
    assert answers[(cell_secretary.username, "DUK-BK-CNTT")] is True
    assert answers[(cell_secretary.username, "DUK-BK-CK")] is False


def test_the_calendars_lines_escape_names_and_topics(login, tree, office):
    """The calendar's lists are written in Python (`meetings.calendar_rows`): a cell's name, a
    member's name and a topic are shown as text, never as markup."""
    cell = org_services.create_organization(
        tree["DUK-BK"], code="DUK-BK-X&Y", name="Chi bộ <b>X</b>", kind="cell",
        established_on=D(2015, 1, 1),
    )  # fmt: skip
    flagged = make_member(cell, "<i>Ba</i>")
    for month in (8, 9, 10):
        meeting = services.plan_meeting(cell, kind="regular", date=D(2026, month, 7))
        services.record_attendance(meeting, exceptions={flagged.pk: ("absent", "")})
    services.plan_meeting(cell, kind="thematic", date=D(2026, 11, 3), topic="<script>x</script>")
    client = login(office)
    grassroots = client.get(reverse("meeting_calendar", args=["DUK-BK"]), YEAR).content.decode()
    assert "Chi bộ &lt;b&gt;X&lt;/b&gt;" in grassroots and "<b>X" not in grassroots
    assert 'href="/organizations/DUK-BK-X&amp;Y/meetings/?year=2026"' in grassroots
    assert "&lt;i&gt;Ba&lt;/i&gt;" in grassroots and "<i>Ba" not in grassroots
    assert "07/08/2026, 07/09/2026, 07/10/2026" in grassroots
    own = client.get(reverse("meeting_calendar", args=["DUK-BK-X&Y"]), YEAR).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in own and "<script>x" not in own
    assert own.count('class="d-block fw-semibold py-1" href="/meetings/') == 4


def test_the_cells_are_paged_by_fifty_with_their_counts(login, tree, office):
    """52 cells: the first page lists 50, the second the last two with their counts; a page past
    the last shows the last, a page that is not a number the first; two queries for the cells
    whatever the page."""
    grassroots = org_services.create_organization(
        tree["DUK"], code="DUK-X", name="Đảng bộ X", kind="grassroots_committee",
        established_on=D(2015, 1, 1),
    )  # fmt: skip
    for i in range(52):
        org_services.create_organization(
            grassroots, code=f"DUK-X-{i:02d}", name=f"Chi bộ X{i:02d}", kind="cell",
            established_on=D(2015, 1, 1),
        )  # fmt: skip
    last = Organization.objects.get(code="DUK-X-51")
    services.plan_meeting(last, kind="thematic", date=D(2026, 3, 3), topic="Chuyển đổi số")
    services.plan_meeting(last, kind="regular", date=D(2026, 3, 9), with_thematic=True, topic="Số")
    services.plan_meeting(last, kind="regular", date=D(2025, 3, 9))
    client = login(office)
    url = reverse("meeting_calendar", args=["DUK-X"])

    def cells(**params):
        html = client.get(url, {**YEAR, **params}).content.decode()
        section = html[
            html.index('id="cells"') : html.index("</section>", html.index('id="cells"'))
        ]
        return re.findall(r">(Chi bộ X\d\d)</a>", section), section

    names, section = cells()
    assert names == [f"Chi bộ X{i:02d}" for i in range(50)] and "Page 1 of 2" in section
    for page in ("2", "9"):
        names, section = cells(cells=page)
        assert names == ["Chi bộ X50", "Chi bộ X51"] and "Page 2 of 2" in section
        assert section.count("0 monthly, 0 thematic, 0 other") == 1
        assert "1 monthly, 2 thematic, 0 other" in section
    names, section = cells(cells="abc")
    assert len(names) == 50 and "Page 1 of 2" in section
    assert queries(lambda: client.get(url, {**YEAR, "cells": "2"})) == queries(
        lambda: client.get(url, YEAR)
    )
