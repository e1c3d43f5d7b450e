"""Effective-dated rules: every regulation-dependent number, with its legal basis.

A service looks up the rule in force on the date of the event, never "today":
``value("probation_months", ceremony_date)``. An admission in 2024 follows QĐ 24-QĐ/TW (2021),
one in 2026 follows QĐ 294-QĐ/TW (2025), even where the number did not change, so the legal
basis a document or report cites is the right one.

Rules are data kept in one list, `coso.core.rule_table`: a change of regulation is a new
`Rule` with its dates, and the old one gets an ``effective_to``. Confidence marks from
DOMAIN.md ([check], [open]) are kept in the descriptions.

This module is the one lookup: `rule` (raises `RuleNotFound`), `value`, `rule_in_force` (a date
before every version coso knows is a refusal with a message, not a crash) and
`rule_or_earliest` (old records: the earliest version as a sanity bound). Dates computed from
rules are in `coso.core.deadlines`.

Conventions:
- durations in months are calendar months; deadlines are in working days (see
  `coso.core.calendar`); ratios are `Fraction` and mean "at least this share" unless the
  description says "more than"; money rates are `Decimal` shares of income or amounts in đồng.
- evaluation rules (grades, quota) are looked up with a date inside the evaluated year
  (use 31 December of that year).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .dates import format_date
from .rule_table import TABLE, Rule

__all__ = [
    "Rule",
    "RuleNotFound",
    "all_rules",
    "rule",
    "rule_in_force",
    "rule_or_earliest",
    "rules_for",
    "value",
    "value_today",
]


class RuleNotFound(LookupError):
    """No rule with this key is in force on this date (or the key is unknown)."""

    def __init__(self, key: str, on: dt.date | None, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.on = on


#: every rule, in the table's order
_RULES: list[Rule] = list(TABLE)


def _index(rules: list[Rule]) -> dict[str, tuple[Rule, ...]]:
    """Rules by key, in date order; refuses overlapping or inverted periods."""
    by_key: dict[str, list[Rule]] = {}
    for r in rules:
        if r.effective_to is not None and r.effective_to < r.effective_from:
            raise ValueError(f"rule {r.key!r} ends before it starts ({r.effective_from})")
        by_key.setdefault(r.key, []).append(r)
    for key, versions in by_key.items():
        versions.sort(key=lambda r: r.effective_from)
        for earlier, later in zip(versions, versions[1:], strict=False):
            if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
                raise ValueError(
                    f"rule {key!r}: the period from {earlier.effective_from} overlaps the one "
                    f"from {later.effective_from}"
                )
    return {key: tuple(versions) for key, versions in by_key.items()}


_BY_KEY = _index(_RULES)


def rule(key: str, on: dt.date) -> Rule:
    """The rule ``key`` in force on ``on``; raises `RuleNotFound` if there is none."""
    if isinstance(on, dt.datetime):
        on = on.date()
    versions = _BY_KEY.get(key)
    if versions is None:
        raise RuleNotFound(key, on, f"Unknown rule {key!r}.")
    for r in versions:
        if r.in_force(on):
            return r
    periods = ", ".join(
        f"{r.effective_from:%d/%m/%Y}–{r.effective_to:%d/%m/%Y}"
        if r.effective_to
        else f"from {r.effective_from:%d/%m/%Y}"
        for r in versions
    )
    raise RuleNotFound(
        key, on, f"No rule {key!r} in force on {on:%d/%m/%Y} (known periods: {periods})."
    )


def value(key: str, on: dt.date) -> Any:
    """The value of the rule ``key`` in force on ``on``."""
    return rule(key, on).value


def value_today(key: str) -> Any:
    """The value of the rule ``key`` in force today (pages that state a rule's number)."""
    return value(key, timezone.localdate())


def rules_for(key: str) -> list[Rule]:
    """Every version of one rule, oldest first (empty for an unknown key)."""
    return list(_BY_KEY.get(key, ()))


def all_rules() -> list[Rule]:
    """Every rule version, by key then date."""
    return [r for key in sorted(_BY_KEY) for r in _BY_KEY[key]]


def rule_in_force(key: str, on: dt.date, field: str | None = None) -> Rule:
    """The rule `key` in force on `on`; a date before every version coso knows is a refusal
    (on `field`) that names the date from which it knows the rule, never a crash. An unknown
    key stays a `RuleNotFound` (a programming error)."""
    try:
        return rule(key, on)
    except RuleNotFound as exc:
        versions = rules_for(key)
        if not versions or on >= versions[0].effective_from:
            raise
        message = _(
            "The earliest regulation coso knows for this is in force from %(from)s "
            "(%(basis)s); %(date)s is before it, so it cannot be recorded here."
        ) % {
            "from": format_date(versions[0].effective_from),
            "basis": versions[0].legal_basis,
            "date": format_date(on),
        }
        raise ValidationError({field: message} if field else message) from exc


def rule_or_earliest(key: str, on: dt.date) -> Rule:
    """The rule in force on `on`, or for an older date the earliest version coso knows: a
    sanity bound for records that predate the texts kept here (a member admitted in 1975),
    never a legal basis to cite."""
    versions = rules_for(key)
    if versions and on < versions[0].effective_from:
        return versions[0]
    return rule(key, on)
