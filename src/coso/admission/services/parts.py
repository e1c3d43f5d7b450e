"""Checks and helpers the admission, probation and delegation services share."""

from __future__ import annotations

import datetime as dt
import math

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext as _

from coso.core.rules import rule_in_force
from coso.core.scope import OutOfScope, can_edit, is_system
from coso.members.choices import MemberStatus
from coso.members.models import Placement
from coso.orgs.models import Organization

from ..choices import CandidateStatus
from ..models import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    Candidate,
)


def check_attachment(attachment, field: str = "attachment") -> None:
    if not attachment:
        return
    try:
        FileExtensionValidator(ATTACHMENT_EXTENSIONS)(attachment)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if getattr(attachment, "size", 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {field: _("The file is larger than %(mb)d MB.") % {"mb": ATTACHMENT_MAX_BYTES >> 20}}
        )


def may_edit(actor, org: Organization) -> bool:
    """Whether ``actor`` holds an editing role reaching ``org``. The system itself
    (`coso.core.scope.SYSTEM`: the demo, the import, the command line) always may; any user,
    anonymous included, only by `can_edit`."""
    return is_system(actor) or can_edit(actor, org)


def require_edit(actor, org: Organization) -> None:
    """Refuse with a 404 (`OutOfScope`): an organization the actor may not change does not
    exist for them, and its name is not told."""
    if not may_edit(actor, org):
        raise OutOfScope


def official_members_on(org: Organization, day: dt.date) -> int:
    """Official members of ``org`` (and its groups) on ``day``, from the registry: one query.

    Members holding official activity there that day who were not probationary then; members
    on temporary activity there are not counted.
    """
    return (
        Placement.objects.on(day)
        .official()
        .filter(organization__path__startswith=org.path)
        .exclude(member__status=MemberStatus.PROBATIONARY)
        .exclude(member__recognized_on__gt=day)
        .values("member_id")
        .distinct()
        .count()
    )


def check_vote(
    *,
    day: dt.date,
    votes_for: int,
    votes_against: int,
    official_count: int,
) -> str:
    """Refuse a vote that is not valid or does not pass on ``day``; returns the legal basis."""
    minimum = rule_in_force("cell_min_official_members", day)
    if official_count < minimum.value:
        raise ValidationError(
            {
                "official_count": _(
                    "The cell has %(count)d official members; it needs at least %(min)d to hold "
                    "a valid vote (%(basis)s)."
                )
                % {"count": official_count, "min": minimum.value, "basis": minimum.legal_basis}
            }
        )
    if votes_for < 0 or votes_against < 0:
        raise ValidationError({"votes_for": _("Votes cannot be negative.")})
    if votes_for + votes_against > official_count:
        raise ValidationError(
            {
                "votes_for": _(
                    "There are more votes (%(votes)d) than official members (%(count)d)."
                )
                % {"votes": votes_for + votes_against, "count": official_count}
            }
        )
    ratio = rule_in_force("vote_pass_ratio", day)
    if votes_for * ratio.value.denominator < ratio.value.numerator * official_count:
        needed = math.ceil(ratio.value * official_count)
        raise ValidationError(
            {
                "votes_for": _(
                    "The resolution does not pass: %(for)d of %(count)d official members voted "
                    "for it; at least %(ratio)s of the official members (%(needed)d) must vote "
                    "for it (%(basis)s)."
                )
                % {
                    "for": votes_for,
                    "count": official_count,
                    "ratio": f"{ratio.value.numerator}/{ratio.value.denominator}",
                    "needed": needed,
                    "basis": ratio.legal_basis,
                }
            }
        )
    return ratio.legal_basis


def lock_candidate(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("cell").get(pk=candidate.pk)


def check_in_progress(candidate: Candidate) -> None:
    if candidate.status != CandidateStatus.IN_PROGRESS:
        raise ValidationError(
            _("The candidate's admission is closed (%(status)s).")
            % {"status": candidate.get_status_display()}
        )
