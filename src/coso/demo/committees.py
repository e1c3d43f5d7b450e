"""Demo committees: every organization of the demo (groups aside; see `MAX_ORGANIZATIONS`) gets its 2025–2030 term and a
secretary, and a deputy where there is a committee to elect one (grassroots and above, cells of
9+ official members).

Called by `coso.demo.generator.DemoGenerator.run` after the members, inside its transaction.
Every term and post goes through `coso.committees.services` (``actor=None``: the system), so
the demo obeys the same rules as people do. Members are drawn from those placed in the
organization's subtree on the congress date, in id order (deterministic).
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
from collections import Counter

from coso.committees import services
from coso.committees.choices import Post
from coso.core.rules import rule_or_earliest
from coso.members.choices import MemberStatus
from coso.members.models import Member, Placement
from coso.orgs.choices import CELL_KINDS, GRASSROOTS_KINDS, OrgKind

from .common import PERSONAS

#: the 2025 congresses, from the cells up (Chỉ thị 35-CT/TW: cells first, then grassroots)
CONGRESS_2025 = {
    OrgKind.CELL: dt.date(2025, 5, 15),
    OrgKind.GRASSROOTS_CELL: dt.date(2025, 6, 20),
    OrgKind.SUB_COMMITTEE: dt.date(2025, 6, 10),
    OrgKind.GRASSROOTS_COMMITTEE: dt.date(2025, 7, 15),
    OrgKind.SUPERIOR: dt.date(2025, 10, 10),
}


def _placed(day: dt.date) -> tuple[list[str], list[tuple[int, bool]]]:
    """(path, (member id, official)) of every official placement on `day`, by path: one query."""
    rows = sorted(
        Placement.objects.on(day)
        .official()
        .values_list("organization__path", "member_id", "member__status")
        .order_by()
    )
    return [r[0] for r in rows], [(r[1], r[2] == MemberStatus.OFFICIAL) for r in rows]


#: above this many organizations (a city, the country) only the grassroots organizations, the
#: superiors and the demo personas' organizations get a committee, to keep the demo quick
MAX_ORGANIZATIONS = 2_000


def _chosen_orgs(gen) -> list:
    orgs = sorted(gen.orgs.values(), key=lambda o: o.path)
    if len(orgs) <= MAX_ORGANIZATIONS:
        return orgs
    personas = {code for _user, _role, code, _password, _title in PERSONAS}
    kinds = {*GRASSROOTS_KINDS, OrgKind.SUPERIOR}
    return [o for o in orgs if o.kind in kinds or o.code in personas]


def _plans(gen) -> list[tuple]:
    """(organization, congress date, secretary id, deputy id or None) for each organization
    with members on its congress date and still today, in tree order."""
    placed = {day: _placed(day) for day in set(CONGRESS_2025.values())}
    # members still there today (the demo's transfers moved some since the congress)
    paths_today, members_today = _placed(gen.today)
    where_today = {m: path for path, (m, _official) in zip(paths_today, members_today, strict=True)}
    plans = []
    for org in _chosen_orgs(gen):
        congress = CONGRESS_2025.get(org.kind)
        if congress is None or org.is_dissolved:
            continue
        paths, members = placed[congress]
        chosen = members[
            bisect.bisect_left(paths, org.path) : bisect.bisect_left(paths, org.path + "\uffff")
        ]
        ids = sorted({m for m, _official in chosen if where_today.get(m, "").startswith(org.path)})
        if not ids:
            continue
        official = sum(1 for _m, is_official in chosen if is_official)
        least = rule_or_earliest("cell_committee_min_members", congress).value
        elects_deputy = len(ids) > 1 and (org.kind not in CELL_KINDS or official >= least)
        plans.append((org, congress, ids[0], ids[1] if elects_deputy else None))
    return plans


def fill_committees(gen) -> Counter:
    """A term and its secretary (and deputy) for each of the generator's organizations."""
    started = time.monotonic()
    counts: Counter = Counter()
    plans = _plans(gen)
    members = Member.objects.in_bulk([i for p in plans for i in p[2:] if i is not None])
    for org, congress, secretary, deputy in plans:
        term = services.open_term(org, start_year=2025, end_year=2030, congress_date=congress)
        counts["terms"] += 1
        decision = f"{counts['terms']}-QĐ/ĐUK"
        for member_id, post in ((secretary, Post.SECRETARY), (deputy, Post.DEPUTY_SECRETARY)):
            if member_id is None:
                continue
            services.appoint(
                term, members[member_id], post=post, started_on=congress, decision=decision,
                decision_date=congress,
            )  # fmt: skip
            counts[post] += 1
    gen.log(
        f"  {counts['terms']} nhiệm kỳ, {counts[Post.SECRETARY]} bí thư, "
        f"{counts[Post.DEPUTY_SECRETARY]} phó bí thư ({time.monotonic() - started:.1f} giây)"
    )
    return counts
