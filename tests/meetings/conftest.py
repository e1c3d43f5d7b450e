"""A cell on 10/11/2026 as a meeting's roster sees it: seven official members, one exempted, one
probationary, one temporarily transferred out, and one temporary member from another cell."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from coso.meetings import services
from tests.meetings.roster import MEETING_DAY as DAY
from tests.meetings.roster import meeting_cell

D = dt.date


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
