"""Import workflows: check a member file, then apply it in one transaction.

`import_members` is the one entry point the page, the background task and the CLI use. It
reads and checks the whole file (`planning.plan_member_import`) and, unless it is a dry run,
writes every new and changed member in ONE transaction: either all rows are in the database
afterwards or none is (a crash, a killed worker or a concurrent edit rolls everything back).
Invalid rows block the import unless `skip_invalid` is chosen explicitly.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.sheets.reader import FileRefused
from coso.core.sqlite_objects import refresh_statistics
from coso.members.choices import EventKind
from coso.members.services import copy_register_members, copy_update_members
from coso.orgs.models import Organization

from .models import ImportJob, ImportStatus
from .planning import ImportPlan, plan_member_import

#: the change reason on every history record an import writes
CHANGE_REASON = "import"
#: files with more rows than this are applied by the background worker (`coso db_worker`)
BACKGROUND_ROWS = 2000
#: an import writing at least this many members refreshes the planner's statistics
STATISTICS_ROWS = 1000

Progress = Callable[[str, int, int], None]


class ImportBlocked(ValidationError):
    """The file has invalid rows and skipping them was not chosen: nothing was written."""


@dataclass
class ImportResult:
    plan: ImportPlan
    applied: bool
    created: int = 0
    updated: int = 0
    seconds: float = 0.0


def import_members(
    source,
    *,
    filename: str = "",
    user=None,
    actor=None,
    organization: Organization | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    before_write: Callable[[ImportPlan], None] | None = None,
) -> ImportResult:
    """Check `source` in full and, unless `dry_run`, import it in one transaction.

    - `user`: the editing scope the rows must fall in (None: the system, everything);
      `actor` (default `user`) is recorded on history records and events.
    - `organization`: rows must fall inside its subtree.
    - `skip_invalid`: import the valid rows and leave the invalid ones out; without it any
      invalid row raises `ImportBlocked` and nothing is written.
    - `progress(phase, done, total)`: "read" and "check" while checking, "write" while writing.
    Raises `FileRefused` for a file that cannot be read as a member table.
    """
    started = time.monotonic()
    actor = actor if actor is not None else user
    actor_id = getattr(actor, "pk", None)
    # the import is planned inside its transaction (matched members locked on PostgreSQL;
    # SQLite's BEGIN IMMEDIATE holds the write lock) so nothing changes between check and
    # write; a dry run only reads, outside any transaction
    with nullcontext() if dry_run else transaction.atomic():
        plan = plan_member_import(
            source,
            filename=filename,
            user=user,
            organization=organization,
            progress=progress,
            lock=not dry_run,
        )
        if dry_run:
            return ImportResult(plan, False, seconds=time.monotonic() - started)
        if plan.errors and not skip_invalid:
            raise ImportBlocked(
                _(
                    "%(n)d row(s) have errors; nothing was imported. Correct them, or choose "
                    "to import only the valid rows."
                )
                % {"n": plan.invalid}
            )
        if before_write:
            before_write(plan)
        total = len(plan.new) + len(plan.changed)
        note = _("Imported from %(file)s") % {"file": Path(filename).name} if filename else ""
        copy_register_members(
            plan.new,
            actor_id=actor_id,
            change_reason=CHANGE_REASON,
            note=note,
            event_kind=EventKind.REGISTERED,
            progress=(lambda n: progress("write", n, total)) if progress else None,
        )
        done_new = len(plan.new)
        copy_update_members(
            plan.changed,
            actor_id=actor_id,
            change_reason=CHANGE_REASON,
            progress=(lambda n: progress("write", done_new + n, total)) if progress else None,
        )
        if total >= STATISTICS_ROWS:
            # autovacuum (PostgreSQL) waits for 10 % of a table to change; SQLite never does it
            refresh_statistics(connection)
    return ImportResult(
        plan,
        True,
        created=len(plan.new),
        updated=len(plan.changed),
        seconds=time.monotonic() - started,
    )


# --- jobs: the page's imports, stored and (for large files) run by the worker ---------------


def upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(job: ImportJob, chunks) -> Path:
    suffix = Path(job.filename).suffix.lower()[:8] or ".bin"
    path = upload_dir() / f"{job.pk}{suffix}"
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    job.stored_file = str(path)
    return path


@transaction.atomic
def create_job(*, user, organization, filename: str, chunks, background: bool = False) -> ImportJob:
    """Record an upload as a job and store its file. A job the background worker will check
    starts CHECKING; one checked in the request starts as the model's default until
    `check_job` sets its outcome."""
    job = ImportJob(user=user, organization=organization, filename=filename[:255])
    store_upload(job, chunks)
    if background:
        job.status = ImportStatus.CHECKING
    job.save()
    return job


@transaction.atomic
def record_task(job: ImportJob, task_id: str) -> None:
    """Note the background task that checks or applies the job (its status is the task's)."""
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(task_id)[:64])


