"""Background tasks (django-tasks, run by `coso db_worker`): checking and applying large imports.

Each task takes the job's id, so the queue row stays small; the file is in the data dir.
A killed worker leaves the job "running" with nothing written (the import is one
transaction); re-running the job starts from a clean slate.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from .models import ImportJob
from .services import JobNotRunnable, apply_job, check_job, record_task


@task()
def check_import(job_id: str) -> str:
    job = ImportJob.objects.select_related("user", "organization").get(pk=job_id)
    return check_job(job).status


@task()
def apply_import(job_id: str) -> str:
    job = ImportJob.objects.select_related("user", "organization").get(pk=job_id)
    try:
        return apply_job(job).status
    except JobNotRunnable:  # handed to two workers: the other one runs it
        return ImportJob.objects.get(pk=job_id).status


def enqueue(job_task, job: ImportJob) -> None:
    """Hand `job` to the worker (`check_import` or `apply_import`) once the request's
    transaction commits, and note the task on the job."""

    def send():
        result = job_task.enqueue(str(job.pk))
        record_task(job, result.id)

    transaction.on_commit(send)
