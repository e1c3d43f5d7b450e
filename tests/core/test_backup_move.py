"""`coso move-to-postgres URL` (core/pgmove.py): the SQLite test database, with data of every
kind, copied into a fresh PostgreSQL database (t_backup_<random>, dropped afterwards) gives
every table identical, read back through Django on both sides; a target with data is refused
with nothing changed. Needs a PostgreSQL server at 127.0.0.1:5432 (CI has one)."""

from __future__ import annotations

import io
import socket
import uuid

import dj_database_url
import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import translation

from coso.core.backup_db import Refused, data_tables
from coso.core.pgmove import canonical, copy_order, move_to_postgres
from coso.imports.models import ImportJob
from coso.imports.services import check_job, create_job
from coso.members.models import Member
from tests.helpers import as_rows, member_row, refused, scenario, xlsx_bytes

SERVER = "postgres://postgres@127.0.0.1:5432"
ALIAS = "t_backup_target"


def _reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not _reachable(), reason="no PostgreSQL server at 127.0.0.1:5432"),
]


def _on_sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the move reads the SQLite test database: it runs when the tests run on SQLite")


@pytest.fixture
def target():
    """A fresh PostgreSQL database and a Django connection to it; both gone afterwards."""
    name = f"t_backup_{uuid.uuid4().hex[:12]}"
    url = f"{SERVER}/{name}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    # a connection made on the fly, not a configured alias: Django's test case lets it connect
    connections.settings[ALIAS] = connections.configure_settings(
        {"default": dj_database_url.parse(url)}
    )["default"]
    target = connections.create_connection(ALIAS)
    del connections.settings[ALIAS]
    connections[ALIAS] = target
    try:
        yield url
    finally:
        target.close()
        del connections[ALIAS]
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_row(alias: str) -> dict[str, list]:
    """Every row of every model table through Django's fields on `alias`, sorted."""
    return {
        model._meta.db_table: sorted(model._base_manager.using(alias).values_list(), key=repr)
        for model in copy_order()
    }


def test_the_move_gives_every_table_identical(tree, members, personas, target, settings, tmp_path):
    _on_sqlite()
    settings.DATA_DIR = tmp_path
    scenario(tree, members)
    # an import job: a UUID key and a JSON preview
    rows = xlsx_bytes(as_rows([member_row(1), member_row(2, cccd="bad")]))
    job = create_job(
        user=personas["office"], organization=tree["DUK"], filename="ds.xlsx", chunks=[rows]
    )
    check_job(job)
    before = every_row("default")
    out = io.StringIO()
    call_command("move_to_postgres", target, stdout=out)
    assert "Đã chuyển và kiểm tra" in out.getvalue()
    assert f"Đã chép {len(copy_order())}/{len(copy_order())}" in out.getvalue()

    moved = every_row(ALIAS)
    assert set(moved) == set(data_tables())
    assert moved == before
    assert len(moved["members_membershipevent"]) > 10
    pk_at = [f.attname for f in ImportJob._meta.concrete_fields].index("id")
    assert [row[pk_at] for row in moved["imports_importjob"]] == [job.pk]
    assert ImportJob.objects.using(ALIAS).get().preview == ImportJob.objects.get().preview != {}
    assert every_row("default") == before  # the source is untouched

    # ids go on after the highest, and the tallies kept by triggers are right
    newest = Member.objects.order_by("-pk").first()
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('members_member', 'id'))")
        assert cursor.fetchone()[0] == newest.pk + 1
        cursor.execute("SELECT SUM(official) FROM members_officialtally")
        tallied = cursor.fetchone()[0]
        cursor.execute(
            "SELECT COUNT(*) FROM members_placement WHERE kind = 'official' AND valid_to IS NULL"
        )
        assert tallied == cursor.fetchone()[0]


def test_a_target_with_data_is_refused(tree, members, target):
    _on_sqlite()
    move_to_postgres(target)
    with connections[ALIAS].cursor() as cursor:
        cursor.execute(
            "UPDATE members_member SET given_name = 'Target' WHERE id = %s", [members["an"].pk]
        )
    target_before = every_row(ALIAS)
    with translation.override("en"):
        refused(
            lambda: move_to_postgres(target),
            "The PostgreSQL database is not empty (",
            "move into an empty one.",
            raises=Refused,
        )
    assert every_row(ALIAS) == target_before


def test_only_a_sqlite_install_moves(target):
    if connection.vendor == "sqlite":
        pytest.skip("runs when the tests run on PostgreSQL")
    with translation.override("en"):
        refused(lambda: move_to_postgres(target), "does not run on SQLite", raises=Refused)


def test_canonical_values_agree_across_drivers():
    import datetime as dt
    import decimal

    utc = dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    hanoi = utc.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert canonical(utc) == canonical(hanoi) == "2026-01-02T03:04:05.000006+00:00"
    assert canonical(decimal.Decimal("1.50")) == canonical(decimal.Decimal("1.5"))
    assert canonical({"b": 1, "a": [1, "x"]}) == '{"a":[1,"x"],"b":1}'
    assert canonical(memoryview(b"\x01")) == canonical(b"\x01") == "01"
    assert canonical(True) != canonical(1)
    assert canonical(None) != canonical("")


def test_the_command_is_spelled_with_hyphens(capsys):
    from coso.cli import main  # the console script's entry (wiring above the apps)

    with pytest.raises(SystemExit) as exit_:
        main(["move-to-postgres", "--help"])
    assert exit_.value.code == 0
    assert "coso move_to_postgres" in capsys.readouterr().out