def errors_path(job: ImportJob) -> Path:
    return upload_dir() / f"{job.pk}.errors.json"


#: how long uploaded files (members' personal data) stay on disk after their job
KEEP_UPLOADS = dt.timedelta(days=30)


@transaction.atomic
def purge_uploads(keep: dt.timedelta = KEEP_UPLOADS) -> int:
    """Delete the stored files (upload, errors, progress) of jobs created more than `keep`
    ago and not busy; the jobs stay as the record of who imported what and when. Returns the
    number of jobs whose files went."""
    cutoff = timezone.now() - keep
    done = 0
    busy = (ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.RUNNING)
    old = ImportJob.objects.filter(created_at__lt=cutoff).exclude(status__in=busy)
    for job in old.exclude(stored_file=""):
        for path in (Path(job.stored_file), errors_path(job), progress_path(job)):
            path.unlink(missing_ok=True)
        job.stored_file = ""
        job.save(update_fields=["stored_file"])
        done += 1
    return done


def progress_path(job: ImportJob) -> Path:
    return upload_dir() / f"{job.pk}.progress"


def current_progress(job: ImportJob) -> int:
    """The job's progress as the page shows it: the row's, or while the job is busy the
    newer figure the worker wrote beside the upload (SQLite's import transaction holds the
    only write lock, so the row cannot move until the commit)."""
    if job.is_busy:
        try:
            return max(job.progress, int(progress_path(job).read_text().split()[0]))
        except (OSError, ValueError, IndexError):
            pass
    return job.progress


class _JobProgress:
    """Writes a job's progress at most twice a second. Inside the import transaction the row
    is updated through a second connection on PostgreSQL (so the page sees it before the
    commit); SQLite allows one writer at a time, so there the figure goes to a small file
    beside the upload (`progress_path`, read by `current_progress`)."""

    PHASES = {"read": (0, 45), "check": (45, 60), "write": (60, 100)}

    def __init__(self, job: ImportJob, total_hint: int = 0):
        self.job = job
        self.last = 0.0
        self.side = None
        self.total_hint = total_hint
        self.phase = ""

    def _side_connection(self):
        if self.side is None and connection.vendor == "postgresql":
            from django.db import connections

            self.side = connections.create_connection("default")
            self.side.set_autocommit(True)
        return self.side

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and not (total and done >= total):
            return
        self.last = now
        self.phase = phase
        lo, hi = self.PHASES.get(phase, (0, 100))
        total = total or self.total_hint or max(done, 1)
        percent = lo + (hi - lo) * min(done, total) // max(total, 1)
        self.write(percent)

    def write(self, percent: int) -> None:
        table = ImportJob._meta.db_table
        if connection.in_atomic_block:
            side = self._side_connection()
            if side is None:
                path = progress_path(self.job)
                spare = path.with_suffix(".progress-new")
                spare.write_text(f"{percent} {self.phase}")
                spare.replace(path)  # atomic: the page never reads half a figure
                return
            with side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET progress = %s, phase = %s WHERE id = %s",
                    [percent, self.phase, self.job.pk],
                )
            return
        ImportJob.objects.filter(pk=self.job.pk).update(progress=percent, phase=self.phase)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
        progress_path(self.job).unlink(missing_ok=True)


