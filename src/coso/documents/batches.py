"""Issuing a batch of transfer letters (`models.LetterBatch`) and writing its files.

Not a step of its own: each letter is `services.issue_document`, one transaction per letter
with its item's record, so a refused letter (a cancelled transfer, no secretary on the roster)
is recorded with its message and the batch goes on, and a worker killed midway leaves the
letters issued so far issued and numbered. Progress (`done` of `total`) is written every
`PROGRESS_EVERY` letters, outside any transaction, so the page sees it at once.

The merged PDF joins the PDF files as issued (pypdf), not a rendering of its own: what is
printed is what the register kept, page for page, and no letter is rendered twice.
"""

from __future__ import annotations

import io
import tempfile
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from coso.core.scope import OutOfScope

from .choices import BatchStatus
from .models import LetterBatch, LetterBatchItem
from .services import issue_document

#: progress is written after this many letters (and after the last)
PROGRESS_EVERY = 10


def run_letter_batch(batch_id: int) -> LetterBatch:
    """Issue the letters of a waiting batch, in order, then write its files. A batch already
    taken by another worker, or finished, is returned as it is."""
    now = timezone.now()
    claimed = LetterBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(
        status=BatchStatus.RUNNING, started_at=now
    )
    batch = LetterBatch.objects.select_related("actor").get(pk=batch_id)
    if not claimed:
        return batch
    try:
        _issue_all(batch)
        _write_files(batch)
    except Exception as error:
        batch.status, batch.message = BatchStatus.FAILED, str(error)[:2000]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "message", "finished_at"])
        raise
    batch.status, batch.finished_at = BatchStatus.DONE, timezone.now()
    batch.save(update_fields=["status", "finished_at", "pdf", "docx_zip"])
    return batch


def _issue_one(batch: LetterBatch, item: LetterBatchItem) -> bool:
    try:
        with transaction.atomic():
            item.document = issue_document(
                "transfer_letter", item.transfer, issued_on=batch.issued_on, actor=batch.actor
            )
            item.save(update_fields=["document"])
        return True
    except ValidationError as refusal:
        item.error = " ".join(refusal.messages)
    except OutOfScope:  # the actor's role ended after the batch started
        item.error = _("You may no longer issue this letter.")
    item.save(update_fields=["error"])
    return False


def _issue_all(batch: LetterBatch) -> None:
    # read at once (2,000 small rows at most): no cursor stays open across the letters' commits
    items = list(batch.items.select_related("transfer").order_by("position"))
    for n, item in enumerate(items, 1):
        if _issue_one(batch, item):
            batch.issued += 1
        else:
            batch.refused += 1
        batch.done = n
        if n % PROGRESS_EVERY == 0 or n == batch.total:
            LetterBatch.objects.filter(pk=batch.pk).update(
                done=batch.done, issued=batch.issued, refused=batch.refused
            )


def _issued(batch: LetterBatch):
    return (
        batch.items.filter(document__isnull=False)
        .select_related("document__entry")
        .order_by("position")
    )


def _write_files(batch: LetterBatch) -> None:
    """One PDF of every letter issued, in order, and a zip of their .docx files."""
    if not batch.issued:
        return
    merged = PdfWriter()
    with tempfile.TemporaryFile() as pdf, tempfile.TemporaryFile() as bundle:
        with zipfile.ZipFile(bundle, "w", zipfile.ZIP_STORED) as archive:  # .docx are zips
            for item in list(_issued(batch)):
                doc = item.document
                with doc.pdf.open("rb") as f:
                    merged.append(io.BytesIO(f.read()))
                with doc.docx.open("rb") as f:
                    name = doc.entry.symbol.replace("/", "-")
                    archive.writestr(f"{item.position:04d}-{name}.docx", f.read())
        merged.add_metadata({"/Title": "Giấy giới thiệu sinh hoạt đảng"})
        merged.write(pdf)
        merged.close()
        stem = f"giay-gioi-thieu-{batch.pk}"
        pdf.seek(0)
        bundle.seek(0)
        batch.pdf.save(f"{stem}.pdf", File(pdf), save=False)
        batch.docx_zip.save(f"{stem}.zip", File(bundle), save=False)


def run_in_worker(batch_id: int) -> str:
    """The worker's call: its messages in the site's language (a worker has no request)."""
    with translation.override(settings.LANGUAGE_CODE):
        return run_letter_batch(batch_id).status
