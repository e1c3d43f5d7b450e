"""The member registry: members, where they belonged when (placements) and what happened."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.models import running_on
from coso.core.scope import ScopedQuerySet
from coso.members.choices import PlacementKind
from coso.members.db.count_cache import cached_branches
from coso.members.privacy import RecordScopedQuerySet
from coso.orgs.models import Organization

#: free text of the record: stored composed (NFC), refused with invisible characters


def placement_on_q(day: dt.date, prefix: str = "") -> Q:
    """Placements that cover `day` (valid_to is exclusive)."""
    return running_on(day, "valid_from", "valid_to", prefix=prefix)


class PlacementQuerySet(RecordScopedQuerySet):
    """A member's record: scoped by the member's organization (where they are now)."""

    def on(self, day: dt.date) -> PlacementQuerySet:
        return self.filter(placement_on_q(day))

    def official(self) -> PlacementQuerySet:
        return self.filter(kind=PlacementKind.OFFICIAL)

    def official_by_branch(self, parent: Organization, day: dt.date) -> dict[str, int]:
        """Official members on `day` under `parent`, per branch: one SQL query (for today,
        one small lookup when the cached counts are still current).

        Returns {child path: members in that child's subtree}, plus {parent path: members
        placed on the parent itself}; the values add up to the parent's whole subtree. Rows
        are counted, not distinct members: a member holds one official placement at a time
        (services close the old one where the new one starts, imports refuse overlaps), so
        each row is one member. Counts follow today's tree, as a report to the superior
        restates them.
        """
        prefix_len = (parent.depth + 1) * Organization.steplen

        def compute() -> dict[str, int]:
            if day >= timezone.localdate():
                return self.tallied_by_branch(parent.path, prefix_len, day)
            rows = (
                self.on(day)
                .official()
                .filter(organization__path__startswith=parent.path)
                .values(branch=Substr("organization__path", 1, prefix_len))
                .annotate(n=Count("id"))
                .order_by()
                .values_list("branch", "n")
            )
            return dict(rows)

        # today's counts come from a cache that database triggers keep exact (count_cache)
        return cached_branches(parent, day, compute)

    def tallied_by_branch(self, path: str, prefix_len: int, day: dt.date) -> dict[str, int]:
        """Official members on `day` (today or later) under the organization at `path`, per
        branch (the first `prefix_len` characters of the path), from the tallies that
        triggers keep (`tally`): one query whatever the size of the subtree.

        The open placements of each organization, less those that start after `day`, plus
        the closed ones that still cover it; the corrections read two partial indexes.
        """
        # one branch (the whole subtree): a constant, not a substring of 300,000 paths
        if prefix_len == len(path):
            branch = Value(path, output_field=models.CharField())
        else:
            branch = Substr("organization__path", 1, prefix_len)
        in_subtree = Q(organization__path__startswith=path)
        official = self.model.objects.official().filter(in_subtree).order_by()
        parts = (
            OfficialTally.objects.filter(in_subtree)
            .order_by()
            .values(branch=branch)
            .annotate(n=Sum("official"))
            .values_list("branch", "n"),
            official.filter(valid_to__isnull=True, valid_from__gt=day)
            .values(branch=branch)
            .annotate(n=Value(0) - Count("id"))
            .values_list("branch", "n"),
            official.filter(valid_from__lte=day, valid_to__gt=day)
            .values(branch=branch)
            .annotate(n=Count("id"))
            .values_list("branch", "n"),
        )
        counts: dict[str, int] = {}
        for key, n in parts[0].union(*parts[1:], all=True):
            counts[key] = counts.get(key, 0) + n
        return {key: n for key, n in counts.items() if n}


class Placement(models.Model):
    """Where a member held party activity over a date range (valid_to exclusive)."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="placements"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="placements"
    )
    kind = models.CharField(
        max_length=12, choices=PlacementKind.choices, default=PlacementKind.OFFICIAL
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(fields=["organization", "valid_from"]),
            models.Index(fields=["member", "valid_from"]),
            # the two corrections of `tallied_by_branch`: placements dated ahead
            models.Index(
                fields=["valid_from"],
                condition=Q(kind=PlacementKind.OFFICIAL, valid_to__isnull=True),
                name="placement_open_from",
            ),
            models.Index(
                fields=["valid_to"],
                condition=Q(kind=PlacementKind.OFFICIAL, valid_to__isnull=False),
                name="placement_closed_to",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="placement_valid_range",
            )
        ]


class OfficialTallyQuerySet(ScopedQuerySet):
    """A count per organization, a fact of the tree: the names scope, as organizations."""

    scope_path = "organization__path"


class OfficialTally(models.Model):
    """An organization's open official placements (`valid_to` is null), kept exact by
    database triggers on the placements (see `coso.members.db.tally`); never written by code."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="+",
    )
    official = models.IntegerField(default=0)

    objects = OfficialTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("official member tally")
        verbose_name_plural = _("official member tallies")


def member_counts_by_child(parent: Organization, day: dt.date) -> dict[int, int]:
    """Official members on `day` of each child subtree of `parent`: two SQL queries (the
    counts, then the children).

    Returns {child organization id: count}. Counts follow today's tree (a moved subtree's
    past members count under its current parent), as a report to the superior restates them.
    """
    counts = Placement.objects.official_by_branch(parent, day)
    children = Organization.objects.filter(
        path__startswith=parent.path, depth=parent.depth + 1
    ).values_list("id", "path")
    return {cid: counts.get(path, 0) for cid, path in children}


def member_count(org: Organization, day: dt.date) -> int:
    """Official members on `day` in org's whole subtree (for today, from the tallies)."""
    if day >= timezone.localdate():
        counts = Placement.objects.tallied_by_branch(org.path, len(org.path), day)
        return counts.get(org.path, 0)
    return (
        Placement.objects.on(day)
        .official()
        .filter(organization__path__startswith=org.path)
        .values("member_id")
        .distinct()
        .count()
    )
