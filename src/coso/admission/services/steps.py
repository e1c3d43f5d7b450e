"""The admission steps up to the comments, and what every step shares: order, deadlines, rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future as _check_not_future
from coso.core.dates import format_date as _d
from coso.core.dates import months_between
from coso.core.deadlines import certificate_valid_until
from coso.core.rules import rule_in_force
from coso.core.services import check_not_before
from coso.members.choices import MemberStatus
from coso.members.models import Member

from ..choices import (
    CandidateSource,
    Step,
)
from ..models import (
    AdmissionStep,
    Candidate,
)
from .parts import begin_step, certificate_deadline, check_attachment
from .record import Paper, write_step


def _write(
    candidate: Candidate, step: str, paper: Paper, date: dt.date, basis: str, **fields: Any
) -> AdmissionStep:
    """Write a step up to the comments: the next one is due by the last day the awareness-course
    certificate is valid (from the course's own step on)."""
    if step == Step.AWARENESS_COURSE:
        try:
            due_next = certificate_valid_until(date, date)
        except ValidationError:  # a certificate older than the rules coso knows
            due_next = certificate_valid_until(date, timezone.localdate())
    else:
        due_next = certificate_deadline(candidate, date)
    return write_step(
        candidate, step, paper, date=date, due_next=due_next, legal_basis=basis, **fields
    )


def _simple_step(
    step: str,
    candidate: Candidate,
    date: dt.date,
    paper: Paper,
    *,
    require_number: bool = False,
    basis_key: str | None = None,
) -> AdmissionStep:
    """A step that is only its paper: opened, its paper checked, written."""
    candidate, basis = begin_step(candidate, step, date, paper.actor)
    if require_number and not paper.document_number.strip():
        raise ValidationError({"document_number": _("The number is required.")})
    check_attachment(paper.attachment)
    if basis_key:
        try:
            basis = rule_in_force(basis_key, date).legal_basis
        except ValidationError:
            basis = basis or ""
    return _write(candidate, step, paper, date, basis)


@transaction.atomic
def record_awareness_course(
    candidate: Candidate,
    *,
    date: dt.date,
    certificate_number: str,
    attachment=None,
    note: str = "",
    actor=None,
) -> AdmissionStep:
    """The awareness-course certificate (its date and number); valid for the rule's months."""
    return _simple_step(
        Step.AWARENESS_COURSE,
        candidate,
        date,
        Paper(actor, attachment, certificate_number, note),
        require_number=True,
        basis_key="awareness_certificate_valid_months",
    )


@transaction.atomic
def record_application(
    candidate: Candidate, *, date: dt.date, attachment=None, note: str = "", actor=None
) -> AdmissionStep:
    """The candidate's application letter."""
    return _simple_step(Step.APPLICATION, candidate, date, Paper(actor, attachment, note=note))


@transaction.atomic
def record_personal_history(
    candidate: Candidate, *, date: dt.date, attachment=None, note: str = "", actor=None
) -> AdmissionStep:
    """The personal history (form 2-KNĐ)."""
    return _simple_step(Step.PERSONAL_HISTORY, candidate, date, Paper(actor, attachment, note=note))


@transaction.atomic
def record_background_check(
    candidate: Candidate,
    *,
    date: dt.date,
    document_number: str = "",
    attachment=None,
    note: str = "",
    actor=None,
) -> AdmissionStep:
    """The check of the candidate's and close relatives' background (its conclusion's date)."""
    paper = Paper(actor, attachment, document_number, note)
    return _simple_step(Step.BACKGROUND_CHECK, candidate, date, paper)


def _check_introducer(
    member: Member, since: dt.date | None, date: dt.date, field: str, known
) -> None:
    """One introducer: an official member (not probationary on `date`) who has known the
    candidate since `since`, for at least the rule's months (`known`)."""
    basis = known.legal_basis
    probationary = member.status == MemberStatus.PROBATIONARY or (
        member.recognized_on is not None and member.recognized_on > date
    )
    if probationary:
        raise ValidationError(
            {
                field: _(
                    "%(name)s is a probationary member on %(date)s and cannot introduce a "
                    "candidate: introducers must be official members (%(basis)s)."
                )
                % {"name": member.full_name, "date": _d(date), "basis": basis}
            }
        )
    if member.status != MemberStatus.OFFICIAL:
        raise ValidationError(
            {
                field: _(
                    "%(name)s is not an official member in activity (%(status)s) and cannot "
                    "introduce a candidate (%(basis)s)."
                )
                % {
                    "name": member.full_name,
                    "status": member.get_status_display(),
                    "basis": basis,
                }
            }
        )
    if since is None or since > date:
        raise ValidationError(
            {
                f"{field}_known_since": _(
                    "Enter since when %(name)s has worked or studied with the candidate "
                    "(not after the introduction)."
                )
                % {"name": member.full_name}
            }
        )
    months = months_between(since, date)
    if months < known.value:
        raise ValidationError(
            {
                f"{field}_known_since": _(
                    "%(name)s has worked or studied with the candidate for %(months)d months; "
                    "an introducer must have done so for at least %(min)d months (%(basis)s)."
                )
                % {"name": member.full_name, "months": months, "min": known.value,
                   "basis": basis}
            }
        )  # fmt: skip


@transaction.atomic
def record_introduction(
    candidate: Candidate,
    *,
    date: dt.date,
    introducers: Sequence[tuple[Member, dt.date]],
    youth_union_committee: bool = False,
    document_number: str = "",
    attachment=None,
    note: str = "",
    actor=None,
) -> AdmissionStep:
    """Who introduces the candidate: two official members who have worked or studied with them
    for the rule's months, or, for a Youth Union member, the Youth Union committee (its
    resolution's number) and one official member.

    ``introducers`` are (member, known since) pairs.
    """
    candidate = begin_step(candidate, Step.INTRODUCTION, date, actor)[0]
    check_attachment(attachment)
    known = rule_in_force("introducer_min_months_known", date)
    basis = known.legal_basis
    if youth_union_committee and candidate.source != CandidateSource.YOUTH_UNION:
        raise ValidationError(
            {
                "youth_union_committee": _(
                    "Only a Youth Union member can be introduced by the Youth Union committee "
                    "(%(basis)s)."
                )
                % {"basis": basis}
            }
        )
    needed = 1 if youth_union_committee else 2
    if len(introducers) != needed:
        raise ValidationError(
            {
                "introducers": _(
                    "Two official members introduce the candidate, or for a Youth Union member "
                    "the Youth Union committee and one official member (%(basis)s)."
                )
                % {"basis": basis}
            }
        )
    if youth_union_committee and not document_number.strip():
        raise ValidationError(
            {"document_number": _("Enter the number of the Youth Union committee's resolution.")}
        )
    if len({m.pk for m, _since in introducers}) != len(introducers):
        raise ValidationError({"introducers": _("The two introducers must be different people.")})
    fresh = {m.pk: m for m in Member.objects.filter(pk__in=[m.pk for m, _s in introducers])}
    pairs = [(fresh[m.pk], since) for m, since in introducers]
    for i, (member, since) in enumerate(pairs, start=1):
        _check_introducer(member, since, date, f"introducer_{i}", known)
    names = [m.full_name for m, _s in pairs]
    if youth_union_committee:
        names.insert(0, _("Youth Union committee"))
    fields: dict[str, Any] = {
        "introducer_1": pairs[0][0],
        "introducer_1_known_since": pairs[0][1],
        "youth_union_committee": youth_union_committee,
        "introducer_names": ", ".join(names)[:255],
    }
    if len(pairs) > 1:
        fields.update(introducer_2=pairs[1][0], introducer_2_known_since=pairs[1][1])
    paper = Paper(actor, attachment, document_number, note)
    return _write(candidate, Step.INTRODUCTION, paper, date, basis, **fields)


@transaction.atomic
def record_comments(
    candidate: Candidate,
    *,
    date: dt.date,
    residence_comment_on: dt.date,
    document_number: str = "",
    attachment=None,
    note: str = "",
    actor=None,
) -> AdmissionStep:
    """The comments of the mass organizations (``date``) and of the residence cell."""
    candidate, basis = begin_step(candidate, Step.COMMENTS, date, actor)
    _check_not_future(residence_comment_on, "residence_comment_on")
    check_not_before(
        residence_comment_on,
        candidate.step_on,
        "residence_comment_on",
        _("The residence cell's comment cannot be dated before the previous step (%(date)s)."),
    )
    check_attachment(attachment)
    # the step is complete when both comments are in
    day = max(date, residence_comment_on)
    paper = Paper(actor, attachment, document_number, note)
    return _write(
        candidate, Step.COMMENTS, paper, day, basis, residence_comment_on=residence_comment_on
    )
