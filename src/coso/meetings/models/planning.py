"""The day of the month by which an organization's cells plan their next monthly meeting."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.scope import ScopedQuerySet
from coso.orgs.models import organization_ref

#: the latest day a committee may set: every month has it
LAST_PLANNING_DAY = 28


class PlanningDayQuerySet(ScopedQuerySet):
    scope_path = "organization__path"
    scope_never_null = True


class PlanningDay(models.Model):
    """The committee's rule for its subtree (HD 42's monthly meeting, DOMAIN.md §5): each cell
    under `organization` plans next month's monthly meeting (date and topic) by `day` of this
    month. A deeper organization's own day wins over its committee's."""

    # the organization's own rule: gone with it
    organization = organization_ref("planning_day", on_delete=models.CASCADE, one_to_one=True)
    day = models.PositiveSmallIntegerField(
        _("day of the month"),
        validators=[MinValueValidator(1), MaxValueValidator(LAST_PLANNING_DAY)],
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )

    history = HistoricalRecords()
    objects = PlanningDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("planning day")
        verbose_name_plural = _("planning days")
        ordering = ["organization"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day__gte=1, day__lte=LAST_PLANNING_DAY),
                name="planning_day_in_every_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.day}"
