"""Deadlines in working days across weekends, Tết, holidays and day swaps (2024–2027), and
ages and validity counted in months.

Expected dates were counted by hand from the holiday list in tests/core/test_calendar.py
(2024 Tết 8–14/2, 18/4, 29/4–1/5 with Saturday 4/5 worked, 2–3/9; 2025 Tết 27/1–1/2, 7/4,
30/4–2/5 with Saturday 26/4 worked, 1–2/9; 2026 Tết 16–20/2, 27/4, 30/4, 1/5, 31/8–2/9 with
Saturday 22/8 worked, 24/11; 2027 Tết 4–10/2, 16/4, 30/4, 3/5, 2–3/9, 24/11).
"""

from __future__ import annotations

import datetime as dt

import pytest

from coso.core.calendar import clear_calendar_cache
from coso.core.dates import add_months, months_between
from coso.core.deadlines import (
    age_in_months,
    ceremony_due_on,
    certificate_valid_until,
    decision_due_on,
    probation_ends_on,
    recognition_vote_due_on,
)
from coso.core.models import DaySwap, DaySwapKind

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("resolution", "due"),
    [
        (D(2024, 1, 5), D(2024, 4, 5)),  # across Tết 2024 and 18/4
        (D(2024, 3, 15), D(2024, 6, 12)),  # across 18/4, 29/4–1/5; Saturday 4/5 worked
        (D(2025, 1, 10), D(2025, 4, 14)),  # across Tết 2025 and 7/4
        (D(2025, 7, 1), D(2025, 9, 25)),  # 2025 rules; across 1–2/9
        (D(2026, 1, 20), D(2026, 4, 21)),  # across Tết 2026
        (D(2026, 12, 1), D(2027, 3, 3)),  # across 1/1/2027 and Tết 2027
        (D(2027, 3, 1), D(2027, 5, 27)),  # across 16/4, 30/4 and 3/5 (1/5 on a Saturday)
    ],
)
def test_decision_due_60_working_days_after_the_resolution(resolution, due):
    assert decision_due_on(resolution) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2024, 1, 29), D(2024, 3, 18)),  # across Tết 2024
        (D(2024, 8, 20), D(2024, 10, 3)),  # across 2–3/9
        (D(2025, 4, 1), D(2025, 5, 16)),  # across 7/4, 30/4–2/5; Saturday 26/4 worked
        (D(2026, 8, 3), D(2026, 9, 16)),  # Saturday 22/8 worked; 31/8–2/9 off
        (D(2026, 11, 2), D(2026, 12, 14)),  # 24/11/2026 worked (shipped day swap)
        (D(2027, 1, 25), D(2027, 3, 15)),  # across Tết 2027
    ],
)
def test_ceremony_due_30_working_days_after_receiving_the_decision(received, due):
    assert ceremony_due_on(received) == due


@pytest.mark.parametrize(
    ("ceremony", "ends", "vote_due"),
    [
        (D(2023, 4, 20), D(2024, 4, 20), D(2024, 6, 4)),  # ends on a Saturday; 29/4–1/5
        (D(2024, 1, 15), D(2025, 1, 15), D(2025, 3, 5)),  # vote window across Tết 2025
        (D(2024, 2, 29), D(2025, 2, 28), D(2025, 4, 14)),  # 29/2 + 12 months = 28/2
        (D(2025, 1, 20), D(2026, 1, 20), D(2026, 3, 10)),  # across Tết 2026
        (D(2025, 12, 31), D(2026, 12, 31), D(2027, 2, 19)),  # across 1/1 and Tết 2027
        (D(2026, 1, 29), D(2027, 1, 29), D(2027, 3, 19)),  # across Tết 2027
    ],
)
def test_recognition_vote_due_30_working_days_after_12_months(ceremony, ends, vote_due):
    assert probation_ends_on(ceremony) == ends
    assert recognition_vote_due_on(ceremony) == vote_due


def test_day_swaps_move_the_deadlines():
    assert ceremony_due_on(D(2027, 1, 25)) == D(2027, 3, 15)
    # a Saturday inside the window made a working day: one day earlier
    DaySwap.objects.create(date=D(2027, 2, 20), kind=DaySwapKind.WORKING)
    clear_calendar_cache()
    assert ceremony_due_on(D(2027, 1, 25)) == D(2027, 3, 12)
    # and a weekday made a day off: back to the Monday
    DaySwap.objects.create(date=D(2027, 3, 1), kind=DaySwapKind.OFF)
    clear_calendar_cache()
    assert ceremony_due_on(D(2027, 1, 25)) == D(2027, 3, 15)


@pytest.mark.parametrize(
    ("birth", "day", "months"),
    [
        (D(2005, 7, 6), D(2023, 7, 5), 215),  # 17 years 11 months
        (D(2005, 7, 6), D(2023, 7, 6), 216),  # 18 years
        (D(2005, 1, 31), D(2023, 2, 27), 216),  # a 31st: the month ends on the 28th
        (D(2005, 1, 31), D(2023, 2, 28), 217),
        (D(2004, 2, 29), D(2022, 2, 28), 216),  # born on 29/2
        (D(1962, 6, 4), D(2022, 6, 4), 720),  # 60 years: still eligible
        (D(1962, 6, 4), D(2022, 7, 4), 721),
    ],
)
def test_age_in_months(birth, day, months):
    assert age_in_months(birth, day) == months
    assert months_between(birth, day) == months


def test_add_months_and_certificate_validity():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 12, 15), -12) == D(2022, 12, 15)
    assert months_between(D(2024, 5, 1), D(2024, 3, 1)) == -2
    assert certificate_valid_until(D(2019, 3, 1), D(2024, 2, 1)) == D(2024, 3, 1)
