"""A workflow step voted on at a meeting (an admission, a recognition; later a discipline case):
one service records the meeting's vote and the step, in one transaction.

The secretary gives only the counts (for, against, abstaining); the vote base, the voters
present and the quorum come from the meeting's attendance, and the step's own service (in the
app that owns the step, `coso.meetings.workflow` says which) records the step dated the
meeting's date with the meeting's vote base as the official members counted."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from coso.core.scope import OutOfScope, is_system
from coso.core.votes import Tally

from ..models import Meeting, MeetingVote
from ..workflow import kind_of
from .parts import check_counts, check_held, lock_meeting, save_vote


@transaction.atomic
def record_workflow_vote(
    meeting: Meeting,
    *,
    workflow: str,
    subject_id: int,
    votes_for: int,
    votes_against: int,
    abstaining: int = 0,
    actor=None,
) -> MeetingVote:
    """The meeting votes on a workflow step (``workflow``, a registered kind) about the subject
    ``subject_id`` (a candidate, a probationary member of the meeting's organization, at that
    step). Records the step through its own service and the vote, linked to it. Refused: the
    minutes adopted, no attendance, no quorum, more votes than voters present, a subject not
    of this organization or not at that step, and a vote that does not reach the step's share
    (the step's rule, e.g. two thirds of the official members for an admission). A subject the
    actor may not see is a 404."""
    meeting = lock_meeting(meeting, actor)
    kind = kind_of(workflow)
    if kind is None:
        raise ValidationError({"workflow": _("Choose what the vote is on.")})
    check_held(meeting)
    tally = Tally(votes_for, votes_against, abstaining)
    check_counts(meeting, tally)
    subject = kind.eligible(meeting).filter(pk=subject_id).first()
    if subject is None:
        if not is_system(actor) and not kind.visible(actor).filter(pk=subject_id).exists():
            raise OutOfScope
        raise ValidationError(
            {
                "subject": _(
                    "%(what)s: this is not one of the cases %(org)s may vote on at this "
                    "meeting (of the organization, at that step, not voted on yet)."
                )
                % {"what": kind.label, "org": meeting.organization.name}
            }
        )
    basis = kind.record(
        subject,
        meeting=meeting,
        votes_for=votes_for,
        votes_against=votes_against,
        vote_base=meeting.vote_base,
        actor=actor,
    )
    # the minutes' text, in the system's language whatever the user's
    with translation.override(settings.LANGUAGE_CODE):
        text = kind.subject_text(subject)[:255]
    return save_vote(
        meeting,
        text,
        tally,
        passed=True,
        legal_basis=basis,
        actor=actor,
        workflow=kind.key,
        workflow_subject_id=subject.pk,
    )
