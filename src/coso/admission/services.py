"""Admission, probation and recognition workflows: each step one service, one transaction.

Every step checks the rules in force on its own date (`coso.core.rules`), refuses with a
message that names the rule and its legal basis, and changes nothing when it refuses. A step
writes its `AdmissionStep` row with who entered it; the ceremony registers the probationary
member through `coso.members.services.register_member`, recognition and strike-off write the
member's events. Deadlines that pass are flags on the row (``late``), never refusals.

``actor`` is the user acting. When it is given, the service checks that the user holds an
editing role on the organization concerned (the cell; for the decision, the deciding
organization). ``actor=None`` is the system itself (demo data, imports) and is not checked.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.members import services as member_services
from coso.members.choices import EventKind, MemberStatus
from coso.members.models import Member, MembershipEvent, Placement
from coso.orgs.choices import CELL_KINDS, OrgKind
from coso.orgs.models import Organization

from .choices import (
    EDUCATION_ORDER,
    EDUCATION_RECORD,
    CandidateSource,
    CandidateStatus,
    Education,
    ProbationOutcome,
    Step,
)
from .deadlines import (
    add_months,
    age_in_months,
    ceremony_due_on,
    certificate_valid_until,
    decision_due_on,
    months_between,
    probation_ends_on,
    recognition_vote_due_on,
    rule_in_force,
)
from .models import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    AdmissionAuthority,
    AdmissionStep,
    Candidate,
    Probation,
    competent_organizations,
    next_step_after,
)

#: candidate fields a person enters and edits (workflow fields change only through steps)
CANDIDATE_FIELDS = [
    "family_name", "middle_name", "given_name", "sex", "birth_date", "cccd", "ethnicity",
    "religion", "hometown", "current_address", "phone", "education_general",
    "education_professional", "occupation", "workplace", "source", "follower", "note",
]  # fmt: skip


class ConcurrentEditError(ValidationError):
    pass


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _check_not_future(day: dt.date, field: str = "date") -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _check_attachment(attachment, field: str = "attachment") -> None:
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
    """Whether ``actor`` holds an editing role reaching ``org`` (None: the system, always)."""
    if actor is None:
        return True
    return Organization.objects.editable_by(actor).filter(pk=org.pk).exists()


def _require_edit(actor, org: Organization) -> None:
    if not may_edit(actor, org):
        raise ValidationError(
            _("You hold no role in %(org)s that allows you to record this.") % {"org": org.name}
        )


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


def _check_vote(
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


# --- candidates ---------------------------------------------------------------------------


def _check_cccd_free(cccd: str | None, exclude_pk: int | None = None) -> None:
    if not cccd:
        return
    if Member.objects.filter(cccd=cccd).exists():
        raise ValidationError(
            {"cccd": _("A party member with the citizen ID %(cccd)s is already registered.")
             % {"cccd": cccd}}
        )  # fmt: skip
    others = Candidate.objects.in_progress().filter(cccd=cccd)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(
            {"cccd": _("Another candidate in progress has the citizen ID %(cccd)s.")
             % {"cccd": cccd}}
        )  # fmt: skip


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
    _require_edit(actor, cell)
    candidate = Candidate(cell=cell, **data)
    candidate.compute_derived()
    candidate.full_clean()
    if candidate.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
    _check_cccd_free(candidate.cccd)
    candidate._history_user = actor
    candidate.save()
    return candidate


@transaction.atomic
def update_candidate(
    candidate: Candidate, changes: dict[str, Any], *, expected_version: int, actor=None
) -> Candidate:
    """Correct a candidate's personal data; refused if someone saved it since it was read."""
    unknown = set(changes) - set(CANDIDATE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    fresh = Candidate.objects.select_for_update().select_related("cell").get(pk=candidate.pk)
    _require_edit(actor, fresh.cell)
    if fresh.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Someone else changed this record after you opened it. Reload the page and "
                "enter your changes again."
            )
        )
    if fresh.status != CandidateStatus.IN_PROGRESS:
        raise ValidationError(_("Only a candidate in progress can be changed."))
    for key, value in changes.items():
        setattr(fresh, key, value)
    fresh.compute_derived()
    fresh.full_clean()
    if "cccd" in changes:
        _check_cccd_free(fresh.cccd, exclude_pk=fresh.pk)
    fresh.version += 1
    fresh._history_user = actor
    fresh.save()
    return fresh


