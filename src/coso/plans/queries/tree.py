"""Which tree the plan's figures count on: today's, with the work of organizations since merged
counted under their successor (the default: what a report to the superior shows), or the tree
as it was on a date (an audit: `as_of_tree`).

Every record the measures count reaches an organization (a meeting's, an evaluation's, a
placement's, a membership event's). Its *counted path* is that organization's path, rewritten by
a short list of prefix substitutions, so a subtree is one prefix filter and a child is the first
characters of the counted path, as on the materialized tree itself:

- today's tree: an organization merged into another (`OrganizationEvent` MERGED, `related` the
  one it went into, followed along a chain of merges) counts at its successor's path; its
  dissolved sub-units that stayed under it count there too. Every other organization is where it
  is today (a move rewrites the paths themselves).
- the tree on a date: an organization whose parent on that date (`OrganizationPeriod`) differs
  from today's counts under that parent, with its whole subtree, at a made-up path of the same
  length that no real organization has (`~` and three characters); merges after the date are
  not applied (the merged organization still stood on its own).

Merges and moves are rare (a handful a year in a bloc), so the substitutions are a few CASE
branches; without any, the counted path is the path column itself and the query reads the
path index as every subtree query of coso does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Concat, Length, Substr

from coso.orgs.choices import OrgEventKind
from coso.orgs.models import Organization, OrganizationEvent, OrganizationPeriod

STEP = Organization.steplen
#: the first character of a made-up path step (sorts after the tree's alphabet 0-9A-Z)
VIRTUAL = "~"


@dataclass
class Tree:
    """The substitutions of one figure's tree: [(real prefix, counted prefix, whole)]; `whole`
    maps every path under the prefix to the counted prefix itself (a merge), otherwise the rest
    of the path follows (a move)."""

    subs: list[tuple[str, str, bool]] = field(default_factory=list)
    #: made-up path -> the organization it stands for (the tree on a date)
    virtual: dict[str, int] = field(default_factory=dict)
    #: the organizations merged into another (their work counts for the successor; they are
    #: not counted as organizations themselves)
    absorbed: set[int] = field(default_factory=set)

    def counted(self, path: str) -> str:
        """The counted path of a real path (the same rewriting as `expression`, in Python)."""
        for real, counted, whole in self.subs:
            if path.startswith(real):
                return counted if whole else counted + path[len(real) :]
        return path

    def expression(self, path_field: str):
        """The counted path of the organization at `path_field` (an ORM expression)."""
        if not self.subs:
            return F(path_field)
        whens = []
        for real, counted, whole in self.subs:
            then = (
                Value(counted)
                if whole
                else Concat(
                    Value(counted),
                    Substr(path_field, len(real) + 1, Length(path_field)),
                    output_field=CharField(),
                )
            )
            whens.append(When(**{f"{path_field}__startswith": real}, then=then))
        return Case(*whens, default=F(path_field), output_field=CharField())

    def within(self, path_field: str, root_path: str) -> Q:
        """The rows whose organization may count under `root_path` (a counted path): those
        under its real prefix and those substituted into it; the caller also filters the
        counted path itself (`counted_within`)."""
        q = Q(**{f"{path_field}__startswith": self._real_of(root_path)})
        for real, counted, _whole in self.subs:
            if counted.startswith(root_path) or root_path.startswith(counted):
                q |= Q(**{f"{path_field}__startswith": real})
        return q

    def needs_check(self) -> bool:
        return bool(self.subs)

    def _real_of(self, counted_path: str) -> str:
        """A real path whose subtree holds the counted path's organizations (itself when real)."""
        for real, counted, whole in self.subs:
            if not whole and counted_path.startswith(counted):
                return real + counted_path[len(counted) :]
        return counted_path


def successors() -> dict[int, int]:
    """{merged organization id: the organization it went into}: one query."""
    return dict(
        OrganizationEvent.objects.filter(kind=OrgEventKind.MERGED, related__isnull=False)
        .order_by("date", "id")
        .values_list("organization_id", "related_id")
    )


def todays_tree() -> Tree:
    """Today's tree with the merges restated: two queries (the merges, then the paths of the
    organizations they touch), none when there was no merge... one, to know it."""
    merged = successors()
    if not merged:
        return Tree()
    paths = dict(
        Organization.objects.filter(pk__in={*merged, *merged.values()}).values_list("id", "path")
    )

    def final(org_id: int) -> int:
        seen = set()
        while org_id in merged and org_id not in seen:
            seen.add(org_id)
            org_id = merged[org_id]
        return org_id

    subs = [(paths[m], paths[final(m)], True) for m in merged if m in paths]
    # the deepest first: a merged organization under another merged one follows its own merge
    subs.sort(key=lambda s: -len(s[0]))
    return Tree(subs=subs, absorbed=set(merged))


def tree_on(day: dt.date) -> Tree:
    """The tree as it was on `day`: the organizations whose parent on that day differs from
    today's, each placed (with its subtree) under that parent. Two queries."""
    periods = (
        OrganizationPeriod.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .exclude(parent=None)
        .values_list("organization_id", "organization__path", "parent_id", "parent__path")
    )
    moved = {
        org_id: (path, parent_path)
        for org_id, path, _parent_id, parent_path in periods
        if path[:-STEP] != parent_path
    }
    if not moved:
        return Tree()
    tree = Tree()
    # parents first (shorter paths), so a moved parent's counted path is known to its child
    for n, (org_id, (path, parent_path)) in enumerate(sorted(moved.items(), key=lambda i: i[1])):
        counted = tree.counted(parent_path) + f"{VIRTUAL}{n:03d}"
        tree.subs.append((path, counted, False))
        tree.subs.sort(key=lambda s: -len(s[0]))
        tree.virtual[counted] = org_id
    return tree


def tree_for(as_of_tree: dt.date | None) -> Tree:
    return todays_tree() if as_of_tree is None else tree_on(as_of_tree)
