"""The pages' and the API's year: the bloc (DUK) opens the evaluation of 2025 (scores); the
CNTT cell has reported (form 01) and holds its December meeting; helpers in one line each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from coso.evaluation import services
from coso.meetings import services as meeting_services
from tests.helpers import PASSWORD

D = dt.date
OPENED = D(2025, 11, 15)
ASSESSED = D(2025, 12, 1)
MEETING = D(2025, 12, 10)
DECIDED = D(2026, 1, 5)


def open_year(tree, year: int = 2025):
    return services.open_period(
        tree["DUK"], kind="year", year=year, cells_due_on=D(year, 12, 15),
        grassroots_due_on=D(year + 1, 1, 10), superior_due_on=D(year + 1, 1, 20),
        opened_on=D(year, 11, 15),
    )  # fmt: skip


def assess(period, grade, *, member=None, organization=None, score=95, on_time=100, beyond=40,
           on=ASSESSED):  # fmt: skip
    sheet = {}
    if period.year >= 2025:
        sheet = {"score": Decimal(score), "tasks_on_time": on_time, "tasks_beyond": beyond}
    return services.self_assess(
        period, member=member, organization=organization, form="" if organization else "2A",
        self_grade=grade, on=on, **sheet,
    )  # fmt: skip


def cell_reported(period, cell, grade="good"):
    """The cell's own report (form 01): its members are reviewed after it."""
    return assess(period, grade, organization=cell, score=85, beyond=10)


def meeting(cell, date=MEETING):
    return meeting_services.plan_meeting(cell, kind="regular", date=date, topic="Kiểm điểm")


def member_user(member, username: str):
    """An account for ``member`` holding no role: they reach their own record only."""
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    member.user = user
    member.save(update_fields=["user"])
    return user
