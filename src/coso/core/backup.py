"""Backup and restore of a whole install: the database and the uploaded files in one archive.

An archive is a tar file (gzip-compressed when its name ends in .gz or .tgz) holding

- `manifest.json`, first: the archive format, coso's version, the database vendor, the applied
  migrations of every app (and the latest of each), the row count of every table, and the
  sha256 and size of every other part;
- the database: `database.sqlite3` (SQLite's online backup API, a consistent copy taken while
  the server runs) or `database.pgdump` (`pg_dump` custom format, taken in the same exported
  snapshot as the counts);
- `media/...` and `imports/...`: every uploaded file (MEDIA_ROOT, COSO_DATA_DIR/imports).

`restore` checks before it changes anything: the archive and its manifest, the vendor, that
every migration in it is known to this install (a backup of a newer schema is refused), that
the database holds no data unless `force`, and every part's checksum. The database is then
replaced in one transaction (SQLite: the backup API writes every page at once; PostgreSQL: the
drop, the restore and a check of every table's count run in one psql transaction), then the
upload folders are swapped for the archive's.

Core knows no coso app: tables come from Django's app registry and the database itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connection as default_connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_PART = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
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
_TABLE_NAME = re.compile(r"^[A-Za-z0-9_]+$")
_CHUNK = 1 << 20

Progress = Callable[[str], None]


class Refused(Exception):
    """A backup, restore or move refused before it changed anything (message in the active
    language)."""


def _quiet(message: str) -> None:
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


def _version() -> str:
    try:
        return metadata.version("coso")
    except metadata.PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def upload_dirs() -> dict[str, Path]:
    """The folders of uploaded files, by their name in the archive: MEDIA_ROOT (attachments)
    and COSO_DATA_DIR/imports (imported spreadsheets and their error files, see
    imports.services.upload_dir)."""
    return {"media": Path(settings.MEDIA_ROOT), "imports": Path(settings.DATA_DIR) / "imports"}


def _upload_files() -> list[tuple[str, Path]]:
    """(archive name, path) of every regular file in the upload folders (links skipped)."""
    files = []
    for prefix, root in upload_dirs().items():
        if not root.is_dir():
            continue
        for directory, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                path = Path(directory) / name
                if path.is_file() and not path.is_symlink():
                    files.append((f"{prefix}/{path.relative_to(root).as_posix()}", path))
    return files


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]


def _sqlite_snapshot(source: str, target: Path) -> tuple[dict, dict]:
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


def _sqlite_restore(part: Path, live: str, manifest: dict) -> None:
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
        raise _failed(what, done.stderr.decode(errors="replace").strip())
    return done


def client_major() -> int:
    done = _run(["pg_dump", "--version"], dict(os.environ), "pg_dump")
    return int(re.search(rb"(\d+)", done.stdout).group(1))


def _pg_dump(target: Path) -> tuple[dict, dict, dict]:
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


def _failed(program: str, message: str) -> Refused:
    return Refused(_("%(program)s failed: %(error)s") % {"program": program, "error": message})


def _pg_restore(part: Path, manifest: dict, workdir: Path) -> None:
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
                raise _failed("psql", message) from e
            raise
        failed = psql.wait()
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()
    if failed:
        count = re.search(r"coso-count:([A-Za-z0-9_]+)", message)
        if count:
            raise Refused(
                _(
                    "The backup file is damaged: table %(table)s does not have the rows its "
                    "manifest says."
                )
                % {"table": count.group(1)}
            )
        raise _failed("psql", message)
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
    shutil.copyfileobj(restore.stdout, out, _CHUNK)
    if restore.wait():
        raise _failed("pg_restore", restore.stderr.read().decode(errors="replace").strip())


# --- the archive ------------------------------------------------------------------------------


def backup(path: str | os.PathLike, progress: Progress = _quiet) -> dict:
    """Write the install's database and uploaded files to the archive `path`; return its
    manifest."""
    path = Path(path)
    vendor = default_connection.vendor
    if vendor not in DATABASE_PART:
        raise Refused(_("Backups support SQLite and PostgreSQL only."))
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".coso-backup-") as tmp:
        part = Path(tmp) / DATABASE_PART[vendor]
        progress(_("Copying the database…"))
        versions = {}
        if vendor == "sqlite":
            migrations, counts = _sqlite_snapshot(default_connection.settings_dict["NAME"], part)
        else:
            migrations, counts, versions = _pg_dump(part)
        files = [(part.name, part), *_upload_files()]
        progress(_("Computing checksums…"))
        manifest = {
            "format": FORMAT,
            "coso_version": _version(),
            "created": timezone.now().isoformat(),
            "vendor": vendor,
            "versions": versions,
            "database": part.name,
            "migrations": migrations,
            "latest": {app: names[-1] for app, names in migrations.items()},
            "tables": counts,
            "parts": {name: {"sha256": _sha256(p), "size": p.stat().st_size} for name, p in files},
        }
        progress(_("Writing the archive…"))
        partial = path.with_name(path.name + ".partial")
        try:
            _write_tar(partial, manifest, files, gz=path.name.endswith((".gz", ".tgz")))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, path)
    return manifest


def _write_tar(path: Path, manifest: dict, files, *, gz: bool) -> None:
    """The manifest first, then every part (gzip level 1: most of the gain, a fraction of the
    time)."""
    tar = tarfile.open(path, "w:gz", compresslevel=1) if gz else tarfile.open(path, "w")
    with tar:
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
        tar.addfile(info, io.BytesIO(data))
        for name, p in files:
            tar.add(p, arcname=name, recursive=False)


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.load(tar.extractfile(member))
    except (KeyError, ValueError, TypeError, AttributeError) as e:
        raise Refused(_("This file is not a coso backup: it has no readable manifest.")) from e
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Refused(_("This file is not a coso backup of a format this install reads."))
    tables = manifest.get("tables") or {}
    if not all(_TABLE_NAME.match(t) and isinstance(n, int) for t, n in tables.items()):
        raise Refused(_("The backup file is damaged: its manifest lists unknown tables."))
    return manifest


def unknown_migrations(manifest: dict) -> list[str]:
    """The migrations applied in the backup that this install does not have."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]


