"""An import job: one uploaded file, its preview, and the progress of applying it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.core.models import BackgroundJob, optional_ref
from coso.core.scope import NOTHING, ScopedQuerySet


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    REFUSED = "refused", _("The file cannot be read")
    QUEUED = "queued", _("Waiting for the background worker")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed, nothing was imported")


class ImportJobQuerySet(ScopedQuerySet):
    """A job belongs to the user who uploaded it (a superuser sees every job): `visible_q` is
    narrower than the organization's scope. Changing a job needs both: its uploader, still
    holding an editing role over its organization (a job without one names an organization on
    each row, and `existing.Scope` checks every row against the uploader's editing scope)."""

    scope_path = "organization__path"

    def visible_q(self, user) -> Q:
        if user is None or not user.is_authenticated:
            return NOTHING
        if user.is_superuser:
            return Q()
        return Q(user=user)

    def editable_q(self, user) -> Q:
        own = self.visible_q(user)
        if not own:  # a superuser
            return own
        return own & (Q(organization__isnull=True) | super().editable_q(user))


class ImportJob(BackgroundJob):
    """One member import: the stored file, the preview counts and the apply progress.

    The page polls `progress` (0-100) while the background worker checks or applies the job.
    Rows are written in one transaction, so a failed job has written nothing.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, default="members")
    user = optional_ref(settings.AUTH_USER_MODEL, models.SET_NULL, "+")
    organization = optional_ref(
        "orgs.Organization",
        models.SET_NULL,
        "+",
        _("organization"),
        help_text=_("rows must fall inside this organization's subtree"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    stored_file = models.CharField(max_length=500, blank=True)
    sheet_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    skip_invalid = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(default=0)
    #: 0-100 while checking or importing (the page's progress bar polls it)
    progress = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=12, blank=True)
    new_rows = models.PositiveIntegerField(default=0)
    updated_rows = models.PositiveIntegerField(default=0)
    unchanged_rows = models.PositiveIntegerField(default=0)
    invalid_rows = models.PositiveIntegerField(default=0)
    #: the preview shown to the user: row errors and changes (first few hundred of each)
    preview = models.JSONField(default=dict, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.REFUSED)

    @property
    def is_busy(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.RUNNING)
