"""What every step of the evaluation shares: who may act (the subject's own organization, the
member themselves for their self-assessment, the deciding level), the row locked in that scope,
the period open, and where a subject's quota counts and who decides it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.core.rules import value
from coso.core.scope import OutOfScope, is_system
from coso.core.scope import may_edit as may_edit  # the steps import it from here
from coso.core.scope import require_edit as require_edit
from coso.documents.issuing import grassroots_of
from coso.orgs.choices import GRASSROOTS_KINDS, OrgKind
from coso.orgs.models import Organization

from ..choices import PeriodStatus, SubjectKind
from ..models import Evaluation, EvaluationPeriod


def is_self(actor, member_id: int | None) -> bool:
    """Whether ``actor`` is the member ``member_id`` (a member fills in their own form)."""
    if member_id is None or is_system(actor) or actor is None:
        return False
    return getattr(getattr(actor, "member_record", None), "pk", None) == member_id


def lock_period(period: EvaluationPeriod) -> EvaluationPeriod:
    return (
        EvaluationPeriod.objects.select_for_update()
        .select_related("organization")
        .get(pk=period.pk)
    )


def check_open(period: EvaluationPeriod) -> None:
    if period.status != PeriodStatus.OPEN:
        raise ValidationError(
            _("%(period)s is closed (%(date)s): its evaluations can no longer change.")
            % {"period": period.label, "date": format_date(period.closed_on)}
        )


def check_covers(period: EvaluationPeriod, org: Organization) -> None:
    """Refuse a subject outside the subtree the period was opened for."""
    if not org.path.startswith(period.organization.path):
        raise ValidationError(
            _("%(org)s is not in %(opener)s, which opened %(period)s.")
            % {"org": org.name, "opener": period.organization.name, "period": period.label}
        )


def lock_evaluation(evaluation: Evaluation, actor, *, member_self: bool = False) -> Evaluation:
    """The evaluation locked, if ``actor`` may change it (an editor of its organization; the
    member themselves when ``member_self``); otherwise `OutOfScope` (a 404)."""
    row = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("period__organization", "organization", "quota_unit", "member")
        .filter(pk=evaluation.pk)
        .first()
    )
    if row is None:
        raise OutOfScope
    if not (may_edit(actor, row.organization) or (member_self and is_self(actor, row.member_id))):
        raise OutOfScope
    return row


def quota_unit_of(kind: str, org: Organization, on: dt.date) -> Organization:
    """Where a subject's EXCELLENT counts against the quota, and who decides its grade: a
    member's or a cell's grassroots organization; a grassroots organization's superior (its
    parent). The level is the rule `excellent_quota_level` ("grassroots")."""
    value("excellent_quota_level", on)  # one level known so far: refuses a date before rules
    if kind == SubjectKind.ORGANIZATION and org.kind in (*GRASSROOTS_KINDS, OrgKind.SUPERIOR):
        parent = org.get_parent()
        return parent if parent is not None else org
    if kind == SubjectKind.ORGANIZATION:
        parent = org.get_parent()
        return grassroots_of(parent) if parent is not None else org
    return grassroots_of(org)


def member_quota_units(cells, within: Organization, on: dt.date) -> dict[int, Organization]:
    """`quota_unit_of` a member for many cells at once (by cell id): the nearest grassroots
    organization at or above each cell, read in one query for the cells in ``within``'s
    subtree (one more per cell outside it, which none of a valid batch is)."""
    value("excellent_quota_level", on)
    nearest_first = sorted(
        Organization.objects.filter(path__startswith=within.path, kind__in=GRASSROOTS_KINDS),
        key=lambda org: -len(org.path),
    )
    found = {}
    for cell in cells:
        unit = next((g for g in nearest_first if cell.path.startswith(g.path)), None)
        found[cell.pk] = unit or quota_unit_of(SubjectKind.MEMBER, cell, on)
    return found


def needs_verification(evaluation: Evaluation) -> bool:
    """An organization graded by a superior committee is verified (thẩm định) by that level's
    advisory body before the standing committee decides [practice]; a member's grade and a
    cell's may be verified, need not be."""
    return (
        evaluation.subject_kind == SubjectKind.ORGANIZATION
        and evaluation.quota_unit.kind == OrgKind.SUPERIOR
    )


def verifier_of(evaluation: Evaluation) -> Organization:
    """Who verifies (thẩm định) an evaluation: an organization graded by a superior, that
    superior's own advisory body (the superior itself); otherwise the level above the deciding
    one (``verify`` checks it)."""
    if needs_verification(evaluation):
        return evaluation.quota_unit
    return evaluation.quota_unit.get_parent() or evaluation.quota_unit
