"""The evaluations counted by decided grade per organization and period, kept by database
triggers (`coso.evaluation.totals`); never written by code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coso.core.scope import ScopedQuerySet
from coso.orgs.models import Organization

from .period import EvaluationPeriod


class TotalsQuerySet(ScopedQuerySet):
    """Counts of an organization: read within the scope of its path (the results pages)."""

    scope_path = "organization__path"


class GradeTotal(models.Model):
    """One organization's evaluations in one period by subject and decided grade (`*_pending`:
    none decided yet): its own (`subtree` false: the evaluations whose organization it is) or
    its whole subtree's, itself included (`subtree` true)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    period = models.ForeignKey(
        EvaluationPeriod, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    subtree = models.BooleanField()
    members_excellent = models.IntegerField(default=0)
    members_good = models.IntegerField(default=0)
    members_complete = models.IntegerField(default=0)
    members_incomplete = models.IntegerField(default=0)
    members_pending = models.IntegerField(default=0)
    organizations_excellent = models.IntegerField(default=0)
    organizations_good = models.IntegerField(default=0)
    organizations_complete = models.IntegerField(default=0)
    organizations_incomplete = models.IntegerField(default=0)
    organizations_pending = models.IntegerField(default=0)

    objects = TotalsQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluations counted by grade")
        verbose_name_plural = _("evaluations counted by grade")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period", "subtree"], name="evaluation_grade_total"
            ),
        ]
