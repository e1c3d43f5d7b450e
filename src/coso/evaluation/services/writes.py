"""Many evaluations written at once, each with its history record (who and when), at COPY
speed (`coso.core.db.fastload`: PostgreSQL COPY, SQLite executemany): the bulk steps' writes
(`grade_members`), a fixed number of statements whatever the number of rows.

The rows are checked by the caller, inside its transaction (and locked, for those updated).
The history records are those django-simple-history writes on a save: every historical column
of the row as written, ``+`` for a new row and ``~`` for a change, the actor and the time.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction
from django.utils import timezone

from coso.core.db.fastload import TableWriter, allocate_ids

from ..models import Evaluation

#: every column of an evaluation (attnames), and those its history records keep
COLUMNS = [f.attname for f in Evaluation._meta.concrete_fields]
HISTORY = [
    f.attname for f in Evaluation.history.model._meta.concrete_fields if f.attname in COLUMNS
]


def _history(rows: Sequence[Evaluation], kind: str, actor_id, now) -> None:
    TableWriter(
        Evaluation.history.model,
        [*HISTORY, "history_type", "history_user_id"],
        constants={"history_date": now, "history_change_reason": None},
        now=now,
    ).write((*(getattr(ev, c) for c in HISTORY), kind, actor_id) for ev in rows)


def write_evaluations(
    new: Sequence[Evaluation], changed: Sequence[Evaluation], fields: Sequence[str], *, actor
) -> None:
    """Insert ``new`` (their ids set on them) and write ``fields`` of ``changed``, each with
    its history record by ``actor``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("write_evaluations runs inside the step's transaction")
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    if new:
        for ev, pk in zip(new, allocate_ids(Evaluation, len(new)), strict=True):
            ev.pk, ev.created_at = pk, now
        TableWriter(Evaluation, COLUMNS, now=now).write(
            [getattr(ev, c) for c in COLUMNS] for ev in new
        )
        _history(new, "+", actor_id, now)
    if changed:
        _update(changed, fields)
        _history(changed, "~", actor_id, now)


def _update(rows: Sequence[Evaluation], fields: Sequence[str]) -> None:
    """One UPDATE by id run over every row (`executemany`)."""
    qn = connection.ops.quote_name
    meta = Evaluation._meta
    columns = [meta.get_field(name) for name in fields]
    sets = ", ".join(f"{qn(f.column)} = %s" for f in columns)
    sql = f"UPDATE {qn(meta.db_table)} SET {sets} WHERE {qn(meta.pk.column)} = %s"
    params = [
        [*(f.get_db_prep_save(getattr(ev, f.attname), connection) for f in columns), ev.pk]
        for ev in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
