"""Probation: the member record (1-HSĐV), the new-member course, recognition as an official
member, striking off."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future as _check_not_future
from coso.core.dates import format_date as _d
from coso.core.deadlines import member_record_due_on, probation_ends_on, recognition_vote_due_on
from coso.core.rules import rule_in_force
from coso.core.services import check_not_before, require_decision_number
from coso.members import services as member_services
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import Member, MembershipEvent

from ..choices import ProbationOutcome
from ..models import Probation
from .eligibility import check_vote, official_members_on
from .parts import check_attachment, require_edit


def probation_start(member: Member) -> dt.date:
    """The admission ceremony: the Probation row's, else the admission event's, else the
    admission date."""
    row = Probation.objects.filter(member=member).values_list("started_on", flat=True).first()
    if row:
        return row
    event = MembershipEvent.objects.filter(member=member, kind=EventKind.ADMITTED).aggregate(
        first=Min("date")
    )["first"]
    start = event or member.admitted_on
    if start is None:
        raise ValidationError(
            _("The member record has no admission date: enter it before recording the probation.")
        )
    return start


def new_probation(member: Member, start: dt.date, actor) -> Probation:
    """A probation starting at the admission ceremony on `start` (not saved yet): its end and
    due dates by the rules in force then."""
    months = rule_in_force("probation_months", start)
    return Probation(
        member=member,
        started_on=start,
        ends_on=probation_ends_on(start),
        vote_due_on=recognition_vote_due_on(start),
        member_record_due_on=member_record_due_on(start),
        legal_basis=months.legal_basis,
        actor=actor,
    )


def _probation_for(member: Member, actor) -> Probation:
    """The member's Probation row, created from their admission when missing."""
    existing = Probation.objects.select_for_update().filter(member=member).first()
    if existing is not None:
        return existing
    return new_probation(member, probation_start(member), actor)


