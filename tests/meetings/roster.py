"""The cell of the meeting tests (tests/meetings and the phone test in tests/e2e)."""

from __future__ import annotations

import datetime as dt

from coso.members.choices import TransferKind
from coso.members.models import Member
from coso.members.services import statuses, transfers
from tests.helpers import make_member, probationary_member

D = dt.date

#: the day of the meeting tests
MEETING_DAY = D(2026, 11, 10)


def meeting_cell(tree) -> dict[str, Member]:
    """CNTT as a meeting's roster sees it on MEETING_DAY, by given name: seven official members
    (An … Khánh), Lan probationary, Minh exempted, Nam temporarily transferred out to CK, and
    Oanh a temporary member from KT."""
    cntt = tree["DUK-BK-CNTT"]
    people = {
        given: make_member(cntt, given)
        for given in ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh"]
    }
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
