"""The cell's resolution (with the candidate's eligibility), the committee's decision and the
admission ceremony."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import add_months
from coso.core.dates import check_not_future as _check_not_future
from coso.core.dates import format_date as _d
from coso.core.deadlines import (
    age_in_months,
    ceremony_due_on,
    decision_due_on,
    member_record_due_on,
    probation_ends_on,
    recognition_vote_due_on,
)
from coso.core.rules import rule_in_force
from coso.members import services as member_services
from coso.members.choices import READMISSION_STATUSES, REMOVAL_STATUS, EventKind, MemberStatus
from coso.members.models import Member, MembershipEvent, Placement
from coso.orgs.models import Organization

from ..choices import (
    EDUCATION_ORDER,
    EDUCATION_RECORD,
    CandidateStatus,
    Education,
    Step,
)
from ..models import (
    AdmissionStep,
    Candidate,
    Probation,
    competent_organizations,
)
from .parts import check_attachment, check_vote, lock_candidate, may_edit, official_members_on
from .steps import (
    begin_step,
    check_order,
    step_row,
    write_step,
)


def _left_on(former: Member) -> tuple[dt.date | None, MembershipEvent | None]:
    """When and how a former member left: their last removal event, else the end of their
    last official placement (a record entered without its events)."""
    event = (
        MembershipEvent.objects.filter(member=former, kind__in=list(REMOVAL_STATUS))
        .order_by("-date", "-id")
        .first()
    )
    if event is not None:
        return event.date, event
    last = (
        Placement.objects.filter(member=former, valid_to__isnull=False)
        .order_by("-valid_to")
        .values_list("valid_to", flat=True)
        .first()
    )
    return last, None


def _check_readmission(candidate: Candidate, day: dt.date) -> None:
    """Refuse a candidate linked to a former member's record (`Candidate.former_member`) who
    may not be re-admitted on ``day`` (DOMAIN.md §18): already re-admitted once, left for a
    reason that bars re-admission, or fewer than the rule's months since leaving. The
    messages say what the candidate's own record says, never where it is kept."""
    former = candidate.former_member
    if former is None:
        return
    if former.status not in READMISSION_STATUSES:
        raise ValidationError(
            _(
                "The candidate's former member record is no longer that of a former member "
                "(%(status)s): the candidate cannot be admitted again."
            )
            % {"status": former.get_status_display().lower()}
        )
    once = rule_in_force("readmission_max_times", day)
    readmitted = MembershipEvent.objects.filter(member=former, kind=EventKind.READMITTED)
    if readmitted.count() >= once.value:
        raise ValidationError(
            _(
                "The candidate has already been re-admitted to the party once; a person is "
                "re-admitted only %(times)d time(s) (%(basis)s)."
            )
            % {"times": once.value, "basis": once.legal_basis}
        )
    left_on, event = _left_on(former)
    way = former.get_status_display().lower()
    barred = rule_in_force("readmission_barred_reasons", day)
    if event is not None and event.reason in barred.value:
        raise ValidationError(
            _(
                "The candidate left the party on %(date)s (%(way)s: %(reason)s); whoever left "
                "for this reason is never re-admitted (%(basis)s)."
            )
            % {
                "date": _d(event.date),
                "way": way,
                "reason": event.get_reason_display().lower(),
                "basis": barred.legal_basis,
            }
        )
    wait = rule_in_force("readmission_min_months", day)
    if left_on is None:
        raise ValidationError(
            _(
                "The candidate's former member record does not say when they left the party: "
                "re-admission needs at least %(months)d months after leaving (%(basis)s)."
            )
            % {"months": wait.value, "basis": wait.legal_basis}
        )
    earliest = add_months(left_on, wait.value)
    if day < earliest:
        raise ValidationError(
            _(
                "The candidate left the party on %(left)s (%(way)s); re-admission needs at "
                "least %(months)d months after leaving, so the cell may consider it from "
                "%(earliest)s, not on %(date)s (%(basis)s)."
            )
            % {
                "left": _d(left_on),
                "way": way,
                "months": wait.value,
                "earliest": _d(earliest),
                "date": _d(day),
                "basis": wait.legal_basis,
            }
        )


