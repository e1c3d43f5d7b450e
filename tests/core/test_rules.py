"""Effective-dated rules: the rule in force on the event date, with its legal basis."""

import datetime as dt
from fractions import Fraction

import pytest

from coso.core import rules
from coso.core.rules import Rule, RuleNotFound, all_rules, rule, rules_for, value

D = dt.date

REQUIRED = {
    "probation_months": 12,
    "admission_min_age_months": 216,
    "admission_max_age_months": 720,
    "awareness_certificate_valid_months": 60,
    "admission_decision_deadline_working_days": 60,
    "admission_ceremony_deadline_working_days": 30,
    "member_record_deadline_working_days": 30,
    "recognition_vote_deadline_working_days": 30,
    "vote_pass_ratio": Fraction(2, 3),
    "introducer_min_months_known": 12,
    "readmission_min_months": 36,
    "transfer_start_deadline_working_days": 60,
    "transfer_hand_in_deadline_working_days": 30,
    "graduate_hold_months": 12,
    "graduate_hold_warn_months": (9, 11),
    "cell_min_official_members": 3,
    "grassroots_committee_min_members": 30,
    "cell_committee_min_members": 9,
    "excellent_quota_ratio": Fraction(1, 5),
    "thematic_meetings_per_year_min": 4,
}


@pytest.mark.parametrize(("key", "expected"), sorted(REQUIRED.items()))
def test_seeded_values_in_2024_and_2026(key, expected):
    assert value(key, D(2024, 6, 1)) == expected
    assert value(key, D(2026, 6, 1)) == expected


def test_2024_follows_the_2021_texts_and_2026_the_2025_texts():
    old, new = rule("probation_months", D(2024, 3, 15)), rule("probation_months", D(2026, 3, 15))
    assert old.value == new.value == 12
    assert "QĐ 24-QĐ/TW" in old.legal_basis and "QĐ 294" not in old.legal_basis
    assert "QĐ 294-QĐ/TW" in new.legal_basis and "QĐ 24-" not in new.legal_basis
    assert old.effective_to == D(2025, 6, 30)
    assert new.effective_from == D(2025, 7, 1) and new.effective_to is None


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2021, 7, 30), "QĐ 24-QĐ/TW"),  # first day of QĐ 24
        (D(2025, 6, 30), "QĐ 24-QĐ/TW"),  # last day of QĐ 24
        (D(2025, 7, 1), "QĐ 294-QĐ/TW"),  # first day of QĐ 294
    ],
)
def test_boundaries_are_inclusive(day, text):
    assert text in rule("vote_pass_ratio", day).legal_basis


def test_every_charter_rule_changes_basis_on_1_july_2025():
    for key in (
        "probation_months",
        "admission_min_age_months",
        "admission_decision_deadline_working_days",
        "transfer_start_deadline_working_days",
        "cell_min_official_members",
    ):
        assert rule(key, D(2025, 6, 30)).legal_basis != rule(key, D(2025, 7, 1)).legal_basis


def test_grade_thresholds_from_2025_and_no_points_before():
    assert value("grade_thresholds", D(2025, 12, 31)) == {
        "excellent": 90,
        "good": 70,
        "complete": 50,
    }
    assert "QĐ 366-QĐ/TW" in rule("grade_thresholds", D(2026, 12, 31)).legal_basis
    assert value("grade_thresholds", D(2024, 12, 31)) is None
    assert "QĐ 124-QĐ/TW" in rule("grade_thresholds", D(2024, 12, 31)).legal_basis


def test_dues_rates_change_on_1_february_2026():
    before, after = rule("dues_rates", D(2026, 1, 31)), rule("dues_rates", D(2026, 2, 1))
    assert "QĐ 342-QĐ/TW" in before.legal_basis
    assert "QĐ 01-QĐ/TW" in after.legal_basis
    for rates in (before.value, after.value):
        assert rates["salary"] * 100 == 1
        assert rates["pension"] * 1000 == 5
    assert "student" not in before.value
    assert after.value["student"] == 5000


def test_rule_values_cannot_be_changed_in_place():
    rates = value("dues_rates", D(2026, 3, 1))
    with pytest.raises(TypeError):
        rates["salary"] = 0
    with pytest.raises(AttributeError):
        rule("probation_months", D(2026, 3, 1)).value = 6


def test_unknown_key_raises():
    with pytest.raises(RuleNotFound, match="no_such_rule"):
        rule("no_such_rule", D(2026, 1, 1))
    with pytest.raises(RuleNotFound):
        value("no_such_rule", D(2026, 1, 1))


def test_date_before_any_rule_raises_with_the_known_periods():
    with pytest.raises(RuleNotFound) as caught:
        rule("probation_months", D(2021, 7, 29))
    assert caught.value.key == "probation_months"
    assert caught.value.on == D(2021, 7, 29)
    assert "29/07/2021" in str(caught.value) and "30/07/2021" in str(caught.value)
    assert isinstance(caught.value, LookupError)


def test_datetime_is_read_as_its_date():
    assert "QĐ 294" in rule("probation_months", dt.datetime(2025, 7, 1, 0, 5)).legal_basis


def test_registry_is_consistent():
    everything = all_rules()
    assert all(isinstance(r, Rule) and r.legal_basis and r.description for r in everything)
    keys = {r.key for r in everything}
    assert set(REQUIRED) <= keys
    for key in keys:
        versions = rules_for(key)
        for earlier, later in zip(versions, versions[1:], strict=False):
            assert earlier.effective_to is not None
            assert earlier.effective_to < later.effective_from
    assert rules_for("no_such_rule") == []


def test_overlapping_periods_are_refused():
    a = Rule("x", 1, D(2020, 1, 1), D(2021, 1, 1), "A", "a")
    b = Rule("x", 2, D(2021, 1, 1), None, "B", "b")
    with pytest.raises(ValueError, match="overlaps"):
        rules._index([a, b])
    with pytest.raises(ValueError, match="ends before"):
        rules._index([Rule("y", 1, D(2021, 1, 1), D(2020, 1, 1), "A", "a")])
