"""The badge rules read through `coso.core.rules` (core/rule_table/awards.py): the levels, the
early months by level, the occasions of the year; and a member's interruptions from the
registry's events."""

from __future__ import annotations

import datetime as dt

from coso.core.rules import Rule, rule_or_earliest
from coso.members.choices import EventKind
from coso.members.models import MembershipEvent

from .party_age import Interruption, interruptions_from

#: the events that end a membership that a re-admission may close (a transfer out does not:
#: the member is still in the party elsewhere; a death is final)
LEFT_KINDS = (EventKind.STRUCK_OFF, EventKind.EXPELLED, EventKind.RESIGNED)
BACK_KIND = EventKind.READMITTED
#: an annulled expulsion: the member never left (docs/decisions.md, "Party age")
VOID_KIND = EventKind.REINSTATED
GAP_KINDS = (*LEFT_KINDS, BACK_KIND, VOID_KIND)


def badge_rule(key: str, on: dt.date) -> Rule:
    """The rule in force on `on`; an earlier date reads the earliest version (an old badge
    entered from paper)."""
    return rule_or_earliest(key, on)


def levels(on: dt.date) -> tuple[int, ...]:
    return tuple(badge_rule("badge_years", on).value)


def occasions_of(year: int, on: dt.date) -> list[dt.date]:
    return [dt.date(year, m, d) for m, d in badge_rule("badge_occasions", on).value]


def next_occasion(today: dt.date) -> dt.date:
    """The first occasion on or after `today`."""
    for year in (today.year, today.year + 1):
        for day in occasions_of(year, today):
            if day >= today:
                return day
    raise AssertionError("no occasion within a year")


def is_occasion(day: dt.date) -> bool:
    return (day.month, day.day) in set(badge_rule("badge_occasions", day).value)


def interruptions(member_id: int) -> list[Interruption]:
    """The member's periods out of the party, from the registry's events (one query)."""
    events = MembershipEvent.objects.filter(member_id=member_id, kind__in=GAP_KINDS)
    return from_events(events.values_list("kind", "date"))


def from_events(events) -> list[Interruption]:
    return interruptions_from(events, LEFT_KINDS, BACK_KIND, VOID_KIND)
