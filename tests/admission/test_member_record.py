"""The member record (lý lịch đảng viên, mẫu 1-HSĐV): its due date from the rules (30 working
days after the admission ceremony), the step's refusals, the day swaps that move it and the
to-do list.

Dates counted by hand: the happy path's ceremony is Friday 8/9/2023; 30 working days after it,
with no holiday between, end on Friday 20/10/2023 (weeks of 11/9, 18/9, 25/9, 2/10, 9/10,
16/10). A ceremony on Monday 3/8/2026 gives 16/9/2026 (Saturday 22/8 worked, 31/8–2/9 off),
as the ceremony deadline of tests/admission/test_deadlines.py counts it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from coso.admission import services
from coso.admission.choices import Step
from coso.admission.models import Probation
from coso.core import dayswaps
from coso.core.deadlines import member_record_due_on
from coso.core.models import DaySwapKind
from coso.core.scope import OutOfScope
from coso.members.queries.todo import todo_list
from tests.helpers import refused

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("ceremony", "due"),
    [
        (D(2023, 9, 8), D(2023, 10, 20)),
        (D(2026, 8, 3), D(2026, 9, 16)),
    ],
)
def test_due_30_working_days_after_the_ceremony(ceremony, due):
    assert member_record_due_on(ceremony) == due


def test_the_ceremony_stores_the_due_date(candidate, go):
    member = go(candidate, Step.CEREMONY)
    probation = Probation.objects.get(member=member)
    assert (probation.member_record_due_on, probation.member_record_on) == (D(2023, 10, 20), None)


def test_recorded_once_with_who_and_when(candidate, go, personas):
    member = go(candidate, Step.CEREMONY)
    secretary = personas["cell_secretary"]
    services.record_member_record(member, date=D(2023, 10, 2), actor=secretary, note=" Đủ ")
    p = Probation.objects.get(member=member)
    assert (p.member_record_on, p.member_record_actor, p.member_record_note) == (
        D(2023, 10, 2),
        secretary,
        "Đủ",
    )
    refused(
        lambda: services.record_member_record(member, date=D(2023, 10, 3)),
        "The member record (1-HSĐV) was already completed on 02/10/2023.",
        field="date",
    )


def test_refusals_change_nothing(candidate, go, personas, members):
    member = go(candidate, Step.CEREMONY)
    refused(
        lambda: services.record_member_record(member, date=D(2023, 9, 7)),
        "The member record (1-HSĐV) cannot be dated before the admission ceremony (08/09/2023).",
        field="date",
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused(
        lambda: services.record_member_record(member, date=tomorrow),
        "The date cannot be in the future.",
        field="date",
    )
    refused(
        lambda: services.record_member_record(
            members["an"], date=D(2023, 10, 2), actor=personas["office"]
        ),
        "Nguyễn Văn An is not a probationary member (Official).",
        field="member",
    )
    # a user without a role over the cell: the member does not exist for them
    outsider = get_user_model().objects.create_user("khong_vai_tro", password="x-9s!Lk2")
    refused(
        lambda: services.record_member_record(member, date=D(2023, 10, 2), actor=outsider),
        raises=OutOfScope,
    )


def test_a_day_off_entered_in_the_window_moves_the_due_date(candidate, go, personas):
    member = go(candidate, Step.CEREMONY)
    dayswaps.save_day_swap(
        date=D(2023, 10, 2),
        kind=DaySwapKind.OFF,
        legal_basis="Thông báo thử",
        actor=personas["office"],
    )
    assert Probation.objects.get(member=member).member_record_due_on == D(2023, 10, 23)


def _record_items(user) -> list[tuple[str, dt.date]]:
    result = todo_list(user, today=timezone.localdate(), kinds=["member_record"])
    return [(f.member_name, f.due_on, f.overdue) for f in result.items]


def test_on_the_to_do_list_until_completed(candidate, go, personas):
    member = go(candidate, Step.CEREMONY)
    office = personas["office"]
    assert _record_items(office) == [("Lê Thị Mai", D(2023, 10, 20), True)]
    services.record_member_record(member, date=D(2023, 10, 30), actor=office)
    assert _record_items(office) == []


@pytest.mark.django_db(transaction=True)
def test_recorded_in_its_own_transaction(candidate, go, personas):
    member = go(candidate, Step.CEREMONY)
    services.record_member_record(member, date=D(2023, 10, 2), actor=personas["cell_secretary"])
    assert Probation.objects.get(member=member).member_record_on == D(2023, 10, 2)
    assert _record_items(personas["office"]) == []
