"""Every date computed from the rules: ends of periods and deadlines (DOMAIN.md §2, §4).

Each number comes from `coso.core.rules`, as in force on the date the period starts from (the
cell resolution for the admission decision, the receipt of the decision for the ceremony, the
ceremony for the probation and the member record (1-HSĐV), the end of the probation for the
recognition vote, the letter for its hand-in, the change of job or residence for the transfer's
start, the graduation for the graduate hold); months are calendar months (`coso.core.dates`),
working days come from `coso.core.calendar`.

A start date before every regulation coso knows is refused (`coso.core.rules.rule_in_force`:
a `ValidationError` with its message). The screening of old records asks for the probation
dates with ``earliest_if_older=True`` instead: the earliest version then bounds them
(`coso.core.rules.rule_or_earliest`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .calendar import add_working_days
from .dates import add_months, age_in_months
from .rules import rule_in_force, rule_or_earliest

__all__ = [
    "age_in_months",
    "ceremony_due_on",
    "feedback_answer_due",
    "follow_up_due",
    "certificate_valid_until",
    "decision_due_on",
    "graduate_hold_dates",
    "hand_in_deadline",
    "member_record_due_on",
    "probation_ends_on",
    "recognition_vote_due_on",
    "refresh_stored_deadlines",
    "register_stored_deadlines",
    "residence_feedback_due",
    "start_deadline",
]

# --- stored deadlines and the calendar ----------------------------------------------------------
#
# Services store each open deadline on its row (the to-do list and screening filter on it in
# SQL). A deadline counted in working days moves when the office enters, changes or deletes a
# day swap: each app that stores one registers, when it starts, a function that recomputes its
# open rows whose counting window holds the changed day (the window runs from the row's start
# date, exclusive, to its stored deadline, inclusive: a day outside it changes nothing).

_refreshers: list[Callable[[dt.date], int]] = []


def register_stored_deadlines(refresh: Callable[[dt.date], int]) -> None:
    """Register `refresh(day) -> rows changed` (an app's `ready()` does, once)."""
    if refresh not in _refreshers:
        _refreshers.append(refresh)


def refresh_stored_deadlines(day: dt.date) -> int:
    """Recompute every stored open deadline whose working-day count spans `day`; returns the
    rows changed (called by `core.dayswaps` inside the swap's transaction)."""
    return sum(refresh(day) for refresh in _refreshers)


# --- admission (DOMAIN §2) -------------------------------------------------------------------


def certificate_valid_until(certificate_date: dt.date, on: dt.date) -> dt.date:
    """Last day the awareness-course certificate is valid, under the rule in force on ``on``."""
    months = rule_in_force("awareness_certificate_valid_months", on).value
    return add_months(certificate_date, months)


def decision_due_on(resolution_on: dt.date) -> dt.date:
    """Last day for the admission decision: N working days after the cell resolution."""
    days = rule_in_force("admission_decision_deadline_working_days", resolution_on).value
    return add_working_days(resolution_on, days)


def ceremony_due_on(decision_received_on: dt.date) -> dt.date:
    """Last day for the admission ceremony: N working days after the decision is received."""
    days = rule_in_force("admission_ceremony_deadline_working_days", decision_received_on).value
    return add_working_days(decision_received_on, days)


def member_record_due_on(ceremony_on: dt.date) -> dt.date:
    """Last day for the member record (lý lịch đảng viên, mẫu 1-HSĐV): N working days after the
    admission ceremony."""
    days = rule_in_force("member_record_deadline_working_days", ceremony_on).value
    return add_working_days(ceremony_on, days)


def probation_ends_on(ceremony_on: dt.date, *, earliest_if_older: bool = False) -> dt.date:
    """End of the probation (the date official status counts from): N months after the
    ceremony."""
    lookup = rule_or_earliest if earliest_if_older else rule_in_force
    months = lookup("probation_months", ceremony_on).value
    return add_months(ceremony_on, months)


def recognition_vote_due_on(ceremony_on: dt.date, *, earliest_if_older: bool = False) -> dt.date:
    """Last day for the cell's recognition vote: N working days after the probation ends."""
    end = probation_ends_on(ceremony_on, earliest_if_older=earliest_if_older)
    lookup = rule_or_earliest if earliest_if_older else rule_in_force
    days = lookup("recognition_vote_deadline_working_days", end).value
    return add_working_days(end, days)


# --- member management (DOMAIN §4) -----------------------------------------------------------


def hand_in_deadline(issued_on: dt.date) -> tuple[dt.date, str]:
    """The date by which the transfer letter is handed in, and the legal basis of that rule."""
    r = rule_in_force("transfer_hand_in_deadline_working_days", issued_on)
    return add_working_days(issued_on, r.value), r.legal_basis


def start_deadline(change_on: dt.date) -> tuple[dt.date, str]:
    """The date by which a permanent transfer starts after the job or residence change, and the
    legal basis of that rule."""
    r = rule_in_force("transfer_start_deadline_working_days", change_on)
    return add_working_days(change_on, r.value), r.legal_basis


def graduate_hold_dates(graduated_on: dt.date) -> dict:
    """End of the graduate hold and the warning dates, from the rules in force on graduation."""
    months = rule_in_force("graduate_hold_months", graduated_on)
    first, second = rule_in_force("graduate_hold_warn_months", graduated_on).value
    return {
        "due_on": add_months(graduated_on, months.value),
        "first_warning_on": add_months(graduated_on, first),
        "second_warning_on": add_months(graduated_on, second),
        "legal_basis": months.legal_basis,
    }


def residence_feedback_due(year: int) -> dt.date:
    """The date of `year` by which the residence cell's feedback is recorded (rule)."""
    month, day = rule_in_force("residence_feedback_due", dt.date(year, 1, 1)).value
    return dt.date(year, month, day)


# --- discipline (DOMAIN §6, §15) -----------------------------------------------------------------


def discipline_appeal_due_on(received_on: dt.date) -> dt.date:
    """The last day to appeal a discipline decision: the rule's days after it was received."""
    days = rule_in_force("discipline_appeal_days", received_on).value
    return received_on + dt.timedelta(days=days)


def discipline_state_notice_due_on(decided_on: dt.date) -> dt.date:
    """The last day for the state body's notice of its own discipline of the member (QĐ 296)."""
    days = rule_in_force("discipline_state_notice_days", decided_on).value
    return decided_on + dt.timedelta(days=days)


# --- inspection and feedback (DOMAIN §6, §15) -------------------------------------------------


def feedback_answer_due(received_on: dt.date) -> dt.date:
    """The last day to answer a letter or comment received on `received_on` (rule)."""
    return received_on + dt.timedelta(days=rule_in_force("feedback_answer_days", received_on).value)


def follow_up_due(concluded_on: dt.date) -> dt.date:
    """The default due date of an inspection's follow-up action, from its conclusion (rule)."""
    days = rule_in_force("inspection_follow_up_days", concluded_on).value
    return concluded_on + dt.timedelta(days=days)
