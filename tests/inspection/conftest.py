"""The tree of tests/conftest.py with the inspection committee of DUK-BK (its chair, a user),
a member of CNTT with an account, and a plan of DUK-BK's inspection committee for 2026 with a
regular inspection of the CNTT cell and a supervision of the member Đức."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from coso.accounts.services import add_user
from coso.inspection import services
from tests.helpers import PASSWORD

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids (the Vietnamese catalog has them all)."""
    with translation.override("en"):
        yield


@pytest.fixture
def ubkt(tree):
    """The chair of DUK-BK's inspection committee (reads records, handles inspection)."""
    return add_user(
        "ubkt_bk", organization=tree["DUK-BK"], role="inspection_chair", password=PASSWORD
    )


@pytest.fixture
def an_user(members):
    """Nguyễn Văn An (CNTT), a plain member with an account."""
    user = add_user(
        "dv_an", organization=members["an"].organization, role="member", password=PASSWORD
    )
    members["an"].user = user
    members["an"].save(update_fields=["user"])
    return user


@pytest.fixture
def plan(tree, ubkt):
    return services.adopt_plan(
        tree["DUK-BK"], body="inspection_committee", year=2026,
        title="Kế hoạch kiểm tra, giám sát năm 2026", adopted_on=D(2025, 12, 20),
        document_number="12-KH/UBKT", actor=ubkt,
    )  # fmt: skip


@pytest.fixture
def inspection(plan, tree, ubkt):
    return services.schedule(
        plan, activity="inspection", kind="regular", topic="Việc thu, nộp đảng phí",
        starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 31),
        subject_organization=tree["DUK-BK-CNTT"], actor=ubkt,
    )  # fmt: skip


@pytest.fixture
def supervision(plan, members, ubkt):
    return services.schedule(
        plan, activity="supervision", kind="thematic", topic="Giữ mối liên hệ nơi cư trú",
        starts_on=D(2026, 4, 1), ends_on=D(2026, 4, 30), subject_member=members["duc"],
        actor=ubkt,
    )  # fmt: skip


#: the day the fixtures' inspection is concluded
CONCLUDED_ON = D(2026, 4, 2)


def concluded(inspection, members, actor, *, on=CONCLUDED_ON, violation=True, **extra):
    """`inspection` with a team (Bình leading, Ánh) and a conclusion."""
    services.set_team(inspection, leader=members["binh"], members=[members["anh"]], actor=actor)
    return services.conclude(
        inspection, conclusion="Chi bộ thu đảng phí chưa đúng quy định.\nCần khắc phục.",
        concluded_on=on, violation=violation, actor=actor, **extra,
    )  # fmt: skip
