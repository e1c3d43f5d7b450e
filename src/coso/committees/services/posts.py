"""The roster: a member appointed to a post of a term's committee, and the post ending."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.accounts import services as account_services
from coso.admission.services import official_members_on
from coso.core.dates import format_date
from coso.core.rules import rule_or_earliest
from coso.members.models import Member, Placement
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from ..choices import COMMITTEE_POSTS, Post
from ..models import PostHolding, Term
from .parts import most_at_once, require_superior_edit

#: the inspection committee's seats (a member may sit on it and on the committee at once)
INSPECTION_POSTS = {Post.INSPECTION_CHAIR, Post.INSPECTION_MEMBER}


@transaction.atomic
def appoint(
    term: Term,
    member: Member,
    *,
    post: str,
    started_on: dt.date,
    decision: str = "",
    decision_date: dt.date | None = None,
    actor=None,
) -> PostHolding:
    """`member` holds `post` on `term`'s committee from `started_on` (by `decision`).

    Refused: a date outside the term; a member not placed in the organization or below it on
    that date; a member already holding a seat of the same body; two secretaries at once; in
    a cell, a committee above its size (rules `cell_committee_min_members`, `..._max_members`)
    or, in a cell too small for a committee, any post but secretary and deputies."""
    term = Term.objects.select_for_update().select_related("organization").get(pk=term.pk)
    org = term.organization
    require_superior_edit(actor, org)
    if post not in Post.values:
        raise ValidationError({"post": _("Unknown post: %(post)s") % {"post": post}})
    if decision_date is not None and decision_date > started_on:
        raise ValidationError(
            {"decision_date": _("The decision cannot be dated after the post begins.")}
        )
    _check_within_term(term, started_on)
    _check_belongs(member, org, started_on)
    held = list(
        PostHolding.objects.select_for_update()
        .filter(term__organization=org)
        .exclude(ended_on__lte=started_on)
        .values_list("member_id", "post", "started_on", "ended_on")
    )
    _check_seats(member, post, started_on, held)
    if org.kind in CELL_KINDS:
        _check_cell(org, post, started_on, held)
    return PostHolding.objects.create(
        term=term,
        member=member,
        post=post,
        started_on=started_on,
        decision=decision.strip(),
        decision_date=decision_date,
    )


def _check_within_term(term: Term, day: dt.date) -> None:
    if day < term.congress_date or (term.ended_on is not None and day >= term.ended_on):
        raise ValidationError(
            {
                "started_on": _(
                    "%(date)s is outside the %(start)s–%(end)s term (from its congress on "
                    "%(congress)s to the next one)."
                )
                % {
                    "date": format_date(day),
                    "start": term.start_year,
                    "end": term.end_year,
                    "congress": format_date(term.congress_date),
                }
            }
        )


def _check_belongs(member: Member, org: Organization, day: dt.date) -> None:
    placed = (
        Placement.objects.on(day)
        .official()
        .filter(member=member, organization__path__startswith=org.path)
        .exists()
    )
    if not placed:
        raise ValidationError(
            {
                "member": _(
                    "%(member)s was not a member of %(org)s or of an organization under it on "
                    "%(date)s; only its own members sit on its committee."
                )
                % {"member": member.full_name, "org": org.name, "date": format_date(day)}
            }
        )


def _check_seats(member: Member, post: str, day: dt.date, held: list[tuple]) -> None:
    """One seat per body (committee, inspection committee) per member; one secretary."""
    body = COMMITTEE_POSTS if post in COMMITTEE_POSTS else INSPECTION_POSTS
    if any(m == member.pk and p in body for m, p, _a, _b in held):
        raise ValidationError(
            {
                "member": _("%(member)s already holds a seat on this body.")
                % {"member": member.full_name}
            }
        )
    if post == Post.SECRETARY and any(p == Post.SECRETARY for _m, p, _a, _b in held):
        raise ValidationError(
            {
                "post": _(
                    "An organization has one secretary at a time: end the current secretary's "
                    "post before %(date)s first."
                )
                % {"date": format_date(day)}
            }
        )


def _check_cell(org: Organization, post: str, day: dt.date, held: list[tuple]) -> None:
    """DOMAIN §1: 9+ official members elect a committee of at most 7; fewer elect a
    secretary and, if needed, a deputy (QĐ 24-QĐ/TW, QĐ 294-QĐ/TW)."""
    official = official_members_on(org, day)
    least = rule_or_earliest("cell_committee_min_members", day)
    if official >= least.value:
        most = rule_or_earliest("cell_committee_max_members", day)
        seats = [(a, b) for _m, p, a, b in held if p in COMMITTEE_POSTS]
        if post in COMMITTEE_POSTS and most_at_once(seats, day) > most.value:
            raise ValidationError(
                {
                    "post": _(
                        "A cell committee has at most %(most)d members (%(basis)s); this "
                        "appointment would seat %(seats)d at once."
                    )
                    % {
                        "most": most.value,
                        "basis": most.legal_basis,
                        "seats": most_at_once(seats, day),
                    }
                }
            )
        return
    if post not in (Post.SECRETARY, Post.DEPUTY_SECRETARY):
        raise ValidationError(
            {
                "post": _(
                    "A cell with %(count)d official members (fewer than %(least)d) elects no "
                    "committee, only a secretary and, if needed, a deputy secretary "
                    "(%(basis)s)."
                )
                % {"count": official, "least": least.value, "basis": least.legal_basis}
            }
        )
    deputies = rule_or_earliest("cell_without_committee_max_deputies", day)
    spans = [(a, b) for _m, p, a, b in held if p == Post.DEPUTY_SECRETARY]
    if post == Post.DEPUTY_SECRETARY and most_at_once(spans, day) > deputies.value:
        raise ValidationError(
            {
                "post": _(
                    "A cell with %(count)d official members (fewer than %(least)d) has at most "
                    "%(most)d deputy secretary (%(basis)s)."
                )
                % {
                    "count": official,
                    "least": least.value,
                    "most": deputies.value,
                    "basis": deputies.legal_basis,
                }
            }
        )


@transaction.atomic
def end_post(
    holding: PostHolding, *, ended_on: dt.date, actor=None, reason: str = ""
) -> PostHolding:
    """The post ends on `ended_on` (exclusive: its holder's last day is the day before); the
    coso role granted from it ends with it."""
    holding = (
        PostHolding.objects.select_for_update(of=("self",))
        .select_related("term__organization", "role_assignment")
        .get(pk=holding.pk)
    )
    require_superior_edit(actor, holding.term.organization)
    if holding.ended_on is not None:
        raise ValidationError(
            _("This post already ended on %(date)s.") % {"date": format_date(holding.ended_on)}
        )
    if ended_on <= holding.started_on:
        raise ValidationError(
            {
                "ended_on": _(
                    "A post cannot end before it began: it began on %(start)s, so it ends "
                    "after that day, not on %(end)s."
                )
                % {"start": format_date(holding.started_on), "end": format_date(ended_on)}
            }
        )
    term = holding.term
    if term.ended_on is not None and ended_on > term.ended_on:
        raise ValidationError(
            {
                "ended_on": _("The term ended on %(date)s; its posts end by then.")
                % {"date": format_date(term.ended_on)}
            }
        )
    close_holding(holding, ended_on, reason.strip(), actor)
    return holding


def close_holding(holding: PostHolding, day: dt.date, reason: str, actor) -> None:
    """End a locked holding and the role granted from it (the steps' shared writer)."""
    holding.ended_on = day
    holding.end_reason = reason
    holding.save(update_fields=["ended_on", "end_reason"])
    if holding.role_assignment_id is not None:
        account_services.end_role(holding.role_assignment, valid_to=day, actor=actor)
