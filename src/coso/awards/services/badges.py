"""Party badges: each step one service (HD 01-HD/TW §18; HD 06-HD/TW). A proposal checks the
party age on the occasion (interruptions deducted, `coso.awards.party_age`), a badge not
already given, and an early award within the rule's months for a seriously ill member."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import add_months, check_not_future
from coso.core.dates import format_date as _d
from coso.core.services import check_not_before, require_decision_number
from coso.core.text import fold
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.members.services import lock_active
from coso.orgs.models import Organization

from .. import rules
from ..choices import COUNTED, BadgeStatus
from ..models import BadgeAward
from ..party_age import badge_due_on
from .parts import lock, require_edit, save


def _check_badge(member: Member, years: int, occasion: dt.date, early: bool, reason: str):
    """The due date and the legal basis of `years` for `member` on `occasion`, or a refusal."""
    basis = rules.badge_rule("badge_years", occasion).legal_basis
    if not rules.is_occasion(occasion):
        days = ", ".join(f"{d}/{m}" for m, d in rules.badge_rule("badge_occasions", occasion).value)
        raise ValidationError({"occasion": _("Badges are awarded on %(days)s: %(date)s is not "
                                             "one of them (%(basis)s).")
                               % {"days": days, "date": _d(occasion), "basis": basis}})  # fmt: skip
    if years not in rules.levels(occasion):
        raise ValidationError({"years": _("There is no %(years)d-year badge (%(basis)s).")
                               % {"years": years, "basis": basis}})  # fmt: skip
    held = (
        BadgeAward.objects.filter(member=member, status__in=COUNTED, years__gte=years)
        .order_by("-years")
        .first()
    )
    if held is not None:
        raise ValidationError({"years": _("%(name)s already has the %(years)d-year badge (%(status)s).")
                               % {"name": member.full_name, "years": held.years,
                                  "status": held.get_status_display().lower()}})  # fmt: skip
    if member.admitted_on is None:
        raise ValidationError({"member": _("%(name)s's admission date is not recorded: party age "
                                           "cannot be counted.") % {"name": member.full_name}})  # fmt: skip
    due = badge_due_on(member.admitted_on, years, rules.interruptions(member.pk))
    if due is None:
        raise ValidationError(
            {"member": _("%(name)s is out of the party.") % {"name": member.full_name}}
        )
    if due <= occasion:
        if early:
            raise ValidationError({"early": _("The %(years)d-year badge is due on %(due)s: it is "
                                              "not early.") % {"years": years, "due": _d(due)}})  # fmt: skip
        return due, basis
    early_rule = rules.badge_rule("badge_early_months", occasion)
    months = early_rule.value[years]
    if not early:
        raise ValidationError({"years": _("Not yet due: the %(years)d-year badge is due on %(due)s "
                                          "(%(basis)s).") % {"years": years, "due": _d(due),
                                                             "basis": basis}})  # fmt: skip
    if add_months(due, -months) > occasion:
        raise ValidationError({"early": _(
            "Too early: the %(years)d-year badge is due on %(due)s; a seriously ill member may "
            "receive it at most %(months)d months early, from %(from)s (%(basis)s).")
            % {"years": years, "due": _d(due), "months": months,
               "from": _d(add_months(due, -months)), "basis": early_rule.legal_basis}})  # fmt: skip
    if not reason.strip():
        raise ValidationError({"early_reason": _("State the illness that justifies the early award "
                                                 "(%(basis)s).") % {"basis": early_rule.legal_basis}})  # fmt: skip
    return due, early_rule.legal_basis


@transaction.atomic
def propose_badge(
    member: Member,
    *,
    years: int,
    occasion: dt.date,
    proposed_on: dt.date,
    proposed_by: str = "",
    early: bool = False,
    early_reason: str = "",
    actor=None,
) -> BadgeAward:
    """Propose the member's badge of `years` for `occasion`. Refused: not yet due (or beyond
    the early months for illness), already awarded or proposed, not an occasion, the member
    not active, a proposal dated in the future."""
    member = lock_active(member)
    require_edit(actor, member.organization)
    check_not_future(proposed_on, "proposed_on")
    due, basis = _check_badge(member, years, occasion, early, early_reason)
    award = BadgeAward(
        organization=member.organization, member=member, years=years, occasion=occasion,
        due_on=due, early=early, early_reason=early_reason.strip() if early else "",
        proposed_on=proposed_on, proposed_by=proposed_by.strip(), legal_basis=basis,
        sort_key=member.sort_key, search_text=fold(member.full_name)[:400], actor=actor,
    )  # fmt: skip
    save(award, actor)
    return award


@transaction.atomic
def propose_due(
    organization: Organization,
    members: list[Member],
    *,
    occasion: dt.date,
    proposed_on: dt.date,
    proposed_by: str = "",
    actor=None,
) -> list[BadgeAward]:
    """Propose, for `occasion`, the badge each of `members` (of `organization`'s subtree) is due:
    the highest level due by then. All or nothing: one refusal refuses the whole list."""
    require_edit(actor, organization)
    from ..queries import next_badges  # a cycle: queries reads the services' models only

    made = []
    for member, (years, _due) in next_badges(members, occasion).items():
        if not member.organization.path.startswith(organization.path):
            raise ValidationError(_("%(name)s is not in %(org)s.")
                                  % {"name": member.full_name, "org": organization.name})  # fmt: skip
        made.append(propose_badge(member, years=years, occasion=occasion,
                                  proposed_on=proposed_on, proposed_by=proposed_by, actor=actor))  # fmt: skip
    if not made:
        raise ValidationError(_("None of the members chosen is due a badge on %(date)s.")
                              % {"date": _d(occasion)})  # fmt: skip
    return made


def _begin(award: BadgeAward, actor, *expected: str) -> BadgeAward:
    award = lock(BadgeAward, award, actor)
    if award.status not in expected:
        raise ValidationError(_("The badge is %(status)s: this step does not apply.")
                              % {"status": award.get_status_display().lower()})  # fmt: skip
    return award


@transaction.atomic
def decide_badge(
    award: BadgeAward, *, decision_number: str, decision_on: dt.date, issued_by: str, actor=None
) -> BadgeAward:
    """The competent committee's decision awarding a proposed badge."""
    award = _begin(award, actor, BadgeStatus.PROPOSED)
    award.decision_number = require_decision_number(decision_number)
    if not issued_by.strip():
        raise ValidationError({"issued_by": _("Name the body that issued the decision.")})
    check_not_before(decision_on, award.proposed_on, "decision_on",
                     _("The decision cannot be before the proposal (%(date)s)."))  # fmt: skip
    check_not_future(decision_on, "decision_on")
    award.decision_on, award.issued_by = decision_on, issued_by.strip()
    award.status = BadgeStatus.DECIDED
    save(award, actor)
    return award


@transaction.atomic
def present_badge(award: BadgeAward, *, presented_on: dt.date, actor=None) -> BadgeAward:
    """The ceremony at which the decided badge is presented."""
    award = _begin(award, actor, BadgeStatus.DECIDED)
    check_not_before(presented_on, award.decision_on, "presented_on",
                     _("The ceremony cannot be before the decision (%(date)s)."))  # fmt: skip
    check_not_future(presented_on, "presented_on")
    award.presented_on, award.status = presented_on, BadgeStatus.PRESENTED
    save(award, actor)
    return award


def _note(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"note": _("State the reason.")})
    return reason


