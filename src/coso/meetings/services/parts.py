"""What the meeting steps share: who may act, the lock on a meeting, the checks of times and
of adopted minutes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.core.scope import covers, is_system, user_paths
from coso.core.scope import may_edit as may_edit  # the steps import it from here
from coso.core.scope import require_edit as require_edit
from coso.core.votes import Tally
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from ..choices import MeetingKind, Presence, Standing
from ..models import Meeting, MeetingVote
from ..queries import quorum


def may_record(actor, org: Organization) -> bool:
    """Whether the actor may act for `org`'s meetings: `can_edit` answered from the editing
    scope the user object keeps (the pages ask it for every organization they show, no
    query)."""
    return is_system(actor) or covers(user_paths(actor, edit=True), org.path)


def lock_meeting(meeting: Meeting, actor) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=meeting.pk)
    )
    require_edit(actor, meeting.organization)
    return meeting


def check_unlocked(meeting: Meeting) -> None:
    if meeting.locked:
        raise ValidationError(
            _(
                "The minutes of this meeting were adopted on %(date)s and are locked; a "
                "correction needs its reason."
            )
            % {"date": format_date(timezone.localtime(meeting.adopted_at).date())}
        )


def check_held(meeting: Meeting) -> None:
    """A vote is taken at a meeting whose attendance is recorded and minutes not adopted."""
    check_unlocked(meeting)
    if meeting.vote_base is None:
        raise ValidationError(_("Record the attendance first: the vote is counted against it."))


def check_counts(meeting: Meeting, tally: Tally) -> None:
    """The counts of a vote fit the meeting's attendance: none negative, no more votes than
    voters present, and a quorum present (against the vote base, not those present)."""
    if min(tally.votes_for, tally.votes_against, tally.abstaining) < 0:
        raise ValidationError({"votes_for": _("Votes cannot be negative.")})
    if tally.counted > meeting.voters_present:
        raise ValidationError(
            {
                "votes_for": _(
                    "%(cast)d votes were counted but only %(present)d members who vote are present."
                )
                % {"cast": tally.counted, "present": meeting.voters_present}
            }
        )
    q = quorum(meeting.date, meeting.vote_base, meeting.voters_present)
    if not q.met:
        raise ValidationError(
            _(
                "No quorum: %(present)d of %(base)d members who vote are present; at least "
                "%(needed)d are needed (%(basis)s)."
            )
            % {"present": q.present, "base": q.base, "needed": q.needed, "basis": q.legal_basis}
        )


def save_vote(
    meeting: Meeting, subject: str, tally: Tally, *, passed: bool, legal_basis: str, actor, **step
) -> MeetingVote:
    """The one writer of a meeting's vote: `tally` against the vote base of the meeting's
    attendance, with its history entry; `step` names the workflow step voted on, if any
    (``workflow``, ``workflow_subject_id``)."""
    vote = MeetingVote(
        meeting=meeting,
        subject=subject,
        votes_for=tally.votes_for,
        votes_against=tally.votes_against,
        abstaining=tally.abstaining,
        vote_base=meeting.vote_base,
        passed=passed,
        legal_basis=legal_basis,
        **step,
    )
    vote._history_user = actor
    vote.save()
    return vote


def check_times(starts_at: dt.time | None, ends_at: dt.time | None) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def check_plan(org: Organization, kind: str, topic: str, with_thematic: bool) -> None:
    """A meeting's kind fits the organization, a thematic one has its topic, and only a monthly
    meeting has a thematic part."""
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    if org.kind == OrgKind.GROUP and kind == MeetingKind.COMMITTEE:
        raise ValidationError({"kind": _("A party group has no committee.")})
    if (kind == MeetingKind.THEMATIC or with_thematic) and not topic.strip():
        raise ValidationError({"topic": _("A thematic meeting needs its topic.")})
    if with_thematic and kind != MeetingKind.REGULAR:
        raise ValidationError(
            {"with_thematic": _("Only a monthly meeting can have a thematic part.")}
        )


def default_presence(line) -> str:
    """The mark of a person called (an attendance row or a roster line) unless someone says
    otherwise: present; exempted for the exempted; not called for those away; excused for one
    who excused themselves in advance."""
    if line.standing == Standing.AWAY:
        return Presence.NOT_CALLED
    if getattr(line, "excused_in_advance", False):
        return Presence.EXCUSED
    return Presence.EXEMPTED if line.exempted else Presence.PRESENT
