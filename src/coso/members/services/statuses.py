"""Special statuses and residence liaison (DOMAIN.md §4): exemption, retirement, graduate hold,
work or study abroad, death; introduction to the residence cell and its yearly feedback.

Each function is one transaction, checks the rules in force on the event date, writes the
membership event row with its actor, and refuses with a `ValidationError` (changing nothing).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from coso.core.audit import save_versioned
from coso.core.dates import check_not_future as _not_future
from coso.core.dates import format_date as _d
from coso.core.deadlines import graduate_hold_dates, residence_feedback_due
from coso.core.rules import RuleNotFound, rule
from coso.core.services import require_decision_number
from coso.members import choices
from coso.members.models import (
    Member,
    Placement,
    ResidenceFeedback,
    ResidenceLiaison,
    StatusPeriod,
)
from coso.members.models.placement import placement_on_q
from coso.members.services.events import record_event
from coso.members.services.locks import lock_active
from coso.members.services.registry import move_member, remove_member
from coso.orgs.models import Organization

__all__ = [
    "end_residence_liaison",
    "end_status",
    "exempt_member",
    "graduate_hold_dates",
    "introduce_to_residence",
    "record_abroad",
    "record_death",
    "record_residence_feedback",
    "record_retirement",
    "residence_feedback_due",
    "set_exemption",
    "start_graduate_hold",
    "voting_members",
]


def _check_none_open(member: Member, kind: str) -> None:
    if StatusPeriod.objects.filter(member=member, kind=kind, ended_on__isnull=True).exists():
        raise ValidationError(
            {"kind": _("%(status)s is already recorded and not ended.")
             % {"status": choices.StatusKind(kind).label}}
        )  # fmt: skip


def _lock_for_status(member: Member, kind: str, day: dt.date, field: str) -> Member:
    """What starting a special status checks first: `day` (the form's `field`) not in the
    future, the member locked and still active, no period of the same kind open. Returns the
    locked member."""
    _not_future(day, field)
    member = lock_active(member)
    _check_none_open(member, kind)
    return member


# --- exemption ----------------------------------------------------------------------------


def _exemption_basis(day: dt.date) -> str:
    try:
        return rule("exemption_illness_min_months", day).legal_basis
    except RuleNotFound:
        return ""


@transaction.atomic
def set_exemption(
    member: Member,
    *,
    exempt: bool,
    date: dt.date,
    document_number: str = "",
    note: str = "",
    reason: str = "",
    decided_on: dt.date | None = None,
    valid_to: dt.date | None = None,
    actor=None,
) -> Member:
    """Exempt an official member from party work and meetings (`exempt`), or end the
    exemption: the one service of both, whichever page or API asks. Exempting opens the
    exemption's `StatusPeriod` (reason, decision, dates) and makes the member EXEMPTED; ending
    closes the open period on `date` and makes the member OFFICIAL again."""
    _not_future(date, "date")
    member = Member.objects.select_for_update(of=("self",)).get(pk=member.pk)
    if exempt and member.status != choices.MemberStatus.OFFICIAL:
        raise ValidationError({"status": _("Only an official member can be exempted.")})
    if not exempt and member.status != choices.MemberStatus.EXEMPTED:
        raise ValidationError({"status": _("The member is not exempted.")})
    document_number = document_number.strip()
    open_periods = StatusPeriod.objects.filter(
        member=member, kind=choices.StatusKind.EXEMPTED, ended_on__isnull=True
    )
    if not exempt:
        started = max((p.valid_from for p in open_periods), default=None)
        if started is not None and date < started:
            raise ValidationError(
                {"date": _("The date cannot be before the start (%(d)s).") % {"d": _d(started)}}
            )
    member.status = choices.MemberStatus.EXEMPTED if exempt else choices.MemberStatus.OFFICIAL
    save_versioned(member, actor)
    label = str(choices.ExemptionReason(reason).label) if reason else ""
    record_event(
        member,
        choices.EventKind.EXEMPTED if exempt else choices.EventKind.EXEMPTION_ENDED,
        date,
        actor=actor,
        document_number=document_number,
        note=" · ".join(p for p in (label, note) if p) if exempt else note,
    )
    if exempt:
        StatusPeriod.objects.create(
            member=member,
            kind=choices.StatusKind.EXEMPTED,
            reason=reason,
            decision_number=document_number,
            decided_on=decided_on or date,
            valid_from=date,
            valid_to=valid_to,
            legal_basis=_exemption_basis(date),
            note=note,
            actor=actor,
        )
    else:
        open_periods.update(ended_on=date, ended_by=actor)
    return member


@transaction.atomic
def exempt_member(
    member: Member,
    *,
    reason: str,
    decision_number: str,
    valid_from: dt.date,
    decided_on: dt.date | None = None,
    valid_to: dt.date | None = None,
    note: str = "",
    actor=None,
) -> StatusPeriod:
    """Exempt an official member from party work and meetings (the cell decides and reports
    up), with the reason and the decision required: `set_exemption`, returning the period."""
    if reason not in choices.ExemptionReason.values:
        raise ValidationError({"reason": _("Choose the reason for the exemption.")})
    require_decision_number(decision_number)
    if decided_on and decided_on > valid_from:
        raise ValidationError({"decided_on": _("The exemption cannot start before the decision.")})
    if valid_to is not None and valid_to <= valid_from:
        raise ValidationError({"valid_to": _("The end date must be after the start date.")})
    _not_future(valid_from, "valid_from")
    lock_active(member)
    set_exemption(
        member,
        exempt=True,
        date=valid_from,
        document_number=decision_number,
        note=note,
        reason=reason,
        decided_on=decided_on,
        valid_to=valid_to,
        actor=actor,
    )
    return StatusPeriod.objects.get(
        member=member, kind=choices.StatusKind.EXEMPTED, ended_on__isnull=True
    )


# --- retirement, graduate hold, abroad ----------------------------------------------------


@transaction.atomic
def record_retirement(
    member: Member,
    *,
    retired_on: dt.date,
    meeting_place: str = "",
    move_to: Organization | None = None,
    note: str = "",
    actor=None,
) -> StatusPeriod:
    """Record that the member retired, and where they now meet (a text, and optionally a move
    of their official activity to `move_to`, e.g. the retirees' cell)."""
    member = _lock_for_status(member, choices.StatusKind.RETIRED, retired_on, "retired_on")
    if move_to is not None:
        move_member(member, to=move_to, date=retired_on, actor=actor)
        meeting_place = meeting_place or move_to.name
    period = StatusPeriod.objects.create(
        member=member,
        kind=choices.StatusKind.RETIRED,
        valid_from=retired_on,
        meeting_place=meeting_place.strip(),
        note=note,
        actor=actor,
    )
    record_event(
        member, choices.EventKind.RETIRED, retired_on, actor=actor, note=period.meeting_place
    )
    return period


@transaction.atomic
def start_graduate_hold(
    member: Member, *, graduated_on: dt.date, note: str = "", actor=None
) -> StatusPeriod:
    """A graduate keeps party activity at the school for up to the rule's months; coso warns at
    the warning months and flags the member once the hold is over. A permanent transfer (or the
    member leaving) ends the hold."""
    member = _lock_for_status(
        member, choices.StatusKind.GRADUATE_HOLD, graduated_on, "graduated_on"
    )
    dates = graduate_hold_dates(graduated_on)
    period = StatusPeriod.objects.create(
        member=member,
        kind=choices.StatusKind.GRADUATE_HOLD,
        valid_from=graduated_on,
        valid_to=dates["due_on"],
        note=note,
        actor=actor,
        **dates,
    )
    record_event(
        member,
        choices.EventKind.GRADUATE_HOLD,
        graduated_on,
        actor=actor,
        note=_("Must transfer by %(d)s (%(basis)s).")
        % {"d": _d(period.due_on), "basis": period.legal_basis},
    )
    return period


@transaction.atomic
def record_abroad(
    member: Member,
    *,
    purpose: str,
    country: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    decision_number: str = "",
    note: str = "",
    actor=None,
) -> StatusPeriod:
    """The member works or studies abroad from `valid_from` (until `valid_to` if known)."""
    if purpose not in choices.AbroadPurpose.values:
        raise ValidationError({"purpose": _("Choose work or study.")})
    if not country.strip():
        raise ValidationError({"country": _("The country is required.")})
    if valid_to is not None and valid_to <= valid_from:
        raise ValidationError({"valid_to": _("The end date must be after the start date.")})
    member = _lock_for_status(member, choices.StatusKind.ABROAD, valid_from, "valid_from")
    period = StatusPeriod.objects.create(
        member=member,
        kind=choices.StatusKind.ABROAD,
        purpose=purpose,
        country=country.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        decision_number=decision_number.strip(),
        note=note,
        actor=actor,
    )
    record_event(
        member,
        choices.EventKind.ABROAD,
        valid_from,
        actor=actor,
        document_number=period.decision_number,
        note=f"{period.get_purpose_display()}: {period.country}",
    )
    return period


_END_EVENTS = {
    choices.StatusKind.GRADUATE_HOLD: choices.EventKind.GRADUATE_HOLD_ENDED,
    choices.StatusKind.ABROAD: choices.EventKind.RETURNED,
}


@transaction.atomic
def end_status(period: StatusPeriod, *, date: dt.date, note: str = "", actor=None) -> StatusPeriod:
    """End a special status: the exemption (the member is official again), the graduate hold,
    the stay abroad. Retirement does not end."""
    period = (
        StatusPeriod.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=period.pk)
    )
    if period.ended_on is not None:
        raise ValidationError(
            {"date": _("This status already ended on %(d)s.") % {"d": _d(period.ended_on)}}
        )
    if period.kind == choices.StatusKind.RETIRED:
        raise ValidationError({"kind": _("Retirement does not end.")})
    _not_future(date, "date")
    if date < period.valid_from:
        raise ValidationError(
            {"date": _("The date cannot be before the start (%(d)s).") % {"d": _d(period.valid_from)}}
        )  # fmt: skip
    if period.kind == choices.StatusKind.EXEMPTED:
        set_exemption(period.member, exempt=False, date=date, note=note, actor=actor)
    else:
        record_event(period.member, _END_EVENTS[period.kind], date, actor=actor, note=note)
    period.ended_on = date
    period.ended_by = actor
    period.save(update_fields=["ended_on", "ended_by"])
    return period


@transaction.atomic
def record_death(member: Member, *, date: dt.date, note: str = "", actor=None) -> Member:
    """The member died: activity ends (`remove_member`, DECEASED) and open statuses close."""
    member = remove_member(
        member, kind=choices.EventKind.DECEASED, date=date, note=note, actor=actor
    )
    StatusPeriod.objects.filter(member=member, ended_on__isnull=True).exclude(
        kind=choices.StatusKind.RETIRED
    ).update(ended_on=date, ended_by=actor)
    ResidenceLiaison.objects.filter(member=member, ended_on__isnull=True).update(ended_on=date)
    return member


# --- residence liaison (QĐ 213) -----------------------------------------------------------

QD_213 = "QĐ 213-QĐ/TW (2/1/2020); HD 33-HD/BTCTW (30/10/2020)"


@transaction.atomic
def introduce_to_residence(
    member: Member,
    *,
    introduced_on: dt.date,
    residence_cell: str = "",
    residence_organization: Organization | None = None,
    residence_address: str = "",
    letter_number: str = "",
    exempt_group: str = "",
    note: str = "",
    actor=None,
) -> ResidenceLiaison:
    """Introduce a working member to the party cell where they live (QĐ 213), or record that
    they belong to a group exempt from it. An earlier open liaison ends on `introduced_on`."""
    if exempt_group and exempt_group not in choices.ExemptGroup.values:
        raise ValidationError({"exempt_group": _("Unknown exempt group.")})
    if not exempt_group and not residence_cell.strip() and residence_organization is None:
        raise ValidationError(
            {
                "residence_cell": _(
                    "Name the residence cell (QĐ 213-QĐ/TW), or choose the exempt group the "
                    "member belongs to."
                )
            }
        )
    if residence_organization is not None and residence_organization.is_dissolved:
        raise ValidationError(
            {"residence_organization": _("The organization %(name)s has been dissolved.")
             % {"name": residence_organization.name}}
        )  # fmt: skip
    _not_future(introduced_on, "introduced_on")
    member = lock_active(member)
    for old in ResidenceLiaison.objects.filter(member=member, ended_on__isnull=True):
        # checked under the member's lock: a form sent twice (or by two people) applies once
        if (
            old.introduced_on,
            old.residence_cell,
            old.residence_organization_id,
            old.exempt_group,
        ) == (
            introduced_on,
            residence_cell.strip(),
            getattr(residence_organization, "pk", None),
            exempt_group,
        ):
            raise ValidationError(
                {"introduced_on": _("This introduction is already recorded (%(d)s, %(cell)s).")
                 % {"d": _d(old.introduced_on), "cell": old.cell_name or old.get_exempt_group_display()}}
            )  # fmt: skip
        if introduced_on < old.introduced_on:
            raise ValidationError(
                {"introduced_on": _("The member was introduced elsewhere on %(d)s, after this date.")
                 % {"d": _d(old.introduced_on)}}
            )  # fmt: skip
        old.ended_on = introduced_on
        old.save(update_fields=["ended_on"])
    liaison = ResidenceLiaison.objects.create(
        member=member,
        introduced_on=introduced_on,
        residence_cell=residence_cell.strip(),
        residence_organization=residence_organization,
        residence_address=residence_address.strip(),
        letter_number=letter_number.strip(),
        exempt_group=exempt_group,
        note=note,
        actor=actor,
    )
    text = liaison.cell_name or ""
    if exempt_group:
        text = " · ".join(p for p in (text, str(choices.ExemptGroup(exempt_group).label)) if p)
    record_event(
        member,
        choices.EventKind.RESIDENCE_LIAISON,
        introduced_on,
        actor=actor,
        document_number=liaison.letter_number,
        note=text,
    )
    return liaison


@transaction.atomic
def end_residence_liaison(
    liaison: ResidenceLiaison, *, date: dt.date, actor=None
) -> ResidenceLiaison:
    liaison = (
        ResidenceLiaison.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=liaison.pk)
    )
    if liaison.ended_on is not None:
        raise ValidationError({"date": _("This liaison already ended.")})
    _not_future(date, "date")
    if date < liaison.introduced_on:
        raise ValidationError({"date": _("The date cannot be before the introduction.")})
    liaison.ended_on = date
    liaison.save(update_fields=["ended_on"])
    record_event(
        liaison.member, choices.EventKind.LIAISON_ENDED, date, actor=actor, note=liaison.cell_name
    )
    return liaison


