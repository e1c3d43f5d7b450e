"""The import pages: upload, preview, confirm, progress, errors file, template; scope and 404."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from coso.accounts.services import add_user
from coso.imports import views
from coso.imports.models import ImportJob, ImportStatus
from coso.members.models import Member
from tests.helpers import (
    as_rows,
    headers_vi,
    member_row,
    snapshot,
    upload,
    verified_login,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem-1"


def test_login_required_and_editing_role_required(client, tree):
    response = client.get(reverse("import_home"))
    assert response.status_code == 302 and "/login" in response["Location"]
    reader = add_user("doc", organization=tree["DUK"], role="member", password=PASSWORD)
    verified_login(client, reader)
    assert client.get(reverse("import_home")).status_code == 404
    assert upload(client, b"a,b\n1,2\n", name="x.csv").status_code == 404
    assert ImportJob.objects.count() == 0


def test_template_has_the_vietnamese_headers(login, office):
    response = login(office).get(reverse("import_template", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    # required columns marked (tests/imports/test_template.py reads the rest of the file)
    assert [c.value.removesuffix(" *") for c in sheet[1]] == headers_vi()
    assert headers_vi()[1:4] == ["Họ và tên", "Tên gọi khác", "Giới tính"]
    csv = b"".join(login(office).get(reverse("import_template", args=["csv"])).streaming_content)
    assert csv.decode("utf-8-sig").splitlines()[0].split(",")[1] == "Họ và tên"


def test_upload_preview_confirm(login, office, tree):
    client = login(office)
    rows = [member_row(1), member_row(2), member_row(3, cccd="12")]
    response = upload(client, xlsx_bytes(as_rows(rows)))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "import_job", args=[job.pk]
    )
    assert (job.status, job.total_rows, job.new_rows, job.invalid_rows) == ("previewed", 3, 2, 1)
    page = client.get(response["Location"]).content.decode()
    assert 'data-count="new">2<' in page and 'data-count="invalid">1<' in page
    assert "The citizen ID (CCCD) 12 must be exactly 12 digits." in page
    before = snapshot()
    # invalid rows block the import unless skipping them is chosen
    client.post(reverse("import_job_confirm", args=[job.pk]))
    assert snapshot() == before
    job.refresh_from_db()
    assert job.status == "previewed"
    # the rows with errors, as a workbook with an error column
    response = client.get(reverse("import_job_errors", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Row" and values[0][-1] == "Errors"
    assert len(values) == 2 and values[1][0] == 4 and values[1][2] == "Nguyễn Văn Mới 3"
    assert "12 digits" in values[1][-1]
    response = client.post(reverse("import_job_confirm", args=[job.pk]), {"skip_invalid": "1"})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.message == "2 member(s) added, 0 updated."
    assert Member.objects.count() == 2
    assert "2 member(s) added" in client.get(response["Location"]).content.decode()


def test_refused_file_shows_its_message(login, office, tree):
    client = login(office)
    response = upload(client, b"\x89PNG\r\n\x1a\n....", name="anh.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REFUSED
    page = client.get(response["Location"]).content.decode()
    assert "The file is a PNG file, not a spreadsheet (.xlsx or .csv)." in page


def test_jobs_belong_to_their_uploader(login, office, bk_secretary, tree):
    upload(login(office), xlsx_bytes(as_rows([member_row(1)])))
    job = ImportJob.objects.get()
    client = login(bk_secretary)
    for name in ("import_job", "import_job_progress", "import_job_errors"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("import_job_confirm", args=[job.pk])).status_code == 404


def test_cell_secretary_cannot_choose_another_organization(login, cell_secretary, tree):
    response = upload(login(cell_secretary), xlsx_bytes(as_rows([member_row(1)])),
                      organization="DUK-KT")  # fmt: skip
    assert response.status_code == 200
    assert "No organization with the code DUK-KT in the part of the tree you may edit." in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_large_file_runs_in_the_background_with_progress(
    login, office, tree, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(views, "INLINE_BYTES", 1000)
    monkeypatch.setattr(views, "BACKGROUND_ROWS", 2)
    client = login(office)
    rows = [member_row(i) for i in range(1, 6)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, xlsx_bytes(as_rows(rows)))
    assert len(callbacks) == 1
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKING and job.task_id
    bar = client.get(reverse("import_job_progress", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in bar.content.decode() and "HX-Refresh" not in bar
    # the worker runs the task
    from coso.imports import tasks

    assert tasks.check_import.call(str(job.pk)) == "previewed"
    bar = client.get(reverse("import_job_progress", args=[job.pk]))
    assert bar["HX-Refresh"] == "true"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED and Member.objects.count() == 0
    with translation.override("en"):  # the worker writes its message in its own language
        assert tasks.apply_import.call(str(job.pk)) == "done"
    job.refresh_from_db()
    assert (job.status, job.progress, Member.objects.count()) == ("done", 100, 5)
    assert "5 member(s) added" in client.get(response["Location"]).content.decode()


def test_progress_moves_during_the_write_transaction(login, office, tree, settings, tmp_path):
    """Inside the import transaction the bar still moves: PostgreSQL writes the row through
    a second connection; SQLite (one writer at a time) writes the figure beside the upload,
    and the file goes when the job's progress closes."""
    from django.db import connection, transaction

    from coso.imports import services

    settings.DATA_DIR = tmp_path
    job = ImportJob.objects.create(user=office, filename="ds.xlsx", status=ImportStatus.RUNNING)
    client = login(office)
    url = reverse("import_job_progress", args=[job.pk])
    progress = services._JobProgress(job)
    if connection.vendor == "postgresql":
        progress.side = connection  # the second connection is the test's own: one transaction
    with transaction.atomic():
        progress("write", 50, 100)
        shown = client.get(url).content.decode()
    assert 'data-width="80"' in shown
    assert services.progress_path(job).exists() is (connection.vendor == "sqlite")
    progress.side = None
    progress.close()
    assert not services.progress_path(job).exists()
    job.status = ImportStatus.DONE
    job.progress = 100
    job.save()
    assert services.current_progress(job) == 100


def test_purge_deletes_old_uploads_and_keeps_the_jobs(login, office, tree, settings, tmp_path):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from coso.imports import services

    settings.DATA_DIR = tmp_path
    jobs = {}
    for name, age, status in [("old", 40, "done"), ("new", 5, "done"), ("busy", 40, "running")]:
        job = ImportJob.objects.create(
            user=office, filename=f"{name}.xlsx", status=status, invalid_rows=1
        )
        services.store_upload(job, [b"data"])
        services.errors_path(job).write_text("{}")
        job.save()
        ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(age))
        jobs[name] = job
    out = io.StringIO()
    call_command("purge_imports", stdout=out)
    assert out.getvalue().strip() == "Đã xóa tệp của 1 lần nhập."
    for name, job in jobs.items():
        kept = name != "old"
        assert Path(job.stored_file).exists() is kept, name
        assert services.errors_path(job).exists() is kept, name
        job.refresh_from_db()
        assert (job.stored_file != "") is kept
    assert ImportJob.objects.count() == 3  # the record of who imported what stays
    client = login(office)
    assert client.get(reverse("import_job_errors", args=[jobs["old"].pk])).status_code == 404


# --- as deployed, outside a wrapping transaction (CI runs these on SQLite and PostgreSQL) ---


@pytest.mark.django_db(transaction=True)
def test_upload_preview_confirm_outside_transaction(login, office, tree):
    test_upload_preview_confirm(login, office, tree)