def _save_plan(job: ImportJob, plan: ImportPlan) -> None:
    counts = plan.counts()
    job.sheet_name = plan.sheet_name[:100]
    job.new_rows = counts["new"]
    job.updated_rows = counts["updated"]
    job.unchanged_rows = counts["unchanged"]
    job.invalid_rows = counts["invalid"]
    job.preview = plan.preview()
    job.preview["rows"] = plan.total
    if plan.errors:
        errors_path(job).write_text(
            json.dumps({str(e.row): e.messages for e in plan.errors}, ensure_ascii=False)
        )


def _import_job(job: ImportJob, progress: _JobProgress, **options) -> ImportResult:
    """`import_members` on the job's stored file, as its user, into its organization."""
    return import_members(
        job.stored_file,
        filename=job.filename,
        user=job.user,
        organization=job.organization,
        progress=progress,
        **options,
    )


def check_job(job: ImportJob) -> ImportJob:
    """Read and check the job's file; store the preview (counts, errors, changes)."""
    progress = _JobProgress(job)
    try:
        result = _import_job(job, progress, dry_run=True)
    except FileRefused as refused:
        job.status = ImportStatus.REFUSED
        job.message = refused.message
        job.finished_at = timezone.now()
        job.save()
        return job
    finally:
        progress.close()
    _save_plan(job, result.plan)
    job.status = ImportStatus.PREVIEWED
    job.progress = 0
    job.total_rows = result.plan.total
    job.save()
    return job


#: a job in these states may be applied (from the page, or by the worker once queued)
RUNNABLE = (ImportStatus.PREVIEWED, ImportStatus.QUEUED)


class JobNotRunnable(ValidationError):
    """The job was already run (or is running), or cannot be run: nothing was done."""


def _not_runnable() -> JobNotRunnable:
    return JobNotRunnable(_("This import has already been run or cannot be run."))


@transaction.atomic
def queue_job(job: ImportJob, *, skip_invalid: bool = False) -> ImportJob:
    """Hand a checked job to the background worker, once: a second confirmation of the same
    job (a double click, two tabs) is refused with `JobNotRunnable`."""
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED, skip_invalid=skip_invalid, progress=0
    )
    if not queued:
        raise _not_runnable()
    job.status, job.skip_invalid, job.progress = ImportStatus.QUEUED, skip_invalid, 0
    return job


def apply_job(job: ImportJob, *, skip_invalid: bool | None = None) -> ImportJob:
    """Import the job's file (re-checked inside the transaction); record the outcome.

    The job is claimed first (one conditional UPDATE: checked or queued → running), so a job
    confirmed twice, or handed to two workers, is applied once; the other call gets
    `JobNotRunnable`. The members and the job's "done" are written in one transaction; a
    refusal or a crash rolls the import back and records the job as failed.
    """
    now = timezone.now()
    claim = {"status": ImportStatus.RUNNING, "started_at": now}
    if skip_invalid is not None:
        claim["skip_invalid"] = skip_invalid
    if not ImportJob.objects.filter(pk=job.pk, status__in=RUNNABLE).update(**claim):
        raise _not_runnable()
    for field, value in claim.items():
        setattr(job, field, value)
    progress = _JobProgress(job)
    try:
        with transaction.atomic():
            try:
                result = _import_job(job, progress, skip_invalid=job.skip_invalid)
            finally:
                # the progress connection writes the job's row: closed before this
                # transaction writes it too (PostgreSQL would wait on itself)
                progress.close()
            _save_plan(job, result.plan)
            job.status = ImportStatus.DONE
            job.progress = 100
            job.message = _("%(new)d member(s) added, %(updated)d updated.") % {
                "new": result.created,
                "updated": result.updated,
            }
            job.finished_at = timezone.now()
            job.save()
    except (FileRefused, ValidationError) as problem:
        job.status = ImportStatus.FAILED
        job.message = getattr(problem, "message", None) or "; ".join(problem.messages)
        job.finished_at = timezone.now()
        job.save()
        return job
    except BaseException:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            message=_("The import stopped unexpectedly; nothing was imported."),
            finished_at=timezone.now(),
        )
        raise
    return job
