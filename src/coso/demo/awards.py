"""The demo's commendations and party badges, through the awards services: in the first
grassroots committees with members due, badges presented on the last occasion and proposed
(one decided) for the next, the others due left on the to-do list; a few commendations of
members and organizations. A small sample whatever the size: each committee's due list is one
query on its subtree."""

from __future__ import annotations

import datetime as dt
import time

from django.utils import translation

from coso.awards import rules, services
from coso.awards.queries import due_members, due_rows
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

#: committees looked at, badges of each kind made
COMMITTEES = 6
PER_OCCASION = 2


def _previous_occasion(today: dt.date) -> dt.date:
    days = [d for y in (today.year - 1, today.year) for d in rules.occasions_of(y, today)]
    return max(d for d in days if d < today)


def fill_awards(gen) -> int:
    """Make the demo's badges and commendations; returns how many rows."""
    started = time.monotonic()
    with translation.override("vi"):
        made = _fill(gen)
    gen.log(f"  khen thưởng, huy hiệu Đảng: {made} ({time.monotonic() - started:.1f} giây)")
    return made


def _badges(committee, gen, today) -> int:
    made = 0
    last, nxt = _previous_occasion(today), rules.next_occasion(today)
    for row in due_rows(list(due_members(committee, last)[:PER_OCCASION]), last):
        award = services.propose_badge(row.member, years=row.years, occasion=last,
                                       proposed_on=last - dt.timedelta(days=40),
                                       proposed_by=committee.name)  # fmt: skip
        services.decide_badge(award, decision_number=gen._doc("QĐ", "HH"),
                              decision_on=last - dt.timedelta(days=20),
                              issued_by="Ban Thường vụ Đảng ủy")  # fmt: skip
        services.present_badge(award, presented_on=last)
        made += 1
    for i, row in enumerate(due_rows(list(due_members(committee, nxt)[:PER_OCCASION]), nxt)):
        award = services.propose_badge(row.member, years=row.years, occasion=nxt,
                                       proposed_on=today, proposed_by=committee.name)  # fmt: skip
        if i == 0:
            services.decide_badge(award, decision_number=gen._doc("QĐ", "HH"), decision_on=today,
                                  issued_by="Ban Thường vụ Đảng ủy")  # fmt: skip
        made += 1
    return made


def _commendations(committee, gen, today) -> int:
    decided = min(today, dt.date(today.year, 1, 15))
    common = {"year": decided.year - 1, "decision_on": decided, "issued_by": "Đảng ủy Khối"}
    services.record_commendation(organization=committee, level="bloc", kind="merit",
                                 reason="Đảng bộ hoàn thành xuất sắc nhiệm vụ",
                                 decision_number=gen._doc("QĐ", "KT"), **common)  # fmt: skip
    members = committee.members.model.objects.filter(
        organization__path__startswith=committee.path, status="official"
    ).order_by("sort_key", "pk")[:3]
    for m in members:
        services.record_commendation(member=m, level="grassroots", kind="certificate",
                                     reason="Đảng viên hoàn thành xuất sắc nhiệm vụ",
                                     decision_number=gen._doc("QĐ", "KT"),
                                     **{**common, "issued_by": committee.name})  # fmt: skip
    return 1 + len(members)


def _fill(gen) -> int:
    today = gen.today
    made = 0
    committees = Organization.objects.filter(
        kind=OrgKind.GRASSROOTS_COMMITTEE, dissolved_on__isnull=True
    ).order_by("path")[:COMMITTEES]
    for i, committee in enumerate(committees):
        made += _badges(committee, gen, today)
        if i < 2:
            made += _commendations(committee, gen, today)
    return made
