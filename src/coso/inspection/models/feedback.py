"""Letters and comments (góp ý, phản ánh) on an organization or a member, routed to the
competent committee, answered by a deadline (KH 74-KH/ĐUK §III.6; DOMAIN §6).

The sender's identity (`SENDER_FIELDS`) is shown only to those handling the item: the
handling scope (`scope.handles`) over the committee it is routed to, and the sender themself.
Everyone else who sees the item (the organization it is about, through the records scope)
reads `Feedback.sender_shown_to(user)` as "kept confidential".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import optional_ref
from coso.members.models import Member
from coso.orgs.models import Organization, organization_ref

from ..choices import FeedbackChannel, FeedbackOutcome, FeedbackState, SenderKind
from ..scope import HandledQuerySet, handler_q, handles
from .inspection import Inspection

#: the fields that name the sender: never serialized, shown or exported outside the handlers
SENDER_FIELDS = ("sender_name", "sender_contact", "sender_member", "sender_user")


class FeedbackQuerySet(HandledQuerySet):
    """Changed (answered) by the handlers of the committee it is routed to; seen in the records
    scope of that committee or of the organization it is about; a sender sees their own."""

    scope_path = ("committee__path", "about_organization__path")

    def visible_or_own(self, user):
        own = Q(sender_user=user) if user.is_authenticated else Q(pk__in=[])
        return self.filter(self.visible_q(user) | own)

    def handled_by(self, user):
        return self.filter(handler_q(user, "committee__path"))

    def in_state(self, state: str, today):
        if state == FeedbackState.ANSWERED:
            return self.filter(answered_on__isnull=False)
        if state == FeedbackState.LATE:
            return self.filter(answered_on__isnull=True, answer_due_on__lt=today)
        if state == FeedbackState.OPEN:
            return self.filter(answered_on__isnull=True, answer_due_on__gte=today)
        return self


class Feedback(models.Model):
    committee = organization_ref("feedback_received", _("routed to"))
    about_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="feedback_about",
        verbose_name=_("about the organization"),
    )
    about_member = optional_ref(Member, models.PROTECT, "feedback_about", _("about the member"))
    channel = models.CharField(_("channel"), max_length=8, choices=FeedbackChannel.choices)
    sender_kind = models.CharField(_("from"), max_length=16, choices=SenderKind.choices)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    sender_name = models.CharField(_("sender"), max_length=200, blank=True)
    sender_contact = models.CharField(_("sender's address or phone"), max_length=300, blank=True)
    sender_member = optional_ref(Member, models.SET_NULL, "+", _("sender (member)"))
    sender_user = optional_ref(settings.AUTH_USER_MODEL, models.SET_NULL, "+", _("sent by"))
    summary = models.CharField(_("summary"), max_length=300)
    content = models.TextField(_("content"))
    received_on = models.DateField(_("received on"))
    answer_due_on = models.DateField(_("answer due on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=FeedbackOutcome.choices, blank=True
    )
    inspection = optional_ref(Inspection, models.PROTECT, "feedback", _("inspection opened"))

    history = HistoricalRecords(excluded_fields=list(SENDER_FIELDS))
    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["answer_due_on", "pk"]
        indexes = [
            models.Index(
                fields=["answer_due_on"],
                condition=Q(answered_on__isnull=True),
                name="feedback_open",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(sender_name="", sender_contact=""),
                name="feedback_anonymous_unnamed",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def about(self) -> str:
        return self.about_member.full_name if self.about_member_id else self.about_organization.name

    def state(self, today) -> str:
        if self.answered_on is not None:
            return FeedbackState.ANSWERED
        return FeedbackState.LATE if self.answer_due_on < today else FeedbackState.OPEN

    def sender_visible_to(self, user) -> bool:
        """Whether `user` may know who sent it: a handler of its committee, or the sender."""
        own = self.sender_user_id is not None and getattr(user, "pk", None) == self.sender_user_id
        return own or handles(user, self.committee)

    def sender_shown_to(self, user) -> str:
        """The sender as `user` may read it: the name (and contact) for its handlers,
        "anonymous" when none was given, "kept confidential" for everyone else."""
        if self.anonymous:
            return str(_("Anonymous"))
        if not self.sender_visible_to(user):
            return str(_("Kept confidential"))
        name = self.sender_member.full_name if self.sender_member_id else self.sender_name
        return f"{name} — {self.sender_contact}" if self.sender_contact else name
