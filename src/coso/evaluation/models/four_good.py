"""The four-good checklist (chi bộ bốn tốt, đảng bộ cơ sở bốn tốt) and the monthly
self-assessments against it (DOMAIN.md §17). The criteria are local: an organization (the bloc,
a grassroots committee) sets the checklist for its subtree; an organization uses the checklist
of its nearest ancestor that has one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coso.core.models import Recorded, ref
from coso.core.scope import ScopedQuerySet
from coso.orgs.models import organization_ref

from ..choices import Pillar


class CriterionQuerySet(ScopedQuerySet):
    scope_path = "organization__path"
    scope_never_null = True


class FourGoodCriterion(Recorded):
    """One criterion of a pillar, set by ``organization`` for its subtree."""

    organization = organization_ref("four_good_criteria", _("set by"))
    pillar = models.CharField(_("pillar"), max_length=10, choices=Pillar.choices)
    text = models.CharField(_("criterion"), max_length=255)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("four-good criterion")
        verbose_name_plural = _("four-good criteria")
        ordering = ["organization", "pillar", "position", "id"]

    def __str__(self) -> str:
        return self.text


class CheckQuerySet(ScopedQuerySet):
    scope_path = "organization__path"
    scope_never_null = True


class FourGoodCheck(Recorded):
    """A cell's (or an organization's) self-assessment of one criterion in one month."""

    organization = organization_ref("four_good_checks", _("organization"))
    criterion = ref(FourGoodCriterion, models.PROTECT, "checks", _("criterion"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    met = models.BooleanField(_("met"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("four-good self-assessment")
        verbose_name_plural = _("four-good self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "criterion", "year", "month"], name="four_good_check_once"
            )
        ]
        indexes = [models.Index(fields=["organization", "year", "month"])]
