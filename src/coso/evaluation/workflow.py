"""The cell's vote on a member's proposed grade, taken at its meeting: the kind registered in
`coso.meetings.workflow` (called by `EvaluationConfig.ready()`)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.meetings.workflow import WorkflowVoteKind, register

from . import services
from .choices import Grade, PeriodStatus, Stage, SubjectKind
from .models import Evaluation

KEY = "evaluation"


def _eligible(meeting) -> QuerySet:
    """The self-assessments of the cell's members in an open period, done by the meeting's
    date and not reviewed yet."""
    return (
        Evaluation.objects.filter(
            organization=meeting.organization,
            subject_kind=SubjectKind.MEMBER,
            stage=Stage.SELF_ASSESSED,
            self_assessed_on__lte=meeting.date,
            period__status=PeriodStatus.OPEN,
        )
        .select_related("member", "organization")
        .order_by("sort_key", "pk")
    )


def _record(ev, *, meeting, votes_for, votes_against, vote_base, actor) -> str:
    return services.record_cell_vote(
        ev, meeting=meeting, votes_for=votes_for, votes_against=votes_against,
        vote_base=vote_base, actor=actor,
    )  # fmt: skip


def _subject_text(ev) -> str:
    return _("Grade of %(name)s: %(grade)s") % {
        "name": ev.subject_name, "grade": Grade(ev.self_grade).label.lower()}  # fmt: skip


def register_evaluation_kind() -> None:
    register(
        WorkflowVoteKind(
            key=KEY,
            label=gettext_lazy("Grade proposed by a member"),
            eligible=_eligible,
            visible=lambda user: Evaluation.objects.visible_to(user),
            subject_text=_subject_text,
            url_name="evaluation_detail",
            record=_record,
            label_of=lambda ev: ev.subject_name,
        )
    )
