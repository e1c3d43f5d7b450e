"""The cell's resolution (with the candidate's eligibility), the committee's decision and the
admission ceremony."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future as _check_not_future
from coso.core.dates import format_date as _d
from coso.core.deadlines import ceremony_due_on, decision_due_on
from coso.core.rules import rule_in_force
from coso.core.services import check_not_before, require_decision_number
from coso.members import services as member_services
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import Member
from coso.orgs.models import Organization

from ..choices import (
    EDUCATION_RECORD,
    CandidateStatus,
    Step,
)
from ..models import (
    AdmissionStep,
    Candidate,
    competent_organizations,
)
from .eligibility import check_readmission_ceremony, check_resolution
from .parts import begin_step, check_attachment, check_order, lock_candidate, may_edit, step_row
from .probation import new_probation
from .record import Paper, write_step

#: the candidate's own fields a new member's record takes over at the ceremony
_MEMBER_FIELDS = (
    "family_name", "middle_name", "given_name", "sex", "birth_date", "cccd", "ethnicity",
    "religion", "hometown", "current_address", "phone", "education_professional", "occupation",
    "workplace",
)  # fmt: skip


@transaction.atomic
def record_cell_resolution(
    candidate: Candidate,
    *,
    date: dt.date,
    votes_for: int,
    votes_against: int,
    official_count: int | None = None,
    document_number: str = "",
    over_age_decision: str = "",
    attachment=None,
    note: str = "",
    actor=None,
) -> AdmissionStep:
    """The cell considers the candidate (``date``) and votes; the resolution passes with at least
    the rule's share of the cell's official members (by default their number in the registry
    on that date). The candidate must be eligible on that date."""
    candidate = begin_step(candidate, Step.CELL_RESOLUTION, date, actor)[0]
    check_attachment(attachment)
    official_count, basis = check_resolution(
        candidate,
        date,
        votes_for=votes_for,
        votes_against=votes_against,
        official_count=official_count,
        over_age_decision=over_age_decision,
    )
    if over_age_decision.strip():
        note = "\n".join(
            p for p in (note, _("Decision of the level above: %(n)s") % {"n": over_age_decision})
            if p
        )  # fmt: skip
    return write_step(
        candidate,
        Step.CELL_RESOLUTION,
        Paper(actor, attachment, document_number, note),
        date=date,
        due_next=decision_due_on(date),
        legal_basis=basis,
        votes_for=votes_for,
        votes_against=votes_against,
        official_count=official_count,
    )


@transaction.atomic
def record_decision(
    candidate: Candidate,
    *,
    deciding_organization: Organization,
    date: dt.date,
    document_number: str,
    received_on: dt.date | None = None,
    attachment=None,
    note: str = "",
    actor=None,
) -> AdmissionStep:
    """The admission decision of the competent committee (number and date) and the day the
    cell received it. Due within the rule's working days of the cell resolution: a late
    decision is flagged, not refused."""
    candidate = lock_candidate(candidate)
    check_order(candidate, Step.DECISION, date)
    _check_not_future(date)
    received_on = received_on or date
    _check_not_future(received_on, "received_on")
    check_not_before(
        received_on, date, "received_on", _("The decision cannot be received before it is made.")
    )
    require_decision_number(document_number, "document_number")
    check_attachment(attachment)
    deadline = rule_in_force("admission_decision_deadline_working_days", date)
    if deciding_organization not in competent_organizations(candidate.cell, date):
        raise ValidationError(
            {
                "deciding_organization": _(
                    "%(org)s may not decide admissions for %(cell)s on %(date)s: the superior "
                    "committee decides, or a grassroots committee to which it has delegated that "
                    "power (%(basis)s)."
                )
                % {
                    "org": deciding_organization.name,
                    "cell": candidate.cell.name,
                    "date": _d(date),
                    "basis": deadline.legal_basis,
                }
            }
        )
    if not may_edit(actor, deciding_organization):
        raise ValidationError(
            {
                "deciding_organization": _(
                    "You hold no role in %(org)s that allows you to record its decisions."
                )
                % {"org": deciding_organization.name}
            }
        )
    resolution = step_row(candidate, Step.CELL_RESOLUTION)
    due = decision_due_on(resolution.date)
    return write_step(
        candidate,
        Step.DECISION,
        Paper(actor, attachment, document_number, note),
        date=date,
        due_next=ceremony_due_on(received_on),
        legal_basis=deadline.legal_basis,
        deciding_organization=deciding_organization,
        received_on=received_on,
        due_on=due,
        late=date > due,
    )


@transaction.atomic
def hold_ceremony(
    candidate: Candidate,
    *,
    date: dt.date,
    attachment=None,
    note: str = "",
    actor=None,
) -> Member:
    """The admission ceremony: the candidate becomes a probationary member of the cell from
    ``date``; party age counts from the decision's date. Due within the rule's working days of
    receiving the decision: a late ceremony is flagged, not refused."""
    candidate = begin_step(candidate, Step.CEREMONY, date, actor)[0]
    check_attachment(attachment)
    decision = step_row(candidate, Step.DECISION)
    check_not_before(
        date,
        decision.received_on,
        "date",
        _("The ceremony cannot be held before the cell receives the decision (%(date)s)."),
    )
    deadline = rule_in_force("admission_ceremony_deadline_working_days", date)
    due = ceremony_due_on(decision.received_on)
    introduction = (
        AdmissionStep.objects.filter(candidate=candidate, step=Step.INTRODUCTION)
        .values_list("introducer_names", flat=True)
        .first()
    )
    data = {f: getattr(candidate, f) for f in _MEMBER_FIELDS}
    data.update(
        education_general=EDUCATION_RECORD.get(candidate.education_general, ""),
        admitted_on=decision.date,
        admitting_organization=candidate.cell.name,
        introducers=introduction or "",
    )
    if candidate.former_member_id is not None:
        # a former member's own record comes back (one identity), with a new probation
        check_readmission_ceremony(candidate, date)
        member = member_services.readmit_member(
            candidate.former_member,
            organization=candidate.cell,
            date=date,
            status=MemberStatus.PROBATIONARY,
            document_number=decision.document_number,
            note=_("Admission ceremony (re-admission)"),
            actor=actor,
        )
    else:
        member = member_services.register_member(
            data,
            organization=candidate.cell,
            active_from=date,
            status=MemberStatus.PROBATIONARY,
            actor=actor,
            event_kind=EventKind.ADMITTED,
            document_number=decision.document_number,
            note=_("Admission ceremony"),
        )
    new_probation(member, date, actor).save()
    candidate.status = CandidateStatus.ADMITTED
    candidate.closed_on = date
    # a record admitted through coso the first time keeps its first candidate (one to one);
    # the new one reaches it through `former_member`
    if not Candidate.objects.filter(member=member).exists():
        candidate.member = member
    write_step(
        candidate,
        Step.CEREMONY,
        Paper(actor, attachment, note=note),
        date=date,
        due_next=None,
        legal_basis=deadline.legal_basis,
        due_on=due,
        late=date > due,
    )
    return member
