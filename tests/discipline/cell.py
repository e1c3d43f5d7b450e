"""The cell of the discipline tests: CK with 25 official members in the registry (An01 … An25),
Lan a probationary member, and a meeting on DAY where 17 of the 25 are present (8 excused): the
vote base is 25, the quorum (2/3) 17."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.accounts.services import add_user
from coso.discipline import services
from coso.meetings import services as meetings
from tests.helpers import PASSWORD, make_member, probationary_member

D = dt.date
DAY = D(2026, 11, 10)
OPENED = D(2026, 10, 1)
BREACH = D(2026, 9, 15)
REVIEWED = D(2026, 10, 20)
QD69 = "QĐ 69-QĐ/TW (6/7/2022), Điều 15"


def cell_people(tree) -> dict:
    ck = tree["DUK-BK-CK"]
    people = {f"An{i:02d}": make_member(ck, f"An{i:02d}") for i in range(1, 26)}
    people["Lan"] = probationary_member(ck, "Lan", family="Đỗ", admitted_on=D(2026, 3, 2))
    return people


@pytest.fixture(name="ck")
def ck_fixture(tree):
    return cell_people(tree)


@pytest.fixture(name="ck_secretary")
def ck_secretary_fixture(tree):
    return add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary", password=PASSWORD)


def held_meeting(tree, ck, actor=None, day=DAY):
    """CK's meeting on ``day``: An18 … An25 excused, 17 present."""
    meeting = meetings.plan_meeting(tree["DUK-BK-CK"], kind="regular", date=day)
    away = {ck[f"An{i:02d}"].pk: ("excused", "Công tác") for i in range(18, 26)}
    return meetings.record_attendance(meeting, exceptions=away, actor=actor)


def open_member_case(
    member, penalty="reprimand", *, breach_on=BREACH, opened_on=OPENED, actor=None, **extra
):
    return services.open_case(
        member=member, breach="Không sinh hoạt chi bộ 3 tháng liên tục", breach_on=breach_on,
        offence=extra.pop("offence", "art9"), proposed_penalty=penalty, opened_on=opened_on,
        actor=actor, **extra,
    )  # fmt: skip


def reviewed_case(member, penalty="reprimand", actor=None, **extra):
    case = open_member_case(member, penalty, actor=actor, **extra)
    return services.record_self_review(case, date=REVIEWED, proposed_penalty=penalty, actor=actor)


def vote(meeting, case, votes_for, votes_against=0, actor=None):
    return meetings.record_workflow_vote(
        meeting, workflow="discipline", subject_id=case.pk, votes_for=votes_for,
        votes_against=votes_against, actor=actor,
    )  # fmt: skip
