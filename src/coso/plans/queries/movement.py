"""The membership movement of HD 11-HD/BTCTW for a period, from the membership log, restated
on today's tree (a placement counts under its organization's path today, as a report to the
superior restates it).

For a subtree X and a period from S to E (both included):

- members at the start: official placements in X covering S − 1 (the end of the period
  before); at the end: those covering E, split into probationary (their latest admission on
  or before E not yet followed by a recognition on or before E) and official;
- an increase: a placement in X starting in [S, E] whose member was not in X the day before
  (no placement of theirs in X ending that day); its kind from the member's event of that
  day: ADMITTED an admission, READMITTED or REINSTATED a re-admission, anything else
  (TRANSFERRED_IN, a move or a restructuring from outside X, REGISTERED) a transfer in;
- a decrease: a placement in X ending in [S, E] (its `valid_to`, the first day not counted)
  whose member does not go on in X that day; DECEASED, STRUCK_OFF, EXPELLED, RESIGNED by the
  event of that day, anything else a transfer out;
- recognized and exempted: RECOGNIZED and EXEMPTED events in [S, E] of members whose official
  placement covers that day in X; badges: badge awards decided in [S, E] kept in X.

A member holds one official placement at a time (services close one where the next starts),
so start + increases − decreases = end holds exactly: each placement starting (ending) in the
period adds (takes) one, and a move inside X is a start and an end of the same day, both
left out.

Every figure is aggregated in SQL per organization of the tree (a fixed number of queries:
eight), with the path of the placement before or after a move; `movement_by` rolls them up into
any set of subtrees (a superior's children, the organizations that owe a schedule) in Python
over those few rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Value, When

from coso.awards.choices import BadgeStatus
from coso.awards.models import BadgeAward
from coso.members.choices import EventKind, PlacementKind
from coso.members.models import MembershipEvent, Placement
from coso.orgs.models import Organization

from ..choices import DECREASES, FIGURES, INCREASES

ADMISSIONS = (EventKind.ADMITTED, EventKind.READMITTED)
REMOVALS = {
    EventKind.DECEASED: "died",
    EventKind.STRUCK_OFF: "struck_off",
    EventKind.EXPELLED: "expelled",
    EventKind.RESIGNED: "resigned",
}
_DAY = dt.timedelta(days=1)
#: a badge withdrawn or given back no longer counts as awarded
NOT_AWARDED = (BadgeStatus.WITHDRAWN, BadgeStatus.RETURNED)
#: how far back the admissions of members still probationary are looked for (probation is a
#: year, its vote due soon after: three years is a search bound, not a rule)
PROBATION_WINDOW_YEARS = 3


def empty() -> dict[str, int]:
    return {name: 0 for name, _label in FIGURES}


def balances(f: dict[str, int]) -> bool:
    """start + increases − decreases = end."""
    moved = sum(f[k] for k in INCREASES) - sum(f[k] for k in DECREASES)
    return f["members_start"] + moved == f["members_end"]


def _official(root: str):
    # the subtree's organizations as a semi-join on ids: no join to read each row's path
    inside = Organization.objects.filter(path__startswith=root).values("id")
    return Placement.objects.filter(
        kind=PlacementKind.OFFICIAL, organization_id__in=inside
    ).order_by()


def _event_on(kinds, date_ref: str) -> Exists:
    return Exists(
        MembershipEvent.objects.filter(
            member=OuterRef("member_id"), kind__in=list(kinds), date=OuterRef(date_ref)
        )
    )


def _neighbour(own: str, other: str) -> Subquery:
    """The organization of the member's official placement whose `other` date is this one's
    `own` date (the placement before an entry, after an exit)."""
    rows = Placement.objects.filter(
        member=OuterRef("member_id"), kind=PlacementKind.OFFICIAL, **{other: OuterRef(own)}
    ).exclude(pk=OuterRef("pk"))
    return Subquery(rows.values("organization_id")[:1])


def _covering(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def _counts(root: str, start: dt.date, end: dt.date):
    """The members at the start (covering the day before it) and at the end, per
    organization, in one scan."""
    before = start - _DAY
    rows = _official(root).filter(
        Q(valid_from__lte=end), Q(valid_to__isnull=True) | Q(valid_to__gt=before)
    )
    return rows.values("organization_id").annotate(
        first=Count("id", filter=_covering(before)), last=Count("id", filter=_covering(end))
    )


def _probationary(root: str, end: dt.date):
    """The members of the subtree at path `root` probationary on `end`, per organization of
    their placement that day (the subtree's placements that day chosen first: a cell's report
    reads its own members' admissions, not the registry's): an
    admission (ADMITTED, READMITTED) on or before `end`, their latest, not followed by a
    recognition on or before `end` (a RECOGNIZED event, or the record's recognition date
    for members entered from paper). Read from the admissions of the last
    `PROBATION_WINDOW_YEARS` only (the index on the events' kind and date): a member still
    probationary so long after their admission is an error of the record."""
    since = end - dt.timedelta(days=366 * PROBATION_WINDOW_YEARS)
    later = MembershipEvent.objects.filter(
        member=OuterRef("member_id"), kind__in=ADMISSIONS, date__gt=OuterRef("date"),
        date__lte=end,
    )  # fmt: skip
    later = later.filter(date__gt=since)  # implied by the first: fewer rows to match
    recognized = MembershipEvent.objects.filter(
        member=OuterRef("member_id"), kind=EventKind.RECOGNIZED, date__gte=OuterRef("date"),
        date__lte=end,
    )  # fmt: skip
    placed = _official(root).filter(_covering(end))
    rows = MembershipEvent.objects.filter(kind__in=ADMISSIONS, date__gt=since, date__lte=end)
    rows = rows.filter(member_id__in=placed.values("member_id"))
    rows = rows.exclude(Exists(later)).exclude(Exists(recognized))
    rows = rows.exclude(member__recognized_on__gte=F("date"), member__recognized_on__lte=end)
    # the organization of the member's placement that day, for the rows left only
    org = placed.filter(member=OuterRef("member_id")).values("organization_id")[:1]
    return rows.annotate(org=Subquery(org)).order_by().values("org").annotate(n=Count("id"))


def _entries(root: str, start: dt.date, end: dt.date):
    kind = Case(
        When(_event_on([EventKind.ADMITTED], "valid_from"), then=Value("admitted")),
        When(
            _event_on([EventKind.READMITTED, EventKind.REINSTATED], "valid_from"),
            then=Value("reinstated"),
        ),
        default=Value("transferred_in"),
        output_field=CharField(),
    )
    rows = _official(root).filter(valid_from__gte=start, valid_from__lte=end)
    rows = rows.exclude(valid_to=F("valid_from"))
    return rows.annotate(other=_neighbour("valid_from", "valid_to"), figure=kind)


def _exits(root: str, start: dt.date, end: dt.date):
    whens = [When(_event_on([k], "valid_to"), then=Value(v)) for k, v in REMOVALS.items()]
    kind = Case(*whens, default=Value("transferred_out"), output_field=CharField())
    rows = _official(root).filter(valid_to__gte=start, valid_to__lte=end)
    rows = rows.exclude(valid_to=F("valid_from"))
    return rows.annotate(other=_neighbour("valid_to", "valid_from"), figure=kind)


def _events_in(kind: str, start: dt.date, end: dt.date):
    """Events of `kind` in the period, each under its member's official placement that day."""
    placed = Placement.objects.filter(
        member=OuterRef("member_id"), kind=PlacementKind.OFFICIAL, valid_from__lte=OuterRef("date")
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("date")))
    rows = MembershipEvent.objects.filter(kind=kind, date__gte=start, date__lte=end).order_by()
    rows = rows.annotate(org=Subquery(placed.values("organization_id")[:1]))
    return rows.filter(org__isnull=False).values("org").annotate(n=Count("id"))


