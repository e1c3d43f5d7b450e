"""Issuing a party document from a workflow's record: one door for the page, the API and the
bulk job.

`issue_document(kind, subject, ...)` reads the subject (a transfer letter's row, a candidate, a
member, an organization), finds the issuing body and the signer (the secretary on the roster on
the document's date, unless the caller names another), takes the next number of the register
(`issue_number`, same transaction), builds the description (`builders`), renders it to .pdf and
.docx from that one description and keeps both files: what was issued stays as issued, whatever
changes in the records later. The register entry links the subject, so the subject's page lists
its documents.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future
from coso.core.scope import OutOfScope, can_edit, is_system
from coso.documents.issuing import KINDS, IssueContext
from coso.documents.models import IssuedDocument
from coso.documents.render.docx import to_docx
from coso.documents.render.pdf import to_pdf

from .register import issue_number

__all__ = ["issue_document"]


@transaction.atomic
def issue_document(
    kind: str,
    subject,
    *,
    issued_on: dt.date | None = None,
    signer_name: str = "",
    present: int | None = None,
    second_signer_name: str = "",
    place: str = "Hà Nội",
    actor=None,
) -> IssuedDocument:
    """Issue the `kind` document of `subject`: numbered, rendered, kept; refused (a Vietnamese
    `ValidationError`, nothing written) when the subject's record does not allow it yet."""
    if kind not in KINDS:
        raise ValidationError({"kind": _("Unknown document kind.")})
    spec = KINDS[kind]
    subject = spec.lock(subject)
    issued_on = issued_on or spec.default_date(subject) or timezone.localdate()
    check_not_future(issued_on, "issued_on")
    issuer = spec.issuer(subject)
    if not is_system(actor) and not can_edit(actor, issuer):
        raise OutOfScope
    spec.check(subject, issued_on)
    ctx = IssueContext(
        kind=kind, subject=subject, issuer=issuer, day=issued_on, place=place,
        signer_name=signer_name.strip(), present=present,
        second_signer_name=second_signer_name.strip(),
    )  # fmt: skip
    draft = spec.build(ctx, number=None)  # every check of the description before a number
    entry = issue_number(
        organization=issuer,
        doc_type=draft.doc_type.code,
        issued_on=issued_on,
        summary=spec.summary(subject),
        actor=actor,
        subject=subject,
    )
    document = spec.build(ctx, number=entry.number)
    issued = IssuedDocument(entry=entry, kind=kind, signer=document.signature.name)
    stem = f"{entry.symbol.replace('/', '-')}"
    issued.pdf.save(f"{stem}.pdf", ContentFile(to_pdf(document)), save=False)
    issued.docx.save(f"{stem}.docx", ContentFile(to_docx(document)), save=False)
    issued.save()
    return issued