def _check(manifest: dict, force: bool) -> None:
    vendor = default_connection.vendor
    if manifest.get("vendor") != vendor:
        raise Refused(
            _(
                "This backup is of a %(backup)s database and this install uses %(install)s. "
                "Restore it into a %(backup)s install (from SQLite, then move with "
                "coso move-to-postgres)."
            )
            % {"backup": manifest.get("vendor"), "install": vendor}
        )
    newer = unknown_migrations(manifest)
    if newer:
        raise Refused(
            _(
                "This backup comes from a newer version of coso: its database has migrations "
                "this install does not know (%(migrations)s). Upgrade coso, then restore."
            )
            % {"migrations": ", ".join(newer[:5]) + (", …" if len(newer) > 5 else "")}
        )
    if not force:
        full = install_tables_with_rows()
        if full:
            raise Refused(
                _(
                    "The database is not empty (%(tables)s): restoring would replace its data. "
                    "Give --force to replace it."
                )
                % {"tables": ", ".join(full[:5]) + (", …" if len(full) > 5 else "")}
            )


def _extract(tar: tarfile.TarFile, manifest: dict, workdir: Path) -> None:
    """Extract every part into `workdir`, checking its name and checksum."""
    parts = manifest.get("parts") or {}
    database = manifest.get("database")
    if database not in parts:
        raise Refused(_("The backup file is damaged: it lists no database."))
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        name = PurePosixPath(member.name)
        safe = not name.is_absolute() and ".." not in name.parts
        safe = safe and (member.name == database or name.parts[0] in upload_dirs())
        if not (member.isfile() and safe and member.name in parts):
            raise Refused(
                _("The backup file is damaged: %(part)s is not in its manifest.")
                % {"part": member.name}
            )
        target = workdir / Path(*name.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with tar.extractfile(member) as src, open(target, "wb") as dst:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                dst.write(chunk)
        if digest.hexdigest() != parts[member.name].get("sha256"):
            raise Refused(
                _(
                    "The backup file is damaged: the checksum of %(part)s does not match its "
                    "manifest. Nothing was restored."
                )
                % {"part": member.name}
            )
        seen.add(member.name)
    missing = sorted(set(parts) - seen)
    if missing:
        raise Refused(_("The backup file is damaged: %(part)s is missing.") % {"part": missing[0]})


def _swap_uploads(workdir: Path) -> None:
    """Each upload folder replaced by the archive's (an empty one when it had none)."""
    for prefix, folder in upload_dirs().items():
        new = workdir / prefix
        new.mkdir(parents=True, exist_ok=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        old = folder.with_name(folder.name + ".before-restore")
        if old.exists():
            shutil.rmtree(old)
        if folder.exists():
            folder.rename(old)
        shutil.move(new, folder)
        if old.exists():
            shutil.rmtree(old)


def restore(path: str | os.PathLike, *, force: bool = False, progress: Progress = _quiet) -> dict:
    """Replace the install's database and uploaded files with the archive's; return its
    manifest. Refused (nothing changed) unless every check passes."""
    try:
        tar = tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as e:
        raise Refused(_("This file is not a coso backup: it has no readable manifest.")) from e
    with tar:
        manifest = read_manifest(tar)
        _check(manifest, force)
        data_dir = Path(settings.DATA_DIR)
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=data_dir, prefix=".coso-restore-") as tmp:
            workdir = Path(tmp)
            progress(_("Checking the archive…"))
            try:
                _extract(tar, manifest, workdir)
            except tarfile.TarError as e:
                raise Refused(_("The backup file is damaged: it cannot be read.")) from e
            part = workdir / manifest["database"]
            progress(_("Restoring the database…"))
            default_connection.close()
            if default_connection.vendor == "sqlite":
                _sqlite_restore(part, default_connection.settings_dict["NAME"], manifest)
            else:
                _pg_restore(part, manifest, workdir)
            progress(_("Restoring the uploaded files…"))
            _swap_uploads(workdir)
    return manifest


def missing_migrations(manifest: dict) -> bool:
    """Whether this install has migrations the restored database lacks (run `coso migrate`)."""
    applied = {(a, n) for a, names in manifest.get("migrations", {}).items() for n in names}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return any(node not in applied for node in loader.graph.leaf_nodes())
