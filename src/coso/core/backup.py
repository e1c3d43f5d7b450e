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

The database's side (the copy, its counts, putting it back): core/backup_db.py. Core knows no
coso app: tables come from Django's app registry and the database itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection as default_connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.backup_db import (
    CHUNK,
    Progress,
    Refused,
    install_tables_with_rows,
    pg_dump,
    pg_restore,
    quiet,
    sqlite_restore,
    sqlite_snapshot,
)

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_PART = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_TABLE_NAME = re.compile(r"^[A-Za-z0-9_]+$")


def _version() -> str:
    try:
        return metadata.version("coso")
    except metadata.PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
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


# --- the archive ------------------------------------------------------------------------------


def backup(path: str | os.PathLike, progress: Progress = quiet) -> dict:
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
            migrations, counts = sqlite_snapshot(default_connection.settings_dict["NAME"], part)
        else:
            migrations, counts, versions = pg_dump(part)
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
            while chunk := src.read(CHUNK):
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


def restore(path: str | os.PathLike, *, force: bool = False, progress: Progress = quiet) -> dict:
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
                sqlite_restore(part, default_connection.settings_dict["NAME"], manifest)
            else:
                pg_restore(part, manifest, workdir)
            progress(_("Restoring the uploaded files…"))
            _swap_uploads(workdir)
    return manifest


def missing_migrations(manifest: dict) -> bool:
    """Whether this install has migrations the restored database lacks (run `coso migrate`)."""
    applied = {(a, n) for a, names in manifest.get("migrations", {}).items() for n in names}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return any(node not in applied for node in loader.graph.leaf_nodes())
