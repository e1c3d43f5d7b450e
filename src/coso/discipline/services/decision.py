"""The cell's meeting and secret ballot, the proposal upward with its file, the decision (an
expulsion ends the membership through the members' registry) and the state body's notice."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future
from coso.core.deadlines import discipline_appeal_due_on, discipline_state_notice_due_on
from coso.core.services import check_not_before, require_decision_number
from coso.documents.services import issue_document
from coso.meetings.models import Meeting
from coso.members import services as members
from coso.members.choices import EventKind
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from ..choices import CaseStatus, DecidingBody, Penalty, Step, SubjectKind
from ..documents import KIND as DECISION_KIND
from ..models import CaseStep, DisciplineCase
from .parts import begin_step, lock_case, require_edit, save_case, write_step
from .rules import check_competence, check_limitation, check_penalty_allowed, check_vote


@transaction.atomic
def record_cell_vote(
    case: DisciplineCase,
    *,
    meeting: Meeting,
    votes_for: int,
    votes_against: int,
    vote_base: int | None = None,
    actor=None,
) -> str:
    """The cell's meeting votes by secret ballot on the penalty proposed for its member. The
    share is of ALL official members (the meeting's vote base), not of those present: more than
    half for reprimand, warning or dismissal, at least two thirds to propose expulsion. Called
    through `coso.meetings.services.record_workflow_vote` (the meeting's vote, one door);
    returns the legal basis of the share."""
    case = begin_step(case, Step.CELL_VOTE, meeting.date, actor)
    if meeting.organization_id != case.organization_id or meeting.vote_base is None:
        raise ValidationError(
            {"meeting": _("The vote is taken at a meeting of %(org)s with its attendance "
                          "recorded.") % {"org": case.organization.name}}
        )  # fmt: skip
    base = meeting.vote_base
    if vote_base is not None and vote_base != base:
        raise ValidationError({"vote_base": _("The vote base is the meeting's.")})
    if votes_for < 0 or votes_against < 0 or votes_for + votes_against > base:
        raise ValidationError(
            {"votes_for": _("There are more votes (%(votes)d) than official members (%(count)d).")
             % {"votes": votes_for + votes_against, "count": base}}
        )  # fmt: skip
    penalty = case.proposed_penalty
    check_penalty_allowed(case, penalty, meeting.date, "votes_for")
    basis = check_vote(penalty, votes_for=votes_for, vote_base=base, day=meeting.date)
    case.voted_penalty = penalty
    write_step(case, Step.CELL_VOTE, date=meeting.date, actor=actor, penalty=penalty,
               organization=case.organization, meeting=meeting, votes_for=votes_for,
               votes_against=votes_against, vote_base=base, legal_basis=basis)  # fmt: skip
    return basis


def _penalty_of_case(case: DisciplineCase) -> str:
    """The penalty the case's handling proposes: the cell's vote, else the case's."""
    return case.voted_penalty or case.proposed_penalty


@transaction.atomic
def propose_upward(
    case: DisciplineCase,
    *,
    to: Organization,
    date: dt.date,
    document_number: str = "",
    note: str = "",
    actor=None,
) -> DisciplineCase:
    """Send the case with its file (self-review, minutes, ballot count, record of the breach)
    to an organization above the one handling it, for a penalty it may not decide itself."""
    case = begin_step(case, Step.PROPOSAL, date, actor)
    handling = case.organization
    if to.pk == handling.pk or not handling.path.startswith(to.path):
        raise ValidationError(
            {
                "to": _("A case is proposed to an organization above %(org)s.")
                % {"org": handling.name}
            }
        )
    case.proposed_to = to
    write_step(case, Step.PROPOSAL, date=date, actor=actor, penalty=_penalty_of_case(case),
               organization=to, document_number=document_number, note=note.strip())  # fmt: skip
    return case


@transaction.atomic
def record_decision(
    case: DisciplineCase,
    *,
    penalty: str,
    decided_by: Organization,
    date: dt.date,
    decision_number: str = "",
    body: str = DecidingBody.COMMITTEE,
    signer_name: str = "",
    received_on: dt.date | None = None,
    state_body: str | None = None,
    note: str = "",
    actor=None,
) -> DisciplineCase:
    """The competent organization's decision: the penalty, its date, and the decision itself,
    issued through the documents register by its committee or inspection committee (`body`;
    signed by the secretary or the chair on the roster, or `signer_name`) and numbered there;
    a `decision_number` given by hand (a decision issued on paper outside coso) is recorded as
    given, with no document. Refused: an organization not competent for the penalty (the cell
    decides only reprimand or warning of its own members, after its vote on that penalty), a
    penalty the subject may not be given, a limitation period passed, no signer. An expulsion
    ends the membership (the members' registry). The appeal's last day counts from the day the
    subject received the decision; a member working in a state body makes the state body's
    notice a to-do."""
    case = begin_step(case, Step.DECISION, date, actor)
    require_edit(actor, decided_by)
    number = require_decision_number(decision_number) if decision_number.strip() else ""
    if penalty not in Penalty.values:
        raise ValidationError({"penalty": _("Choose the penalty from the list.")})
    if body not in DecidingBody.values or (
        body == DecidingBody.INSPECTION_COMMITTEE and decided_by.kind in CELL_KINDS
    ):
        raise ValidationError(
            {"body": _("A decision is made by the organization's committee or by its inspection "
                       "committee (a cell has none).")}
        )  # fmt: skip
    check_penalty_allowed(case, penalty, date, "penalty")
    check_limitation(case, penalty, case.opened_on, "penalty")
    basis = check_competence(case, decided_by, penalty, date, "decided_by")
    if (
        decided_by.pk == case.organization_id
        and case.voted_penalty
        and penalty != case.voted_penalty
    ):
        raise ValidationError(
            {"penalty": _("The cell decides the penalty its meeting voted (%(voted)s).")
             % {"voted": Penalty(case.voted_penalty).label}}
        )  # fmt: skip
    received_on = received_on or date
    check_not_before(received_on, date, "received_on",
                     _("The decision is received on or after its date (%(date)s)."))  # fmt: skip
    check_not_future(received_on, "received_on")
    if state_body is not None:
        case.state_body = state_body.strip()
    case.status = CaseStatus.DECIDED
    case.penalty = penalty
    case.decided_by = decided_by
    case.decision_body = body
    case.decision_on = date
    case.received_on = received_on
    case.appeal_due_on = discipline_appeal_due_on(received_on)
    if case.state_body and case.subject_kind != SubjectKind.ORGANIZATION:
        case.state_notice_due_on = discipline_state_notice_due_on(date)
    if not number:
        save_case(case, actor)  # the decision's document reads the case as decided
        issued = issue_document(DECISION_KIND, case, issued_on=date, signer_name=signer_name,
                                actor=actor)  # fmt: skip
        case.decision_document = issued
        number = issued.entry.symbol
    case.decision_number = number
    write_step(case, Step.DECISION, date=date, actor=actor, penalty=penalty,
               organization=decided_by, document_number=number, legal_basis=basis,
               note=note.strip())  # fmt: skip
    if penalty == Penalty.EXPULSION:
        members.remove_member(
            case.member, kind=EventKind.EXPELLED, date=date, document_number=number,
            note=_("Discipline decision"), actor=actor,
        )  # fmt: skip
    return case


@transaction.atomic
def record_state_notice(case: DisciplineCase, *, date: dt.date, actor=None) -> DisciplineCase:
    """The state body employing the member told the party organization of its own discipline
    (QĐ 296: within the rule's days of the party's decision)."""
    case = lock_case(case, actor)
    if case.state_notice_due_on is None or case.state_notice_on is not None:
        raise ValidationError(_("No state body's notice is expected for this case."))
    check_not_future(date)
    check_not_before(date, case.decision_on, "date",
                     _("The notice cannot be before the decision (%(date)s)."))  # fmt: skip
    case.state_notice_on = date
    save_case(case, actor)
    return case


def decision_step(case: DisciplineCase) -> CaseStep | None:
    return case.steps.filter(step=Step.DECISION).first()