def _close(candidate: Candidate, status: str, *, date: dt.date, reason: str, actor) -> Candidate:
    candidate = _locked(candidate)
    _require_edit(actor, candidate.cell)
    _check_in_progress(candidate)
    _check_not_future(date)
    if candidate.step_on and date < candidate.step_on:
        raise ValidationError(
            {"date": _("The date cannot be before the last step (%(date)s).")
             % {"date": _d(candidate.step_on)}}
        )  # fmt: skip
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    candidate.status = status
    candidate.closed_on = date
    candidate.closed_reason = reason.strip()
    candidate.due_on = None
    candidate.version += 1
    candidate._history_user = actor
    candidate.save()
    return candidate


@transaction.atomic
def withdraw_candidate(candidate: Candidate, *, date: dt.date, reason: str, actor=None):
    """The candidate leaves the pipeline (moved away, gave up, …)."""
    return _close(candidate, CandidateStatus.WITHDRAWN, date=date, reason=reason, actor=actor)


@transaction.atomic
def reject_candidate(candidate: Candidate, *, date: dt.date, reason: str, actor=None):
    """The cell or the deciding committee does not admit the candidate."""
    return _close(candidate, CandidateStatus.REJECTED, date=date, reason=reason, actor=actor)


# --- the steps ----------------------------------------------------------------------------


def _locked(candidate: Candidate) -> Candidate:
    return Candidate.objects.select_for_update().select_related("cell").get(pk=candidate.pk)


def _check_in_progress(candidate: Candidate) -> None:
    if candidate.status != CandidateStatus.IN_PROGRESS:
        raise ValidationError(
            _("The candidate's admission is closed (%(status)s).")
            % {"status": candidate.get_status_display()}
        )


def _check_order(candidate: Candidate, step: str, day: dt.date) -> str:
    """Refuse a step out of the order in force on ``day``; returns that rule's legal basis."""
    _check_in_progress(candidate)
    if step == Step.AWARENESS_COURSE:
        if candidate.step:
            raise ValidationError(
                _("%(step)s is already recorded for this candidate.") % {"step": Step(step).label}
            )
        # the first step; the certificate may be older than the regulations coso knows
        return ""
    order = rule_in_force("admission_steps", day)
    steps = list(order.value)
    expected = steps[steps.index(candidate.step) + 1] if candidate.step else steps[0]
    if step != expected:
        if candidate.step and steps.index(step) <= steps.index(candidate.step):
            message = _("%(step)s is already recorded for this candidate.") % {
                "step": Step(step).label
            }
        else:
            message = _(
                "Step out of order: %(step)s comes after %(previous)s, which is not recorded "
                "yet. The steps of an admission follow one another in a fixed order "
                "(%(basis)s)."
            ) % {
                "step": Step(step).label,
                "previous": Step(steps[steps.index(step) - 1]).label,
                "basis": order.legal_basis,
            }
        raise ValidationError(message)
    if candidate.step_on and day < candidate.step_on:
        raise ValidationError(
            {
                "date": _(
                    "The date of this step (%(date)s) cannot be before the previous step, "
                    "%(previous)s (%(previous_date)s)."
                )
                % {
                    "date": _d(day),
                    "previous": Step(candidate.step).label,
                    "previous_date": _d(candidate.step_on),
                }
            }
        )
    return order.legal_basis


def _step_row(candidate: Candidate, step: str) -> AdmissionStep:
    return AdmissionStep.objects.get(candidate=candidate, step=step)


def _certificate_deadline(candidate: Candidate, on: dt.date) -> dt.date | None:
    """The last day the certificate is valid (the deadline for the cell's consideration)."""
    certificate = (
        AdmissionStep.objects.filter(candidate=candidate, step=Step.AWARENESS_COURSE)
        .values_list("date", flat=True)
        .first()
    )
    if certificate is None:
        return None
    try:
        return certificate_valid_until(certificate, on)
    except ValidationError:  # no rule on that date (history before 2021)
        return None


def _write_step(
    candidate: Candidate,
    step: str,
    *,
    date: dt.date,
    due_next: dt.date | None,
    actor,
    attachment=None,
    **fields: Any,
) -> AdmissionStep:
    row = AdmissionStep(candidate=candidate, step=step, date=date, actor=actor, **fields)
    if attachment:
        row.attachment = attachment
    row.save()
    candidate.step = step
    candidate.step_on = date
    candidate.due_on = due_next
    candidate.version += 1
    candidate._history_user = actor
    candidate.save()
    return row


