"""Background tasks (django-tasks, run by `coso db_worker`): a large batch of transfer letters.

The task takes the batch's id, so the queue row stays small. A killed worker leaves the batch
"running" with the letters issued so far kept (each letter is its own transaction).
`launch` is the one door of the page and the API: a small batch is issued in the request.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from .batches import run_in_worker, run_letter_batch
from .models import LetterBatch

#: a batch this small is issued in the request; a larger one by the background worker
INLINE_LETTERS = 20


@task()
def issue_letter_batch(batch_id: int) -> str:
    return run_in_worker(batch_id)


def launch(batch: LetterBatch) -> LetterBatch:
    """Run a small batch now; hand a larger one to the worker once the batch is committed."""
    if batch.total <= INLINE_LETTERS:
        return run_letter_batch(batch.pk)

    def send():
        result = issue_letter_batch.enqueue(batch.pk)
        LetterBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(send)
    return batch
