"""An evaluation period (đợt đánh giá, xếp loại), opened by a superior for its subtree."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.core.models import Recorded
from coso.core.scope import ScopedQuerySet
from coso.orgs.models import Organization, organization_ref

from ..choices import PeriodKind, PeriodStatus


class PeriodQuerySet(ScopedQuerySet):
    scope_path = "organization__path"
    scope_never_null = True

    def covering(self, org: Organization) -> PeriodQuerySet:
        """The periods opened by ``org`` or by one of its ancestors (they cover ``org``)."""
        return self.filter(organization__path__in=org.ancestor_paths())


class EvaluationPeriod(Recorded):
    """A year (or a term, a quarter, a period when needed) evaluated in a superior's subtree,
    with its calendar: cells by a date, grassroots organizations by a date, the superior by a
    date (the deadlines on the to-do list)."""

    organization = organization_ref("evaluation_periods", _("opened by"))
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    label = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("evaluated from"))
    ends_on = models.DateField(_("evaluated to"))
    cells_due_on = models.DateField(_("cells done by"))
    grassroots_due_on = models.DateField(_("grassroots organizations done by"))
    superior_due_on = models.DateField(_("the superior done by"))
    status = models.CharField(
        _("status"), max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation period")
        verbose_name_plural = _("evaluation periods")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "starts_on"], name="evaluation_period_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="evaluation_period_span"
            ),
        ]
        indexes = [models.Index(fields=["year", "kind"])]

    def __str__(self) -> str:
        return self.label

    @property
    def rules_on(self):
        """The date the rules are looked up on: the period's last day (a year's 31 December)."""
        return self.ends_on