def _simple_step(
    step: str,
    candidate: Candidate,
    *,
    date: dt.date,
    document_number: str = "",
    attachment=None,
    note: str = "",
    actor=None,
    require_number: bool = False,
    basis_key: str | None = None,
) -> AdmissionStep:
    candidate = _locked(candidate)
    _require_edit(actor, candidate.cell)
    basis = _check_order(candidate, step, date)
    _check_not_future(date)
    if require_number and not document_number.strip():
        raise ValidationError({"document_number": _("The number is required.")})
    _check_attachment(attachment)
    if basis_key:
        try:
            basis = rule_in_force(basis_key, date).legal_basis
        except ValidationError:
            basis = basis or ""
    if step == Step.AWARENESS_COURSE:
        try:
            due_next = certificate_valid_until(date, date)
        except ValidationError:  # a certificate older than the rules coso knows
            due_next = certificate_valid_until(date, timezone.localdate())
    else:
        due_next = _certificate_deadline(candidate, date)
    return _write_step(
        candidate,
        step,
        date=date,
        due_next=due_next,
        actor=actor,
        attachment=attachment,
        document_number=document_number.strip(),
        note=note,
        legal_basis=basis,
    )


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
        date=date,
        document_number=certificate_number,
        attachment=attachment,
        note=note,
        actor=actor,
        require_number=True,
        basis_key="awareness_certificate_valid_months",
    )


@transaction.atomic
def record_application(
    candidate: Candidate, *, date: dt.date, attachment=None, note: str = "", actor=None
) -> AdmissionStep:
    """The candidate's application letter."""
    return _simple_step(
        Step.APPLICATION, candidate, date=date, attachment=attachment, note=note, actor=actor
    )


@transaction.atomic
def record_personal_history(
    candidate: Candidate, *, date: dt.date, attachment=None, note: str = "", actor=None
) -> AdmissionStep:
    """The personal history (form 2-KNĐ)."""
    return _simple_step(
        Step.PERSONAL_HISTORY, candidate, date=date, attachment=attachment, note=note, actor=actor
    )


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
    return _simple_step(
        Step.BACKGROUND_CHECK,
        candidate,
        date=date,
        document_number=document_number,
        attachment=attachment,
        note=note,
        actor=actor,
    )


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
    candidate = _locked(candidate)
    _require_edit(actor, candidate.cell)
    _check_order(candidate, Step.INTRODUCTION, date)
    _check_not_future(date)
    _check_attachment(attachment)
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
        field = f"introducer_{i}"
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
    return _write_step(
        candidate,
        Step.INTRODUCTION,
        date=date,
        due_next=_certificate_deadline(candidate, date),
        actor=actor,
        attachment=attachment,
        document_number=document_number.strip(),
        note=note,
        legal_basis=basis,
        **fields,
    )


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
    candidate = _locked(candidate)
    _require_edit(actor, candidate.cell)
    basis = _check_order(candidate, Step.COMMENTS, date)
    _check_not_future(date)
    _check_not_future(residence_comment_on, "residence_comment_on")
    if candidate.step_on and residence_comment_on < candidate.step_on:
        raise ValidationError(
            {
                "residence_comment_on": _(
                    "The residence cell's comment cannot be dated before the previous step "
                    "(%(date)s)."
                )
                % {"date": _d(candidate.step_on)}
            }
        )
    _check_attachment(attachment)
    # the step is complete when both comments are in
    day = max(date, residence_comment_on)
    return _write_step(
        candidate,
        Step.COMMENTS,
        date=day,
        due_next=_certificate_deadline(candidate, day),
        actor=actor,
        attachment=attachment,
        document_number=document_number.strip(),
        note=note,
        legal_basis=basis,
        residence_comment_on=residence_comment_on,
    )