def check_eligibility(candidate: Candidate, day: dt.date, *, over_age_decision: str = "") -> None:
    """Refuse a candidate who is not eligible on the cell's consideration date ``day``:
    the re-admission rules for a former member, age in months, general education, and the
    awareness-course certificate's validity."""
    _check_readmission(candidate, day)
    months = age_in_months(candidate.birth_date, day)
    years, rest = divmod(months, 12)
    youngest = rule_in_force("admission_min_age_months", day)
    if months < youngest.value:
        raise ValidationError(
            _(
                "On the consideration date %(date)s the candidate is %(years)d years %(months)d "
                "months old; a candidate must be at least %(min)d years old, counted in months "
                "(%(basis)s)."
            )
            % {
                "date": _d(day),
                "years": years,
                "months": rest,
                "min": youngest.value // 12,
                "basis": youngest.legal_basis,
            }
        )
    oldest = rule_in_force("admission_max_age_months", day)
    if months > oldest.value and not over_age_decision.strip():
        raise ValidationError(
            {
                "over_age_decision": _(
                    "On the consideration date %(date)s the candidate is %(years)d years "
                    "%(months)d months old; over %(max)d years an admission needs a decision of "
                    "the level above: enter its number (%(basis)s)."
                )
                % {
                    "date": _d(day),
                    "years": years,
                    "months": rest,
                    "max": oldest.value // 12,
                    "basis": oldest.legal_basis,
                }
            }
        )
    education = rule_in_force("admission_min_education", day)
    if EDUCATION_ORDER.index(candidate.education_general) < EDUCATION_ORDER.index(education.value):
        raise ValidationError(
            _(
                "The candidate's general education (%(level)s) is below the required "
                "%(required)s (%(basis)s)."
            )
            % {
                "level": Education(candidate.education_general).label,
                "required": Education(education.value).label,
                "basis": education.legal_basis,
            }
        )
    certificate = (
        AdmissionStep.objects.filter(candidate=candidate, step=Step.AWARENESS_COURSE)
        .values_list("date", flat=True)
        .first()
    )
    if certificate is not None:
        validity = rule_in_force("awareness_certificate_valid_months", day)
        until = add_months(certificate, validity.value)
        if day > until:
            raise ValidationError(
                _(
                    "The awareness-course certificate of %(certificate)s was valid until "
                    "%(until)s: on the consideration date %(date)s it is older than %(months)d "
                    "months (%(basis)s)."
                )
                % {
                    "certificate": _d(certificate),
                    "until": _d(until),
                    "date": _d(day),
                    "months": validity.value,
                    "basis": validity.legal_basis,
                }
            )


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
    check_eligibility(candidate, date, over_age_decision=over_age_decision)
    if official_count is None:
        official_count = official_members_on(candidate.cell, date)
    basis = check_vote(
        day=date, votes_for=votes_for, votes_against=votes_against, official_count=official_count
    )
    if over_age_decision.strip():
        note = "\n".join(
            p for p in (note, _("Decision of the level above: %(n)s") % {"n": over_age_decision})
            if p
        )  # fmt: skip
    return write_step(
        candidate,
        Step.CELL_RESOLUTION,
        date=date,
        due_next=decision_due_on(date),
        actor=actor,
        attachment=attachment,
        document_number=document_number,
        note=note,
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
    if received_on < date:
        raise ValidationError(
            {"received_on": _("The decision cannot be received before it is made.")}
        )
    if not document_number.strip():
        raise ValidationError({"document_number": _("The decision number is required.")})
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
        date=date,
        due_next=ceremony_due_on(received_on),
        actor=actor,
        attachment=attachment,
        document_number=document_number,
        note=note,
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
    if date < decision.received_on:
        raise ValidationError(
            {
                "date": _(
                    "The ceremony cannot be held before the cell receives the decision (%(date)s)."
                )
                % {"date": _d(decision.received_on)}
            }
        )
    deadline = rule_in_force("admission_ceremony_deadline_working_days", date)
    due = ceremony_due_on(decision.received_on)
    introduction = (
        AdmissionStep.objects.filter(candidate=candidate, step=Step.INTRODUCTION)
        .values_list("introducer_names", flat=True)
        .first()
    )
    data = {
        "family_name": candidate.family_name,
        "middle_name": candidate.middle_name,
        "given_name": candidate.given_name,
        "sex": candidate.sex,
        "birth_date": candidate.birth_date,
        "cccd": candidate.cccd,
        "ethnicity": candidate.ethnicity,
        "religion": candidate.religion,
        "hometown": candidate.hometown,
        "current_address": candidate.current_address,
        "phone": candidate.phone,
        "education_general": EDUCATION_RECORD.get(candidate.education_general, ""),
        "education_professional": candidate.education_professional,
        "occupation": candidate.occupation,
        "workplace": candidate.workplace,
        "admitted_on": decision.date,
        "admitting_organization": candidate.cell.name,
        "introducers": introduction or "",
    }
    if candidate.former_member_id is not None:
        member = _readmit(candidate, date, decision, actor)
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
    probation = rule_in_force("probation_months", date)
    Probation.objects.create(
        member=member,
        started_on=date,
        ends_on=probation_ends_on(date),
        vote_due_on=recognition_vote_due_on(date),
        member_record_due_on=member_record_due_on(date),
        legal_basis=probation.legal_basis,
        actor=actor,
    )
    candidate.status = CandidateStatus.ADMITTED
    candidate.closed_on = date
    # a record admitted through coso the first time keeps its first candidate (one to one);
    # the new one reaches it through `former_member`
    if not Candidate.objects.filter(member=member).exists():
        candidate.member = member
    write_step(
        candidate,
        Step.CEREMONY,
        date=date,
        due_next=None,
        actor=actor,
        attachment=attachment,
        note=note,
        legal_basis=deadline.legal_basis,
        due_on=due,
        late=date > due,
    )
    return member


def _readmit(candidate: Candidate, date: dt.date, decision: AdmissionStep, actor) -> Member:
    """The ceremony of a former member: their own record comes back (one identity), with a
    new probation. A record whose first probation coso holds cannot take a second one yet."""
    former = candidate.former_member
    if Probation.objects.filter(member=former).exists():
        raise ValidationError(
            _(
                "The former member's first probation is recorded here, and coso keeps one "
                "probation per member record: this re-admission cannot be recorded yet."
            )
        )
    _check_readmission(candidate, date)
    return member_services.readmit_member(
        former,
        organization=candidate.cell,
        date=date,
        status=MemberStatus.PROBATIONARY,
        document_number=decision.document_number,
        note=_("Admission ceremony (re-admission)"),
        actor=actor,
    )
