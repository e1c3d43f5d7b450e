"""Dates of the admission and probation rules: ages in months, validity and deadlines.

Every number comes from `coso.core.rules` as in force on the date the period starts from
(the resolution for the decision, the receipt of the decision for the ceremony, the ceremony
for the probation, the end of the probation for the recognition vote); working days come from
`coso.core.calendar`.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.core import rules
from coso.core.calendar import add_working_days

__all__ = [
    "add_months",
    "age_in_months",
    "ceremony_due_on",
    "certificate_valid_until",
    "decision_due_on",
    "months_between",
    "probation_ends_on",
    "recognition_vote_due_on",
    "rule_in_force",
]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the last day of the month when that day does not exist
    (31/1 + 1 month = 28/2 or 29/2)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def months_between(start: dt.date, day: dt.date) -> int:
    """Whole months from ``start`` to ``day`` (``add_months(start, n) <= day``); negative if
    ``day`` is before ``start``."""
    if day < start:
        return -months_between(day, start)
    months = (day.year - start.year) * 12 + day.month - start.month
    if add_months(start, months) > day:
        months -= 1
    return months


def age_in_months(birth_date: dt.date, day: dt.date) -> int:
    """Age on ``day`` in whole months, as the admission rules count it."""
    return months_between(birth_date, day)


def rule_in_force(key: str, day: dt.date) -> rules.Rule:
    """The rule on ``day``; no rule in force is a refusal with a message, not a crash."""
    try:
        return rules.rule(key, day)
    except rules.RuleNotFound as exc:
        raise ValidationError(
            _(
                "No rule %(rule)s is in force on %(date)s: the date is before the regulations coso knows."
            )
            % {"rule": key, "date": f"{day:%d/%m/%Y}"}
        ) from exc


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


def probation_ends_on(ceremony_on: dt.date) -> dt.date:
    """End of the probation (the date official status counts from): N months after the ceremony."""
    return add_months(ceremony_on, rule_in_force("probation_months", ceremony_on).value)


def recognition_vote_due_on(ceremony_on: dt.date) -> dt.date:
    """Last day for the cell's recognition vote: N working days after the probation ends."""
    end = probation_ends_on(ceremony_on)
    days = rule_in_force("recognition_vote_deadline_working_days", end).value
    return add_working_days(end, days)
