"""The register of documents issued (sổ đăng ký văn bản đi) and the series that number them.

A *series* is one run of numbers: per issuing organization and document type, restarting with
each committee term (HD 36-HD/VPTW; DOMAIN.md §13 and §20). The term is the one running on the
document's date (`committees.Term`). An organization with no term recorded on that date numbers
per calendar year instead (`year` set, `term` empty): the office can record the term later, and
documents dated inside it then start a term series. A congress's documents share one series
whatever their type (`congress`, `doc_type` empty, symbol "01-NQ/ĐH").

`Series.last_number` is the counter; `services.issue_number` locks the row to take the next
number, so a number is never given twice; a cancelled number stays in the register, used.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.committees.models import Term
from coso.core.models import BackgroundJob, optional_ref
from coso.core.scope import NOTHING, ScopedQuerySet
from coso.core.text import fold
from coso.members.models import Transfer
from coso.orgs.models import Organization, organization_ref

from .bodies.kinds import BodyKind
from .choices import DEFAULT_BODY_CODES, BatchStatus, DocType


class IssuingBodyQuerySet(ScopedQuerySet):
    scope_path = "organization__path"


class IssuingBody(models.Model):
    """The code an organization signs its documents' symbols with ("ĐUK" in "74-KH/ĐUK"),
    set by the office; without a row, the default of its kind (`choices.DEFAULT_BODY_CODES`)."""

    organization = organization_ref("issuing_body", on_delete=models.CASCADE, one_to_one=True)
    abbreviation = models.CharField(_("body code"), max_length=24)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IssuingBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")

    def __str__(self) -> str:
        return self.abbreviation


def default_abbreviation(organization: Organization) -> str:
    return DEFAULT_BODY_CODES.get(organization.kind, "CB")


class SeriesQuerySet(ScopedQuerySet):
    scope_path = "organization__path"


class Series(models.Model):
    """One run of numbers: an organization's documents of one type (or its congress's) in one
    term, or in one calendar year when no term is recorded."""

    organization = organization_ref("+")
    doc_type = models.CharField(
        _("document type"), max_length=8, choices=DocType.choices, blank=True
    )
    congress = models.BooleanField(_("congress documents"), default=False)
    term = optional_ref(Term, models.PROTECT, "+", _("term"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "doc_type", "congress", "term"],
                condition=Q(term__isnull=False),
                name="series_one_per_term",
            ),
            models.UniqueConstraint(
                fields=["organization", "doc_type", "congress", "year"],
                condition=Q(term__isnull=True),
                name="series_one_per_year",
            ),
            models.CheckConstraint(
                condition=Q(term__isnull=True, year__isnull=False)
                | Q(term__isnull=False, year__isnull=True),
                name="series_term_or_year",
            ),
            models.CheckConstraint(
                condition=Q(congress=True, doc_type="") | Q(congress=False) & ~Q(doc_type=""),
                name="series_type_or_congress",
            ),
        ]

    def __str__(self) -> str:
        period = str(self.term) if self.term_id else str(self.year)
        return f"{self.doc_type or 'ĐH'} {period}"


class RegisterEntryQuerySet(ScopedQuerySet):
    scope_path = "organization__path"
    # an entry's summary names people ("Giấy giới thiệu đồng chí …"): personal records
    scope_records = True

    def search(self, text: str) -> RegisterEntryQuerySet:
        """Accent-insensitive search in the symbol and the summary; every word must match."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class RegisterEntry(models.Model):
    """One number issued: the register's line. Never deleted; a cancelled number stays used."""

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="entries", verbose_name=_("series")
    )
    organization = organization_ref("+")
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=64)
    doc_type = models.CharField(_("document type"), max_length=8, choices=DocType.choices)
    issued_on = models.DateField(_("date"))
    summary = models.CharField(_("summary"), max_length=500)
    issuer = optional_ref(settings.AUTH_USER_MODEL, models.SET_NULL, "+", _("issued by"))
    subject_type = optional_ref(ContentType, models.PROTECT, "+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_by = optional_ref(settings.AUTH_USER_MODEL, models.SET_NULL, "+", _("cancelled by"))
    created_at = models.DateTimeField(auto_now_add=True)
    # folded symbol and summary, stored so both databases search alike
    search_text = models.CharField(max_length=600, editable=False, default="")

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["-issued_on", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="entry_one_per_number"),
        ]
        indexes = [
            models.Index(fields=["organization", "-issued_on", "-number"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return self.symbol

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.symbol} {self.summary}")[:600]
        super().save(*args, **kwargs)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_on is not None


class IssuedDocumentQuerySet(ScopedQuerySet):
    scope_path = "entry__organization__path"
    # the files name people and carry their details
    scope_records = True


def _issued_path(instance: IssuedDocument, filename: str) -> str:
    return f"documents/{instance.entry.issued_on:%Y}/{filename}"


class IssuedDocument(models.Model):
    """A document coso issued from a record: its register entry and the files as issued (the
    .pdf to print and sign, the .docx to adjust in Word), kept as they were."""

    entry = models.OneToOneField(
        RegisterEntry, on_delete=models.PROTECT, related_name="document", verbose_name=_("number")
    )
    kind = models.CharField(_("kind"), max_length=32)
    signer = models.CharField(_("signed by"), max_length=120)
    pdf = models.FileField(upload_to=_issued_path, max_length=255)
    docx = models.FileField(upload_to=_issued_path, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.entry.symbol


class BodyTemplateQuerySet(ScopedQuerySet):
    scope_path = "organization__path"


class BodyTemplate(models.Model):
    """One saved version of an organization's body text of one document kind
    (`coso.documents.bodies`). Every version is kept, numbered 1, 2, ... per organization and
    kind; the newest is in force. An empty text is a reset: from it on the organization follows
    its nearest ancestor's text, or the shipped default (`bodies.in_force`)."""

    organization = organization_ref("+", on_delete=models.CASCADE)
    kind = models.CharField(_("document kind"), max_length=32, choices=BodyKind.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("body text"), blank=True)
    #: the version this one copies back, when it was made by restoring
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)
    actor = optional_ref(settings.AUTH_USER_MODEL, models.SET_NULL, "+", _("saved by"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    objects = BodyTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("body template")
        verbose_name_plural = _("body templates")
        ordering = ["organization", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "version"], name="body_template_one_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"

    @property
    def is_reset(self) -> bool:
        return not self.text


class LetterBatchQuerySet(ScopedQuerySet):
    """A batch belongs to the user who asked for it (a superuser sees every batch), while they
    may still read the records of its organization: its files name every member of it."""

    scope_path = "organization__path"
    scope_records = True

    def visible_q(self, user) -> Q:
        if user is None or not user.is_authenticated:
            return NOTHING
        if user.is_superuser:
            return Q()
        return Q(actor=user) & super().visible_q(user)


def _batch_path(instance: LetterBatch, filename: str) -> str:
    return f"documents/batches/{instance.pk}/{filename}"


class LetterBatch(BackgroundJob):
    """The transfer letters of several transfers issued as one job (graduation season): each
    letter numbered and kept as `issue_document` does, then one merged PDF to print and a zip of
    the .docx files. `done` of `total` letters are through (issued or refused) while it runs;
    the page polls them. `organization` is the lowest organization above every issuing one
    (empty when they lie in different trees)."""

    organization = optional_ref(Organization, models.PROTECT, "+", _("organization"))
    actor = optional_ref(settings.AUTH_USER_MODEL, models.SET_NULL, "+", _("asked by"))
    #: the date on every letter; empty: each letter the date of its transfer
    issued_on = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    pdf = models.FileField(upload_to=_batch_path, max_length=255, blank=True)
    docx_zip = models.FileField(upload_to=_batch_path, max_length=255, blank=True)

    objects = LetterBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("batch of letters")
        verbose_name_plural = _("batches of letters")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pk}: {self.done}/{self.total}"

    @property
    def is_busy(self) -> bool:
        return self.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100


class LetterBatchItemQuerySet(ScopedQuerySet):
    scope_path = "transfer__from_organization__path"
    scope_records = True


class LetterBatchItem(models.Model):
    """One letter of a batch, in the order chosen: the document issued, or why it was refused."""

    batch = models.ForeignKey(LetterBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    transfer = models.ForeignKey(
        Transfer, on_delete=models.PROTECT, related_name="+", verbose_name=_("transfer")
    )
    document = optional_ref(IssuedDocument, models.PROTECT, "+")
    error = models.TextField(_("reason refused"), blank=True)

    objects = LetterBatchItemQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="batch_item_one_per_place"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}#{self.position}"
