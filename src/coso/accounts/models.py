"""Role assignments: which user holds which role on which organization, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import Recorded, optional_ref, running_on
from coso.core.scope import ScopedQuerySet
from coso.orgs.models import organization_ref

from .choices import AccountChangeKind, Role


class RoleAssignmentQuerySet(ScopedQuerySet):
    scope_path = "organization__path"

    def current(self, day=None) -> RoleAssignmentQuerySet:
        day = day or timezone.localdate()
        return self.filter(running_on(day, "valid_from", "valid_to", open_start=True))


class RoleAssignment(models.Model):
    """A user's role on an organization; it reaches the organization's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    organization = organization_ref("role_assignments")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("to"), null=True, blank=True, help_text=_("exclusive"))

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        indexes = [models.Index(fields=["user", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization.code}"


class AccountChange(Recorded):
    """One change made to an account on the users-and-roles pages (`services.users`): who
    (`actor`) did what to whom, when. Role rows keep their own field history as well."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_changes",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=AccountChangeKind.choices)
    assignment = optional_ref(RoleAssignment, models.SET_NULL, "changes", _("role assignment"))
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"
