"""The review (a member's cell reviews and votes a proposed grade at its meeting; an
organization's grade is proposed by the level that decides it) and the verification (thẩm
định) by the level above. Collectives before individuals, heads before deputies (HD 43)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Set

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.committees.choices import Post
from coso.committees.models import PostHolding
from coso.core.dates import check_not_future, format_date
from coso.core.rules import rule_in_force
from coso.core.scope import OutOfScope
from coso.core.services import check_not_before
from coso.core.votes import passes
from coso.meetings.models import Meeting
from coso.members.models import Member
from coso.orgs.models import Organization

from ..choices import Stage, SubjectKind
from ..eligibility import member_reason, organization_reason
from ..models import Evaluation, EvaluationPeriod
from .parts import check_open, lock_evaluation, may_edit, require_edit
from .rules import check_grade


def _reviewer(ev: Evaluation) -> Organization:
    """Who reviews: a member's cell; an organization's deciding level (its quota unit)."""
    return ev.organization if ev.subject_kind == SubjectKind.MEMBER else ev.quota_unit


def _check_collective_first(ev: Evaluation) -> None:
    """A member is reviewed after their cell's own report (collectives before individuals)
    and a deputy secretary after the secretary (heads before deputies)."""
    if ev.subject_kind != SubjectKind.MEMBER:
        return
    basis = rule_in_force("grade_thresholds", ev.period.ends_on).legal_basis
    cell = Evaluation.objects.filter(
        period=ev.period, subject_kind=SubjectKind.ORGANIZATION, organization=ev.organization
    ).first()
    # a cell reviewed but not graded (founded too late) has no report to wait for
    if cell is None and not organization_reason(ev.organization, ev.period):
        raise ValidationError(_(
            "Collectives before individuals: %(cell)s's own report (form 01) comes before its "
            "members are reviewed (%(basis)s).") % {"cell": ev.organization.name,
                                                    "basis": basis})  # fmt: skip
    refusal = heads_not_reviewed(ev.period, {ev.member_id: ev.organization}).get(ev.member_id)
    if refusal:
        raise ValidationError(refusal)


def heads_not_reviewed(
    period: EvaluationPeriod, members: Mapping[int, Organization], reviewed: Set[int] = frozenset()
) -> dict[int, str]:
    """Heads before deputies, for one member reviewed or many at once (the import): the
    refusal of each of ``members`` (member id: their cell) who is a deputy secretary of their
    cell on the period's last day while the cell's secretary, graded in the period, is not
    reviewed yet (no evaluation, or a self-assessment only) nor among ``reviewed`` (the
    members the same step reviews). At most four queries whatever the number."""
    on = period.ends_on
    cells = {cell.pk: cell for cell in members.values()}
    deputies: set[tuple[int, int]] = set()
    heads: dict[int, int] = {}  # cell: its secretary (the first, as the posts are ordered)
    for cell_id, member_id, post in (
        PostHolding.objects.filter(term__organization_id__in=list(cells),
                                   post__in=(Post.SECRETARY, Post.DEPUTY_SECRETARY))
        .on(on).values_list("term__organization_id", "member_id", "post")
    ):  # fmt: skip
        if post == Post.DEPUTY_SECRETARY:
            deputies.add((cell_id, member_id))
        else:
            heads.setdefault(cell_id, member_id)
    waiting = {m: cell for m, cell in members.items() if (cell.pk, m) in deputies
               and cell.pk in heads}  # fmt: skip
    if not waiting:
        return {}
    wanted = {heads[cell.pk] for cell in waiting.values()} - set(reviewed)
    # a secretary not graded in the period (exempted, admitted late) holds no deputy back
    wanted = {m.pk for m in Member.objects.filter(pk__in=wanted) if not member_reason(m, period)}
    done = set(
        Evaluation.objects.filter(period=period, member_id__in=wanted)
        .exclude(stage=Stage.SELF_ASSESSED)
        .values_list("member_id", flat=True)
    )
    basis = rule_in_force("grade_thresholds", on).legal_basis
    return {
        m: _("Heads before deputies: the secretary of %(cell)s is reviewed before the deputy "
             "secretary (%(basis)s).") % {"cell": cell.name, "basis": basis}
        for m, cell in waiting.items()
        if heads[cell.pk] in wanted and heads[cell.pk] not in done
    }  # fmt: skip


def _check_meeting(ev: Evaluation, meeting: Meeting | None, on: dt.date) -> None:
    if meeting is None:
        return
    if meeting.organization_id != ev.organization_id:
        raise ValidationError({"meeting": _("The meeting is not %(cell)s's.")
                               % {"cell": ev.organization.name}})  # fmt: skip
    if meeting.date != on:
        raise ValidationError({"meeting": _("The review's date is the meeting's (%(date)s).")
                               % {"date": format_date(meeting.date)}})  # fmt: skip


def _review(ev: Evaluation, grade: str, on: dt.date, meeting: Meeting | None, actor) -> Evaluation:
    check_open(ev.period)
    if ev.stage != Stage.SELF_ASSESSED:
        raise ValidationError(_("%(name)s was already reviewed on %(date)s.")
                              % {"name": ev.subject_name, "date": format_date(ev.reviewed_on)})  # fmt: skip
    check_not_future(on, "reviewed_on")
    check_not_before(on, ev.self_assessed_on, "reviewed_on",
                     _("The review comes after the self-assessment (%(date)s)."))  # fmt: skip
    _check_collective_first(ev)
    _check_meeting(ev, meeting, on)
    check_grade(ev, grade, ev.period)
    ev.proposed_grade = grade
    ev.reviewed_on = on
    ev.meeting = meeting
    ev.stage = Stage.REVIEWED
    ev._history_user = actor
    ev.save(update_fields=["proposed_grade", "reviewed_on", "meeting", "stage"])
    return ev


@transaction.atomic
def review(
    evaluation: Evaluation, *, grade: str, on: dt.date, meeting: Meeting | None = None, actor=None
) -> Evaluation:
    """The reviewer proposes ``grade`` (a member's cell, at ``meeting`` if given; an
    organization's deciding level). Refused: a grade a rule caps lower, the order (the cell's
    own report first, the secretary before the deputy), a review done, the period closed."""
    ev = lock_evaluation(evaluation, actor=None)
    if not may_edit(actor, _reviewer(ev)):
        raise OutOfScope
    return _review(ev, grade, on, meeting, actor)


@transaction.atomic
def record_cell_vote(
    evaluation: Evaluation, *, meeting: Meeting, votes_for: int, votes_against: int,
    vote_base: int, actor=None,
) -> str:  # fmt: skip
    """The cell's vote at its meeting on the grade the member proposed: it passes with more
    than half of the vote base (Điều lệ Đảng, Điều 9) and makes that grade the cell's proposal.
    Called by `coso.meetings.services.record_workflow_vote` in its transaction (the one door of
    the meeting's vote). Returns the legal basis of the share."""
    ev = lock_evaluation(evaluation, actor=None)
    if not may_edit(actor, ev.organization):
        raise OutOfScope
    share = rule_in_force("resolution_pass_ratio", meeting.date)
    if not passes(votes_for, share.value, vote_base, more_than=True):
        raise ValidationError({"votes_for": _(
            "%(for)d of %(base)d is not more than half: the proposed grade is not adopted "
            "(%(basis)s).") % {"for": votes_for, "base": vote_base,
                               "basis": share.legal_basis}})  # fmt: skip
    _review(ev, ev.self_grade, meeting.date, meeting, actor)
    return share.legal_basis


@transaction.atomic
def verify(
    evaluations, *, by: Organization, on: dt.date, note: str = "", actor=None
) -> list[Evaluation]:
    """The level above the deciding one (``by``) verifies reviewed evaluations before the
    decision. Refused: ``by`` not above the deciding level, one not reviewed yet."""
    require_edit(actor, by)
    check_not_future(on, "verified_on")
    done = []
    for evaluation in evaluations:
        ev = lock_evaluation(evaluation, actor=None)
        unit = ev.quota_unit
        if not (unit.path.startswith(by.path) and unit.path != by.path) and not (
            ev.subject_kind == SubjectKind.ORGANIZATION and unit.pk == by.pk
        ):
            raise ValidationError(_("%(by)s is not above %(unit)s, which decides %(name)s.")
                                  % {"by": by.name, "unit": unit.name, "name": ev.subject_name})  # fmt: skip
        check_open(ev.period)
        if ev.stage != Stage.REVIEWED:
            raise ValidationError(_("%(name)s: only a reviewed evaluation is verified (now: "
                                    "%(stage)s).") % {"name": ev.subject_name,
                                                      "stage": Stage(ev.stage).label})  # fmt: skip
        check_not_before(on, ev.reviewed_on, "verified_on",
                         _("The verification comes after the review (%(date)s)."))  # fmt: skip
        ev.verified_on, ev.verified_by, ev.verification_note = on, by, note[:255]
        ev.stage = Stage.VERIFIED
        ev._history_user = actor
        ev.save(update_fields=["verified_on", "verified_by", "verification_note", "stage"])
        done.append(ev)
    return done