def check_eligibility(candidate: Candidate, day: dt.date, *, over_age_decision: str = "") -> None:
    """Refuse a candidate who is not eligible on the cell's consideration date ``day``:
    age in months, general education, and the awareness-course certificate's validity."""
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
    candidate = _locked(candidate)
    _require_edit(actor, candidate.cell)
    _check_order(candidate, Step.CELL_RESOLUTION, date)
    _check_not_future(date)
    _check_attachment(attachment)
    check_eligibility(candidate, date, over_age_decision=over_age_decision)
    if official_count is None:
        official_count = official_members_on(candidate.cell, date)
    basis = _check_vote(
        day=date, votes_for=votes_for, votes_against=votes_against, official_count=official_count
    )
    if over_age_decision.strip():
        note = "\n".join(
            p for p in (note, _("Decision of the level above: %(n)s") % {"n": over_age_decision})
            if p
        )  # fmt: skip
    return _write_step(
        candidate,
        Step.CELL_RESOLUTION,
        date=date,
        due_next=decision_due_on(date),
        actor=actor,
        attachment=attachment,
        document_number=document_number.strip(),
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
    candidate = _locked(candidate)
    _check_order(candidate, Step.DECISION, date)
    _check_not_future(date)
    received_on = received_on or date
    _check_not_future(received_on, "received_on")
    if received_on < date:
        raise ValidationError(
            {"received_on": _("The decision cannot be received before it is made.")}
        )
    if not document_number.strip():
        raise ValidationError({"document_number": _("The decision number is required.")})
    _check_attachment(attachment)
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
    resolution = _step_row(candidate, Step.CELL_RESOLUTION)
    due = decision_due_on(resolution.date)
    return _write_step(
        candidate,
        Step.DECISION,
        date=date,
        due_next=ceremony_due_on(received_on),
        actor=actor,
        attachment=attachment,
        document_number=document_number.strip(),
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
    candidate = _locked(candidate)
    _require_edit(actor, candidate.cell)
    _check_order(candidate, Step.CEREMONY, date)
    _check_not_future(date)
    _check_attachment(attachment)
    decision = _step_row(candidate, Step.DECISION)
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
        legal_basis=probation.legal_basis,
        actor=actor,
    )
    candidate.status = CandidateStatus.ADMITTED
    candidate.closed_on = date
    candidate.member = member
    _write_step(
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


#: each step's service, for views and API actions (the ceremony returns the member)
STEP_SERVICES = {
    Step.AWARENESS_COURSE: record_awareness_course,
    Step.APPLICATION: record_application,
    Step.PERSONAL_HISTORY: record_personal_history,
    Step.BACKGROUND_CHECK: record_background_check,
    Step.INTRODUCTION: record_introduction,
    Step.COMMENTS: record_comments,
    Step.CELL_RESOLUTION: record_cell_resolution,
    Step.DECISION: record_decision,
    Step.CEREMONY: hold_ceremony,
}


# --- who decides admissions ---------------------------------------------------------------


@transaction.atomic
def set_admission_authority(
    organization: Organization,
    *,
    may_decide: bool,
    valid_from: dt.date,
    decision_number: str,
    note: str = "",
    actor=None,
) -> AdmissionAuthority:
    """Delegate (or withdraw) the power to decide admissions to a grassroots committee from
    ``valid_from``; the delegation in force until then ends that day. The decision is the
    superior's: the actor needs an editing role above the committee."""
    if organization.kind != OrgKind.GRASSROOTS_COMMITTEE:
        raise ValidationError(
            {"organization": _("Only a grassroots committee can be given the power to decide "
                               "admissions.")}
        )  # fmt: skip
    if actor is not None and not (
        Organization.objects.restructurable_by(actor).filter(pk=organization.pk).exists()
    ):
        raise ValidationError(
            {"organization": _("Only the committee above %(org)s can delegate this power.")
             % {"org": organization.name}}
        )  # fmt: skip
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("The decision number is required.")})
    previous = AdmissionAuthority.objects.filter(
        organization=organization, valid_to__isnull=True
    ).order_by("-valid_from")
    for row in previous:
        if row.valid_from >= valid_from:
            raise ValidationError(
                {"valid_from": _("A later delegation (from %(date)s) is already recorded.")
                 % {"date": _d(row.valid_from)}}
            )  # fmt: skip
        row.valid_to = valid_from
        row.save(update_fields=["valid_to"])
    return AdmissionAuthority.objects.create(
        organization=organization,
        may_decide=may_decide,
        valid_from=valid_from,
        decision_number=decision_number.strip(),
        note=note,
        actor=actor,
    )


# --- probation and recognition ------------------------------------------------------------


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


def _probation_for(member: Member, actor) -> Probation:
    """The member's Probation row, created from their admission when missing."""
    existing = Probation.objects.select_for_update().filter(member=member).first()
    if existing is not None:
        return existing
    start = probation_start(member)
    months = rule_in_force("probation_months", start)
    return Probation(
        member=member,
        started_on=start,
        ends_on=probation_ends_on(start),
        vote_due_on=recognition_vote_due_on(start),
        legal_basis=months.legal_basis,
        actor=actor,
    )


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
    _require_edit(actor, member.organization)
    _check_probationary(member)
    _check_not_future(date)
    probation = _probation_for(member, actor)
    if date < probation.started_on:
        raise ValidationError(
            {"date": _("The course cannot be dated before the admission ceremony (%(date)s).")
             % {"date": _d(probation.started_on)}}
        )  # fmt: skip
    probation.course_on = date
    probation.course_certificate_number = certificate_number.strip()
    probation.save()
    return probation


