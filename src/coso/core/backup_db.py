"""The database side of backups (core/backup.py): a consistent copy of the database and its
row counts, and putting a copy back in one transaction.

- SQLite: the online backup API, into a file of its own (safe while the server writes), and
  back into the live database in one step;
- PostgreSQL: `pg_dump` custom format, taken in an exported snapshot in which the tables are
  also counted; put back by one psql transaction that drops the schema's objects, runs
  `pg_restore`'s SQL and checks every table's count, so that any failure changes nothing.

Also what backup, restore and the move share: the refusal, the model tables, which tables hold
data. Core knows no coso app: tables come from Django's app registry and the database itself.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.db import connection as default_connection
from django.utils.translation import gettext as _

#: tables that `migrate` fills by itself, and the cache and sessions: a database whose rows are
#: only there holds no data (a fresh `coso migrate` is empty)
NOT_DATA = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "django_session",
    "core_changestamp",
    "coso_cache",
}
CHUNK = 1 << 20

Progress = Callable[[str], None]


class Refused(Exception):
    """A backup, restore or move refused before it changed anything (message in the active
    language)."""


def quiet(message: str) -> None:
    pass


# --- what the database holds ------------------------------------------------------------------


def data_tables() -> list[str]:
    """The tables of every installed model (many-to-many tables included), by name."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def quote(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def tables_with_rows(cursor, existing: set[str]) -> list[str]:
    """The model tables other than NOT_DATA that exist (in `existing`) and hold a row."""
    found = []
    for table in data_tables():
        if table in existing and table not in NOT_DATA:
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone():
                found.append(table)
    return found


def install_tables_with_rows() -> list[str]:
    existing = set(default_connection.introspection.table_names())
    with default_connection.cursor() as cursor:
        return tables_with_rows(cursor, existing)


def _counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(rows) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]


def sqlite_snapshot(source: str, target: Path) -> tuple[dict, dict]:
    """Copy the live database `source` into `target` with the online backup API (consistent
    while other connections write); return its (migrations, counts)."""
    src = sqlite3.connect(source, timeout=20)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # one file in the archive: no write-ahead log beside it
        dst.execute("PRAGMA journal_mode=DELETE")
        migrations = _migrations(dst.execute("SELECT app, name FROM django_migrations"))
        counts = _counts(dst.cursor(), _sqlite_tables(dst))
    finally:
        dst.close()
        src.close()
    return migrations, counts


def sqlite_restore(part: Path, live: str, manifest: dict) -> None:
    src = sqlite3.connect(part)
    try:
        tables = set(_sqlite_tables(src))
        if tables != set(manifest["tables"]):
            raise Refused(_("The backup file is damaged: its tables differ from its manifest."))
        counts = _counts(src.cursor(), tables)
        _check_counts(counts, manifest)
        dst = sqlite3.connect(live, timeout=20)
        try:
            # every page in one step: one write transaction on the live database
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()


def _check_counts(counts: dict, manifest: dict) -> None:
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            raise Refused(
                _(
                    "The backup file is damaged: table %(table)s has %(found)s rows, "
                    "its manifest says %(expected)s."
                )
                % {"table": table, "found": counts.get(table), "expected": expected}
            )


# --- PostgreSQL -------------------------------------------------------------------------------


def pg_env(settings_dict: dict) -> dict:
    """The environment that points pg_dump, pg_restore and psql at a Django database."""
    env = dict(os.environ)
    for key, var in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict, what: str, **kwargs) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(command, env=env, capture_output=True, **kwargs)
    except FileNotFoundError as e:
        raise Refused(
            _("%(program)s is not installed (PostgreSQL's client programs are needed).")
            % {"program": command[0]}
        ) from e
    if done.returncode:
        raise failed(what, done.stderr.decode(errors="replace").strip())
    return done


def client_major() -> int:
    done = _run(["pg_dump", "--version"], dict(os.environ), "pg_dump")
    return int(re.search(rb"(\d+)", done.stdout).group(1))


