"""A cell of 10 official members (it elects a committee) beside the shared tree's small cells."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from coso.committees import services
from tests.helpers import make_member

D = dt.date

GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam"]


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids (the Vietnamese catalog has them all)."""
    with translation.override("en"):
        yield


@pytest.fixture
def big(tree):
    """CNTT with 10 official members (a committee of at most 7)."""
    return [make_member(tree["DUK-BK-CNTT"], given) for given in GIVEN]


@pytest.fixture
def term(tree, big):
    return services.open_term(
        tree["DUK-BK-CNTT"], start_year=2025, end_year=2030, congress_date=D(2025, 5, 10)
    )


@pytest.fixture
def small_term(tree, members):
    return services.open_term(
        tree["DUK-BK-CK"], start_year=2025, end_year=2030, congress_date=D(2025, 5, 12)
    )


CONGRESS = D(2025, 5, 10)


def seat(term, member, post="committee_member", day=CONGRESS, **extra):
    return services.appoint(term, member, post=post, started_on=day, decision="12-QĐ/ĐUK", **extra)
