"""The appeal against a decision (within the rule's period of receiving it; the penalty applies
meanwhile) and its outcome."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import format_date as _d
from coso.core.rules import rule_in_force
from coso.core.services import require_decision_number
from coso.members import services as members
from coso.orgs.models import Organization

from ..choices import AppealOutcome, Penalty, Step
from ..models import DisciplineCase
from .parts import begin_step, require_edit, save_case, write_step
from .rules import check_penalty_allowed


@transaction.atomic
def lodge_appeal(
    case: DisciplineCase, *, date: dt.date, note: str = "", actor=None
) -> DisciplineCase:
    """The subject appeals the decision. Refused after the last day (the rule's days from the
    day the decision was received). The penalty applies while the appeal is heard."""
    case = begin_step(case, Step.APPEAL, date, actor)
    if case.appeal_due_on is not None and date > case.appeal_due_on:
        rule = rule_in_force("discipline_appeal_days", case.received_on)
        raise ValidationError(
            {"date": _("The appeal is too late: it had to be lodged within %(days)d days of "
                       "receiving the decision (%(received)s), by %(due)s (%(basis)s).")
             % {"days": rule.value, "received": _d(case.received_on),
                "due": _d(case.appeal_due_on), "basis": rule.legal_basis}}
        )  # fmt: skip
    case.appealed_on = date
    write_step(case, Step.APPEAL, date=date, actor=actor, penalty=case.penalty, note=note.strip())
    return case


@transaction.atomic
def decide_appeal(
    case: DisciplineCase,
    *,
    outcome: str,
    decided_by: Organization,
    decision_number: str,
    date: dt.date,
    penalty: str = "",
    note: str = "",
    actor=None,
) -> DisciplineCase:
    """The organization above the deciding one settles the appeal: the penalty upheld, changed
    (to another the subject may be given) or annulled. An expulsion annulled or changed to a
    lighter penalty reinstates the member (`members.services.reinstate_member`, its event
    naming this decision); its refusals (the member re-admitted meanwhile, the organization
    dissolved) refuse the outcome, nothing written."""
    case = begin_step(case, Step.APPEAL_OUTCOME, date, actor)
    require_edit(actor, decided_by)
    number = require_decision_number(decision_number)
    first = case.decided_by
    if first is None or decided_by.pk == first.pk or not first.path.startswith(decided_by.path):
        raise ValidationError(
            {"decided_by": _("An appeal is settled by an organization above the one that "
                             "decided (%(org)s).") % {"org": first.name if first else "—"}}
        )  # fmt: skip
    if outcome not in AppealOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome from the list.")})
    if outcome == AppealOutcome.CHANGED:
        if penalty not in Penalty.values or penalty == case.penalty:
            raise ValidationError({"penalty": _("Choose the new penalty.")})
        check_penalty_allowed(case, penalty, date, "penalty")
    else:
        penalty = case.penalty if outcome == AppealOutcome.UPHELD else ""
    if case.penalty == Penalty.EXPULSION and outcome != AppealOutcome.UPHELD:
        _reinstate(case, outcome, penalty, decided_by, number, date, actor)
    case.appeal_outcome = outcome
    if outcome == AppealOutcome.CHANGED:
        case.penalty = penalty
    write_step(case, Step.APPEAL_OUTCOME, date=date, actor=actor, penalty=penalty,
               organization=decided_by, document_number=number, note=note.strip())  # fmt: skip
    save_case(case, actor)
    return case


def _reinstate(case, outcome, penalty, decided_by, number, date, actor) -> None:
    """The member the case expelled is a member again by the appeal's decision."""
    words = {"expulsion": case.decision_number, "number": number, "org": decided_by.name,
             "penalty": Penalty(penalty).label.lower() if penalty else ""}  # fmt: skip
    if outcome == AppealOutcome.ANNULLED:
        note = _("Expulsion %(expulsion)s annulled on appeal by decision %(number)s of %(org)s.")
    else:
        note = _("Expulsion %(expulsion)s changed to %(penalty)s on appeal by decision "
                 "%(number)s of %(org)s.")  # fmt: skip
    members.reinstate_member(case.member, date=date, document_number=number,
                             note=note % words, actor=actor)  # fmt: skip
