"""Issuing a document from a record's page, and the document as issued (its files).

`/documents/issue/<kind>/<pk>/` names the record (a transfer letter's row, a candidate, a
member, an organization by its id); the record must be visible, and the issuing organization
editable, by the user (404 otherwise). The step is `services.issue_document`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.scope import scoped_queryset
from coso.core.views import form_action
from coso.documents import services
from coso.documents.forms import IssueForm
from coso.documents.issuing import KINDS, TITLES
from coso.documents.models import IssuedDocument


def _subject_or_404(request: HttpRequest, kind: str, pk: int):
    if kind not in KINDS:
        raise Http404
    return get_object_or_404(scoped_queryset(KINDS[kind].model).visible_to(request.user), pk=pk)


@login_required
def issue(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    subject = _subject_or_404(request, kind, pk)
    spec = KINDS[kind]
    initial = {"issued_on": spec.default_date(subject) or timezone.localdate()}
    form = IssueForm(request.POST or None, kind=spec, initial=initial)

    def show_again(f, status=None):
        context = {"form": f, "kind": kind, "title": TITLES[kind], "subject": subject}
        return render(request, "documents/issue.html", context,
                      status=status or (400 if f.is_bound else 200))  # fmt: skip

    if request.method != "POST":
        return show_again(form)

    def perform(data):
        return services.issue_document(
            kind, subject, issued_on=data["issued_on"], signer_name=data.get("signer_name", ""),
            present=data.get("present"), second_signer_name=data.get("second_signer_name", ""),
            actor=request.user,
        )  # fmt: skip

    return form_action(
        request,
        form,
        perform,
        success=lambda d: _("Issued %(symbol)s.") % {"symbol": d.entry.symbol},
        done_url=lambda d: reverse("document_detail", args=[d.pk]),
        show_again=show_again,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(
        IssuedDocument.objects.visible_to(request.user).select_related(
            "entry__organization", "entry__issuer"
        ),
        pk=pk,
    )
    return render(
        request, "documents/document.html", {"doc": doc, "title": TITLES.get(doc.kind, "")}
    )


def _file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    doc = get_object_or_404(
        IssuedDocument.objects.visible_to(request.user).select_related("entry"), pk=pk
    )
    # named by its number, whatever name the storage gave the file
    filename = f"{doc.entry.symbol.replace('/', '-')}.{name}"
    return FileResponse(getattr(doc, name).open("rb"), as_attachment=True, filename=filename)


@login_required
def download_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _file(request, pk, "pdf")


@login_required
def download_docx(request: HttpRequest, pk: int) -> FileResponse:
    return _file(request, pk, "docx")
