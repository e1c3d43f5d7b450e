"""The cell of the workflow-vote tests: CK on 10/11/2026 with twelve official members in the
registry (Minh of them exempted, Nam of them temporarily transferred out to CNTT), two
probationary members (Lan, whose probation ended on 01/10/2026, and Mai, admitted in March
2026) and a candidate, Lê Thị Mai, whose last step is the comments (20/06/2023).

The meeting's vote base is 12 − 1 (exempted, absent) − 1 (away) = 10; the quorum (2/3) is 7;
an admission or a recognition needs at least 2/3 of 10, that is 7 votes for."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.accounts.services import add_user
from coso.admission import services as admission
from coso.admission.choices import Step
from coso.members.choices import TransferKind
from coso.members.services import statuses, transfers
from tests.helpers import PASSWORD, advance, candidate_data, make_member, probationary_member

D = dt.date
DAY = D(2026, 11, 10)
BASIS = "Điều lệ Đảng; QĐ 294-QĐ/TW (26/5/2025); HD 06-HD/TW (9/6/2025)"
OFFICIAL = ["An", "Bảo", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Khánh", "Long", "Phúc"]


def workflow_cell(tree) -> dict:
    ck = tree["DUK-BK-CK"]
    people = {given: make_member(ck, given) for given in OFFICIAL}
    people["Minh"] = make_member(ck, "Minh")
    statuses.exempt_member(
        people["Minh"], reason="elderly", decision_number="5-QĐ/CB", valid_from=D(2026, 1, 5)
    )
    people["Nam"] = make_member(ck, "Nam")
    away = transfers.issue_transfer(
        people["Nam"],
        kind=TransferKind.TEMPORARY,
        to=tree["DUK-BK-CNTT"],
        letter_number="7-GT/ĐUK",
        issued_on=D(2026, 5, 25),
        until=D(2027, 3, 1),
    )
    transfers.receive_transfer(away, received_on=D(2026, 6, 1))
    people["Lan"] = probationary_member(ck, "Lan", admitted_on=D(2025, 10, 1))
    people["Mai"] = probationary_member(ck, "Mai", family="Đỗ", admitted_on=D(2026, 3, 2))
    introducers = {"an": people["An"], "duc": people["Bảo"]}
    candidate = admission.create_candidate(candidate_data(), cell=ck)
    advance(candidate, Step.COMMENTS, introducers, tree)
    candidate.refresh_from_db()
    people["candidate"] = candidate
    for key, m in people.items():
        if key != "candidate":
            m.refresh_from_db()
    return people


@pytest.fixture(name="ck")
def ck_fixture(tree):
    return workflow_cell(tree)


@pytest.fixture(name="ck_secretary")
def ck_secretary_fixture(tree):
    return add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary", password=PASSWORD)
