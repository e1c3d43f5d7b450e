"""The study of Hồ Chí Minh's thought, morality and style (DOMAIN.md §17): plans and commitments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.scope import ScopedQuerySet
from coso.members.models import Member
from coso.orgs.models import organization_ref


class StudyPlanQuerySet(ScopedQuerySet):
    scope_path = "organization__path"
    scope_never_null = True


class StudyPlan(models.Model):
    """An organization's study plan for a year: the year's theme and its actions."""

    organization = organization_ref("study_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(_("the year's theme"), max_length=255)
    actions = models.TextField(_("the plan's actions"))
    adopted_on = models.DateField(_("adopted on"))

    history = HistoricalRecords()
    objects = StudyPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["-year", "organization"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="study_plan_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.year}"


class CommitmentQuerySet(ScopedQuerySet):
    scope_path = "member__organization__path"
    scope_records = True  # what a member promised and how they judged themselves is personal


class Commitment(models.Model):
    """A member's personal commitment for a year: 2–3 concrete actions tied to their work (the
    rule `study_commitment_actions`), their self-assessment at the year's end and the cell's
    comment on it (who wrote it, when)."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    #: the actions, one string each
    actions = models.JSONField(_("actions committed"))
    signed_on = models.DateField(_("signed on"))
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    assessed_on = models.DateField(_("self-assessed on"), null=True, blank=True)
    cell_comment = models.TextField(_("the cell's comment"), blank=True)
    commented_at = models.DateTimeField(_("commented at"), null=True, blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commented by"),
    )

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal commitment")
        verbose_name_plural = _("personal commitments")
        ordering = ["-year", "member"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="commitment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.year}"
