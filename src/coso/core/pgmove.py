"""Moving a pilot install from SQLite to PostgreSQL (`coso move-to-postgres URL`).

The target must be an empty PostgreSQL database. It is migrated first (`migrate` in a child
process whose database is the target, so that every migration and post-migrate step sees only
it), then, in ONE transaction on the target:

1. every model table is emptied of what `migrate` put there (content types, permissions, the
   change stamp) and its user triggers are switched off, so that the tallies and stamps kept by
   triggers are copied as they are instead of being counted twice;
2. each table is copied in dependency order: rows read through Django's fields from SQLite (its
   own values: booleans, aware datetimes, JSON, UUIDs) and written with COPY;
3. the id sequences are set past the highest id (or SQLite's AUTOINCREMENT high-water mark);
4. every table is read back and compared with what was read from SQLite: row count and a
   checksum of the canonical row values (an order-free hash of every row's values);

any difference rolls the whole copy back. The SQLite database is read inside one transaction
(a consistent copy: stop the server first, since what it writes later would not be moved).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connection as default_connection
from django.db import models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from psycopg.types.json import Jsonb

from coso.core.backup_db import Progress, Refused, failed, quiet, quote, tables_with_rows
from coso.core.text import format_count

_AUTO = {"AutoField", "BigAutoField", "SmallAutoField"}


@dataclass
class Table:
    name: str
    rows: int
    checksum: str


# --- canonical values -------------------------------------------------------------------------


def canonical(value) -> str:
    """One text for a value, the same whether SQLite (through Django's fields) or PostgreSQL
    (through psycopg) gave it."""
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, bytes | memoryview | bytearray):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def row_digest(row: Iterable) -> bytes:
    return hashlib.sha256("\x1f".join(canonical(v) for v in row).encode()).digest()


def checksum(digests: list[bytes]) -> str:
    """The table's checksum: of its rows' digests in sorted order (row order does not count)."""
    digests.sort()
    return hashlib.sha256(b"".join(digests)).hexdigest()


# --- the tables -------------------------------------------------------------------------------


def copy_order() -> list[type[models.Model]]:
    """The models that own a table, each after the models its foreign keys point to (cycles
    broken by name; the constraints are deferred to the commit anyway)."""
    found = {
        m._meta.db_table: m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }
    order: list[type[models.Model]] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def visit(table: str) -> None:
        if table in placed or table in visiting:
            return
        visiting.add(table)
        for field in found[table]._meta.local_concrete_fields:
            target = field.remote_field.model if field.remote_field else None
            if target is not None and target._meta.db_table in found:
                visit(target._meta.db_table)
        visiting.discard(table)
        placed.add(table)
        order.append(found[table])

    for table in sorted(found):
        visit(table)
    return order


def _connect(url: str):
    if not url.startswith(("postgres://", "postgresql://")):
        raise Refused(_("The target must be a PostgreSQL URL (postgres://user@host:port/name)."))
    try:
        conn = psycopg.connect(url, autocommit=True)
    except psycopg.Error as e:
        raise Refused(
            _("Cannot connect to the PostgreSQL database: %(error)s") % {"error": str(e).strip()}
        ) from e
    conn.execute("SET TIME ZONE 'UTC'")
    return conn


def _target_tables(conn) -> set[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {r[0] for r in rows}


def _check_source() -> None:
    if default_connection.vendor != "sqlite":
        raise Refused(_("This install does not run on SQLite: there is nothing to move."))
    executor = MigrationExecutor(default_connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise Refused(
            _("The SQLite database is not up to date: run coso migrate first, then move it.")
        )


def _migrate(url: str, progress: Progress) -> None:
    progress(_("Creating the tables on PostgreSQL (migrate)…"))
    env = dict(os.environ, COSO_DATABASE_URL=url)
    module = getattr(settings, "SETTINGS_MODULE", None) or os.environ.get("DJANGO_SETTINGS_MODULE")
    if module:
        env["DJANGO_SETTINGS_MODULE"] = module
    done = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--no-input", "-v", "0"],
        env=env,
        capture_output=True,
    )
    if done.returncode:
        raise failed("migrate", done.stderr.decode(errors="replace").strip())


def _sqlite_sequences() -> dict[str, int]:
    with default_connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if not cursor.fetchone()[0]:
            return {}
        cursor.execute("SELECT name, seq FROM sqlite_sequence")
        return {name: seq for name, seq in cursor.fetchall()}


def _copy_table(cur, model) -> tuple[int, list[bytes]]:
    fields = model._meta.local_concrete_fields
    json_at = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
    table = model._meta.db_table
    columns = ", ".join(quote(f.column) for f in fields)
    rows = (
        model._base_manager.using(default_connection.alias)
        .order_by()
        .values_list(*[f.attname for f in fields])
        .iterator(chunk_size=5000)
    )
    digests = []
    with cur.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            digests.append(row_digest(row))
            if json_at:
                row = list(row)
                for i in json_at:
                    if row[i] is not None:
                        row[i] = Jsonb(row[i])
            copy.write_row(row)
    return len(digests), digests


def _read_back(conn, model) -> tuple[int, str]:
    fields = model._meta.local_concrete_fields
    columns = ", ".join(quote(f.column) for f in fields)
    digests = []
    with conn.cursor(name="coso_move_check") as cur:
        cur.itersize = 5000
        cur.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)}")
        for row in cur:
            digests.append(row_digest(row))
    return len(digests), checksum(digests)


def _reset_sequence(cur, model, floor: int) -> None:
    pk = model._meta.pk
    if pk.get_internal_type() not in _AUTO:
        return
    table, top = model._meta.db_table, f"COALESCE(MAX({quote(pk.column)}), 0)"
    # the next id: past the highest, and past SQLite's AUTOINCREMENT mark (ids of deleted
    # rows are not given again)
    cur.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST({top}, %s, 1), "
        f"GREATEST({top}, %s) > 0) FROM {quote(table)}",
        [quote(table), pk.column, floor, floor],
    )


def move_to_postgres(url: str, progress: Progress = quiet) -> list[Table]:
    """Copy this SQLite install into the empty PostgreSQL database at `url`, verified table by
    table; return each table's rows and checksum."""
    _check_source()
    conn = _connect(url)
    try:
        full = tables_with_rows(conn.cursor(), _target_tables(conn))
        if full:
            raise Refused(
                _("The PostgreSQL database is not empty (%(tables)s): move into an empty one.")
                % {"tables": ", ".join(full[:5]) + (", …" if len(full) > 5 else "")}
            )
        _migrate(url, progress)
        with default_connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            source_migrations = {tuple(r) for r in cursor.fetchall()}
        target_migrations = {
            tuple(r) for r in conn.execute("SELECT app, name FROM django_migrations")
        }
        if source_migrations != target_migrations:
            raise Refused(_("The migrations of the two databases differ: nothing was copied."))
        order = copy_order()
        with transaction.atomic(using=default_connection.alias), conn.transaction():
            moved = _copy_all(conn, order, progress)
        conn.execute("ANALYZE")
        return moved
    finally:
        conn.close()


def _copy_all(conn, order, progress: Progress) -> list[Table]:
    tables = [m._meta.db_table for m in order]
    sequences = _sqlite_sequences()
    cur = conn.cursor()
    for table in tables:
        cur.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
    cur.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)}")
    copied = {}
    for i, model in enumerate(order, 1):
        start = time.perf_counter()
        count, digests = _copy_table(cur, model)
        copied[model._meta.db_table] = Table(model._meta.db_table, count, checksum(digests))
        _reset_sequence(cur, model, sequences.get(model._meta.db_table, 0))
        progress(
            _("Copied %(i)s/%(n)s %(table)s: %(rows)s rows (%(seconds).1f s)")
            % {
                "i": i,
                "n": len(order),
                "table": model._meta.db_table,
                "rows": format_count(count),
                "seconds": time.perf_counter() - start,
            }
        )
    # the foreign keys are checked now (deferred checks would keep the tables busy)
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table in tables:
        cur.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
    progress(_("Checking every table on PostgreSQL…"))
    for model in order:
        expected = copied[model._meta.db_table]
        rows, sums = _read_back(conn, model)
        if (rows, sums) != (expected.rows, expected.checksum):
            raise Refused(
                _(
                    "Table %(table)s differs after the copy (%(rows)s rows instead of "
                    "%(expected)s, or another checksum): nothing was kept."
                )
                % {"table": expected.name, "rows": rows, "expected": expected.rows}
            )
    return [copied[t] for t in sorted(copied)]


__all__ = ["Table", "canonical", "checksum", "copy_order", "move_to_postgres"]
