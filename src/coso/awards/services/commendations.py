"""Commendations: recorded, corrected (with a reason, the history keeps the earlier values)
and revoked (with a reason)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future
from coso.core.services import require_decision_number
from coso.core.text import fold, name_sort_key
from coso.core.validators import text_errors
from coso.members.models import Member
from coso.members.services import lock_active
from coso.orgs.models import Organization

from ..choices import CommendationStatus, Kind, Level, SubjectKind
from ..models import Commendation
from .parts import lock, require_edit, save

#: the fields a correction may change
CORRECTABLE = ("level", "kind", "title", "reason", "year", "decision_number", "decision_on",
               "issued_by")  # fmt: skip


def _check(c: Commendation) -> None:
    errors = text_errors(c, ("reason", "title", "issued_by"))
    if c.level not in Level.values:
        errors.setdefault("level", []).append(_("Choose the level from the list."))
    if c.kind not in Kind.values:
        errors.setdefault("kind", []).append(_("Choose the kind from the list."))
    if not c.reason:
        errors.setdefault("reason", []).append(_("State the reason for the commendation."))
    if not c.issued_by:
        errors.setdefault("issued_by", []).append(_("Name the body that issued the decision."))
    if c.decision_on and c.year and not (c.decision_on.year - 1 <= c.year <= c.decision_on.year):
        errors.setdefault("year", []).append(
            _("The commendation is for a year (%(year)d) other than that of the decision or the "
              "one before (%(date)s).") % {"year": c.year, "date": c.decision_on.year}
        )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    c.decision_number = require_decision_number(c.decision_number)
    check_not_future(c.decision_on, "decision_on")


@transaction.atomic
def record_commendation(
    *,
    member: Member | None = None,
    organization: Organization | None = None,
    level: str,
    kind: str,
    reason: str,
    year: int,
    decision_number: str,
    decision_on: dt.date,
    issued_by: str,
    title: str = "",
    actor=None,
) -> Commendation:
    """Record a commendation of a member (kept by their organization; the member active) or of
    an organization (kept by itself). Refused: no reason, decision number or issuing body, a
    decision in the future, a year other than the decision's or the one before."""
    if (member is None) == (organization is None):
        raise ValidationError(_("A commendation is of one member or one organization."))
    if member is not None:
        member = lock_active(member)
        keeper, name, key = member.organization, member.full_name, member.sort_key
    else:
        keeper = Organization.objects.get(pk=organization.pk)
        name, key = keeper.name, name_sort_key("", "", keeper.name)
    require_edit(actor, keeper)
    c = Commendation(
        organization=keeper,
        subject_kind=SubjectKind.MEMBER if member else SubjectKind.ORGANIZATION,
        member=member,
        subject_organization=None if member else keeper,
        level=level, kind=kind, title=title.strip(), reason=reason.strip(), year=year,
        decision_number=decision_number, decision_on=decision_on, issued_by=issued_by.strip(),
        subject_name=name[:255], sort_key=key, search_text=fold(name)[:400], actor=actor,
    )  # fmt: skip
    _check(c)
    save(c, actor)
    return c


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"change_reason": _("State the reason for the change.")})
    return reason


@transaction.atomic
def correct_commendation(c: Commendation, *, change_reason: str, actor=None, **fields):
    """Correct a commendation's fields (`CORRECTABLE`), with the reason; the history keeps the
    earlier values. Refused: no reason, a revoked commendation, the checks of recording."""
    c = lock(Commendation, c, actor)
    reason = _reason(change_reason)
    if c.status == CommendationStatus.REVOKED:
        raise ValidationError(_("The commendation is revoked: it cannot be corrected."))
    unknown = set(fields) - set(CORRECTABLE)
    if unknown:
        raise ValueError(sorted(unknown))
    for name, value in fields.items():
        setattr(c, name, value.strip() if isinstance(value, str) else value)
    _check(c)
    c.change_reason = reason
    save(c, actor)
    return c


@transaction.atomic
def revoke_commendation(c: Commendation, *, change_reason: str, actor=None) -> Commendation:
    """Revoke a commendation (a decision annulled), with the reason; the row stays, revoked."""
    c = lock(Commendation, c, actor)
    reason = _reason(change_reason)
    if c.status == CommendationStatus.REVOKED:
        raise ValidationError(_("The commendation is already revoked."))
    c.status = CommendationStatus.REVOKED
    c.change_reason = reason
    save(c, actor)
    return c
