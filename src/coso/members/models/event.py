"""The member registry: members, where they belonged when (placements) and what happened."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.core.models import Recorded, optional_ref
from coso.members.choices import EventKind, LeavingReason
from coso.members.privacy import RecordScopedQuerySet
from coso.orgs.models import Organization

#: free text of the record: stored composed (NFC), refused with invisible characters


class MembershipEventQuerySet(RecordScopedQuerySet):
    """A member's record: scoped by the member's organization (where they are now)."""


class MembershipEvent(Recorded):
    """One thing that happened to a member, with its effective date and document."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    from_organization = optional_ref(Organization, models.PROTECT, "+")
    to_organization = optional_ref(Organization, models.PROTECT, "+")
    #: why the member left (a removal event only): re-admission reads it (DOMAIN.md §18);
    #: the database default keeps the COPY loaders, which do not write it, working
    reason = models.CharField(
        _("reason for leaving"),
        max_length=32,
        choices=LeavingReason.choices,
        blank=True,
        default="",
        db_default="",
    )
    note = models.TextField(_("note"), blank=True)

    objects = MembershipEventQuerySet.as_manager()

    #: events whose document is a transfer letter (giấy giới thiệu), not a decision
    LETTER_KINDS = frozenset(
        {
            EventKind.TRANSFERRED_IN,
            EventKind.TRANSFERRED_OUT,
            EventKind.TRANSFER_ISSUED,
            EventKind.TRANSFER_CONFIRMED,
            EventKind.TRANSFER_CANCELLED,
            EventKind.TEMPORARY_STARTED,
            EventKind.TEMPORARY_ENDED,
            EventKind.RESIDENCE_LIAISON,
        }
    )

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["kind", "date"]),
            # a member's events of a kind around a date: the HD 11 movement asks it of every
            # admission (a later admission? a recognition since?); without it SQLite probed
            # the (kind, date) index instead, every admission against all the others
            models.Index(fields=["member", "kind", "date"], name="event_member_kind_date"),
            # a member's admission (the to-do list's probation screening asks it of each
            # probationary member)
            models.Index(
                fields=["member", "date"],
                condition=Q(kind=EventKind.ADMITTED),
                name="event_admitted_member",
            ),
        ]

    @property
    def document_label(self) -> str:
        """What the event's document is called before its number: a letter or a decision."""
        return str(_("Letter") if self.kind in self.LETTER_KINDS else _("Decision"))
