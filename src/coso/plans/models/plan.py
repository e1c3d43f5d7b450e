"""A plan (kế hoạch) issued by a committee for its subtree, and its targets (chỉ tiêu)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import Recorded
from coso.core.scope import ScopedQuerySet
from coso.orgs.models import Organization, organization_ref

from ..choices import Measure, Unit


class PlanQuerySet(ScopedQuerySet):
    scope_path = "organization__path"

    def covering(self, org: Organization) -> PlanQuerySet:
        """The plans issued by ``org`` or by one of its ancestors (they cover ``org``)."""
        return self.filter(organization__path__in=org.ancestor_paths())


class Plan(Recorded):
    """A committee's plan for its subtree over a span of years (KH 74-KH/ĐUK: 2022–2030)."""

    organization = organization_ref("plans", _("issued by"))
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("issued on"))
    # what the plan implements (Resolution 21-NQ/TW, the city's plan)
    basis = models.CharField(_("implements"), max_length=500, blank=True)
    first_year = models.PositiveSmallIntegerField(_("from year"))
    last_year = models.PositiveSmallIntegerField(_("to year"))

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="plan_number_unique"),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="plan_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}"


class TargetQuerySet(ScopedQuerySet):
    scope_path = "plan__organization__path"


class Target(models.Model):
    """One measurable target of a plan: a measure, its goal (at least ``goal_min``, at most
    ``goal_max``; either may be empty, both for a target followed for information) and the
    years it applies to, with the plan's words."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="targets", verbose_name=_("plan"))
    measure = models.CharField(_("measure"), max_length=30, choices=Measure.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    goal_min = models.DecimalField(
        _("at least"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # "above 90%": the value must exceed goal_min, not just reach it
    goal_min_exclusive = models.BooleanField(_("strictly above"), default=False)
    goal_max = models.DecimalField(
        _("at most"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    first_year = models.PositiveSmallIntegerField(_("from year"))
    last_year = models.PositiveSmallIntegerField(_("to year"))
    # the plan's own words for the target (quoted on the dashboard and in reports)
    wording = models.TextField(_("wording in the plan"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "position", "id"]
        # a target may have no goal: the ones the plan implies without a number (removals,
        # four-good, discipline, dues) are followed for information (docs/decisions.md)
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="target_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_measure_display()}"


class TargetShareQuerySet(ScopedQuerySet):
    scope_path = "organization__path"


class TargetShare(Recorded):
    """A target split down to one organization for one year (each grassroots organization's
    admission quota), set by its superior. Replaces the target's goal for that organization."""

    target = models.ForeignKey(
        Target, models.CASCADE, related_name="shares", verbose_name=_("target")
    )
    organization = organization_ref("target_shares")
    year = models.PositiveSmallIntegerField(_("year"))
    goal_min = models.DecimalField(
        _("at least"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    goal_max = models.DecimalField(
        _("at most"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    # who set which goal when (the superior may change a share during the year)
    history = HistoricalRecords()
    objects = TargetShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("target share")
        verbose_name_plural = _("target shares")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "organization", "year"], name="target_share_unique"
            ),
            models.CheckConstraint(
                condition=Q(goal_min__isnull=False) | Q(goal_max__isnull=False),
                name="target_share_has_goal",
            ),
        ]
