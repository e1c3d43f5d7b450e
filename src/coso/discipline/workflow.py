"""The cell's vote on a discipline case, taken at its meeting: the kind registered in
`coso.meetings.workflow` (called by `DisciplineConfig.ready()`)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.meetings.workflow import WorkflowVoteKind, register

from . import services
from .choices import CaseStatus, Penalty, Step, SubjectKind
from .models import DisciplineCase


def _eligible(meeting) -> QuerySet:
    """The cell's cases of its members whose self-review is done by the meeting's date."""
    return (
        DisciplineCase.objects.filter(
            organization=meeting.organization,
            status=CaseStatus.OPEN,
            step=Step.SELF_REVIEW,
            step_on__lte=meeting.date,
        )
        .exclude(subject_kind=SubjectKind.ORGANIZATION)
        .order_by("sort_key", "pk")
    )


def _record(case, *, meeting, votes_for, votes_against, vote_base, actor) -> str:
    return services.record_cell_vote(
        case,
        meeting=meeting,
        votes_for=votes_for,
        votes_against=votes_against,
        vote_base=vote_base,
        actor=actor,
    )


def _subject_text(case) -> str:
    return _("Discipline of %(name)s: %(penalty)s") % {
        "name": case.subject_name,
        "penalty": Penalty(case.proposed_penalty).label.lower(),
    }


def register_discipline_kind() -> None:
    register(
        WorkflowVoteKind(
            key="discipline",
            label=gettext_lazy("Discipline of a member"),
            eligible=_eligible,
            visible=lambda user: DisciplineCase.objects.visible_to(user),
            subject_text=_subject_text,
            url_name="discipline_case",
            record=_record,
            label_of=lambda case: case.subject_name,
        )
    )
