"""An inspection's or supervision's course, one step a function:

- `set_team`: the team (a leader and members of the inspecting organization's subtree, never
  the member inspected), replaced as a whole while the inspection is open;
- `add_finding`: what the team found (a sign of violation or not), during the inspection;
- `conclude`: the conclusion (violation found or not; proposes discipline), with a team of at
  least the rule's size; its KL document is then issued through the documents register;
- `add_follow_up` / `mark_follow_up_done`: the actions the conclusion asks for, with their
  due dates (default: the rule's days after the conclusion), on the to-do list until done;
- `open_from_supervision`: a concluded supervision with signs of violation opens an
  inspection of the same subject, outside the plan;
- `open_discipline_case`: a conclusion proposing discipline opens the discipline case of
  the same subject (through `coso.discipline.services.open_case`), linked to the inspection.

Each step is atomic, locks its subject, re-checks under the lock and refuses with a Vietnamese
message, writing nothing. Out of scope: 404 (`OutOfScope`). ``actor=None`` is the system.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future, format_date
from coso.core.deadlines import follow_up_due
from coso.core.rules import rule_in_force
from coso.core.services import check_not_before
from coso.discipline import services as discipline_services
from coso.discipline.models import DisciplineCase
from coso.members.models import Member

from ..choices import Activity, InspectionKind, InspectionState, TeamRole
from ..models import Finding, FollowUp, Inspection, TeamMember
from .parts import check_open, lock_inspection, require_handler, text


def _check_team_member(inspection: Inspection, member: Member) -> None:
    if not member.organization.path.startswith(inspection.organization.path):
        raise ValidationError(
            {"members": _("%(name)s is not a member of %(org)s.")
             % {"name": member.full_name, "org": inspection.organization.name}}
        )  # fmt: skip
    if member.pk == inspection.subject_member_id:
        raise ValidationError(
            {"members": _("%(name)s is the member inspected and cannot be on the team.")
             % {"name": member.full_name}}
        )  # fmt: skip


@transaction.atomic
def set_team(inspection: Inspection, *, leader: Member, members=(), actor=None) -> list[TeamMember]:
    """The team: `leader` and `members`, replacing the team recorded. Refused: a concluded
    inspection, no leader, a person twice, someone outside the subtree or the member
    inspected."""
    inspection = lock_inspection(inspection, actor)
    check_open(inspection)
    if leader is None:
        raise ValidationError({"leader": _("Name the team leader.")})
    people = [leader, *members]
    if len({m.pk for m in people}) != len(people):
        raise ValidationError({"members": _("A person is on the team once.")})
    people = list(
        Member.objects.select_related("organization").filter(pk__in=[m.pk for m in people])
    )
    for member in people:
        _check_team_member(inspection, member)
    for row in inspection.team.all():
        row._history_user = actor
        row.delete()
    team = []
    for member in sorted(people, key=lambda m: (m.pk != leader.pk, m.sort_key)):
        row = TeamMember(
            inspection=inspection, member=member,
            role=TeamRole.LEADER if member.pk == leader.pk else TeamRole.MEMBER,
        )  # fmt: skip
        row._history_user = actor
        row.save()
        team.append(row)
    return team


@transaction.atomic
def add_finding(
    inspection: Inspection,
    *,
    finding: str,
    recorded_on: dt.date,
    violation: bool = False,
    actor=None,
) -> Finding:
    """A finding of the team. Refused: a concluded inspection, no text, a date before the
    inspection starts or in the future."""
    inspection = lock_inspection(inspection, actor)
    check_open(inspection)
    body = text(finding, "finding", _("Write the finding."))
    check_not_future(recorded_on, "recorded_on")
    check_not_before(recorded_on, inspection.starts_on, "recorded_on",
                     _("A finding is recorded from the start of the inspection (%(date)s)."))  # fmt: skip
    row = Finding(inspection=inspection, text=body, violation=violation, recorded_on=recorded_on)
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def conclude(
    inspection: Inspection,
    *,
    conclusion: str,
    concluded_on: dt.date,
    violation: bool = False,
    proposes_discipline: bool = False,
    actor=None,
) -> Inspection:
    """Conclude. Refused: concluded already, a team smaller than the rule (with its leader),
    no conclusion, a date before the start or in the future, discipline proposed with no
    violation found.

    A conclusion that proposes discipline records it (`proposes_discipline`); the case is then
    opened by `open_discipline_case`, with what discipline needs (breach, offence, penalty)."""
    inspection = lock_inspection(inspection, actor)
    check_open(inspection)
    body = text(conclusion, "conclusion", _("Write the conclusion."))
    check_not_future(concluded_on, "concluded_on")
    check_not_before(concluded_on, inspection.starts_on, "concluded_on",
                     _("The conclusion comes after the start of the inspection (%(date)s)."))  # fmt: skip
    team = list(inspection.team.values_list("role", flat=True))
    least = rule_in_force("inspection_team_min", concluded_on)
    if len(team) < least.value or TeamRole.LEADER not in team:
        raise ValidationError(
            _("An inspection is concluded by its team: a leader and at least %(n)d people in "
              "all (%(basis)s).") % {"n": least.value, "basis": least.legal_basis}
        )  # fmt: skip
    if proposes_discipline and not violation:
        raise ValidationError(
            {"proposes_discipline": _("Discipline is proposed only where a violation is found.")}
        )
    inspection.conclusion, inspection.concluded_on = body, concluded_on
    inspection.violation, inspection.proposes_discipline = violation, proposes_discipline
    inspection.state = InspectionState.CONCLUDED
    inspection._history_user = actor
    inspection.save()
    return inspection


@transaction.atomic
def add_follow_up(
    inspection: Inspection,
    *,
    what: str,
    responsible: str,
    due_on: dt.date | None = None,
    actor=None,
) -> FollowUp:
    """An action the conclusion asks for, due on `due_on` (default: the rule's days after the
    conclusion). Refused: an inspection not concluded, no action or no one responsible, a due
    date before the conclusion."""
    inspection = lock_inspection(inspection, actor)
    if inspection.state != InspectionState.CONCLUDED:
        raise ValidationError(_("Follow-up actions come with the conclusion: conclude first."))
    what = text(what, "what", _("Write the action."))
    responsible = text(responsible, "responsible", _("Name who is responsible."))
    due_on = due_on or follow_up_due(inspection.concluded_on)
    check_not_before(due_on, inspection.concluded_on, "due_on",
                     _("An action falls due on or after the conclusion (%(date)s)."))  # fmt: skip
    row = FollowUp(inspection=inspection, what=what, responsible=responsible, due_on=due_on)
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def mark_follow_up_done(
    follow_up: FollowUp, *, on: dt.date | None = None, note: str = "", actor=None
) -> FollowUp:
    """The action is done on `on` (today if not given). Refused: done already, a day before
    the conclusion or in the future."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("inspection__organization")
        .get(pk=follow_up.pk)
    )
    require_handler(actor, follow_up.inspection.organization)
    on = on or timezone.localdate()
    if follow_up.done_on is not None:
        raise ValidationError(
            _("This action was done on %(date)s.") % {"date": format_date(follow_up.done_on)}
        )
    check_not_future(on, "on")
    check_not_before(on, follow_up.inspection.concluded_on, "on",
                     _("An action is done after the conclusion (%(date)s)."))  # fmt: skip
    follow_up.done_on, follow_up.done_note = on, (note or "").strip()
    follow_up._history_user = actor
    follow_up.save()
    return follow_up