@transaction.atomic
def recognize(
    member: Member,
    *,
    vote_date: dt.date,
    votes_for: int,
    votes_against: int,
    official_count: int | None = None,
    decision_number: str,
    decision_date: dt.date,
    attachment=None,
    note: str = "",
    actor=None,
) -> Member:
    """Recognize a probationary member as official after the cell's vote (at least the rule's
    share of its official members) and the decision. Official status counts from the end of the
    probation even when the vote is late; a vote before the probation ends is refused."""
    member = _locked_member(member)
    _require_edit(actor, member.organization)
    _check_probationary(member)
    _check_not_future(vote_date, "vote_date")
    _check_not_future(decision_date, "decision_date")
    if decision_date < vote_date:
        raise ValidationError(
            {"decision_date": _("The decision cannot be dated before the cell's vote.")}
        )
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("The decision number is required.")})
    _check_attachment(attachment)
    probation = _probation_for(member, actor)
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
    if official_count is None:
        official_count = official_members_on(member.organization, vote_date)
    _check_vote(
        day=vote_date,
        votes_for=votes_for,
        votes_against=votes_against,
        official_count=official_count,
    )
    deadline = rule_in_force("recognition_vote_deadline_working_days", probation.ends_on)
    late = vote_date > probation.vote_due_on
    member.status = MemberStatus.OFFICIAL
    member.recognized_on = probation.ends_on
    member.full_clean()
    member.version += 1
    member._history_user = actor
    member.save()
    tally = _("Cell vote on %(date)s: %(for)d for, %(against)d against, of %(count)d official "
              "members.") % {"date": _d(vote_date), "for": votes_for, "against": votes_against,
                             "count": official_count}  # fmt: skip
    if late:
        tally += " " + _("The vote was due by %(date)s.") % {"date": _d(probation.vote_due_on)}
    MembershipEvent.objects.create(
        member=member,
        kind=EventKind.RECOGNIZED,
        date=probation.ends_on,
        document_number=decision_number.strip(),
        to_organization=member.organization,
        note="\n".join(p for p in (tally, note) if p),
        actor=actor,
    )
    probation.outcome = ProbationOutcome.RECOGNIZED
    probation.vote_date = vote_date
    probation.votes_for = votes_for
    probation.votes_against = votes_against
    probation.official_count = official_count
    probation.decision_number = decision_number.strip()
    probation.decision_date = decision_date
    probation.late = late
    probation.legal_basis = deadline.legal_basis
    probation.note = note
    probation.actor = actor
    if attachment:
        probation.attachment = attachment
    probation.save()
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
    _require_edit(actor, member.organization)
    _check_probationary(member)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if vote_date is not None:
        _check_not_future(vote_date, "vote_date")
        if decision_date < vote_date:
            raise ValidationError(
                {"decision_date": _("The decision cannot be dated before the cell's vote.")}
            )
    _check_attachment(attachment)
    probation = _probation_for(member, actor)
    if decision_date < probation.started_on:
        raise ValidationError(
            {"decision_date": _("The decision cannot be dated before the admission ceremony "
                                "(%(date)s).") % {"date": _d(probation.started_on)}}
        )  # fmt: skip
    member = member_services.remove_member(
        member,
        kind=EventKind.STRUCK_OFF,
        date=decision_date,
        document_number=decision_number.strip(),
        note=reason.strip(),
        actor=actor,
    )
    probation.outcome = ProbationOutcome.STRUCK_OFF
    probation.vote_date = vote_date
    probation.votes_for = votes_for
    probation.votes_against = votes_against
    probation.official_count = official_count
    probation.decision_number = decision_number.strip()
    probation.decision_date = decision_date
    probation.note = reason.strip()
    probation.actor = actor
    probation.legal_basis = rule_in_force("probation_months", probation.started_on).legal_basis
    if attachment:
        probation.attachment = attachment
    probation.save()
    return member


__all__ = [
    "CANDIDATE_FIELDS",
    "STEP_SERVICES",
    "ConcurrentEditError",
    "check_eligibility",
    "create_candidate",
    "hold_ceremony",
    "may_edit",
    "next_step_after",
    "official_members_on",
    "probation_start",
    "recognize",
    "record_application",
    "record_awareness_course",
    "record_background_check",
    "record_cell_resolution",
    "record_comments",
    "record_decision",
    "record_introduction",
    "record_new_member_course",
    "record_personal_history",
    "reject_candidate",
    "set_admission_authority",
    "strike_off_probationary",
    "update_candidate",
    "withdraw_candidate",
]
