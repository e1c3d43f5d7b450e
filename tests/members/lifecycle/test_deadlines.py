"""Lifecycle deadlines in Vietnamese working days, across weekends, Tết and the year's day swaps
(2024–2027, worked out by hand from the calendar), and the rules in force on the event date."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.core.calendar import clear_calendar_cache
from coso.core.dates import add_months
from coso.core.deadlines import (
    graduate_hold_dates,
    hand_in_deadline,
    residence_feedback_due,
    start_deadline,
)
from coso.core.deadlines import probation_ends_on as probation_end
from coso.core.deadlines import recognition_vote_due_on as probation_due
from coso.core.models import DaySwap, DaySwapKind
from coso.members.services import statuses

pytestmark = pytest.mark.django_db
D = dt.date

CHARTER_2021 = "QĐ 24-QĐ/TW"
CHARTER_2025 = "QĐ 294-QĐ/TW"


@pytest.mark.parametrize(
    ("issued_on", "due", "why"),
    [
        # Monday before Tết Giáp Thìn: 8–14/2/2024 off (five weekdays)
        (D(2024, 1, 22), D(2024, 3, 11), "Tết 2024"),
        # a Saturday letter: counting starts on Monday, six plain weeks
        (D(2024, 6, 8), D(2024, 7, 19), "weekend start"),
        # 26/4/2025 (Saturday) worked, 30/4, 1/5 and 2/5 off
        (D(2025, 4, 18), D(2025, 6, 3), "30/4–1/5 with a swap in 2025"),
        # Tết Bính Ngọ: 16–20/2/2026 off
        (D(2026, 2, 6), D(2026, 3, 27), "Tết 2026"),
        # Giỗ Tổ 26/4/2026 is a Sunday: Monday 27/4 off, then 30/4 and 1/5
        (D(2026, 4, 3), D(2026, 5, 20), "Hùng Kings and 30/4–1/5 in 2026"),
        # Tết Đinh Mùi: 4–10/2/2027 off (five weekdays)
        (D(2027, 1, 29), D(2027, 3, 19), "Tết 2027"),
    ],
)
def test_hand_in_deadline_30_working_days(issued_on, due, why):
    assert hand_in_deadline(issued_on)[0] == due, why


@pytest.mark.parametrize(
    ("change_on", "due", "why"),
    [
        # 22/8/2026 (Saturday) worked, 31/8 off, 1–2/9 National Day
        (D(2026, 8, 20), D(2026, 11, 16), "National Day 2026 with a swap"),
        # 2024: Tết 8–14/2 (five weekdays) inside the 60 days
        (D(2024, 1, 2), D(2024, 4, 2), "Tết 2024"),
    ],
)
def test_start_deadline_60_working_days(change_on, due, why):
    assert start_deadline(change_on)[0] == due, why


def test_day_swaps_of_the_year_move_the_deadline():
    base = D(2027, 1, 29)
    assert hand_in_deadline(base)[0] == D(2027, 3, 19)
    DaySwap.objects.create(date=D(2027, 2, 20), kind=DaySwapKind.WORKING, note="Làm bù")
    clear_calendar_cache()
    assert hand_in_deadline(base)[0] == D(2027, 3, 18)  # one more working day on a Saturday
    DaySwap.objects.create(date=D(2027, 3, 1), kind=DaySwapKind.OFF, note="Nghỉ bù")
    clear_calendar_cache()
    assert hand_in_deadline(base)[0] == D(2027, 3, 19)


@pytest.mark.parametrize(
    ("ceremony", "end", "due"),
    [
        # ends on a Saturday after Tết 2025 (27/1–1/2): six weeks of plain working days
        (D(2024, 2, 1), D(2025, 2, 1), D(2025, 3, 14)),
        # ends on Saturday 10/1/2026; Tết 16–20/2/2026 inside the 30 working days
        (D(2025, 1, 10), D(2026, 1, 10), D(2026, 2, 27)),
        # 29 February: the 12 months end on 28 February; Hùng Kings 7/4/2025 inside
        (D(2024, 2, 29), D(2025, 2, 28), D(2025, 4, 14)),
        # ends 5/4/2027; Hùng Kings 16/4, 30/4, 3/5 (1/5 observed) inside
        (D(2026, 4, 5), D(2027, 4, 5), D(2027, 5, 20)),
    ],
)
def test_probation_end_and_recognition_vote_due(ceremony, end, due):
    assert probation_end(ceremony) == end
    assert probation_due(ceremony) == due


@pytest.mark.parametrize(
    ("graduated", "first", "second", "due"),
    [
        (D(2025, 8, 31), D(2026, 5, 31), D(2026, 7, 31), D(2026, 8, 31)),
        (D(2024, 5, 31), D(2025, 2, 28), D(2025, 4, 30), D(2025, 5, 31)),
        (D(2024, 2, 29), D(2024, 11, 29), D(2025, 1, 29), D(2025, 2, 28)),
    ],
)
def test_graduate_hold_months(graduated, first, second, due):
    dates = graduate_hold_dates(graduated)
    assert (dates["first_warning_on"], dates["second_warning_on"], dates["due_on"]) == (
        first,
        second,
        due,
    )


def test_add_months_keeps_the_day_or_the_month_end():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 12, 15), 14) == D(2026, 2, 15)
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


@pytest.mark.parametrize(
    ("day", "basis", "not_basis"),
    [(D(2024, 3, 4), CHARTER_2021, CHARTER_2025), (D(2026, 3, 2), CHARTER_2025, CHARTER_2021)],
)
def test_events_follow_the_rules_in_force_on_their_date(members, day, basis, not_basis):
    """An event in 2024 cites the 2021 texts; one in 2026 the 2025 texts."""
    assert basis in hand_in_deadline(day)[1] and not_basis not in hand_in_deadline(day)[1]
    assert basis in start_deadline(day)[1]
    hold = statuses.start_graduate_hold(members["hoa"], graduated_on=day)
    assert basis in hold.legal_basis and not_basis not in hold.legal_basis
    exemption = statuses.exempt_member(
        members["an"], reason="ill", decision_number="3-QĐ/CB", valid_from=day
    )
    assert basis in exemption.legal_basis and not_basis not in exemption.legal_basis


def test_residence_feedback_due_is_a_rule():
    assert residence_feedback_due(2025) == D(2025, 11, 30)
    assert residence_feedback_due(2026) == D(2026, 11, 30)
