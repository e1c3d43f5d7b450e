"""Dates of the admission and probation rules: ages in months, validity and deadlines.

Every number comes from `coso.core.rules` as in force on the date the period starts from
(the resolution for the decision, the receipt of the decision for the ceremony, the ceremony
for the probation, the end of the probation for the recognition vote); working days come from
`coso.core.calendar`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.core import rules, validators
from coso.core.calendar import add_working_days
from coso.core.dates import add_months, months_between

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


def age_in_months(birth_date: dt.date, day: dt.date) -> int:
    """Age on ``day`` in whole months, as the admission rules count it."""
    return months_between(birth_date, day)


def rule_in_force(key: str, day: dt.date) -> rules.Rule:
    """The rule on ``day``; no rule in force is a refusal with a message, not a crash (before
    the earliest version coso knows, the message names the date it is known from)."""
    try:
        return validators.rule_in_force(key, day)
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
