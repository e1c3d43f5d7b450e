"""A cell on 10/11/2026 as a meeting's roster sees it: seven official members, one exempted, one
probationary, one temporarily transferred out, and one temporary member from another cell."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from coso.meetings import services
from coso.members.choices import TransferKind
from coso.members.services import statuses, transfers
from tests.helpers import make_member, probationary_member

D = dt.date
DAY = D(2026, 11, 10)
OFFICIAL = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh"]


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids (the Vietnamese catalog has them all)."""
    with translation.override("en"):
        yield


@pytest.fixture
def cell(tree):
    """CNTT's roster on DAY, by given name."""
    cntt = tree["DUK-BK-CNTT"]
    people = {given: make_member(cntt, given) for given in OFFICIAL}
    people["Lan"] = probationary_member(cntt, "Lan", admitted_on=D(2026, 3, 2))
    people["Minh"] = make_member(cntt, "Minh")
    statuses.exempt_member(
        people["Minh"], reason="elderly", decision_number="5-QĐ/CB", valid_from=D(2026, 1, 5)
    )
    people["Nam"] = make_member(cntt, "Nam")
    away = transfers.issue_transfer(
        people["Nam"],
        kind=TransferKind.TEMPORARY,
        to=tree["DUK-BK-CK"],
        letter_number="7-GT/ĐUK",
        issued_on=D(2026, 5, 25),
        until=D(2027, 3, 1),
    )
    transfers.receive_transfer(away, received_on=D(2026, 6, 1))
    people["Oanh"] = make_member(tree["DUK-KT"], "Oanh", family="Trần", middle="Thị")
    visiting = transfers.issue_transfer(
        people["Oanh"],
        kind=TransferKind.TEMPORARY,
        to=cntt,
        letter_number="8-GT/ĐUK",
        issued_on=D(2026, 8, 25),
        until=D(2027, 6, 1),
    )
    transfers.receive_transfer(visiting, received_on=D(2026, 9, 1))
    for m in people.values():
        m.refresh_from_db()
    return people


@pytest.fixture
def meeting(tree, cell):
    return services.plan_meeting(
        tree["DUK-BK-CNTT"], kind="regular", date=DAY, topic="Sinh hoạt tháng 11"
    )
