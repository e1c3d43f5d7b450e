"""Working days: weekends, Vietnamese public holidays (Tết, 30/4–1/5, 2/9 …) and day swaps.

Expected dates were worked out by hand from the `holidays` package's VN list:
2024  1/1; Tết 8–14/2; 18/4; 29/4 (for Sat 4/5, worked), 30/4, 1/5; 2–3/9
2025  1/1; Tết 27/1–1/2; 7/4; 30/4, 1/5, 2/5 (for Sat 26/4, worked); 1–2/9
2026  1/1; Tết 16–20/2; 27/4 (Giỗ Tổ on Sun 26/4); 30/4, 1/5; 31/8 (for Sat 22/8, worked), 1–2/9;
      24/11 (Vietnam Cultural Day, from 2026)
2027  1/1; Tết 4–10/2; 16/4; 30/4, 3/5 (for Sat 1/5); 2–3/9; 24/11
"""

import datetime as dt

import pytest

from coso.core.calendar import (
    add_working_days,
    clear_calendar_cache,
    is_working_day,
    working_days_between,
)
from coso.core.models import DaySwap, DaySwapKind

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _fresh_calendar():
    # A rolled-back test transaction does not send post_delete, so clear by hand.
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 6, 8), False),  # Saturday
        (D(2024, 6, 9), False),  # Sunday
        (D(2024, 6, 10), True),  # Monday
        (D(2024, 2, 9), False),  # Tết 2024: Lunar New Year's Eve (Fri)
        (D(2024, 2, 14), False),  # Tết 2024: fifth day (Wed)
        (D(2024, 2, 15), True),  # first working day after Tết 2024
        (D(2024, 4, 29), False),  # day off swapped with Saturday 4/5/2024
        (D(2024, 5, 4), True),  # the Saturday worked for it
        (D(2025, 1, 1), False),  # New Year's Day
        (D(2025, 1, 24), True),  # last working day before Tết 2025
        (D(2025, 1, 27), False),  # Tết 2025 (Mon)
        (D(2025, 1, 29), False),  # Tết 2025: first day of the lunar year
        (D(2025, 1, 31), False),  # Tết 2025 (Fri)
        (D(2025, 2, 3), True),  # back to work after Tết 2025
        (D(2025, 4, 26), True),  # Saturday worked for Friday 2/5/2025
        (D(2025, 4, 30), False),  # Reunification Day
        (D(2025, 5, 1), False),  # Labour Day
        (D(2025, 5, 2), False),  # day off swapped with 26/4
        (D(2025, 9, 1), False),  # National Day holiday
        (D(2025, 9, 2), False),  # National Day
        (D(2025, 9, 3), True),
        (D(2025, 11, 24), True),  # Cultural Day not yet a holiday in 2025
        (D(2026, 1, 1), False),
        (D(2026, 2, 13), True),  # Friday before Tết 2026
        (D(2026, 2, 16), False),  # Tết 2026: Lunar New Year's Eve (Mon)
        (D(2026, 2, 20), False),  # Tết 2026 (Fri)
        (D(2026, 2, 23), True),
        (D(2026, 4, 27), False),  # Giỗ Tổ Hùng Vương on Sunday, observed Monday
        (D(2026, 8, 22), True),  # Saturday worked for Monday 31/8/2026
        (D(2026, 8, 31), False),
        # Vietnam Cultural Day: worked until the Labour Code lists it (shipped day swap;
        # docs/decisions.md, "Day swaps and 24/11")
        (D(2026, 11, 24), True),
        (D(2026, 1, 2), False),  # swapped for Saturday 10/1/2026 (VPCP 12729/2025)
        (D(2026, 1, 10), True),
        (D(2027, 2, 10), False),  # Tết 2027
        (D(2027, 5, 3), False),  # 1/5/2027 is a Saturday: observed Monday
        (D(2027, 9, 3), False),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2024, 6, 7), 0, D(2024, 6, 7)),  # zero days: the same date
        (D(2024, 6, 8), 0, D(2024, 6, 8)),  # even on a weekend
        (D(2024, 6, 7), 1, D(2024, 6, 10)),  # Friday + 1 = Monday
        (D(2024, 6, 8), 1, D(2024, 6, 10)),  # from a Saturday
        (D(2024, 6, 10), 5, D(2024, 6, 17)),  # a whole week
        (D(2024, 4, 26), 1, D(2024, 5, 2)),  # over 29/4–1/5/2024
        (D(2024, 4, 26), 3, D(2024, 5, 4)),  # ... and onto the worked Saturday
        (D(2024, 8, 30), 1, D(2024, 9, 4)),  # over 2–3/9/2024
        (D(2025, 1, 24), 1, D(2025, 2, 3)),  # over Tết 2025
        (D(2025, 1, 20), 5, D(2025, 2, 3)),
        (D(2025, 4, 25), 1, D(2025, 4, 26)),  # Friday + 1 = the worked Saturday
        (D(2025, 4, 29), 1, D(2025, 5, 5)),  # over 30/4–2/5/2025
        (D(2025, 8, 29), 1, D(2025, 9, 3)),  # over 1–2/9/2025
        (D(2025, 12, 31), 1, D(2026, 1, 5)),  # over New Year and the Friday 2/1/2026 off
        (D(2026, 2, 12), 2, D(2026, 2, 23)),  # over Tết 2026
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        (D(2026, 8, 21), 1, D(2026, 8, 22)),  # onto the worked Saturday 22/8/2026
        (D(2026, 8, 28), 1, D(2026, 9, 3)),  # over 31/8–2/9/2026
        (D(2027, 4, 29), 1, D(2027, 5, 4)),  # over 30/4 and the observed 3/5/2027
        (D(2027, 9, 1), 1, D(2027, 9, 6)),  # over 2–3/9/2027
        # 30 working days from Tết eve 2026: 23/2–6/3 (10), 9–20/3 (10), 23/3–3/4 (10)
        (D(2026, 2, 16), 30, D(2026, 4, 3)),
        # 60 working days from Thu 2/1/2025: 3–24/1 (16), Tết 27–31/1 off, Feb (20),
        # 3–28/3 (20), 31/3, 1/4, 2/4, 3/4 (4)
        (D(2025, 1, 2), 60, D(2025, 4, 3)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_accepts_datetimes_and_rejects_negative_n():
    assert add_working_days(dt.datetime(2025, 1, 24, 16, 30), 1) == D(2025, 2, 3)
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 24), -1)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2024, 6, 10), D(2024, 6, 10), 0),
        (D(2024, 6, 7), D(2024, 6, 10), 1),  # (Fri, Mon]
        (D(2024, 6, 10), D(2024, 6, 7), -1),
        (D(2025, 1, 24), D(2025, 2, 3), 1),  # all of Tết 2025 between
        (D(2026, 2, 1), D(2026, 2, 28), 15),  # 20 weekdays in Feb 2026, 5 of them Tết
        (D(2023, 12, 31), D(2024, 12, 31), 251),  # 262 weekdays - 12 holidays + Sat 4/5
        (D(2024, 12, 31), D(2025, 12, 31), 250),  # 261 - 12 + Sat 26/4
        # 261 - 13 + Sat 22/8, then the shipped swaps: 2/1 off, Sat 10/1 and 24/11 worked
        (D(2025, 12, 31), D(2026, 12, 31), 250),
        (D(2026, 12, 31), D(2027, 12, 31), 249),  # 261 - 12
        (D(2023, 12, 31), D(2027, 12, 31), 251 + 250 + 250 + 249),
    ],
)
def test_working_days_between(a, b, expected):
    assert working_days_between(a, b) == expected


