"""`coso.core.deadlines`: every date computed from the rules, counted by hand.

Working days skip weekends and the official days off (2021: Hùng Kings 21/4; 2024: Tết 8–14/2;
2025: Tết 27/1–1/2, 7/4, 30/4–2/5; 2026: Tết 16–20/2, 27/4, 30/4, 1/5; 2027: Tết 4–10/2, 16/4,
30/4, 3/5), counting from the day after the start date. Each rule is read as in force on the
date its period starts from; a made-up change of rule (monkeypatched) shows which date that is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from coso.core import rules
from coso.core.deadlines import (
    age_in_months,
    ceremony_due_on,
    certificate_valid_until,
    decision_due_on,
    graduate_hold_dates,
    hand_in_deadline,
    probation_ends_on,
    recognition_vote_due_on,
    residence_feedback_due,
    start_deadline,
)

pytestmark = pytest.mark.django_db
D = dt.date

CHARTER_2021 = "QĐ 24-QĐ/TW"
CHARTER_2025 = "QĐ 294-QĐ/TW"


def change_rule(monkeypatch, key: str, new_value, from_day: dt.date) -> None:
    """Pretend a new regulation sets `key` to `new_value` from `from_day` on."""
    versions = rules.rules_for(key)
    last = versions[-1]
    ended = dataclasses.replace(last, effective_to=from_day - dt.timedelta(days=1))
    new = dataclasses.replace(last, value=new_value, effective_from=from_day, legal_basis="NEW")
    # the rule table is data kept in core.rules; the test swaps one key's versions
    monkeypatch.setitem(rules._BY_KEY, key, (*versions[:-1], ended, new))


# --- admission -------------------------------------------------------------------------------


def test_certificate_validity_in_months():
    assert certificate_valid_until(D(2019, 3, 1), D(2024, 2, 1)) == D(2024, 3, 1)
    assert certificate_valid_until(D(2024, 2, 29), D(2026, 1, 5)) == D(2029, 2, 28)


def test_decision_and_ceremony_deadlines_in_working_days():
    # 60 working days from Tuesday 1/7/2025 across 1–2/9
    assert decision_due_on(D(2025, 7, 1)) == D(2025, 9, 25)
    # 30 working days from Monday 25/1/2027 across Tết 2027
    assert ceremony_due_on(D(2027, 1, 25)) == D(2027, 3, 15)


def test_age_in_whole_months():
    assert age_in_months(D(2005, 7, 6), D(2023, 7, 5)) == 215
    assert age_in_months(D(2005, 7, 6), D(2023, 7, 6)) == 216


@pytest.mark.parametrize(
    ("ceremony", "end", "vote_due"),
    [
        # 12 months to Monday 5/4/2027, then 30 working days past 16/4, 30/4 and 3/5
        (D(2026, 4, 5), D(2027, 4, 5), D(2027, 5, 20)),
        # 29 February: the 12 months end on 28 February; 7/4/2025 inside the 30 days
        (D(2024, 2, 29), D(2025, 2, 28), D(2025, 4, 14)),
    ],
)
def test_probation_end_and_recognition_vote(ceremony, end, vote_due):
    assert probation_ends_on(ceremony) == end
    assert recognition_vote_due_on(ceremony) == vote_due


def test_probation_before_the_known_rules_is_refused_or_bounded():
    with pytest.raises(ValidationError):
        probation_ends_on(D(2020, 3, 10))
    with pytest.raises(ValidationError):
        recognition_vote_due_on(D(2020, 3, 10))
    # old records: the earliest version (12 months, then 30 working days past 21/4/2021)
    assert probation_ends_on(D(2020, 3, 10), earliest_if_older=True) == D(2021, 3, 10)
    assert recognition_vote_due_on(D(2020, 3, 10), earliest_if_older=True) == D(2021, 4, 22)


def test_probation_follows_the_rule_in_force_on_the_ceremony(monkeypatch):
    change_rule(monkeypatch, "probation_months", 18, D(2027, 1, 1))
    assert probation_ends_on(D(2026, 12, 31)) == D(2027, 12, 31)  # 12 months
    assert probation_ends_on(D(2027, 1, 1)) == D(2028, 7, 1)  # 18 months


def test_the_vote_follows_the_rule_in_force_when_probation_ends(monkeypatch):
    change_rule(monkeypatch, "recognition_vote_deadline_working_days", 10, D(2027, 6, 1))
    # ends Monday 31/5/2027, before the change: 30 working days
    assert recognition_vote_due_on(D(2026, 5, 31)) == D(2027, 7, 12)
    # ends Tuesday 1/6/2027, under the new rule: 10 working days
    assert recognition_vote_due_on(D(2026, 6, 1)) == D(2027, 6, 15)


# --- member management -----------------------------------------------------------------------


def test_transfer_deadlines_and_their_legal_basis():
    # 30 working days from Monday 22/1/2024 across Tết 2024 (8–14/2)
    due, basis = hand_in_deadline(D(2024, 1, 22))
    assert due == D(2024, 3, 11) and CHARTER_2021 in basis and CHARTER_2025 not in basis
    # 30 working days from Friday 3/4/2026 across 27/4, 30/4 and 1/5
    due, basis = hand_in_deadline(D(2026, 4, 3))
    assert due == D(2026, 5, 20) and CHARTER_2025 in basis and CHARTER_2021 not in basis
    # 60 working days from Tuesday 2/1/2024 across Tết 2024
    due, basis = start_deadline(D(2024, 1, 2))
    assert due == D(2024, 4, 2) and CHARTER_2021 in basis


def test_transfer_hand_in_follows_the_rule_on_the_letter_date(monkeypatch):
    change_rule(monkeypatch, "transfer_hand_in_deadline_working_days", 10, D(2027, 6, 1))
    due, basis = hand_in_deadline(D(2027, 5, 31))  # 30 working days under the 2025 texts
    assert due == D(2027, 7, 12) and CHARTER_2025 in basis
    assert hand_in_deadline(D(2027, 6, 1)) == (D(2027, 6, 15), "NEW")  # 10 working days


@pytest.mark.parametrize(
    ("graduated", "first", "second", "due", "basis"),
    [
        (D(2025, 8, 31), D(2026, 5, 31), D(2026, 7, 31), D(2026, 8, 31), CHARTER_2025),
        (D(2024, 2, 29), D(2024, 11, 29), D(2025, 1, 29), D(2025, 2, 28), CHARTER_2021),
    ],
)
def test_graduate_hold_dates(graduated, first, second, due, basis):
    dates = graduate_hold_dates(graduated)
    assert (dates["first_warning_on"], dates["second_warning_on"], dates["due_on"]) == (
        first,
        second,
        due,
    )
    assert basis in dates["legal_basis"]


def test_graduate_hold_follows_the_rule_on_graduation(monkeypatch):
    change_rule(monkeypatch, "graduate_hold_months", 6, D(2026, 1, 1))
    assert graduate_hold_dates(D(2025, 12, 31))["due_on"] == D(2026, 12, 31)
    assert graduate_hold_dates(D(2026, 1, 1))["due_on"] == D(2026, 7, 1)
    assert graduate_hold_dates(D(2026, 1, 1))["legal_basis"] == "NEW"


def test_residence_feedback_due_each_year():
    assert residence_feedback_due(2025) == D(2025, 11, 30)
    assert residence_feedback_due(2027) == D(2027, 11, 30)