def _locked_member(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("organization").get(pk=member.pk)


def _check_probationary(member: Member, field: str = "member") -> None:
    if member.status != MemberStatus.PROBATIONARY:
        raise ValidationError(
            {
                field: _("%(name)s is not a probationary member (%(status)s).")
                % {"name": member.full_name, "status": member.get_status_display()}
            }
        )


@transaction.atomic
def record_new_member_course(
    member: Member, *, date: dt.date, certificate_number: str = "", actor=None
) -> Probation:
    """The probationary member has completed the new-member course."""
    member = _locked_member(member)
    require_edit(actor, member.organization)
    _check_probationary(member)
    _check_not_future(date)
    probation = _probation_for(member, actor)
    check_not_before(
        date,
        probation.started_on,
        "date",
        _("The course cannot be dated before the admission ceremony (%(date)s)."),
    )
    probation.course_on = date
    probation.course_certificate_number = certificate_number.strip()
    probation.save()
    return probation


@transaction.atomic
def record_member_record(member: Member, *, date: dt.date, actor=None, note: str = "") -> Probation:
    """The member record (lý lịch đảng viên, mẫu 1-HSĐV) of a probationary member is completed:
    once, dated from the admission ceremony to today. Completed after its due date (the rule's
    working days after the ceremony) it is recorded all the same; the page shows it late."""
    member = _locked_member(member)
    require_edit(actor, member.organization)
    _check_probationary(member)
    _check_not_future(date)
    probation = _probation_for(member, actor)
    if probation.member_record_on is not None:
        raise ValidationError(
            {"date": _("The member record (1-HSĐV) was already completed on %(date)s.")
             % {"date": _d(probation.member_record_on)}}
        )  # fmt: skip
    check_not_before(
        date,
        probation.started_on,
        "date",
        _("The member record (1-HSĐV) cannot be dated before the admission ceremony (%(date)s)."),
    )
    if probation.member_record_due_on is None:
        probation.member_record_due_on = member_record_due_on(probation.started_on)
    probation.member_record_on = date
    probation.member_record_actor = actor
    probation.member_record_note = note.strip()
    probation.save()
    return probation


def _check_vote_after_probation(probation: Probation, vote_date: dt.date) -> None:
    """Refuse a recognition vote held before the probation ends."""
    months = rule_in_force("probation_months", probation.started_on)
    if vote_date < probation.ends_on:
        raise ValidationError(
            {
                "vote_date": _(
                    "The recognition vote cannot be held before the probation ends on %(end)s: "
                    "probation lasts %(months)d months from the admission ceremony of %(start)s "
                    "(%(basis)s)."
                )
                % {
                    "end": _d(probation.ends_on),
                    "months": months.value,
                    "start": _d(probation.started_on),
                    "basis": months.legal_basis,
                }
            }
        )


def _vote_pending(probation: Probation) -> bool:
    """The cell has voted (at a meeting) and the decision is still to come."""
    return not probation.outcome and probation.vote_date is not None


@transaction.atomic
def record_recognition_vote(
    member: Member,
    *,
    vote_date: dt.date,
    votes_for: int,
    votes_against: int,
    official_count: int | None = None,
    actor=None,
) -> Probation:
    """The cell's recognition vote on its probationary member, before the superior's decision
    (`recognize` then takes the decision and this vote): at least the rule's share of the
    official members (``official_count``; by default their number in the registry that day),
    after the probation ends. A vote held after its due date is recorded and flagged late.
    Refused: not probationary, a vote already recorded, before the probation ends, a vote that
    does not pass."""
    member = _locked_member(member)
    require_edit(actor, member.organization)
    _check_probationary(member)
    _check_not_future(vote_date, "vote_date")
    probation = _probation_for(member, actor)
    if _vote_pending(probation):
        raise ValidationError(
            {"vote_date": _("The cell's recognition vote was already recorded on %(date)s.")
             % {"date": _d(probation.vote_date)}}
        )  # fmt: skip
    _check_vote_after_probation(probation, vote_date)
    if official_count is None:
        official_count = official_members_on(member.organization, vote_date)
    check_vote(
        day=vote_date, votes_for=votes_for, votes_against=votes_against,
        official_count=official_count,
    )  # fmt: skip
    probation.vote_date, probation.official_count = vote_date, official_count
    probation.votes_for, probation.votes_against = votes_for, votes_against
    probation.late = vote_date > probation.vote_due_on
    probation.save()
    return probation


@transaction.atomic
def recognize(
    member: Member,
    *,
    decision_number: str,
    decision_date: dt.date,
    vote_date: dt.date | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    official_count: int | None = None,
    attachment=None,
    note: str = "",
    actor=None,
) -> Member:
    """Recognize a probationary member as official after the cell's vote (at least the rule's
    share of its official members) and the decision. The vote is given here, or was recorded
    before (`record_recognition_vote`, at the cell's meeting), and then is not given again.
    Official status counts from the end of the probation even when the vote is late; a vote
    before the probation ends is refused."""
    member = _locked_member(member)
    require_edit(actor, member.organization)
    _check_probationary(member)
    probation = _probation_for(member, actor)
    given = vote_date is not None or votes_for is not None or votes_against is not None
    if _vote_pending(probation):
        if given:
            raise ValidationError(
                {"vote_date": _("The cell's recognition vote was already recorded on %(date)s; "
                                "enter only the decision.") % {"date": _d(probation.vote_date)}}
            )  # fmt: skip
        vote_date, official_count = probation.vote_date, probation.official_count
        votes_for, votes_against = probation.votes_for, probation.votes_against
    elif vote_date is None or votes_for is None or votes_against is None:
        raise ValidationError(
            {"vote_date": _("Enter the date and the counts of the cell's recognition vote.")}
        )
    _check_not_future(vote_date, "vote_date")
    _check_not_future(decision_date, "decision_date")
    check_not_before(
        decision_date,
        vote_date,
        "decision_date",
        _("The decision cannot be dated before the cell's vote."),
    )
    decision_number = require_decision_number(decision_number)
    check_attachment(attachment)
    _check_vote_after_probation(probation, vote_date)
    if official_count is None:
        official_count = official_members_on(member.organization, vote_date)
    check_vote(
        day=vote_date,
        votes_for=votes_for,
        votes_against=votes_against,
        official_count=official_count,
    )
    deadline = rule_in_force("recognition_vote_deadline_working_days", probation.ends_on)
    late = vote_date > probation.vote_due_on
    tally = _("Cell vote on %(date)s: %(for)d for, %(against)d against, of %(count)d official "
              "members.") % {"date": _d(vote_date), "for": votes_for, "against": votes_against,
                             "count": official_count}  # fmt: skip
    if late:
        tally += " " + _("The vote was due by %(date)s.") % {"date": _d(probation.vote_due_on)}
    member = member_services.recognize_official(
        member,
        on=probation.ends_on,
        document_number=decision_number,
        note="\n".join(p for p in (tally, note) if p),
        actor=actor,
    )
    _close(probation, ProbationOutcome.RECOGNIZED, vote_date=vote_date, votes_for=votes_for,
           votes_against=votes_against, official_count=official_count,
           decision_number=decision_number, decision_date=decision_date, late=late,
           legal_basis=deadline.legal_basis, note=note, actor=actor,
           attachment=attachment)  # fmt: skip
    return member


@transaction.atomic
def strike_off_probationary(
    member: Member,
    *,
    decision_number: str,
    decision_date: dt.date,
    reason: str,
    vote_date: dt.date | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    official_count: int | None = None,
    attachment=None,
    actor=None,
) -> Member:
    """Strike a probationary member off the list (not recognized, or no longer qualified)."""
    member = _locked_member(member)
    require_edit(actor, member.organization)
    _check_probationary(member)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if vote_date is not None:
        _check_not_future(vote_date, "vote_date")
        check_not_before(
            decision_date,
            vote_date,
            "decision_date",
            _("The decision cannot be dated before the cell's vote."),
        )
    check_attachment(attachment)
    probation = _probation_for(member, actor)
    check_not_before(
        decision_date,
        probation.started_on,
        "decision_date",
        _("The decision cannot be dated before the admission ceremony (%(date)s)."),
    )
    member = member_services.remove_member(
        member,
        kind=EventKind.STRUCK_OFF,
        date=decision_date,
        document_number=decision_number.strip(),
        note=reason.strip(),
        actor=actor,
    )
    _close(probation, ProbationOutcome.STRUCK_OFF, vote_date=vote_date, votes_for=votes_for,
           votes_against=votes_against, official_count=official_count,
           decision_number=decision_number.strip(), decision_date=decision_date,
           legal_basis=rule_in_force("probation_months", probation.started_on).legal_basis,
           note=reason.strip(), actor=actor, attachment=attachment)  # fmt: skip
    return member


def _close(probation: Probation, outcome: str, *, attachment=None, **fields) -> None:
    """Write a probation's outcome with the vote and decision that settled it."""
    probation.outcome = outcome
    for name, value in fields.items():
        setattr(probation, name, value)
    if attachment:
        probation.attachment = attachment
    probation.save()