def test_add_and_between_agree():
    for start in (D(2024, 1, 1), D(2025, 1, 25), D(2026, 2, 14), D(2026, 12, 24)):
        for n in range(0, 400, 13):
            end = add_working_days(start, n)
            assert working_days_between(start, end) == n
            if n:
                assert is_working_day(end)
                assert add_working_days(start, n - 1) < end


def test_worked_saturday_from_day_swap():
    # Tết 2025: officials worked Saturday 8/2/2025 for the Monday 27/1 off (TB 6150/2024).
    saturday = D(2025, 2, 8)
    assert not is_working_day(saturday)
    assert add_working_days(D(2025, 2, 7), 1) == D(2025, 2, 10)

    swap = DaySwap.objects.create(date=saturday, kind=DaySwapKind.WORKING, note="Tết 2025")
    # saving the row cleared the cache
    assert is_working_day(saturday)
    assert add_working_days(D(2025, 2, 7), 1) == saturday
    assert working_days_between(D(2025, 1, 31), D(2025, 2, 10)) == 7  # 3–7/2, Sat 8/2, 10/2

    swap.delete()
    assert not is_working_day(saturday)


def test_weekday_off_from_day_swap():
    friday = D(2027, 1, 8)
    assert is_working_day(friday)
    assert add_working_days(D(2027, 1, 7), 1) == friday

    DaySwap.objects.create(date=friday, kind=DaySwapKind.OFF, note="Nghỉ bù")
    assert not is_working_day(friday)
    assert add_working_days(D(2027, 1, 7), 1) == D(2027, 1, 11)
    assert working_days_between(D(2027, 1, 7), D(2027, 1, 11)) == 1


def test_day_swap_row_wins_over_the_package():
    # the package lists Saturday 22/8/2026 as worked; a row saying otherwise wins
    DaySwap.objects.create(date=D(2026, 8, 22), kind=DaySwapKind.OFF)
    assert not is_working_day(D(2026, 8, 22))
    # and a row can make a public holiday a working day
    DaySwap.objects.create(date=D(2026, 8, 31), kind=DaySwapKind.WORKING)
    assert is_working_day(D(2026, 8, 31))


def test_updating_a_day_swap_clears_the_cache():
    swap = DaySwap.objects.create(date=D(2027, 4, 29), kind=DaySwapKind.OFF)
    assert not is_working_day(D(2027, 4, 29))
    swap.kind = DaySwapKind.WORKING
    swap.save()
    assert is_working_day(D(2027, 4, 29))
