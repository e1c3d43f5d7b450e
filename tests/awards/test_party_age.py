"""Party age and badge due dates (pure functions; HD 01-HD/TW §18, HD 06-HD/TW)."""

import datetime as dt

from coso.awards.party_age import (
    Interruption,
    badge_due_on,
    effective_start,
    highest_due,
    interruptions_from,
    party_age,
)

D = dt.date
THREE_YEARS = [Interruption(D(2000, 5, 1), D(2003, 5, 1))]  # 1,095 days


def test_a_badge_due_date_with_a_3_year_interruption():
    assert THREE_YEARS[0].days == 1095
    assert badge_due_on(D(1990, 3, 12), 30) == D(2020, 3, 12)
    # the admission moved forward by 1,095 days: 11/03/1993 (1992 is a leap year), + 30 years
    assert effective_start(D(1990, 3, 12), THREE_YEARS) == D(1993, 3, 11)
    assert badge_due_on(D(1990, 3, 12), 30, THREE_YEARS) == D(2023, 3, 11)
    assert badge_due_on(D(1990, 3, 12), 40, THREE_YEARS) == D(2033, 3, 11)
    assert party_age(D(1990, 3, 12), D(2023, 3, 10), THREE_YEARS) == (29, 11)
    assert party_age(D(1990, 3, 12), D(2023, 3, 11), THREE_YEARS) == (30, 0)
    assert party_age(D(1990, 3, 12), D(2023, 3, 11)) == (32, 11)
    assert party_age(D(1990, 3, 12), D(2023, 3, 12)) == (33, 0)


def test_an_interruption_after_the_due_date_does_not_move_it():
    late = [Interruption(D(2021, 1, 1), D(2024, 1, 1))]
    assert badge_due_on(D(1990, 3, 12), 30, late) == D(2020, 3, 12)
    # the 40-year badge: 1,095 days later
    assert badge_due_on(D(1990, 3, 12), 40, late) == D(2033, 3, 11)


def test_out_of_the_party_no_badge_is_due():
    out = [Interruption(D(2000, 5, 1), None)]
    assert badge_due_on(D(1990, 3, 12), 30, out) is None
    assert party_age(D(1990, 3, 12), D(2003, 5, 1), out) == (10, 1)


def test_interruptions_from_events_a_reinstatement_is_no_gap():
    left, back, void = ("struck_off", "expelled", "resigned"), "readmitted", "reinstated"
    events = [("expelled", D(1995, 1, 1)), ("reinstated", D(1995, 6, 1)),
              ("struck_off", D(2000, 5, 1)), ("readmitted", D(2003, 5, 1))]  # fmt: skip
    assert interruptions_from(events, left, back, void) == THREE_YEARS
    assert interruptions_from([("resigned", D(2001, 1, 1))], left, back, void) == [
        Interruption(D(2001, 1, 1), None)
    ]


def test_the_highest_badge_due():
    levels = (30, 40, 45, 50)
    assert highest_due(D(1980, 5, 19), levels, D(2026, 5, 19)) == (45, D(2025, 5, 19))
    assert highest_due(D(1997, 5, 19), levels, D(2026, 5, 19)) is None
    assert highest_due(D(1996, 5, 19), levels, D(2026, 5, 19)) == (30, D(2026, 5, 19))
