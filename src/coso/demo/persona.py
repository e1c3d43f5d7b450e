"""Day one for the demo personas: the cell secretary's cell gets work of every kind.

The demo draws candidates, transfers and probations across the tree at random, so the cell
persona's cell (`PERSONAS`, DUK-BK-CNTT) may come out with nothing to do. This adds, to every
persona's organization that is a cell, whatever the random draw gave it:

- candidates at three stages: the awareness course done (the application is next), the
  background check done (the introduction is next), and the cell's resolution taken long ago
  (the decision is overdue);
- a probationary member whose recognition vote is due in ten days, and one whose vote was due
  three weeks ago (overdue);
- an incoming transfer letter, issued a few days ago by another cell of the same committee and
  not yet received.

Everything goes through the services, as the rest of the demo. Called by `DemoGenerator.run`
before the admission pipeline, the committees and the meetings (whose rosters count the new
members), with its own random stream (from the seed, so the other streams draw as before);
every query it draws from is ordered.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.db.models import Exists, OuterRef

from coso.core.dates import add_months, add_years
from coso.core.deadlines import recognition_vote_due_on
from coso.documents.models import default_abbreviation
from coso.members import services as member_services
from coso.members.choices import EventKind, MemberStatus, TransferKind
from coso.members.models import Member, Transfer
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from .admission import add_candidate
from .common import PERSONAS
from .lifecycle import _person

__all__ = ["fill_persona_cells"]

#: (steps done, overdue) of the candidates each persona cell gets
CANDIDATE_STAGES = ((1, False), (4, False), (7, True))
#: the recognition vote of each persona cell's two probationary members is due in this many
#: days: soon (on the to-do list, not yet late), and three weeks ago (overdue)
VOTE_DUE_IN_DAYS = (10, -20)


def fill_persona_cells(gen) -> Counter:
    """Give each persona's cell candidates at several steps, probations due for recognition
    and an incoming letter; returns what was added."""
    rng = random.Random(gen.seed * 7907 + 16)  # its own stream: the others are unchanged
    today = gen.today
    done: Counter = Counter(candidates=0, probations=0, incoming_letters=0)  # the log's order
    used_cccd = set(Member.objects.exclude(cccd=None).values_list("cccd", flat=True))
    for _user, _role, code, _password, _title in PERSONAS:
        org = gen.orgs.get(code)
        cell = next((c for c in gen.cells if c.code == code), None)
        if org is None or cell is None or org.kind not in CELL_KINDS or org.dissolved_on:
            continue
        # the members first: a candidate's resolution may be voted at a meeting, whose
        # roster must count them
        for due_in in VOTE_DUE_IN_DAYS:
            _probationary(rng, org, today, due_in, used_cccd)
            done["probations"] += 1
        for steps, late in CANDIDATE_STAGES:
            add_candidate(gen, rng, cell, org, today, steps=steps, late=late)
            done["candidates"] += 1
        if _incoming_letter(rng, org, today):
            done["incoming_letters"] += 1
    gen.log("  Chi bộ của tài khoản dùng thử: " + ", ".join(f"{k}: {v}" for k, v in done.items()))
    return done


def _probationary(rng, org: Organization, today: dt.date, due_in: int, used) -> Member:
    """A probationary member whose recognition vote is due `due_in` days from today (or
    within a day or two before it: the deadline counts working days)."""
    ceremony = add_months(today, -12)
    while recognition_vote_due_on(ceremony) > today + dt.timedelta(days=due_in):
        ceremony -= dt.timedelta(days=1)
    birth = add_years(ceremony, -rng.randint(23, 30)) - dt.timedelta(days=rng.randint(0, 360))
    data = _person(rng, birth, used, official=False)
    data["admitted_on"] = ceremony
    data["occupation"] = "Giảng viên"
    member = member_services.register_member(
        data,
        organization=org,
        active_from=ceremony,
        status=MemberStatus.PROBATIONARY,
        event_kind=EventKind.ADMITTED,
        document_number=f"{rng.randint(100, 2999)}-QĐ/ĐU",
    )
    return member


def _incoming_letter(rng, org: Organization, today: dt.date) -> Transfer | None:
    """A permanent transfer to `org` from another cell of its committee (else of the tree),
    issued a few days ago and not yet received."""
    in_flight = Transfer.objects.filter(member=OuterRef("pk"))
    settled_before = today - dt.timedelta(days=400)
    movers = (
        Member.objects.filter(
            status=MemberStatus.OFFICIAL,
            organization__kind__in=CELL_KINDS,
            organization__dissolved_on__isnull=True,
            admitted_on__lte=settled_before,
            birth_date__gt=add_years(today, -55),
        )
        .exclude(organization=org)
        .exclude(Exists(in_flight))
        .exclude(occupation__in=["Sinh viên", "Nghỉ hưu"])
        .select_related("organization")
        .order_by("id")
    )
    parent = org.get_parent()
    pool = list(movers.filter(organization__path__startswith=parent.path)[:30]) if parent else []
    pool = pool or list(movers[:30])
    if not pool:
        return None
    member = rng.choice(pool)
    issued = today - dt.timedelta(days=rng.randint(2, 6))
    return member_services.issue_transfer(
        member,
        kind=TransferKind.PERMANENT,
        to=org,
        letter_number=f"{rng.randint(1, 999)}-GT/{default_abbreviation(member.organization)}",
        issued_on=issued,
        change_on=issued - dt.timedelta(days=rng.randint(5, 30)),
    )
