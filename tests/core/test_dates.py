import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from coso.core.dates import (
    add_months,
    add_years,
    age_on,
    check_not_future,
    format_date,
    months_between,
)

D = dt.date


def test_format_date():
    assert format_date(D(2026, 3, 2)) == "02/03/2026"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    "day,months,expected",
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2026, 3, 2), 12, D(2027, 3, 2)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_add_years_and_age():
    assert add_years(D(2008, 2, 29), 18) == D(2026, 2, 28)
    assert age_on(D(2008, 3, 2), D(2026, 3, 1)) == 17
    assert age_on(D(2008, 3, 2), D(2026, 3, 2)) == 18


def test_months_between():
    assert months_between(D(2008, 3, 2), D(2026, 3, 1)) == 215  # 17 years 11 months
    assert months_between(D(2008, 3, 2), D(2026, 3, 2)) == 216
    assert months_between(D(2026, 3, 2), D(2026, 1, 2)) == -2


def test_check_not_future():
    check_not_future(timezone.localdate())
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        check_not_future(timezone.localdate() + dt.timedelta(days=1), "issued_on")
    assert info.value.message_dict == {"issued_on": ["Ngày không được sau ngày hôm nay."]}
