"""The planner's statistics are refreshed after bulk writes: without them SQLite drove the to-do
list's liaison queries from every member of the bloc (150 ms a query instead of 1 ms)."""

import pytest
from django.db import connection

from coso.core.sqlite_objects import refresh_statistics
from coso.demo.samples import write_member_file
from coso.imports.services import STATISTICS_ROWS, import_members

pytestmark = pytest.mark.django_db


def analyses() -> dict[str, int]:
    """Table -> how many times it has been analyzed (SQLite: 1 if it has statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone():
                return {}
            cursor.execute("SELECT DISTINCT tbl, 1 FROM sqlite_stat1")
        else:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT relname, analyze_count FROM pg_stat_user_tables")
        return dict(cursor.fetchall())


TABLES = ("members_member", "members_placement", "orgs_organization")


@pytest.fixture(autouse=True)
def _no_sqlite_statistics(db):
    """SQLite: start without statistics (another test may have committed some)."""
    if connection.vendor == "sqlite" and analyses():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")


def test_refresh_statistics_analyzes_the_member_tables(members):
    before = analyses()
    refresh_statistics(connection)
    after = analyses()
    assert [after[t] - before.get(t, 0) for t in TABLES] == [1, 1, 1]


def test_a_large_import_refreshes_the_statistics(tree, tmp_path):
    before = analyses()
    path = write_member_file(tmp_path / "ds.xlsx", STATISTICS_ROWS, ["DUK-BK-CNTT"])
    assert import_members(path, filename="ds.xlsx").created == 1000
    after = analyses()
    assert [after[t] - before.get(t, 0) for t in TABLES] == [1, 1, 1]
