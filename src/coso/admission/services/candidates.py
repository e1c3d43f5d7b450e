"""Candidates: put a person on a cell's pipeline, correct their data, withdraw or reject them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.audit import check_editable, edit_versioned, save_versioned
from coso.core.dates import check_not_future as _check_not_future
from coso.core.services import check_not_before
from coso.members.choices import READMISSION_STATUSES
from coso.members.models import Member
from coso.members.privacy import cccd_in_use, number_in_use
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from ..choices import CandidateStatus
from ..models import Candidate
from .parts import check_in_progress, lock_candidate, require_edit

#: candidate fields a person enters and edits (workflow fields change only through steps)
CANDIDATE_FIELDS = [
    "family_name", "middle_name", "given_name", "sex", "birth_date", "cccd", "ethnicity",
    "religion", "hometown", "current_address", "phone", "education_general",
    "education_professional", "occupation", "workplace", "source", "follower", "note",
]  # fmt: skip


def _check_cccd_free(
    cccd: str | None, exclude_pk: int | None = None, *, actor=None
) -> Member | None:
    """Refuse a CCCD that a member or another candidate in progress holds, worded by
    `members.privacy.number_in_use`: where the holder is only if the actor may see it.

    A former member who may come back only by re-admission (struck off, expelled, resigned:
    `READMISSION_STATUSES`) is not a refusal here: their record is returned, for the
    candidate to be linked to it (the rules of re-admission are checked at the cell's
    resolution, on its date)."""
    if not cccd:
        return None
    former = None
    member = Member.objects.filter(cccd=cccd).select_related("organization").first()
    if member is not None and member.status in READMISSION_STATUSES:
        former = member
    elif member is not None:
        precise = _("A party member with the citizen ID %(cccd)s is already registered.") % {
            "cccd": cccd
        }
        raise ValidationError({"cccd": cccd_in_use(actor, member, precise)})
    others = Candidate.objects.in_progress().filter(cccd=cccd).select_related("cell")
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    other = others.first()
    if other is not None:
        precise = _("Another candidate in progress has the citizen ID %(cccd)s.") % {"cccd": cccd}
        label = str(Candidate._meta.get_field("cccd").verbose_name)
        raise ValidationError(
            {"cccd": number_in_use(actor, other.cell.path, precise, label=label, value=cccd)}
        )
    return former


@transaction.atomic
def create_candidate(data: dict[str, Any], *, cell: Organization, actor=None) -> Candidate:
    """Put a person on a cell's admission pipeline (no step done yet)."""
    unknown = set(data) - set(CANDIDATE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if cell.kind not in CELL_KINDS:
        raise ValidationError(
            {"cell": _("Candidates are followed by a cell; %(org)s is not a cell.")
             % {"org": cell.name}}
        )  # fmt: skip
    if cell.is_dissolved:
        raise ValidationError(
            {"cell": _("The organization %(name)s has been dissolved.") % {"name": cell.name}}
        )
    require_edit(actor, cell)
    # candidates of one cell are created one at a time: the same person sent twice at once
    # meets the first one in the CCCD check below
    Organization.objects.select_for_update().get(pk=cell.pk)
    candidate = Candidate(cell=cell, **data)
    candidate.compute_derived()
    candidate.full_clean()
    if candidate.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
    candidate.former_member = _check_cccd_free(candidate.cccd, actor=actor)
    candidate._history_user = actor
    candidate.save()
    return candidate


@transaction.atomic
def update_candidate(
    candidate: Candidate, changes: dict[str, Any], *, expected_version: int, actor=None
) -> Candidate:
    """Correct a candidate's personal data, while in progress (`core.audit.edit_versioned`:
    refused if someone saved it since it was read; no change, nothing saved)."""
    check_editable(changes, CANDIDATE_FIELDS)
    fresh = Candidate.objects.select_for_update().select_related("cell").get(pk=candidate.pk)
    require_edit(actor, fresh.cell)

    def check(c: Candidate) -> None:
        if c.status != CandidateStatus.IN_PROGRESS:
            raise ValidationError(_("Only a candidate in progress can be changed."))
        c.full_clean()
        if "cccd" in changes:
            c.former_member = _check_cccd_free(c.cccd, exclude_pk=c.pk, actor=actor)

    return edit_versioned(
        fresh, changes, expected_version=expected_version, check=check, actor=actor
    )


def _close(candidate: Candidate, status: str, *, date: dt.date, reason: str, actor) -> Candidate:
    candidate = lock_candidate(candidate)
    require_edit(actor, candidate.cell)
    check_in_progress(candidate)
    _check_not_future(date)
    check_not_before(
        date, candidate.step_on, "date", _("The date cannot be before the last step (%(date)s).")
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    candidate.status = status
    candidate.closed_on = date
    candidate.closed_reason = reason.strip()
    candidate.due_on = None
    save_versioned(candidate, actor)
    return candidate


@transaction.atomic
def withdraw_candidate(candidate: Candidate, *, date: dt.date, reason: str, actor=None):
    """The candidate leaves the pipeline (moved away, gave up, …)."""
    return _close(candidate, CandidateStatus.WITHDRAWN, date=date, reason=reason, actor=actor)


@transaction.atomic
def reject_candidate(candidate: Candidate, *, date: dt.date, reason: str, actor=None):
    """The cell or the deciding committee does not admit the candidate."""
    return _close(candidate, CandidateStatus.REJECTED, date=date, reason=reason, actor=actor)
