"""Demo followers (DOMAIN.md §5): each grassroots committee's members follow some of its cells
from a fortnight after the 2025 congress, a few cells each, and go to most of their meetings.

Called by `coso.demo.generator.DemoGenerator.run` after the committees and before the
meetings, inside its transaction, through `coso.meetings.services.assign_follower`
(``actor=None``: the system); the meetings' loader then invites the follower of each cell on
a meeting's date, as planning a meeting does. Committees, members and cells are taken in
tree and name order (deterministic; no random draw).
"""

from __future__ import annotations

import datetime as dt
import time

from coso.meetings.queries import committee_roster
from coso.meetings.services import assign_follower
from coso.orgs.choices import CELL_KINDS, OrgKind
from coso.orgs.models import Organization

from .committees import CONGRESS_2025

#: cells each committee member follows, at most
CELLS_EACH = 3
#: assignments in the whole demo, at most (a city has thousands of grassroots committees)
MOST = 1_000
#: the assignments start this long after the grassroots congress
AFTER_CONGRESS = dt.timedelta(days=14)


def fill_followers(gen) -> int:
    """Followers for the cells of every grassroots committee; returns how many."""
    started = time.monotonic()
    start = CONGRESS_2025[OrgKind.GRASSROOTS_COMMITTEE] + AFTER_CONGRESS
    made = 0
    committees = sorted(
        (o for o in gen.orgs.values() if o.kind == OrgKind.GRASSROOTS_COMMITTEE),
        key=lambda o: o.path,
    )
    for committee in committees:
        if made >= MOST or committee.is_dissolved:
            continue
        roster = committee_roster(committee, start)
        if not roster:
            continue
        cells = list(
            Organization.objects.filter(
                path__startswith=committee.path, kind__in=CELL_KINDS, dissolved_on__isnull=True
            ).order_by("path")[: CELLS_EACH * len(roster)]
        )
        for i, cell in enumerate(cells[: MOST - made]):
            assign_follower(
                committee,
                cell,
                roster[i % len(roster)],
                started_on=start,
                decision=f"{i + 1}-QĐ/ĐU",
            )
            made += 1
    gen.log(f"  {made} cấp ủy viên theo dõi chi bộ ({time.monotonic() - started:.1f} giây)")
    return made