def tally(root: str, start: dt.date, end: dt.date) -> list[tuple]:
    """The movement's rows for the subtree at path `root` from `start` to `end`: (figure,
    path, other path or None, count), paths of today's tree. Eight queries."""
    paths = dict(Organization.objects.filter(path__startswith=root).values_list("id", "path"))
    rows: list[tuple] = []
    for r in _counts(root, start, end):
        rows += [("members_start", r["organization_id"], None, r["first"]),
                 ("members_end", r["organization_id"], None, r["last"])]  # fmt: skip
    rows += [("probationary_end", r["org"], None, r["n"]) for r in _probationary(root, end)]
    for qs in (_entries(root, start, end), _exits(root, start, end)):
        grouped = qs.values("figure", "organization_id", "other").annotate(n=Count("id"))
        rows += [(r["figure"], r["organization_id"], r["other"], r["n"]) for r in grouped]
    for kind, figure in ((EventKind.RECOGNIZED, "recognized"), (EventKind.EXEMPTED, "exempted")):
        rows += [(figure, r["org"], None, r["n"]) for r in _events_in(kind, start, end)]
    badges = (
        BadgeAward.objects.filter(
            organization__path__startswith=root, decision_on__gte=start, decision_on__lte=end
        )
        .exclude(status__in=NOT_AWARDED)
        .order_by()
    )
    grouped = badges.values("organization_id").annotate(n=Count("id"))
    rows += [("badges", r["organization_id"], None, r["n"]) for r in grouped]
    # organizations outside the subtree (a placement before or after a move, an event's
    # member placed elsewhere) have no path here: outside every owner
    return [(f, paths.get(org), paths.get(other), n) for f, org, other, n in rows if n]


def roll_up(rows: list[tuple], paths: Iterable[str]) -> dict[str, dict[str, int]]:
    """The figures of each subtree at `paths` (none inside another's) from `tally`'s rows: a
    move between two of them is an exit of one and an entry of the other; a move inside one
    is neither."""
    paths = list(paths)
    lengths = sorted({len(p) for p in paths})
    owners = set(paths)

    def owner(path: str | None) -> str | None:
        if path is None:
            return None
        for n in lengths:
            if path[:n] in owners:
                return path[:n]
        return None

    out: dict[str, dict[str, int]] = defaultdict(empty)
    for figure, path, other, n in rows:
        own = owner(path)
        if own is None or (other is not None and owner(other) == own):
            continue
        out[own][figure] += n
    for f in out.values():
        f["official_end"] = f["members_end"] - f["probationary_end"]
    return {p: out[p] if p in out else empty() for p in paths}


def movement(root: str, start: dt.date, end: dt.date) -> dict[str, int]:
    """The HD 11 figures of the subtree at path `root` from `start` to `end` (eight queries)."""
    return roll_up(tally(root, start, end), [root])[root]


def movement_by(
    root: str, paths: Iterable[str], start: dt.date, end: dt.date
) -> dict[str, dict[str, int]]:
    """The figures of each subtree at `paths` (inside `root`'s), in one `tally` of `root`."""
    return roll_up(tally(root, start, end), paths)


def total(figures: Iterable[dict[str, int]]) -> dict[str, int]:
    out = empty()
    for f in figures:
        for key, value in f.items():
            out[key] += value
    return out
