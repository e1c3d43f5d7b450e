"""Transfer letters (inside the system, to and from outside it; permanent or temporary). They
change only through `coso.members.services.transfers` (and `incoming`); the hand-in and start
deadlines are computed once, from the rule in force on the letter's date, and stored, so the
screening and the to-do page filter on them in SQL."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.core.models import optional_ref, ref
from coso.core.scope import scope_q
from coso.core.text import search_words
from coso.members.choices import (
    TransferDirection,
    TransferKind,
    TransferStatus,
)
from coso.members.models.member import word_q
from coso.members.privacy import RecordScopedQuerySet
from coso.orgs.models import Organization

# --- transfers ----------------------------------------------------------------------------


class TransferQuerySet(RecordScopedQuerySet):
    """Letters the user may see: the member's record, the sender or the receiver."""

    scope_path = (
        "member__organization__path",
        "from_organization__path",
        "to_organization__path",
    )

    def receivable_by(self, user) -> TransferQuerySet:
        """Letters addressed to an organization the user may edit."""
        return self.filter(
            scope_q(user, "to_organization__path", edit=True), to_organization__isnull=False
        )

    def sent_by(self, user) -> TransferQuerySet:
        """Letters issued by an organization the user may edit."""
        return self.filter(
            scope_q(user, "from_organization__path", edit=True), from_organization__isnull=False
        )

    def actionable_by(self, user, role: str) -> TransferQuerySet:
        """Letters `user` may act on as `role`: "receiver" (addressed to an organization they
        may edit), "sender" (issued by one), anything else either."""
        if role == "receiver":
            return self.receivable_by(user)
        if role == "sender":
            return self.sent_by(user)
        return self.receivable_by(user) | self.sent_by(user)

    def in_flight(self) -> TransferQuerySet:
        return self.filter(status=TransferStatus.ISSUED)

    def search(self, text: str) -> TransferQuerySet:
        """Letters with every word of `text` (`search_words`) in the member's name, as the
        member list finds it (accent- and đ-insensitive, the word beginning one of the
        member's: `word_q`), or in the letter's number ("12-gt/cb"). A word with a digit is
        looked for in the letter's number only, never in the member's citizen ID or card
        number: the receiver of a letter may not read the member's record before receiving
        it."""
        qs = self
        for word in search_words(text):
            in_number = Q(letter_number__icontains=word)
            if any(c.isdigit() for c in word):
                qs = qs.filter(in_number)
            else:
                qs = qs.filter(word_q(word, "member__search_text") | in_number)
        return qs


class Transfer(models.Model):
    """A transfer letter (giấy giới thiệu sinh hoạt đảng), inside the system or across its edge.

    Inside the system the member keeps counting in the sending organization until the letter is
    received. `hand_in_due` (and `start_due` when the job change is known) are computed at
    issue from the rules in force on those dates; `legal_basis` records which texts applied.
    """

    member = ref("members.Member", models.CASCADE, "transfers", _("member"))
    kind = models.CharField(_("kind"), max_length=12, choices=TransferKind.choices)
    direction = models.CharField(_("direction"), max_length=12, choices=TransferDirection.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=TransferStatus.choices, default=TransferStatus.ISSUED
    )
    from_organization = optional_ref(
        Organization, models.PROTECT, "transfers_out", _("from organization")
    )
    from_outside = models.CharField(_("from (outside the system)"), max_length=255, blank=True)
    to_organization = optional_ref(
        Organization, models.PROTECT, "transfers_in", _("to organization")
    )
    to_outside = models.CharField(_("to (outside the system)"), max_length=255, blank=True)
    letter_number = models.CharField(_("letter number"), max_length=64)
    issued_on = models.DateField(_("letter issued on"))
    change_on = models.DateField(_("job or residence changed on"), null=True, blank=True)
    start_due = models.DateField(_("transfer to start by"), null=True, blank=True)
    started_late = models.BooleanField(_("started late"), default=False)
    hand_in_due = models.DateField(_("letter to be handed in by"), null=True, blank=True)
    until = models.DateField(_("temporary until"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    temporary_placement = optional_ref(
        "members.Placement", models.SET_NULL, "transfer", one_to_one=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    issued_by = optional_ref("auth.User", models.SET_NULL, "+")
    received_by = optional_ref("auth.User", models.SET_NULL, "+")
    closed_by = optional_ref("auth.User", models.SET_NULL, "+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["status", "hand_in_due"]),
            models.Index(fields=["to_organization", "status"]),
            models.Index(fields=["from_organization", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.letter_number} ({self.get_kind_display()})"

    @property
    def destination(self) -> str:
        return self.to_organization.name if self.to_organization_id else self.to_outside

    @property
    def origin(self) -> str:
        return self.from_organization.name if self.from_organization_id else self.from_outside
