"""Bulk creation of an organization tree (demo data, imports, scale tests).

treebeard's `add_child` locks and re-reads the parent for every node: fine for one office clerk,
far too slow for 300,000 organizations. Here the materialized paths are computed in Python
(the same paths `add_child` would give, see tests/demo) and every table is written with
`bulk_create` in batches: a fixed number of queries per batch, none per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .choices import ALLOWED_CHILDREN, OrgEventKind, OrgKind
from .models import Organization, OrganizationEvent, OrganizationPeriod

__all__ = ["OrgSpec", "bulk_create_tree", "child_path"]

#: rows per INSERT statement (SQLite lowers it further to stay under its parameter limit)
DEFAULT_BATCH_SIZE = 2000
_IN_CHUNK = 900  # values per `IN (...)` lookup, below SQLite's 999 parameters


@dataclass
class OrgSpec:
    """One organization to create, with the sub-organizations below it (in order)."""

    code: str
    name: str
    kind: str
    short_name: str = ""
    #: establishment date; None means "today" for the creation event and the period
    established_on: dt.date | None = None
    established_decision: str = ""
    children: list[OrgSpec] = field(default_factory=list)

    def walk(self) -> Iterator[OrgSpec]:
        """This spec and every spec below it, depth first (parents before children)."""
        stack = [self]
        while stack:
            spec = stack.pop()
            yield spec
            stack.extend(reversed(spec.children))

    def count(self) -> int:
        return sum(1 for _ in self.walk())


def child_path(parent_path: str, position: int) -> str:
    """The path of the `position`-th child (1-based) of `parent_path`, as treebeard builds it."""
    key = _int2str(position)
    if len(key) > Organization.steplen:
        raise ValidationError(
            _("Too many sub-organizations under one organization (at most %(n)d).")
            % {"n": len(Organization.alphabet) ** Organization.steplen - 1}
        )
    return parent_path + key.rjust(Organization.steplen, Organization.alphabet[0])


def _int2str(num: int) -> str:
    alphabet = Organization.alphabet
    base = len(alphabet)
    digits = []
    while True:
        num, rem = divmod(num, base)
        digits.append(alphabet[rem])
        if num == 0:
            break
    return "".join(reversed(digits))


def _str2int(text: str) -> int:
    alphabet = Organization.alphabet
    base = len(alphabet)
    value = 0
    for ch in text:
        value = value * base + alphabet.index(ch)
    return value


def _chunks(seq: Sequence, size: int) -> Iterator[Sequence]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def _validate(specs: Sequence[OrgSpec], parent: Organization | None, today: dt.date) -> None:
    errors: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[OrgSpec, str | None]] = [
        (s, parent.kind if parent is not None else None) for s in reversed(specs)
    ]
    while stack:
        spec, parent_kind = stack.pop()
        code = spec.code.strip()
        if not code:
            errors.append(_("An organization has no code (%(name)s).") % {"name": spec.name})
        elif code in seen:
            errors.append(_("The code %(code)s appears more than once.") % {"code": code})
        seen.add(code)
        if not spec.name.strip():
            errors.append(_("The organization %(code)s has no name.") % {"code": code})
        if spec.kind not in OrgKind.values:
            errors.append(
                _("Unknown kind %(kind)s for %(code)s.") % {"kind": spec.kind, "code": code}
            )
        elif parent_kind is None:
            if spec.kind != OrgKind.SUPERIOR:
                errors.append(
                    _("Only a superior committee can stand at the top of the tree (%(code)s).")
                    % {"code": code}
                )
        elif spec.kind not in ALLOWED_CHILDREN[OrgKind(parent_kind)]:
            errors.append(
                _("A %(child)s cannot be placed under a %(parent)s (%(code)s).")
                % {
                    "child": OrgKind(spec.kind).label.lower(),
                    "parent": OrgKind(parent_kind).label.lower(),
                    "code": code,
                }
            )
        if spec.established_on and spec.established_on > today:
            errors.append(
                _("The establishment date of %(code)s is in the future.") % {"code": code}
            )
        stack.extend((child, spec.kind) for child in reversed(spec.children))
    codes = sorted(seen)
    for chunk in _chunks(codes, _IN_CHUNK):
        for code in Organization.objects.filter(code__in=chunk).values_list("code", flat=True):
            errors.append(_("The code %(code)s is already in use.") % {"code": code})
    if errors:
        raise ValidationError(errors)


def _next_position(parent: Organization | None) -> int:
    """1-based position for the next child of `parent` (or the next root): one query."""
    if parent is None:
        qs = Organization.objects.filter(depth=1)
    else:
        qs = Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last = qs.order_by("-path").values_list("path", flat=True).first()
    if last is None:
        return 1
    return _str2int(last[-Organization.steplen :]) + 1


def _build_organizations(
    specs: Sequence[OrgSpec], parent: Organization | None
) -> tuple[list[Organization], list[OrgSpec | None]]:
    """The unsaved organizations with their paths computed in Python, depth first, and for
    each the spec of its parent (None for the top ones, which go under `parent`)."""
    orgs: list[Organization] = []
    parent_of: list[OrgSpec | None] = []
    base_path = parent.path if parent is not None else ""
    base_depth = parent.depth if parent is not None else 0
    first = _next_position(parent)
    stack: list[tuple[OrgSpec, str, int, OrgSpec | None]] = [
        (spec, child_path(base_path, first + i), base_depth + 1, None)
        for i, spec in reversed(list(enumerate(specs)))
    ]
    while stack:
        spec, path, depth, parent_spec = stack.pop()
        org = Organization(
            path=path,
            depth=depth,
            numchild=len(spec.children),
            code=spec.code.strip(),
            name=spec.name.strip(),
            short_name=spec.short_name.strip(),
            kind=spec.kind,
            established_on=spec.established_on,
            established_decision=spec.established_decision,
        )
        org.compute_derived()
        orgs.append(org)
        parent_of.append(parent_spec)
        stack.extend(
            (child, child_path(path, i + 1), depth + 1, spec)
            for i, child in reversed(list(enumerate(spec.children)))
        )
    return orgs, parent_of


def _save_organizations(orgs: list[Organization], *, actor, batch_size: int, history: bool) -> None:
    """Insert the organizations (and their history records); afterwards each has its pk."""
    if history:
        saved = bulk_create_with_history(
            orgs, Organization, batch_size=batch_size, default_user=actor
        )
    else:
        saved = Organization.objects.bulk_create(orgs, batch_size=batch_size)
    if saved and saved[0].pk is None:  # a backend that does not return ids
        ids = {}
        for chunk in _chunks([o.code for o in orgs], _IN_CHUNK):
            ids.update(Organization.objects.filter(code__in=chunk).values_list("code", "pk"))
        for org in orgs:
            org.pk = ids[org.code]


def _write_events_and_periods(
    orgs: list[Organization],
    parent_of: list[OrgSpec | None],
    by_code: dict[str, Organization],
    *,
    parent: Organization | None,
    today: dt.date,
    actor,
    batch_size: int,
) -> None:
    """One creation event and one open period for each saved organization."""
    events, periods = [], []
    for org, parent_spec in zip(orgs, parent_of, strict=True):
        up = by_code[parent_spec.code.strip()] if parent_spec is not None else parent
        day = org.established_on or today
        events.append(
            OrganizationEvent(
                organization=org,
                kind=OrgEventKind.CREATED,
                date=day,
                decision_number=org.established_decision,
                to_parent=up,
                new_name=org.name,
                actor=actor,
            )
        )
        periods.append(
            OrganizationPeriod(organization=org, parent=up, name=org.name, valid_from=day)
        )
    OrganizationEvent.objects.bulk_create(events, batch_size=batch_size)
    OrganizationPeriod.objects.bulk_create(periods, batch_size=batch_size)


@transaction.atomic
def bulk_create_tree(
    specs: Sequence[OrgSpec],
    *,
    parent: Organization | None = None,
    actor=None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    history: bool = True,
) -> dict[str, Organization]:
    """Create `specs` (and everything below them) as the last children of `parent`, or as roots.

    Writes, in batches and in one transaction, each organization with its treebeard path,
    depth and numchild, its django-simple-history "created" record, one `OrganizationEvent`
    (kind created, dated `established_on` or today, to_parent = its parent) and one open
    `OrganizationPeriod`; then raises `parent.numchild`. The kind hierarchy is checked with
    `ALLOWED_CHILDREN`, codes must be new and unique, dates not in the future; any problem
    raises one `ValidationError` listing them all, before anything is written.

    Returns {code: saved Organization}. The query count depends on the number of batches,
    not the number of organizations.
    """
    today = timezone.localdate()
    if parent is not None:
        parent = Organization.objects.get(pk=parent.pk)
        if parent.is_dissolved:
            raise ValidationError(_("The parent organization has been dissolved."))
    _validate(specs, parent, today)
    if not specs:
        return {}
    orgs, parent_of = _build_organizations(specs, parent)
    _save_organizations(orgs, actor=actor, batch_size=batch_size, history=history)
    by_code = {org.code: org for org in orgs}
    _write_events_and_periods(
        orgs, parent_of, by_code, parent=parent, today=today, actor=actor, batch_size=batch_size
    )
    if parent is not None:
        Organization.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(specs))
    return by_code
