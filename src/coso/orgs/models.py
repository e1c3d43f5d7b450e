"""The organization tree (materialized path) and its restructuring history."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models.functions import Substr
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from coso.core.models import Recorded, optional_ref, ref, running_on
from coso.core.scope import ScopedQuerySet, scope_q, user_paths
from coso.core.text import fold

from .choices import CELL_KINDS, OrgEventKind, OrgKind


def normalize_code(value: str | None) -> str:
    """An organization code as typed, without the spaces around it."""
    return (value or "").strip()


class OrganizationQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    """Organizations; `visible_to` is the names scope (every role sees the tree it reaches)."""

    scope_path = "path"

    def subtree(self, org: Organization) -> OrganizationQuerySet:
        """The organization and everything below it (one indexed prefix filter)."""
        return self.filter(path__startswith=org.path)

    def existing_on(self, day: dt.date) -> OrganizationQuerySet:
        return self.filter(running_on(day, "established_on", "dissolved_on", open_start=True))

    def search(self, text: str) -> OrganizationQuerySet:
        """Accent- and đ-insensitive search on code, name and short name; every word must match."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def active(self) -> OrganizationQuerySet:
        return self.filter(dissolved_on__isnull=True)

    def by_code(self, value: str | None) -> Organization | None:
        """The organization of a code as a person types it, or None: spaces around it and the
        letter case do not matter ("duk-bk-pdt " is DUK-BK-PDT). One indexed query when the code
        is typed as stored; a second, case-insensitive one otherwise."""
        code = normalize_code(value)
        if not code:
            return None
        found = self.filter(code=code).first()
        if found is None and code.upper() != code:
            found = self.filter(code=code.upper()).first()
        if found is None:
            found = self.filter(code__iexact=code).first()
        return found

    def restructurable_by(self, user) -> OrganizationQuerySet:
        """Organizations the user may rename, move, merge or dissolve: those strictly under
        an organization where they hold an editing role (a cell's secretary cannot dissolve
        their own cell; the committee above can)."""
        return self.filter(scope_q(user, "path", edit=True, below=True))

    def tops_for(self, user) -> OrganizationQuerySet:
        """The organizations at the top of the user's scope (the home page, the tree's root)."""
        paths = user_paths(user, edit=False)
        if paths is None:
            return self.filter(depth=1)
        return self.filter(path__in=paths)


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self):
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(MP_Node):
    """A party organization: superior committee, grassroots committee or cell, cell, group."""

    steplen = 4
    node_order_by = None

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices, db_index=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    established_decision = models.CharField(_("establishment decision"), max_length=64, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolved_decision = models.CharField(_("dissolution decision"), max_length=64, blank=True)
    # folded code, name and short name, stored so both databases search alike
    search_text = models.CharField(max_length=500, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = OrganizationManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [
            # the tree's roots, read with every user's roles (`accounts.scope.scope_paths`)
            models.Index(fields=["path"], condition=models.Q(depth=1), name="org_roots"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.compute_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def compute_derived(self) -> None:
        self.search_text = fold(f"{self.code} {self.name} {self.short_name}")[:500]

    def ancestor_paths(self, *, self_too: bool = True) -> list[str]:
        """The paths of the organizations above this one, top first (and its own with
        ``self_too``): what a row set by a superior for its subtree is matched against."""
        step = self.steplen
        return [
            self.path[:i] for i in range(step, len(self.path) + (step if self_too else 0), step)
        ]

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    def parent_path(self) -> str:
        return self.path[: -self.steplen]


_PATH_ALPHABET = frozenset(Organization.alphabet)
_PATH_AFTER_LAST = chr(max(map(ord, Organization.alphabet)) + 1)


class PathStartsWith(StartsWith):
    """`path__startswith` that SQLite can answer from the path index.

    Django writes `startswith` on SQLite as `LIKE 'p%' ESCAPE '\\'`, which SQLite never serves
    from an index (its LIKE is case-insensitive); every subtree filter then scans. A path is made
    of the tree's alphabet only (0-9A-Z), so "starts with p" is exactly the range
    `p <= path < p + '['` ('[' sorts right after 'Z' in SQLite's byte order), which the unique
    index on path answers. PostgreSQL keeps the LIKE: its `varchar_pattern_ops` index serves it,
    while a range there would follow the database's linguistic collation.
    """

    def as_sqlite(self, compiler, connection):
        value = self.rhs
        if (
            self.rhs_is_direct_value()
            and not self.bilateral_transforms
            and isinstance(value, str)
            and value
            and all(ch in _PATH_ALPHABET for ch in value)
        ):
            lhs, lhs_params = self.process_lhs(compiler, connection)
            return (
                f"({lhs} >= %s AND {lhs} < %s)",
                (*lhs_params, value, *lhs_params, value + _PATH_AFTER_LAST),
            )
        return self.as_sql(compiler, connection)


Organization._meta.get_field("path").register_lookup(PathStartsWith)

#: the deepest level an organization's ancestors are looked up to (the tree is shallower)
TREE_DEPTH = 12


def ancestor_paths(path) -> list:
    """The paths of the organization at `path` (an expression such as `OuterRef("path")`) and
    of its ancestors: its prefixes, `steplen` characters a level, to `TREE_DEPTH` (past its
    own depth a prefix is its whole path). `field__in=ancestor_paths(...)` is one IN on the
    path index, where a prefix test against every organization's path scans the tree."""
    step = Organization.steplen
    return [Substr(path, 1, step * depth) for depth in range(1, TREE_DEPTH + 1)]


def organization_ref(
    related_name: str,
    verbose_name=None,
    *,
    on_delete=models.PROTECT,
    one_to_one: bool = False,
):
    """The organization a row belongs to (it cannot be left empty: `optional_ref` for one that
    can). Organizations are dissolved, never deleted, so by default the row protects it; a row
    that is the organization's own setting, or that only a wiped database deletes, names
    CASCADE."""
    return ref(
        Organization,
        on_delete,
        related_name,
        verbose_name or _("organization"),
        one_to_one=one_to_one,
    )


class OrganizationEventQuerySet(ScopedQuerySet):
    scope_path = "organization__path"


class OrganizationEvent(Recorded):
    """One dated restructuring step of an organization, with its decision."""

    organization = organization_ref("events")
    kind = models.CharField(_("kind"), max_length=16, choices=OrgEventKind.choices)
    date = models.DateField(_("date"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    from_parent = optional_ref(Organization, models.PROTECT, "+")
    to_parent = optional_ref(Organization, models.PROTECT, "+")
    related = optional_ref(
        Organization, models.PROTECT, "+", help_text=_("the other organization of a merge or split")
    )
    old_name = models.CharField(max_length=255, blank=True)
    new_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)

    objects = OrganizationEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization event")
        verbose_name_plural = _("organization events")
        ordering = ["date", "id"]


class OrganizationPeriodQuerySet(ScopedQuerySet):
    scope_path = "organization__path"


class OrganizationPeriod(models.Model):
    """Where an organization stood (its parent and name) over a date range."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="periods")
    parent = optional_ref(Organization, models.PROTECT, "+")
    name = models.CharField(max_length=255)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text=_("exclusive"))

    objects = OrganizationPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["organization_id", "valid_from"]
        indexes = [models.Index(fields=["organization", "valid_from"])]


def parent_names(paths) -> dict[str, str]:
    """{path: its parent's short name, else name} for the organizations at `paths` (a root has
    none): lists show it beside an organization's name, since many cells share one ("Chi bộ
    Khoa Công nghệ thông tin" in 18 schools). One query for any number of paths."""
    step = Organization.steplen
    paths = {p for p in paths if p and len(p) > step}
    if not paths:
        return {}
    names = {
        path: short or name
        for path, short, name in Organization.objects.filter(
            path__in={p[:-step] for p in paths}
        ).values_list("path", "short_name", "name")
    }
    return {p: names[p[:-step]] for p in paths if p[:-step] in names}


def attach_parent_names(organizations) -> None:
    """Set `parent_name` (`parent_names`) on each organization given ("" at a root)."""
    orgs = [o for o in organizations if o is not None]
    names = parent_names(o.path for o in orgs)
    for o in orgs:
        o.parent_name = names.get(o.path, "")
