"""A cell on 10/11/2026 as a meeting's roster sees it: seven official members, one exempted, one
probationary, one temporarily transferred out, and one temporary member from another cell."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from coso.committees import services as committee_services
from coso.meetings import services
from tests.helpers import make_member
from tests.meetings.roster import MEETING_DAY as DAY
from tests.meetings.roster import meeting_cell

D = dt.date
#: the day the follower of the tests (`quang`) starts following CNTT, when they do
FOLLOWING_FROM = D(2025, 8, 1)


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids (the Vietnamese catalog has them all)."""
    with translation.override("en"):
        yield


@pytest.fixture
def cell(tree):
    """CNTT's roster on DAY, by given name."""
    return meeting_cell(tree)


@pytest.fixture
def meeting(tree, cell):
    return services.plan_meeting(
        tree["DUK-BK-CNTT"], kind="regular", date=DAY, topic="Sinh hoạt tháng 11"
    )


@pytest.fixture
def quang(tree):
    """A member of CK on BK's committee since its congress (15/7/2025)."""
    member = make_member(tree["DUK-BK-CK"], "Quang", family="Đỗ")
    term = committee_services.open_term(
        tree["DUK-BK"], start_year=2025, end_year=2030, congress_date=D(2025, 7, 15)
    )
    committee_services.appoint(term, member, post="committee_member", started_on=D(2025, 7, 15))
    return member