@transaction.atomic
def withdraw_badge(award: BadgeAward, *, note: str, actor=None) -> BadgeAward:
    """Drop a proposal not yet decided, with the reason (the member may be proposed again)."""
    award = _begin(award, actor, BadgeStatus.PROPOSED)
    award.note, award.status = _note(note), BadgeStatus.WITHDRAWN
    save(award, actor)
    return award


@transaction.atomic
def return_badge(award: BadgeAward, *, date: dt.date, note: str = "", actor=None) -> BadgeAward:
    """An expelled member gives the badge back (DOMAIN.md §19)."""
    award = _begin(award, actor, BadgeStatus.DECIDED, BadgeStatus.PRESENTED)
    if award.member.status != MemberStatus.EXPELLED:
        raise ValidationError(_("Only an expelled member returns the badge (%(basis)s).")
                              % {"basis": award.legal_basis})  # fmt: skip
    check_not_future(date)
    award.returned_on, award.note = date, note.strip()
    award.status = BadgeStatus.RETURNED
    save(award, actor)
    return award


@transaction.atomic
def reissue_badge(award: BadgeAward, *, date: dt.date, note: str, actor=None) -> BadgeAward:
    """A lost badge re-issued, for the reason given."""
    award = _begin(award, actor, BadgeStatus.PRESENTED)
    check_not_before(date, award.presented_on, "date",
                     _("The re-issue cannot be before the ceremony (%(date)s)."))  # fmt: skip
    check_not_future(date)
    award.reissued_on, award.note = date, _note(note)
    save(award, actor)
    return award


@transaction.atomic
def family_keeps_badge(award: BadgeAward, *, note: str = "", actor=None) -> BadgeAward:
    """The family of a member who died keeps the badge."""
    award = _begin(award, actor, BadgeStatus.DECIDED, BadgeStatus.PRESENTED)
    if award.member.status != MemberStatus.DECEASED:
        raise ValidationError(_("The family keeps the badge of a member who has died."))
    award.family_keeps, award.note = True, note.strip()
    save(award, actor)
    return award
