"""The study of Hồ Chí Minh's thought, morality and style (DOMAIN.md §17), one step a function:
an organization adopts its plan for the year, each member signs a personal commitment (2–3
concrete actions, the rule `study_commitment_actions`), assesses themselves at the year's end
(from the rule's month on) and the cell comments on it.

Each step is atomic, locks its row, re-checks under the lock and refuses with a Vietnamese
message naming the rule, writing nothing. Who may act: an editing role reaching the
organization (the member's organization for a commitment); for a member's own commitment and
self-assessment, the member through their own account too. Anyone else: 404 (`OutOfScope`).
``actor=None`` is the system (demo, command line).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.scope import OutOfScope, can_edit, is_system
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member
from coso.orgs.models import Organization

from ..models import Commitment, StudyPlan
from ..queries import study_rule
from .parts import require_edit


def _own(actor, member: Member) -> bool:
    return actor is not None and getattr(actor, "pk", None) == member.user_id


def _require_member_or_editor(actor, member: Member) -> None:
    if not (is_system(actor) or _own(actor, member) or can_edit(actor, member.organization)):
        raise OutOfScope


def _check_year(year: int, today: dt.date) -> None:
    if not today.year - 1 <= year <= today.year + 1:
        raise ValidationError(
            {"year": _("A study year is last year, this year or next year (%(year)d).")
             % {"year": year}}
        )  # fmt: skip


@transaction.atomic
def adopt_study_plan(
    organization: Organization,
    *,
    year: int,
    theme: str,
    actions: str,
    adopted_on: dt.date | None = None,
    actor=None,
) -> StudyPlan:
    """Adopt the organization's study plan for `year`, or update the one adopted. Refused: no
    theme, no actions, a year other than last, this or next, an adoption date in the future."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require_edit(actor, org)
    today = timezone.localdate()
    adopted_on = adopted_on or today
    _check_year(year, today)
    theme, actions = theme.strip(), actions.strip()
    errors = {}
    if not theme:
        errors["theme"] = _("Write the year's theme of the study.")
    if not actions:
        errors["actions"] = _("Write the actions of the plan.")
    if adopted_on > today:
        errors["adopted_on"] = _("The plan cannot be adopted on a future date.")
    if errors:
        raise ValidationError(errors)
    plan = StudyPlan.objects.filter(organization=org, year=year).first() or StudyPlan(
        organization=org, year=year
    )
    plan.theme, plan.actions, plan.adopted_on = theme, actions, adopted_on
    plan._history_user = actor
    plan.save()
    return plan


def _clean_actions(actions: list[str], year: int) -> list[str]:
    cleaned = [a.strip() for a in actions if a and a.strip()]
    bounds = study_rule("study_commitment_actions", year, "actions")
    low, high = bounds.value["min"], bounds.value["max"]
    if not low <= len(cleaned) <= high:
        raise ValidationError(
            {
                "actions": _(
                    "A personal commitment names %(min)d to %(max)d concrete actions "
                    "(%(basis)s); this one names %(n)d."
                )
                % {"min": low, "max": high, "basis": bounds.legal_basis, "n": len(cleaned)}
            }
        )
    return cleaned


@transaction.atomic
def sign_commitment(
    member: Member,
    *,
    year: int,
    actions: list[str],
    organization: Organization | None = None,
    signed_on: dt.date | None = None,
    actor=None,
) -> Commitment:
    """The member's personal commitment for `year`. `organization`: the organization whose page
    records it (the member must belong to it). Refused: fewer or more actions than the rule
    says, a member not in that organization or no longer in the party's care, a second
    commitment for the same year."""
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=member.pk)
    )
    _require_member_or_editor(actor, member)
    today = timezone.localdate()
    _check_year(year, today)
    if organization is not None and member.organization_id != organization.pk:
        raise ValidationError(
            _("%(name)s is not a member of %(org)s.")
            % {"name": member.full_name, "org": organization.name}
        )
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("%(name)s is no longer in the party's care: no commitment is signed.")
            % {"name": member.full_name}
        )
    cleaned = _clean_actions(actions, year)
    if Commitment.objects.filter(member=member, year=year).exists():
        raise ValidationError(
            _("%(name)s has already signed a commitment for %(year)d.")
            % {"name": member.full_name, "year": year}
        )
    row = Commitment(member=member, year=year, actions=cleaned, signed_on=signed_on or today)
    row._history_user = actor
    row.save()
    return row


def _lock(commitment: Commitment) -> Commitment:
    return (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("member__organization")
        .get(pk=commitment.pk)
    )


@transaction.atomic
def self_assess(
    commitment: Commitment, *, text: str, on: dt.date | None = None, actor=None
) -> Commitment:
    """The member's own assessment of how they kept the commitment. Refused: before the rule's
    month of the commitment's year, no text, after the cell has commented."""
    row = _lock(commitment)
    _require_member_or_editor(actor, row.member)
    on = on or timezone.localdate()
    start = study_rule("study_self_assessment_from_month", row.year, "text")
    opens = dt.date(row.year, start.value, 1)
    if on < opens:
        raise ValidationError(
            {
                "text": _(
                    "The self-assessment for %(year)d is written from %(date)s on (%(basis)s)."
                )
                % {"year": row.year, "date": opens.strftime("%d/%m/%Y"), "basis": start.legal_basis}
            }
        )
    if row.commented_at is not None:
        raise ValidationError(_("The cell has commented: the self-assessment is closed."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write how you kept your commitment.")})
    row.self_assessment, row.assessed_on = text, on
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def comment_commitment(commitment: Commitment, *, comment: str, actor=None) -> Commitment:
    """The cell's comment on a member's self-assessment (an editor of the member's
    organization; who and when are kept). Refused: no self-assessment yet, no text."""
    row = _lock(commitment)
    require_edit(actor, row.member.organization)
    if row.assessed_on is None:
        raise ValidationError(
            _("%(name)s has not assessed themselves yet: the cell comments on the assessment.")
            % {"name": row.member.full_name}
        )
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Write the cell's comment.")})
    row.cell_comment, row.commented_at = comment, timezone.now()
    row.commented_by = None if is_system(actor) else actor
    row._history_user = actor
    row.save()
    return row
