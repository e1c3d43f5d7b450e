"""Import pages: upload a member file, see the preview, confirm, follow the progress.

Only users who may edit some part of the tree can import, and only into that part
(`Organization.objects.editable_by` and `scope_q`, through `existing.Scope`). A job belongs to
its uploader; anyone else gets a 404. Small files are checked and imported in the request;
files over `INLINE_BYTES`, or with more than `services.BACKGROUND_ROWS` rows, go to the
background worker (`coso db_worker`) and the page polls their progress with htmx.
"""

from __future__ import annotations

import json
import tempfile
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coso.core.sheets.reader import FileRefused
from coso.core.sheets.writer import XLSX_CONTENT_TYPE, csv_lines, write_xlsx
from coso.orgs.models import Organization

from . import tasks
from .columns import template_headers
from .forms import UploadForm
from .models import ImportJob, ImportStatus
from .reader import read_table
from .services import (
    BACKGROUND_ROWS,
    JobNotRunnable,
    apply_job,
    check_job,
    create_job,
    current_progress,
    errors_path,
    queue_job,
)
from .template import write_member_template

#: uploads larger than this are checked by the background worker (≈ 2,000 rows of .xlsx)
INLINE_BYTES = 400 * 1024


def _can_import(user) -> bool:
    return Organization.objects.editable_by(user).exists()


def _job(request: HttpRequest, pk: uuid.UUID) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("organization", "user"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_home(request: HttpRequest) -> HttpResponse:
    """Upload form, the template to download, and the user's recent imports."""
    if not _can_import(request.user):
        raise Http404  # a denied page is a 404, as a denied object (no editing role here)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        background = upload.size > INLINE_BYTES
        job = create_job(
            user=request.user,
            organization=form.cleaned_data["organization"],
            filename=upload.name,
            chunks=upload.chunks(),
            background=background,
        )
        if background:
            tasks.enqueue(tasks.check_import, job)
        else:
            check_job(job)
        return redirect("import_job", pk=job.pk)
    context = {
        "form": form,
        "jobs": ImportJob.objects.visible_to(request.user).select_related("organization")[:10],
        "background_rows": BACKGROUND_ROWS,
    }
    return render(request, "imports/home.html", context)


@login_required
@require_GET
def import_template(request: HttpRequest, fmt: str):
    """The member file to fill, with the Vietnamese headers (the export's layout): as .xlsx with
    the required columns marked, an example row, drop-downs and a notes sheet
    (`coso.imports.template`); as CSV the header row alone."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    if not _can_import(request.user):
        raise Http404
    if fmt == "csv":
        with translation.override("vi"):
            headers = template_headers()
        response = StreamingHttpResponse(
            csv_lines(headers, []), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-dang-vien.csv"'
        return response
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    with translation.override("vi"):
        write_member_template(spool, request.user)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename="mau-nhap-dang-vien.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = _job(request, pk)
    preview = job.preview or {}
    return render(
        request,
        "imports/job.html",
        {
            "job": job,
            "errors": preview.get("errors", []),
            "changes": preview.get("changes", []),
            "ignored_headers": preview.get("ignored_headers", []),
            "examples": preview.get("examples", []),
            "can_apply": job.status == ImportStatus.PREVIEWED
            and (job.new_rows or job.updated_rows),
        },
    )


@login_required
@require_GET
def job_progress(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The progress bar (htmx polls it); when the job is done, the page reloads itself."""
    job = _job(request, pk)
    job.progress = current_progress(job)
    response = render(request, "imports/_progress.html", {"job": job})
    if not job.is_busy:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def job_confirm(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Apply a checked file. Invalid rows block it unless "skip invalid rows" is ticked."""
    job = _job(request, pk)
    if job.status != ImportStatus.PREVIEWED:
        messages.error(request, _("This import has already been run or cannot be run."))
        return redirect("import_job", pk=job.pk)
    skip_invalid = bool(request.POST.get("skip_invalid"))
    if job.invalid_rows and not skip_invalid:
        messages.error(
            request,
            _(
                "%(n)d row(s) have errors. Correct the file and upload it again, or tick "
                "“import only the valid rows”."
            )
            % {"n": job.invalid_rows},
        )
        return redirect("import_job", pk=job.pk)
    try:
        if job.total_rows > BACKGROUND_ROWS:
            tasks.enqueue(tasks.apply_import, queue_job(job, skip_invalid=skip_invalid))
            return redirect("import_job", pk=job.pk)
        job = apply_job(job, skip_invalid=skip_invalid)
    except JobNotRunnable as refused:
        messages.error(request, refused.message)
    else:
        if job.status == ImportStatus.DONE:
            messages.success(request, job.message)
        else:
            messages.error(request, job.message)
    return redirect("import_job", pk=job.pk)


@login_required
@require_GET
def job_errors(request: HttpRequest, pk: uuid.UUID):
    """The invalid rows as they were in the file, with an error column added that lists every
    problem of the row, one per line, each naming its column."""
    job = _job(request, pk)
    path = errors_path(job)
    if not job.invalid_rows or not path.exists():
        raise Http404
    errors = json.loads(path.read_text())
    try:
        table = read_table(job.stored_file, job.filename)
    except (FileRefused, OSError):
        raise Http404 from None
    headers = [_("Row"), *table.headers, _("Errors")]
    width = len(table.headers)

    def rows():
        for number, cells in table.rows:
            messages_ = errors.get(str(number))
            if messages_:
                cells = list(cells)[:width] + [""] * max(0, width - len(cells))
                # one line per problem, each naming its column: the clerk corrects the row in
                # this file (one row per file row keeps it uploadable again: "Row" and
                # "Errors" are not member columns and are left out)
                yield [number, *cells, "\n".join(messages_)]

    spool = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(spool, headers, rows(), sheet_name=_("Errors"))
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"loi-{job.filename.rsplit('.', 1)[0]}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