@transaction.atomic
def open_from_supervision(
    supervision: Inspection, *, topic: str, starts_on: dt.date, ends_on: dt.date, actor=None
) -> Inspection:
    """An inspection on signs of violation of the supervision's subject, by the same
    organization, outside the plan. Refused: not a supervision, not concluded or no signs of
    violation found, an inspection opened from it already, dates before its conclusion."""
    supervision = lock_inspection(supervision, actor)
    if supervision.activity != Activity.SUPERVISION:
        raise ValidationError(_("An inspection is opened from a supervision."))
    if supervision.state != InspectionState.CONCLUDED or not supervision.violation:
        raise ValidationError(
            _("Only a concluded supervision that found signs of violation opens an inspection.")
        )
    if supervision.opened_inspections.exists():
        raise ValidationError(_("An inspection was already opened from this supervision."))
    topic = text(topic, "topic", _("Write what is inspected."))
    check_not_before(starts_on, supervision.concluded_on, "starts_on",
                     _("The inspection starts after the supervision's conclusion (%(date)s)."))  # fmt: skip
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes on or after the start.")})
    return open_on_signs(supervision.organization, supervision.body, topic, starts_on, ends_on,
                 supervision.subject_organization, supervision.subject_member, actor,
                 opened_from=supervision)  # fmt: skip


@transaction.atomic
def open_discipline_case(
    inspection: Inspection,
    *,
    breach: str,
    breach_on: dt.date,
    offence: str,
    proposed_penalty: str,
    opened_on: dt.date,
    holds_office: bool = False,
    actor=None,
) -> DisciplineCase:
    """The discipline case of the inspection's subject (a member or an organization) that its
    conclusion proposes, linked to the inspection. Refused: not concluded or no discipline
    proposed, a case opened from it already, and every refusal of discipline's `open_case`
    (its rules, and the actor's scope over the organization handling the case)."""
    inspection = lock_inspection(inspection, actor)
    if inspection.state != InspectionState.CONCLUDED or not inspection.proposes_discipline:
        raise ValidationError(
            _("A discipline case is opened from a conclusion that proposes discipline.")
        )
    if inspection.discipline_case_id is not None:
        raise ValidationError(_("A discipline case was already opened from this inspection."))
    check_not_before(opened_on, inspection.concluded_on, "opened_on",
                     _("The case is opened on or after the conclusion (%(date)s)."))  # fmt: skip
    case = discipline_services.open_case(
        member=inspection.subject_member, organization=inspection.subject_organization,
        breach=breach, breach_on=breach_on, offence=offence, proposed_penalty=proposed_penalty,
        opened_on=opened_on, holds_office=holds_office, actor=actor,
    )  # fmt: skip
    inspection.discipline_case = case
    inspection._history_user = actor
    inspection.save()
    return case


def open_on_signs(
    org, body, topic, starts_on, ends_on, subject_org, subject_member, actor, **extra
):
    """The row of an inspection on signs of violation (a part of the steps that open one: the
    caller has locked and checked)."""
    inspection = Inspection(
        organization=org, body=body, activity=Activity.INSPECTION, kind=InspectionKind.SIGNS,
        subject_organization=subject_org, subject_member=subject_member, topic=topic,
        starts_on=starts_on, ends_on=ends_on, actor=actor, **extra,
    )  # fmt: skip
    inspection._history_user = actor
    inspection.save()
    return inspection
