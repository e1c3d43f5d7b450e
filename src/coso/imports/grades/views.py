"""The page importing a grassroots organization's grades of a period
(`/organizations/<code>/evaluation/<period>/import/`) and its template. An organization the
user may not edit, or a period that does not cover it, is a 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.core.forms import StyledForm, date_field
from coso.core.views import organization_or_404, xlsx_download
from coso.evaluation.models import EvaluationPeriod
from coso.evaluation.services import Dates, RowsRefused, grade_members
from coso.orgs.models import Organization

from .sheet import read_grades, write_template


class GradesUploadForm(StyledForm):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))
    self_assessed_on = date_field(label=gettext_lazy("Self-assessed on"))
    reviewed_on = date_field(label=gettext_lazy("Reviewed by the cells on"), required=False)
    decided_on = date_field(label=gettext_lazy("Decided on"), required=False)
    number = forms.CharField(
        label=gettext_lazy("Decision number"), max_length=50, required=False,
        help_text=gettext_lazy("Empty: the decision is numbered by the register."),
    )  # fmt: skip
    signer_name = forms.CharField(label=gettext_lazy("Signed by"), max_length=120,
                                  required=False)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv,.xls"


def _subject(request: HttpRequest, code: str, period_id: int):
    org = organization_or_404(Organization.objects.editable_by(request.user), code)
    period = (
        EvaluationPeriod.objects.covering(org)
        .select_related("organization")
        .filter(pk=period_id)
        .first()
    )
    if period is None:
        raise Http404
    return org, period


@login_required
def grades_template(request: HttpRequest, code: str, period_id: int) -> HttpResponse:
    org, period = _subject(request, code, period_id)
    return xlsx_download(
        lambda f: write_template(f, period, org), f"xep-loai-{org.code}-{period.year}.xlsx"
    )


def _import(request, org, period, form) -> tuple[list[tuple[int, str]], object, int]:
    """(every problem with its line, what was written, rows skipped)."""
    upload = form.cleaned_data["file"]
    read = read_grades(upload.read(), upload.name, org)
    data = form.cleaned_data
    dates = Dates(data["self_assessed_on"], data.get("reviewed_on"), data.get("decided_on"))
    try:
        done = grade_members(
            period, org, read.rows, dates=dates, number=data.get("number", ""),
            signer_name=data.get("signer_name", ""), check_only=bool(read.errors),
            actor=request.user,
        )  # fmt: skip
    except RowsRefused as refused:
        return sorted(read.errors + refused.rows, key=lambda e: e[0]), None, read.skipped
    return read.errors, done, read.skipped


@login_required
def import_grades(request: HttpRequest, code: str, period_id: int) -> HttpResponse:
    """Upload the filled template: checked whole, written all or nothing."""
    org, period = _subject(request, code, period_id)
    form = GradesUploadForm(request.POST or None, request.FILES or None)
    errors, done, skipped, status = [], None, 0, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                errors, done, skipped = _import(request, org, period, form)
            except forms.ValidationError as error:
                errors = [(0, m) for m in error.messages]
            if done is not None and not errors:
                status = 200
                messages.success(request, _("%(n)d members' grades imported.")
                                 % {"n": done.created + done.updated})  # fmt: skip
    return render(
        request, "imports/grades.html",
        {"org": org, "period": period, "form": form, "errors": errors, "done": done,
         "skipped": skipped},
        status=status,
    )  # fmt: skip
