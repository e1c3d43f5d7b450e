"""Feedback (góp ý, phản ánh; KH 74-KH/ĐUK §III.6), one step a function:

- `receive_feedback`: the office records a letter or comment from a member, staff, a mass
  organization or a citizen about an organization or a member, routed to the competent
  committee (`competent_committee`, or another committee above the subject), with the answer's
  deadline (rule `feedback_answer_days`); anonymous items carry no name;
- `send_feedback`: a logged-in member sends one (named, or anonymous: nothing of them kept);
- `answer_feedback`: the answer and its outcome: closed, or passed to inspection (an
  inspection on signs of violation of the same subject is opened by the committee).

Each step is atomic, locks its subject, re-checks under the lock and refuses with a Vietnamese
message, writing nothing. Out of scope: 404 (`OutOfScope`). ``actor=None`` is the system.
The sender is never written to the history (`Feedback.history` leaves the sender's fields out;
an item a member sends records no user).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future
from coso.core.deadlines import feedback_answer_due
from coso.core.scope import OutOfScope, scope_q
from coso.core.services import check_not_before
from coso.documents.issuing import grassroots_of
from coso.members.models import Member
from coso.orgs.choices import GRASSROOTS_KINDS, OrgKind
from coso.orgs.models import Organization

from ..choices import FeedbackChannel, FeedbackOutcome, PlanBody, SenderKind
from ..models import Feedback
from .inspections import open_on_signs
from .parts import INSPECTION_COMMITTEE_KINDS, require_handler, text


def competent_committee(about: Organization, member: Member | None = None) -> Organization:
    """Who answers: for a member, their grassroots organization; for a cell, a sub-committee
    or a group, its grassroots organization; for a grassroots organization or a superior
    committee, the committee above it (the tree's root answers for itself)."""
    if member is not None:
        return grassroots_of(member.organization)
    if about.kind in GRASSROOTS_KINDS or about.kind == OrgKind.SUPERIOR:
        return about.get_parent() or about
    return grassroots_of(about)


def _subject(about_organization, about_member):
    if about_member is not None:
        return about_member.organization
    if about_organization is None:
        raise ValidationError(
            {"about_organization": _("Say which organization or member it is about.")}
        )
    return about_organization


@transaction.atomic
def receive_feedback(
    *,
    about_organization: Organization | None = None,
    about_member: Member | None = None,
    channel: str,
    sender_kind: str,
    summary: str,
    content: str,
    received_on: dt.date,
    anonymous: bool = False,
    sender_name: str = "",
    sender_contact: str = "",
    sender_member: Member | None = None,
    committee: Organization | None = None,
    actor=None,
) -> Feedback:
    """Record a letter or comment received on `received_on`. Refused: outside the handling
    scope of the committee (404), a committee not above the subject, no content, a date in the
    future, a named item without a name, an anonymous one with a name."""
    about = _subject(about_organization, about_member)
    committee = committee or competent_committee(about, about_member)
    committee = Organization.objects.select_for_update().get(pk=committee.pk)
    require_handler(actor, committee)
    if not about.path.startswith(committee.path):
        raise ValidationError(
            {"committee": _("%(org)s does not answer for %(about)s.")
             % {"org": committee.name, "about": about.name}}
        )  # fmt: skip
    if channel not in (FeedbackChannel.LETTER, FeedbackChannel.COMMENT):
        raise ValidationError({"channel": _("Choose a letter or a comment.")})
    if sender_kind not in SenderKind.values:
        raise ValidationError({"sender_kind": _("Say who gives the feedback.")})
    sender_name, sender_contact = (sender_name or "").strip(), (sender_contact or "").strip()
    if anonymous and (sender_name or sender_contact or sender_member):
        raise ValidationError(
            {"anonymous": _("Anonymous feedback carries no name, address or member.")}
        )
    if not anonymous and not (sender_name or sender_member):
        raise ValidationError({"sender_name": _("Write the sender's name, or mark it anonymous.")})
    check_not_future(received_on, "received_on")
    return _write(
        committee, about, about_member, summary, content, received_on,
        channel=channel, sender_kind=sender_kind, anonymous=anonymous, sender_name=sender_name,
        sender_contact=sender_contact, sender_member=sender_member, history_user=actor,
    )  # fmt: skip


def _write(committee, about, member, summary, content, received_on, *, history_user, **sender):
    row = Feedback(
        committee=committee, about_organization=about, about_member=member,
        summary=text(summary, "summary", _("Write what it is about in a line.")),
        content=text(content, "content", _("Write the feedback.")),
        received_on=received_on, answer_due_on=feedback_answer_due(received_on), **sender,
    )  # fmt: skip
    row._history_user = history_user
    row.save()
    return row


@transaction.atomic
def send_feedback(
    user,
    *,
    summary: str,
    content: str,
    about_organization: Organization | None = None,
    about_member: Member | None = None,
    anonymous: bool = False,
) -> Feedback:
    """A logged-in member sends feedback about an organization or member they can see; it goes
    to the competent committee. Named: the member's record and account are kept, for the
    handlers only; anonymous: nothing of the sender is kept. Refused: no member record, a
    subject out of sight (404), no content."""
    sender = Member.objects.filter(user=user).select_related("organization").first()
    if sender is None:
        raise ValidationError(_("Feedback is sent by a party member with a record in coso."))
    # the names scope: a member sees the names of the members of their cell, not their records
    names = scope_q(user, "organization__path", edit=False)
    if about_member is not None and not Member.objects.filter(names, pk=about_member.pk).exists():
        raise OutOfScope
    about = _subject(about_organization, about_member)
    if not Organization.objects.visible_to(user).filter(pk=about.pk).exists():
        raise OutOfScope
    committee = competent_committee(about, about_member)
    committee = Organization.objects.select_for_update().get(pk=committee.pk)
    today = timezone.localdate()
    named = {} if anonymous else {"sender_member": sender, "sender_user": user}
    return _write(
        committee, about, about_member, summary, content, today, channel=FeedbackChannel.ONLINE,
        sender_kind=SenderKind.MEMBER, anonymous=anonymous, history_user=None, **named,
    )  # fmt: skip


@transaction.atomic
def answer_feedback(
    feedback: Feedback,
    *,
    answer: str,
    answered_on: dt.date,
    outcome: str,
    inspection_ends_on: dt.date | None = None,
    actor=None,
) -> Feedback:
    """The committee's answer on `answered_on` and its outcome. Passed to inspection: the
    committee (its inspection committee where it has one) opens an inspection on signs of
    violation of the same subject, from the answer's day to `inspection_ends_on`. Refused:
    answered already, no answer, a date before the receipt or in the future, an unknown
    outcome, an inspection with no end."""
    feedback = (
        Feedback.objects.select_for_update(of=("self",))
        .select_related("committee", "about_organization", "about_member")
        .get(pk=feedback.pk)
    )
    require_handler(actor, feedback.committee)
    if feedback.answered_on is not None:
        raise ValidationError(_("This feedback was answered already."))
    answer = text(answer, "answer", _("Write the answer."))
    check_not_future(answered_on, "answered_on")
    check_not_before(answered_on, feedback.received_on, "answered_on",
                     _("The answer comes after the feedback was received (%(date)s)."))  # fmt: skip
    if outcome not in FeedbackOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == FeedbackOutcome.TO_INSPECTION:
        if inspection_ends_on is None or inspection_ends_on < answered_on:
            raise ValidationError(
                {"inspection_ends_on": _("Give the end of the inspection, on or after the "
                                         "answer.")}
            )  # fmt: skip
        committee = feedback.committee
        body = (PlanBody.INSPECTION_COMMITTEE if committee.kind in INSPECTION_COMMITTEE_KINDS
                else PlanBody.COMMITTEE)  # fmt: skip
        subject_org = None if feedback.about_member_id else feedback.about_organization
        feedback.inspection = open_on_signs(
            committee, body, feedback.summary, answered_on, inspection_ends_on, subject_org,
            feedback.about_member, actor,
        )  # fmt: skip
    feedback.answer, feedback.answered_on, feedback.outcome = answer, answered_on, outcome
    feedback._history_user = actor
    feedback.save()
    return feedback
