"""A member's special statuses (exemption, retirement, abroad, ...) and residence liaison with
its yearly feedback. They change only through `coso.members.services.statuses`; deadlines are
computed once, from the rule in force on the event date, and stored, so the screening and the
to-do page filter on them in SQL."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.core.models import Recorded, optional_ref, ref
from coso.members.choices import (
    AbroadPurpose,
    ExemptGroup,
    ExemptionReason,
    FeedbackAssessment,
    StatusKind,
)
from coso.members.privacy import RecordScopedQuerySet
from coso.orgs.models import Organization

# --- statuses -----------------------------------------------------------------------------


class StatusPeriodQuerySet(RecordScopedQuerySet):
    """A member's record: the scope of `RecordScopedQuerySet` (the member's organization)."""

    def open(self) -> StatusPeriodQuerySet:
        return self.filter(ended_on__isnull=True)


class StatusPeriod(Recorded):
    """A special status a member holds over a period: exempted, retired, graduate hold, abroad.

    Exemption also sets the member's status (through `services.set_exemption`); the others
    leave it alone. For a graduate hold, `due_on` (end of the allowed months) and the warning
    dates are computed from the rules in force on the graduation date.
    """

    member = ref("members.Member", models.CASCADE, "status_periods", _("member"))
    kind = models.CharField(_("kind"), max_length=16, choices=StatusKind.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    reason = models.CharField(
        _("reason"), max_length=12, choices=ExemptionReason.choices, blank=True
    )
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=8, choices=AbroadPurpose.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=100, blank=True)
    meeting_place = models.CharField(_("where they meet"), max_length=255, blank=True)
    due_on = models.DateField(_("must transfer by"), null=True, blank=True)
    first_warning_on = models.DateField(_("first warning"), null=True, blank=True)
    second_warning_on = models.DateField(_("second warning"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    ended_by = optional_ref("auth.User", models.SET_NULL, "+")

    objects = StatusPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("status period")
        verbose_name_plural = _("status periods")
        ordering = ["-valid_from", "-id"]
        indexes = [
            models.Index(fields=["kind", "ended_on", "due_on"]),
            models.Index(fields=["kind", "ended_on", "valid_to"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind"],
                condition=Q(ended_on__isnull=True),
                name="status_period_one_open_per_kind",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


# --- residence liaison (QĐ 213) -----------------------------------------------------------


class ResidenceLiaisonQuerySet(RecordScopedQuerySet):
    """A member's record: scoped by the member's organization, not the residence cell's."""

    def open(self) -> ResidenceLiaisonQuerySet:
        return self.filter(ended_on__isnull=True)


class ResidenceLiaison(Recorded):
    """A member's introduction to the party cell where they live (QĐ 213-QĐ/TW).

    A member of an exempt group (`exempt_group`) needs no yearly feedback.
    """

    member = ref("members.Member", models.CASCADE, "residence_liaisons", _("member"))
    residence_cell = models.CharField(_("residence cell"), max_length=255, blank=True)
    residence_organization = optional_ref(
        Organization, models.PROTECT, "+", _("residence cell in the system")
    )
    residence_address = models.CharField(_("residence address"), max_length=255, blank=True)
    introduced_on = models.DateField(_("introduced on"))
    letter_number = models.CharField(_("letter number"), max_length=64, blank=True)
    exempt_group = models.CharField(
        _("exempt group"), max_length=16, choices=ExemptGroup.choices, blank=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ResidenceLiaisonQuerySet.as_manager()

    class Meta:
        verbose_name = _("residence liaison")
        verbose_name_plural = _("residence liaisons")
        ordering = ["-introduced_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="residence_liaison_one_open",
            )
        ]

    def __str__(self) -> str:
        return self.residence_cell or str(self.residence_organization or "")

    @property
    def cell_name(self) -> str:
        if self.residence_organization_id:
            return self.residence_organization.name
        return self.residence_cell


class ResidenceFeedbackQuerySet(RecordScopedQuerySet):
    """A member's record, through the liaison."""

    scope_path = "liaison__member__organization__path"
    scope_member = "liaison__member__pk"


class ResidenceFeedback(Recorded):
    """The residence cell's yearly feedback on a member, recorded before the annual evaluation."""

    liaison = models.ForeignKey(ResidenceLiaison, on_delete=models.CASCADE, related_name="feedback")
    year = models.PositiveSmallIntegerField(_("year"))
    received_on = models.DateField(_("received on"))
    content = models.TextField(_("content"), blank=True)
    assessment = models.CharField(_("assessment"), max_length=8, choices=FeedbackAssessment.choices)

    objects = ResidenceFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("residence feedback")
        verbose_name_plural = _("residence feedback")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["liaison", "year"], name="residence_feedback_yearly")
        ]