@transaction.atomic
def record_residence_feedback(
    liaison: ResidenceLiaison,
    *,
    year: int,
    received_on: dt.date,
    assessment: str,
    content: str = "",
    actor=None,
) -> ResidenceFeedback:
    """The residence cell's feedback for `year`, once a year, before the annual evaluation."""
    liaison = (
        ResidenceLiaison.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=liaison.pk)
    )
    if assessment not in choices.FeedbackAssessment.values:
        raise ValidationError({"assessment": _("Choose the assessment.")})
    _not_future(received_on, "received_on")
    if year < liaison.introduced_on.year:
        raise ValidationError(
            {"year": _("The member was introduced to the residence cell only in %(y)d.")
             % {"y": liaison.introduced_on.year}}
        )  # fmt: skip
    if received_on.year < year:
        raise ValidationError(
            {"received_on": _("Feedback for %(y)d cannot be received before that year.") % {"y": year}}
        )  # fmt: skip
    existing = ResidenceFeedback.objects.filter(liaison=liaison, year=year).first()
    if existing is not None:
        raise ValidationError(
            {
                "year": _(
                    "The residence cell's feedback for %(y)d was already recorded on %(d)s; "
                    "it is given once a year (%(basis)s)."
                )
                % {"y": year, "d": _d(existing.received_on), "basis": QD_213}
            }
        )
    feedback = ResidenceFeedback.objects.create(
        liaison=liaison,
        year=year,
        received_on=received_on,
        assessment=assessment,
        content=content,
        actor=actor,
    )
    record_event(
        liaison.member,
        choices.EventKind.RESIDENCE_FEEDBACK,
        received_on,
        actor=actor,
        note=f"{year}: {feedback.get_assessment_display()}",
    )
    return feedback


# --- votes --------------------------------------------------------------------------------


def voting_members(org: Organization, day: dt.date):
    """Official members who vote in `org` on `day`: official activity there, status OFFICIAL,
    not temporarily transferred out. A member in temporary activity at `org` does not vote there
    (DOMAIN.md §5 [check])."""
    away = Placement.objects.filter(
        placement_on_q(day), member=OuterRef("pk"), kind=choices.PlacementKind.TEMPORARY
    ).exclude(organization=org)
    official_here = Placement.objects.filter(
        placement_on_q(day),
        member=OuterRef("pk"),
        kind=choices.PlacementKind.OFFICIAL,
        organization=org,
    )
    return Member.objects.filter(status=choices.MemberStatus.OFFICIAL).filter(
        Exists(official_here), ~Exists(away)
    )
