"""A batch of transfer letters: started from the office's transfers page (the letters ticked),
followed on its own page (htmx polls "x / y"), then the merged PDF, the zip of .docx files and
the letters refused with their reasons.

A batch is its asker's (`LetterBatch.objects.visible_to`); anyone else gets a 404, and a letter
chosen outside the user's scope makes the whole request a 404 with nothing written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from coso.documents import services
from coso.documents.models import LetterBatch
from coso.documents.tasks import launch
from coso.members.models import Transfer


def _batch(request: HttpRequest, pk: int) -> LetterBatch:
    return get_object_or_404(LetterBatch.objects.visible_to(request.user), pk=pk)


def _back(request: HttpRequest):
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}):
        return redirect(back)
    return redirect("transfers_home")


@login_required
@require_POST
def letter_batch_start(request: HttpRequest) -> HttpResponse:
    """Issue the letters ticked on the transfers page; small batches at once, others queued."""
    try:
        ids = [int(v) for v in request.POST.getlist("transfers")]
    except ValueError:
        raise Http404 from None
    visible = Transfer.objects.visible_to(request.user).filter(pk__in=ids).count()
    if visible != len(set(ids)):
        raise Http404
    try:
        batch = services.start_letter_batch(ids, actor=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return _back(request)
    launch(batch)
    return redirect("letter_batch", pk=batch.pk)


def _context(batch: LetterBatch) -> dict:
    refused = []
    if not batch.is_busy:
        refused = list(
            batch.items.exclude(error="").select_related("transfer__member").order_by("position")
        )
    return {"batch": batch, "refused": refused}


@login_required
@require_GET
def letter_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    return render(request, "documents/letter_batch.html", _context(batch))


@login_required
@require_GET
def letter_batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress ("x / y"; htmx polls it); when the batch is through, the page reloads."""
    batch = _batch(request, pk)
    response = render(request, "documents/_batch_progress.html", {"batch": batch})
    if not batch.is_busy:
        response["HX-Refresh"] = "true"
    return response


def _file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    batch = _batch(request, pk)
    field = getattr(batch, name)
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1]
    )


@login_required
@require_GET
def letter_batch_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _file(request, pk, "pdf")


@login_required
@require_GET
def letter_batch_zip(request: HttpRequest, pk: int) -> FileResponse:
    return _file(request, pk, "docx_zip")
