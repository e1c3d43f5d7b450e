"""`coso backup` and `coso restore` (core/backup.py) on the database the tests run on (SQLite,
or PostgreSQL when COSO_DATABASE_URL says so): backup → change → restore gives back every row
of every table and every uploaded file; a damaged file, a backup of a newer schema and a
database with data (without --force) are refused with nothing changed.

The backup reads the database from another connection (SQLite's backup API, pg_dump): the
tests commit their rows (transaction=True)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from coso.core.backup import DATABASE_PART, MANIFEST, Refused, backup, restore
from coso.members.models import Member
from tests.helpers import make_member, refused, scenario

pytestmark = pytest.mark.django_db(transaction=True)


def all_tables() -> dict[str, list[str]]:
    """Every row of every table of the database (Django's and coso's, the search index's),
    sorted, by table."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def upload_tree(settings) -> dict[str, bytes]:
    files = {}
    for prefix, root in (
        ("media", settings.MEDIA_ROOT),
        ("imports", settings.DATA_DIR / "imports"),
    ):
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                files[f"{prefix}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return files


@pytest.fixture
def uploads(settings, tmp_path):
    """The upload folders in the test's own folder, with an attachment and an import file."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = settings.DATA_DIR / "media"
    (settings.MEDIA_ROOT / "admission" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "admission" / "2026" / "don.pdf").write_bytes(
        b"%PDF-1.4 don xin vao Dang"
    )
    (settings.DATA_DIR / "imports").mkdir()
    (settings.DATA_DIR / "imports" / "job.xlsx").write_bytes(b"PK\x03\x04 danh sach")
    return settings


@pytest.fixture
def install(tree, members, personas, uploads, tmp_path):
    """A committed install with data of every kind and its backup."""
    scenario(tree, members)
    archive = tmp_path / "out" / "coso.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    return {"archive": archive, "output": out.getvalue(), "tree": tree, "members": members}


def _change_everything(install, settings) -> None:
    an = install["members"]["an"]
    Member.objects.filter(pk=an.pk).update(given_name="Khác")
    make_member(install["tree"]["DUK-KT"], "Mới")
    (settings.MEDIA_ROOT / "admission" / "2026" / "don.pdf").write_bytes(b"changed")
    (settings.MEDIA_ROOT / "new.txt").write_bytes(b"new")
    (settings.DATA_DIR / "imports" / "job.xlsx").unlink()


def test_backup_change_restore_gives_back_every_table_and_file(install, uploads):
    before, files = all_tables(), upload_tree(uploads)
    archive = install["archive"]
    assert "Đã sao lưu" in install["output"]
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(MANIFEST))
    part = DATABASE_PART[connection.vendor]
    assert names == [MANIFEST, part, "media/admission/2026/don.pdf", "imports/job.xlsx"]
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["members_member"] == Member.objects.count() == 8
    assert manifest["latest"]["members"] in manifest["migrations"]["members"]
    assert set(manifest["parts"]) == set(names) - {MANIFEST}

    _change_everything(install, uploads)
    assert all_tables() != before and upload_tree(uploads) != files

    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "Đã khôi phục" in out.getvalue()
    assert all_tables() == before
    assert upload_tree(uploads) == files


def test_an_uncompressed_backup_restores_as_well(install, uploads, tmp_path):
    archive = tmp_path / "plain.tar"
    manifest = backup(archive)
    before = all_tables()
    Member.objects.filter(pk=install["members"]["duc"].pk).delete()
    assert restore(archive, force=True) == manifest
    assert all_tables() == before


def _rewrite(archive: Path, out: Path, *, manifest=None, part=None) -> Path:
    """A copy of `archive` whose manifest is `manifest(m)` and whose part `part[0]` is
    `part[1](bytes)`."""
    with tarfile.open(archive) as src, tarfile.open(out, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == MANIFEST and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            if part and member.name == part[0]:
                data = part[1](data)
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def _nothing_changed(call, uploads, *fragments):
    before, files = all_tables(), upload_tree(uploads)
    with translation.override("en"):
        result = refused(call, *fragments, raises=Refused)
    assert all_tables() == before
    assert upload_tree(uploads) == files
    return result


def _future(manifest):
    manifest["migrations"]["members"].append("9999_future")
    return manifest


def test_a_backup_of_a_newer_schema_is_refused(install, uploads, tmp_path):
    newer = _rewrite(install["archive"], tmp_path / "newer.tar", manifest=_future)
    _nothing_changed(
        lambda: restore(newer, force=True),
        uploads,
        "This backup comes from a newer version of coso",
        "(members.9999_future)",
    )


def test_a_damaged_database_or_file_is_refused(install, uploads, tmp_path):
    part = DATABASE_PART[connection.vendor]
    flip = _rewrite(
        install["archive"],
        tmp_path / "flip.tar",
        part=(part, lambda b: b[:1000] + bytes([b[1000] ^ 1]) + b[1001:]),
    )
    _nothing_changed(
        lambda: restore(flip, force=True),
        uploads,
        f"The backup file is damaged: the checksum of {part} does not match its manifest.",
    )
    pdf = _rewrite(
        install["archive"],
        tmp_path / "pdf.tar",
        part=("media/admission/2026/don.pdf", lambda b: b + b"x"),
    )
    _nothing_changed(
        lambda: restore(pdf, force=True),
        uploads,
        "the checksum of media/admission/2026/don.pdf does not match",
    )


def test_a_damaged_count_is_refused(install, uploads, tmp_path):
    def wrong_count(manifest):
        manifest["tables"]["members_member"] += 1
        return manifest

    wrong = _rewrite(install["archive"], tmp_path / "count.tar", manifest=wrong_count)
    _nothing_changed(
        lambda: restore(wrong, force=True),
        uploads,
        "The backup file is damaged: table members_member",
    )


def test_a_database_with_data_is_kept_without_force(install, uploads):
    _change_everything(install, uploads)
    _nothing_changed(
        lambda: restore(install["archive"]),
        uploads,
        "The database is not empty (",
        "Give --force to replace it.",
    )


def test_the_command_refuses_in_vietnamese(install, uploads, tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    before = all_tables()
    with pytest.raises(CommandError, match="không phải là bản sao lưu của coso"):
        call_command("restore", str(not_a_backup), "--force")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(install["archive"]))
    assert all_tables() == before


def test_a_backup_while_another_connection_writes_holds_only_what_was_committed(
    install, uploads, tmp_path
):
    """The server may be writing: the backup neither waits for its open transaction nor takes
    its uncommitted rows."""
    committed = install_counts()
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        writer = other.cursor()
        if connection.vendor == "postgresql":
            writer.execute("BEGIN")
        else:
            writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO core_changestamp (name, value) VALUES ('open', 1)")
        manifest = backup(tmp_path / "during.tar")
    finally:
        other.rollback()
        other.close()
    assert manifest["tables"]["core_changestamp"] == committed["core_changestamp"]
    assert manifest["tables"]["members_member"] == committed["members_member"] == 8


def install_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in ("core_changestamp", "members_member"):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts
