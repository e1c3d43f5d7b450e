"""Opening a case, the subject's self-review, deferral and closing without a penalty."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.core.dates import add_months, check_not_future
from coso.core.dates import format_date as _d
from coso.core.rules import rule_in_force
from coso.core.text import fold, name_sort_key
from coso.core.validators import text_errors
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.members.services import lock_active
from coso.orgs.models import Organization

from ..choices import CaseStatus, Penalty, Step, SubjectKind
from ..models import DisciplineCase
from .parts import begin_step, check_open, lock_case, require_edit, save_case, write_step
from .rules import check_limitation, check_offence, check_penalty_allowed

#: a case is opened only against an active member
NOT_ACTIVE_MEMBER = gettext_lazy("%(name)s is not an active member (%(status)s).")


def _subject(member: Member | None, organization: Organization | None, day: dt.date):
    """The handling organization, the subject's kind and name of a new case."""
    if (member is None) == (organization is None):
        raise ValidationError(_("A case is against one member or one organization."))
    if member is not None:
        member = lock_active(member, message=NOT_ACTIVE_MEMBER)
        kind = (
            SubjectKind.PROBATIONARY
            if member.status == MemberStatus.PROBATIONARY
            else SubjectKind.MEMBER
        )
        return member.organization, kind, member.full_name, member.sort_key, member
    organization = Organization.objects.get(pk=organization.pk)
    parent = Organization.objects.filter(path=organization.parent_path()).first()
    if organization.depth <= 1 or parent is None:
        raise ValidationError(
            {"subject_organization": _("The top organization has no superior to discipline it.")}
        )
    key = name_sort_key("", "", organization.name)
    return parent, SubjectKind.ORGANIZATION, organization.name, key, None


@transaction.atomic
def open_case(
    *,
    member: Member | None = None,
    organization: Organization | None = None,
    breach: str,
    breach_on: dt.date,
    offence: str,
    proposed_penalty: str,
    opened_on: dt.date,
    holds_office: bool = False,
    state_body: str = "",
    actor=None,
) -> DisciplineCase:
    """Open a case against a member (handled by their cell) or an organization (handled by its
    superior). Refused: a penalty the subject's kind may not be given, the limitation period
    for the penalty proposed passed on the opening day, a breach after the opening."""
    handling, kind, name, key, member = _subject(member, organization, opened_on)
    require_edit(actor, handling)
    check_not_future(opened_on, "opened_on")
    if breach_on > opened_on:
        raise ValidationError(
            {"breach_on": _("The breach (%(breach)s) cannot be after the case is opened.")
             % {"breach": _d(breach_on)}}
        )  # fmt: skip
    check_offence(offence, opened_on)
    case = DisciplineCase(
        organization=handling,
        subject_kind=kind,
        member=member,
        subject_organization=None if member else organization,
        holds_office=holds_office,
        breach=breach.strip(),
        breach_on=breach_on,
        offence=offence,
        proposed_penalty=proposed_penalty,
        opened_on=opened_on,
        step=Step.OPENED,
        step_on=opened_on,
        state_body=state_body.strip(),
        subject_name=name[:255],
        sort_key=key,
        search_text=fold(name)[:400],
    )
    errors = text_errors(case, ("breach", "state_body"))
    if not case.breach:
        errors.setdefault("breach", []).append(_("Describe the breach."))
    if proposed_penalty not in Penalty.values:
        errors.setdefault("proposed_penalty", []).append(_("Choose the penalty from the list."))
    if errors:
        raise ValidationError(errors)
    basis = check_penalty_allowed(case, proposed_penalty, opened_on, "proposed_penalty")
    check_limitation(case, proposed_penalty, opened_on, "proposed_penalty")
    save_case(case, actor)
    write_step(case, Step.OPENED, date=opened_on, actor=actor, legal_basis=basis,
               penalty=proposed_penalty, organization=handling)  # fmt: skip
    return case


