"""What the cell's resolution checks: the candidate's eligibility on the consideration date
(re-admission, age, education, certificate) and the vote against the cell's official members;
and what the ceremony checks of a former member before their record comes back."""

from __future__ import annotations

import datetime as dt
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coso.core.dates import add_months, age_in_months
from coso.core.dates import format_date as _d
from coso.core.rules import rule_in_force
from coso.members.choices import READMISSION_STATUSES, REMOVAL_STATUS, EventKind, MemberStatus
from coso.members.models import Member, MembershipEvent, Placement
from coso.orgs.models import Organization

from ..choices import EDUCATION_ORDER, Education, Step
from ..models import AdmissionStep, Candidate, Probation


def check_resolution(
    candidate: Candidate,
    day: dt.date,
    *,
    votes_for: int,
    votes_against: int,
    official_count: int | None,
    over_age_decision: str = "",
) -> tuple[int, str]:
    """The checks of the cell's resolution on ``day``: the official members counted (the
    registry's number when none is given), the candidate's eligibility, then the vote.
    Returns the official count and the vote rule's legal basis."""
    if official_count is None:
        official_count = official_members_on(candidate.cell, day)
    check_eligibility(candidate, day, over_age_decision=over_age_decision)
    basis = check_vote(
        day=day, votes_for=votes_for, votes_against=votes_against, official_count=official_count
    )
    return official_count, basis


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


def check_readmission(candidate: Candidate, day: dt.date) -> None:
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


def _age_words(day: dt.date, months: int, limit, key: str) -> dict[str, object]:
    """What an age refusal says: the date, the age in years and months, the limit in years
    (under `key`) and its legal basis."""
    years, rest = divmod(months, 12)
    return {
        "date": _d(day),
        "years": years,
        "months": rest,
        key: limit.value // 12,
        "basis": limit.legal_basis,
    }


def check_readmission_ceremony(candidate: Candidate, day: dt.date) -> None:
    """The ceremony of a former member (`Candidate.former_member`) on ``day``: their own
    record comes back (one identity), with a new probation. A record whose first probation
    coso holds cannot take a second one yet; then the re-admission rules
    (`check_readmission`)."""
    if Probation.objects.filter(member=candidate.former_member).exists():
        raise ValidationError(
            _(
                "The former member's first probation is recorded here, and coso keeps one "
                "probation per member record: this re-admission cannot be recorded yet."
            )
        )
    check_readmission(candidate, day)


def check_eligibility(candidate: Candidate, day: dt.date, *, over_age_decision: str = "") -> None:
    """Refuse a candidate who is not eligible on the cell's consideration date ``day``:
    the re-admission rules for a former member, age in months, general education, and the
    awareness-course certificate's validity."""
    check_readmission(candidate, day)
    months = age_in_months(candidate.birth_date, day)
    youngest = rule_in_force("admission_min_age_months", day)
    if months < youngest.value:
        raise ValidationError(
            _(
                "On the consideration date %(date)s the candidate is %(years)d years %(months)d "
                "months old; a candidate must be at least %(min)d years old, counted in months "
                "(%(basis)s)."
            )
            % _age_words(day, months, youngest, "min")
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
                % _age_words(day, months, oldest, "max")
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
