"""The read side of awards: the members due a badge on an occasion (in SQL, for a city of
500,000 members), the badges and commendations of a subtree, and the commendations counted for
reports.

The due list is one SQL condition over the members (`due_q`): an active member with an
admission date whose days in the party by the occasion reach those of the next badge level above
the highest badge they hold (proposed, decided or presented): one subquery for the badges held
(it gives the days the next level needs), one for the days out (`gap_days`: for each
re-admission, the days since the latest removal before it; 0 for a member never out). A level's
days are its calendar years back from the occasion, so a member never out is due exactly when
admitted by that date. The exact due date of the rows shown is computed in Python
(`party_age`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from coso.core.dates import add_years
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member, MembershipEvent
from coso.orgs.models import Organization

from . import rules
from .choices import COUNTED, CommendationStatus
from .models import BadgeAward, Commendation
from .party_age import badge_due_on, highest_due


class DaysBetween(Func):
    """`later - earlier` in days, both dates (an integer)."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        later, earlier = (compiler.compile(e) for e in self.source_expressions)
        sql = f"(CAST({later[0]} AS date) - CAST({earlier[0]} AS date))"
        return sql, (*later[1], *earlier[1])

    def as_sqlite(self, compiler, connection, **extra):
        later, earlier = (compiler.compile(e) for e in self.source_expressions)
        sql = f"CAST(julianday({later[0]}) - julianday({earlier[0]}) AS INTEGER)"
        return sql, (*later[1], *earlier[1])


def gap_days():
    """The member's days out of the party (0 when never out): an expression on members."""
    left = (
        MembershipEvent.objects.filter(
            member=OuterRef("member"), kind__in=rules.LEFT_KINDS, date__lte=OuterRef("date")
        )
        .order_by("-date", "-pk")
        .values("date")[:1]
    )
    per_member = (
        MembershipEvent.objects.filter(member=OuterRef("pk"), kind=rules.BACK_KIND)
        .annotate(left_on=Subquery(left))
        .values("member")
        .annotate(days=Sum(DaysBetween(F("date"), F("left_on"))))
        .values("days")
    )
    return Coalesce(Subquery(per_member), 0)


#: the party days a member holding the highest badge would need for a next one: never reached
NEVER = 10**7


def _needed_days(occasion: dt.date):
    """Per member: the days in the party by `occasion` that the next badge above the highest
    one they hold (proposed, decided or presented) needs, the first level's when they hold
    none, `NEVER` when they hold the highest: one subquery."""
    levels = sorted(rules.levels(occasion))
    days = {y: (occasion - add_years(occasion, -y)).days for y in levels}
    held = (
        BadgeAward.objects.filter(member=OuterRef("pk"), status__in=COUNTED)
        .values("member")
        .annotate(top=Max("years"))
        .annotate(need=Case(*[When(top__lt=y, then=Value(days[y])) for y in levels],
                            default=Value(NEVER), output_field=IntegerField()))
        .values("need")
    )  # fmt: skip
    return Coalesce(Subquery(held), Value(days[levels[0]]))


def due_q(occasion: dt.date) -> Q:
    """Members due a badge by `occasion` that they do not hold (see the module): their days in
    the party by the occasion (`party_gap`, the queryset's alias of `gap_days()`, taken off)
    reach the days the next badge above the highest they hold needs. The level's days are the
    calendar years back from the occasion; the first level's cut on `admitted_on` keeps the
    members admitted since out before any subquery."""
    first = min(rules.levels(occasion))
    in_party = DaysBetween(Value(occasion), F("admitted_on")) - F("party_gap")
    return Q(status__in=ACTIVE_STATUSES, admitted_on__lte=add_years(occasion, -first)) & Q(
        GreaterThanOrEqual(in_party, _needed_days(occasion))
    )


def due_members(organization: Organization, occasion: dt.date, *, user=None, q: str = ""):
    """The members of `organization`'s subtree due a badge by `occasion` (visible to `user`
    when given), in Vietnamese name order: a queryset (one query a page, one to count)."""
    rows = Member.objects if user is None else Member.objects.visible_to(user)
    rows = rows.in_subtree(organization).alias(party_gap=gap_days()).filter(due_q(occasion))
    if q:
        rows = rows.search(q)
    return rows.select_related("organization").order_by("sort_key", "id")


@dataclass
class DueRow:
    member: Member
    years: int
    due_on: dt.date


def next_badges(members, occasion: dt.date) -> dict[Member, tuple[int, dt.date]]:
    """The badge each member is due by `occasion` (the highest level reached that they do not
    hold) with its exact due date; members due none are left out. Two queries: their awards and
    their events."""
    members = list(members)
    ids = [m.pk for m in members]
    held: dict[int, int] = {}
    for member_id, years in BadgeAward.objects.filter(
        member_id__in=ids, status__in=COUNTED
    ).values_list("member_id", "years"):
        held[member_id] = max(years, held.get(member_id, 0))
    events: dict[int, list] = {}
    for member_id, kind, day in MembershipEvent.objects.filter(
        member_id__in=ids, kind__in=rules.GAP_KINDS
    ).values_list("member_id", "kind", "date"):
        events.setdefault(member_id, []).append((kind, day))
    levels = [y for y in rules.levels(occasion)]
    out = {}
    for m in members:
        if m.admitted_on is None:
            continue
        gaps = rules.from_events(events.get(m.pk, []))
        best = highest_due(m.admitted_on, levels, occasion, gaps)
        if best is not None and best[0] > held.get(m.pk, 0):
            out[m] = best
    return out


def due_rows(page_members, occasion: dt.date) -> list[DueRow]:
    """The page's members with the badge they are due and its date (two queries)."""
    found = next_badges(page_members, occasion)
    return [DueRow(m, *found[m]) for m in page_members if m in found]


def badge_due_date(member: Member, years: int) -> dt.date | None:
    return badge_due_on(member.admitted_on, years, rules.interruptions(member.pk))


def badge_list(user, organization: Organization, *, q: str = "", status: str = "", occasion=None):
    """The badges of `organization`'s subtree that `user` may see, in Vietnamese order."""
    rows = BadgeAward.objects.visible_to(user).in_subtree(organization)
    if q:
        rows = rows.search(q)
    if status:
        rows = rows.filter(status=status)
    if occasion:
        rows = rows.filter(occasion=occasion)
    return rows.select_related("member", "organization").vn_ordered()


def commendation_list(user, organization: Organization, *, q: str = "", year=None):
    """The commendations kept in `organization`'s subtree that `user` may see."""
    rows = Commendation.objects.visible_to(user).in_subtree(organization)
    if q:
        rows = rows.search(q)
    if year:
        rows = rows.filter(year=year)
    return rows.select_related("organization").vn_ordered()


def commendation_counts(organization: Organization, *, year: int | None = None):
    """Commendations in force in `organization`'s subtree counted by year, level and kind (one
    query): a list of dicts {year, level, kind, subject_kind, n}."""
    rows = Commendation.objects.in_subtree(organization).filter(status=CommendationStatus.VALID)
    if year is not None:
        rows = rows.filter(year=year)
    return list(
        rows.values("year", "level", "kind", "subject_kind")
        .annotate(n=Count("pk"))
        .order_by("year", "level", "kind", "subject_kind")
    )


__all__ = ["DaysBetween", "due_members", "due_q", "gap_days", "next_badges"]