def pg_dump(target: Path) -> tuple[dict, dict, dict]:
    """Dump the default database into `target` (custom format) and count its tables, both in
    one exported snapshot; return (migrations, counts, versions)."""
    conn = default_connection.get_new_connection(default_connection.get_connection_params())
    try:
        conn.autocommit = True
        cursor = conn.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')")
        snapshot, server = cursor.fetchone()
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
        tables = [r[0] for r in cursor.fetchall()]
        counts = _counts(cursor, tables)
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = _migrations(cursor.fetchall())
        _run(
            ["pg_dump", "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            + ["-f", str(target)],
            pg_env(default_connection.settings_dict),
            "pg_dump",
        )
        cursor.execute("COMMIT")
    finally:
        conn.close()
    versions = {"server": int(server) // 10000, "client": client_major()}
    return migrations, counts, versions


#: drops every table, view, sequence and function of the current schema that no extension owns
_DROP_ALL = """
SET client_min_messages = warning;
DO $$ DECLARE r record; BEGIN
FOR r IN SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    ORDER BY c.relkind DESC LOOP
  EXECUTE format('DROP %s IF EXISTS %s CASCADE', CASE r.relkind WHEN 'v' THEN 'VIEW'
    WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.name);
END LOOP;
FOR r IN SELECT p.oid::regprocedure::text AS name FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema() AND p.prokind = 'f'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
  EXECUTE 'DROP FUNCTION IF EXISTS ' || r.name || ' CASCADE';
END LOOP;
END $$;
"""


def _count_checks(manifest: dict, schema: str) -> str:
    lines = [f"SET search_path = {quote(schema)};", "DO $$ BEGIN"]
    for table, expected in manifest["tables"].items():
        lines.append(
            f"IF (SELECT COUNT(*) FROM {quote(table)}) <> {int(expected)} THEN "
            f"RAISE EXCEPTION 'coso-count:{table}'; END IF;"
        )
    lines.append("END $$;")
    return "\n".join(lines) + "\n"


def failed(program: str, message: str) -> Refused:
    return Refused(_("%(program)s failed: %(error)s") % {"program": program, "error": message})


def pg_restore(part: Path, manifest: dict, workdir: Path) -> None:
    """Replace the default database's schema with the dump, in one transaction that also
    checks every table's count (any failure rolls it all back)."""
    env = pg_env(default_connection.settings_dict)
    with default_connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
    listing = _run(["pg_restore", "-l", str(part)], env, "pg_restore").stdout.decode()
    # an extension's comment belongs to its owner (a superuser): the extension is kept as is
    keep = [line for line in listing.splitlines() if " COMMENT - EXTENSION " not in line]
    (workdir / "restore.list").write_text("\n".join(keep) + "\n")
    with open(workdir / "psql.err", "w+b") as errors:
        psql = subprocess.Popen(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=env,
        )
        try:
            psql.stdin.write(b"BEGIN;\n" + _DROP_ALL.encode())
            _pipe_restore(part, workdir / "restore.list", env, psql.stdin)
            psql.stdin.write(_count_checks(manifest, schema).encode() + b"COMMIT;\n")
            psql.stdin.close()
        except (Refused, BrokenPipeError) as e:
            psql.kill()  # the open transaction dies with the connection: nothing changed
            psql.wait()
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            if message:
                raise failed("psql", message) from e
            raise
        psql_failed = psql.wait()
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()
    if psql_failed:
        count = re.search(r"coso-count:([A-Za-z0-9_]+)", message)
        if count:
            raise Refused(
                _(
                    "The backup file is damaged: table %(table)s does not have the rows its "
                    "manifest says."
                )
                % {"table": count.group(1)}
            )
        raise failed("psql", message)
    with default_connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _pipe_restore(part: Path, listing: Path, env: dict, out) -> None:
    """pg_restore's SQL for the dump (the entries of `listing`) written to `out`."""
    restore = subprocess.Popen(
        ["pg_restore", "--no-owner", "--no-privileges", "-L", str(listing), "-f", "-", str(part)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    shutil.copyfileobj(restore.stdout, out, CHUNK)
    if restore.wait():
        raise failed("pg_restore", restore.stderr.read().decode(errors="replace").strip())
