"""Commendations (khen thưởng) of members and organizations, and party badges (Huy hiệu Đảng).

A `Commendation` belongs to the organization that keeps it (a member's organization when it is
recorded, or the organization commended); a `BadgeAward` to the member's organization when it
is proposed. Both are personal records (the records scope), keep their history
(simple_history) and change only through `coso.awards.services`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import Recorded, optional_ref
from coso.core.scope import ScopedQuerySet
from coso.core.text import fold
from coso.members.models import Member
from coso.orgs.models import Organization, organization_ref

from .choices import COUNTED, BadgeStatus, CommendationStatus, Kind, Level, SubjectKind


class AwardQuerySet(ScopedQuerySet):
    scope_path = "organization__path"
    scope_records = True
    scope_never_null = True

    def in_subtree(self, org: Organization):
        return self.filter(organization__path__startswith=org.path)

    def search(self, text: str):
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def vn_ordered(self):
        return self.order_by("sort_key", "id")


class Commendation(Recorded):
    """One commendation: whom (a member or an organization), what (level, kind), why, the year
    it is for and the decision that granted it."""

    organization = organization_ref("commendations", _("kept by"))
    subject_kind = models.CharField(_("subject"), max_length=16, choices=SubjectKind.choices)
    member = optional_ref(Member, models.PROTECT, "commendations", _("member"))
    subject_organization = optional_ref(
        Organization, models.PROTECT, "commendations_received", _("organization commended")
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("name of the award"), max_length=255, blank=True)
    reason = models.TextField(_("reason"))
    year = models.PositiveSmallIntegerField(_("year"))
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_on = models.DateField(_("decision date"))
    issued_by = models.CharField(_("issued by"), max_length=255)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommendationStatus.choices,
        default=CommendationStatus.VALID,
    )
    change_reason = models.TextField(_("reason for the last change"), blank=True)
    # derived (services)
    subject_name = models.CharField(_("subject"), max_length=255)
    sort_key = models.CharField(max_length=255, db_index=True)
    search_text = models.CharField(max_length=400, blank=True)

    history = HistoricalRecords(excluded_fields=["sort_key", "search_text"])
    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["organization", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, subject_organization__isnull=True)
                | Q(member__isnull=True, subject_organization__isnull=False),
                name="commendation_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} — {self.get_kind_display()} {self.year}"


class BadgeAward(Recorded):
    """One party badge of one member: proposed, decided, presented (or withdrawn, returned);
    early for illness with its reason; a re-issue after a loss and the family keeping it after
    a death are notes on the row."""

    organization = organization_ref("badge_awards", _("organization"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="badge_awards", verbose_name=_("member")
    )
    years = models.PositiveSmallIntegerField(_("badge (years)"))
    occasion = models.DateField(_("occasion"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=BadgeStatus.choices, default=BadgeStatus.PROPOSED
    )
    early = models.BooleanField(_("early (serious illness)"), default=False)
    early_reason = models.TextField(_("reason for the early award"), blank=True)
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.CharField(_("proposed by"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)
    presented_on = models.DateField(_("ceremony date"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    reissued_on = models.DateField(_("re-issued on"), null=True, blank=True)
    family_keeps = models.BooleanField(_("kept by the family"), default=False)
    note = models.TextField(_("note"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    # derived (services)
    sort_key = models.CharField(max_length=255, db_index=True)
    search_text = models.CharField(max_length=400, blank=True)

    history = HistoricalRecords(excluded_fields=["sort_key", "search_text"])
    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("party badge")
        verbose_name_plural = _("party badges")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["member", "years"]),
            models.Index(fields=["organization", "occasion"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "years"],
                condition=Q(status__in=COUNTED),
                name="badge_once_per_years",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.years} ({self.get_status_display()})"