@transaction.atomic
def record_self_review(
    case: DisciplineCase,
    *,
    date: dt.date,
    proposed_penalty: str = "",
    refused: bool = False,
    note: str = "",
    actor=None,
) -> DisciplineCase:
    """The subject's written self-review, proposing a penalty; if they refuse to write it, the
    refusal is recorded and the case proceeds (QĐ 69, Điều 15)."""
    case = begin_step(case, Step.SELF_REVIEW, date, actor)
    if refused:
        proposed_penalty = ""
    elif not proposed_penalty:
        raise ValidationError(
            {"proposed_penalty": _("Give the penalty the self-review proposes, or record the "
                                   "refusal to write it.")}
        )  # fmt: skip
    elif proposed_penalty not in Penalty.values:
        raise ValidationError({"proposed_penalty": _("Choose the penalty from the list.")})
    case.self_review_refused = refused
    case.self_proposed_penalty = proposed_penalty
    write_step(case, Step.SELF_REVIEW, date=date, actor=actor, penalty=proposed_penalty,
               note=note.strip())  # fmt: skip
    return case


@transaction.atomic
def defer_case(
    case: DisciplineCase,
    *,
    reason: str,
    date: dt.date,
    until: dt.date | None = None,
    child_born_on: dt.date | None = None,
    actor=None,
) -> DisciplineCase:
    """Defer the handling of a member's case for a ground of the rule (pregnancy, nursing a
    child under 12 months, serious illness) until a date; nursing runs until the child's age
    in the rule."""
    case = lock_case(case, actor)
    check_open(case)
    check_not_future(date)
    reasons = rule_in_force("discipline_deferral_reasons", date)
    if case.subject_kind == SubjectKind.ORGANIZATION:
        raise ValidationError(_("Only a member's case is deferred (%(basis)s).")
                              % {"basis": reasons.legal_basis})  # fmt: skip
    if case.status != CaseStatus.OPEN or reason not in reasons.value:
        raise ValidationError(
            {"reason": _("A case being handled is deferred only for %(reasons)s (%(basis)s).")
             % {"reasons": "; ".join(reasons.value.values()), "basis": reasons.legal_basis}}
        )  # fmt: skip
    if reason == "nursing":
        months = rule_in_force("discipline_nursing_months", date)
        if (
            child_born_on is None
            or child_born_on > date
            or add_months(child_born_on, months.value) <= date
        ):
            raise ValidationError(
                {"child_born_on": _("Nursing defers the case only while the child is under "
                                    "%(months)d months old (%(basis)s).")
                 % {"months": months.value, "basis": months.legal_basis}}
            )  # fmt: skip
        until = add_months(child_born_on, months.value)
    if until is None or until <= date:
        raise ValidationError({"until": _("Give the date the deferral ends, after its start.")})
    case.status = CaseStatus.DEFERRED
    case.deferral_reason = reason
    case.deferred_until = until
    save_case(case, actor)
    return case


@transaction.atomic
def resume_case(case: DisciplineCase, *, date: dt.date, actor=None) -> DisciplineCase:
    """The ground for deferral has ended: the case is handled again."""
    case = lock_case(case, actor)
    check_not_future(date)
    if case.status != CaseStatus.DEFERRED:
        raise ValidationError(_("The case is not deferred."))
    case.status = CaseStatus.OPEN
    case.deferral_reason = ""
    case.deferred_until = None
    save_case(case, actor)
    return case


@transaction.atomic
def close_case(case: DisciplineCase, *, date: dt.date, reason: str, actor=None) -> DisciplineCase:
    """Close a case before a decision without a penalty (the breach not established, the
    vote did not carry and the organization decides not to pursue it)."""
    case = lock_case(case, actor)
    check_open(case)
    check_not_future(date)
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("Only a case being handled can be closed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    case.status = CaseStatus.CLOSED
    case.closed_reason = reason.strip()
    save_case(case, actor)
    return case
