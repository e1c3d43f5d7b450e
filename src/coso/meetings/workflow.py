"""Workflow steps voted on at a meeting: the registry of their kinds.

A cell votes at its meeting on an admission (the cell's resolution on a candidate), on the
recognition of a probationary member, and later on a discipline case. The vote is recorded once,
by `coso.meetings.admission.record_workflow_vote`: its counts are checked against the meeting's
attendance (vote base, voters present, quorum) and the kind's own step service (the app that
owns the step: admission, discipline) records the step with the meeting's date and counts.

Each kind says what may be voted on at a meeting (`eligible`), how to find a subject the user
may see (`visible`), how to name it, which page shows it and which step service to call. The two
admission kinds are registered by `MeetingsConfig.ready()`; an app above meetings (discipline)
registers its own from its `AppConfig.ready()`, as the to-do sources do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.admission import services as admission
from coso.admission.choices import CandidateStatus, Step
from coso.admission.models import Candidate, step_before, with_probation_start
from coso.core.deadlines import probation_ends_on
from coso.core.rules import rule_in_force
from coso.members.choices import MemberStatus
from coso.members.models import Member


@dataclass(frozen=True)
class WorkflowVoteKind:
    """One kind of workflow vote.

    ``record(subject, *, meeting, votes_for, votes_against, vote_base, actor)`` calls the step's
    own service (one door per step) with the meeting's date and counts, and returns the legal
    basis of the share the vote needed; it refuses (a `ValidationError`) a vote that does not
    pass or a subject not at that step, and writes nothing then."""

    key: str
    #: "Admission of a candidate"
    label: str | Promise
    #: the subjects this meeting may vote on (of its organization, at the right step), ordered
    eligible: Callable[[Any], QuerySet]
    #: the subjects a user may see (``actor``; the system sees all)
    visible: Callable[[Any], QuerySet]
    #: the vote's subject line in the minutes: "Admission of Nguyễn Văn An"
    subject_text: Callable[[Any], str]
    #: the URL name of the subject's page (one argument: its id)
    url_name: str
    record: Callable[..., str]
    #: what names a subject in a list (for the choices); a person's str is the full name
    label_of: Callable[[Any], str] = str


_KINDS: dict[str, WorkflowVoteKind] = {}


def register(kind: WorkflowVoteKind) -> None:
    """Add a kind (once per key; registering it again replaces it, as a reload does)."""
    _KINDS[kind.key] = kind


def kinds() -> list[WorkflowVoteKind]:
    """The registered kinds, in the order they were registered."""
    return list(_KINDS.values())


def kind_of(key: str) -> WorkflowVoteKind | None:
    return _KINDS.get(key)


def subject_url(key: str, subject_id: int | None) -> str:
    kind = _KINDS.get(key)
    if kind is None or subject_id is None:
        return ""
    return reverse(kind.url_name, args=[subject_id])


# --- the admission app's two votes (DOMAIN.md §2) ----------------------------------------------


def _admission_eligible(meeting) -> QuerySet:
    """Candidates of the meeting's cell whose last step is the one before the cell's resolution,
    done by the meeting's date."""

    return Candidate.objects.filter(
        cell=meeting.organization,
        status=CandidateStatus.IN_PROGRESS,
        step=step_before(Step.CELL_RESOLUTION),
        step_on__lte=meeting.date,
    ).order_by("sort_key", "pk")


def _step_counts(*, votes_for: int, votes_against: int, vote_base: int, actor) -> dict:
    """The vote's counts as the admission steps take them (the vote base: their official
    count)."""
    return {
        "votes_for": votes_for,
        "votes_against": votes_against,
        "official_count": vote_base,
        "actor": actor,
    }


def _record_admission(candidate, *, meeting, **vote) -> str:
    step = admission.record_cell_resolution(candidate, date=meeting.date, **_step_counts(**vote))
    return step.legal_basis


def _recognition_eligible(meeting) -> QuerySet:
    """Probationary members of the meeting's organization whose probation has ended by the
    meeting's date and whose cell has not voted on them yet."""

    rows = with_probation_start(
        Member.objects.filter(organization=meeting.organization, status=MemberStatus.PROBATIONARY)
    ).values_list("pk", "probation_start", "vote_date")
    ids = [
        pk
        for pk, start, voted in rows
        if start is not None and voted is None and probation_ends_on(start) <= meeting.date
    ]
    return Member.objects.filter(pk__in=ids).order_by("sort_key", "pk")


def _record_recognition(member, *, meeting, **vote) -> str:
    admission.record_recognition_vote(member, vote_date=meeting.date, **_step_counts(**vote))
    return rule_in_force("vote_pass_ratio", meeting.date).legal_basis


def register_admission_kinds() -> None:
    """The cell's resolution on a candidate and its recognition vote on a probationary member.
    Called by `MeetingsConfig.ready()`."""

    register(
        WorkflowVoteKind(
            key="admission",
            label=gettext_lazy("Admission of a candidate"),
            eligible=_admission_eligible,
            visible=lambda user: Candidate.objects.visible_to(user),
            subject_text=lambda c: _("Admission of %(name)s") % {"name": c.full_name},
            url_name="candidate_detail",
            record=_record_admission,
        )
    )
    register(
        WorkflowVoteKind(
            key="recognition",
            label=gettext_lazy("Recognition of a probationary member"),
            eligible=_recognition_eligible,
            visible=lambda user: Member.objects.visible_to(user),
            subject_text=lambda m: (
                _("Recognition of %(name)s as an official member") % {"name": m.full_name}
            ),
            url_name="probation_detail",
            record=_record_recognition,
        )
    )
