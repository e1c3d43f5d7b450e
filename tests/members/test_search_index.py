import importlib
import types

from django.db import connection

from coso.members.db import search_index
from coso.members.models import Member, MemberQuerySet


def _objects():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'members_member_search%'"
            )
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'members_member' "
                "AND indexname LIKE 'members_member_search%%'"
            )
        return sorted(r[0] for r in cursor.fetchall())


def test_migrations_create_the_search_index(db):
    if connection.vendor == "sqlite":
        assert set(search_index.OBJECTS) <= set(_objects())
    else:
        assert _objects() == [search_index.POSTGRES_INDEX]


def test_ensure_puts_back_dropped_triggers_and_search_still_finds(members):
    if connection.vendor != "sqlite":
        assert search_index.ensure(connection) is False  # nothing to do on PostgreSQL
        assert [m.given_name for m in Member.objects.search("tran minh duc")] == ["Đức"]
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {search_index.SEARCH_TABLE}_ai")
    assert search_index.ensure(connection) is True
    assert set(search_index.OBJECTS) <= set(_objects())
    assert search_index.ensure(connection) is False  # complete: nothing to do
    MemberQuerySet.search_index_ready.clear()
    assert [m.given_name for m in Member.objects.search("tran minh duc")] == ["Đức"]


def test_postgresql_search_is_served_by_the_words_index(members):
    """The page's search must reach the GIN index of words: the expression in the query is
    the index's expression (a difference would silently read the whole table)."""
    if connection.vendor != "postgresql":
        assert search_index.POSTGRES_INDEX not in _objects()
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        queryset = Member.objects.search("tran minh d").values_list("pk")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert search_index.POSTGRES_INDEX in plan


def test_migration_0005_rewrites_stored_texts_into_words(members):
    from django.apps import apps

    migration = importlib.import_module("coso.members.migrations.0005_search_words")
    duc = members["duc"]
    Member.objects.filter(pk=duc.pk).update(search_text="tran minh duc (ba) 012-34")
    untouched = Member.objects.exclude(pk=duc.pk).values_list("pk", "search_text")
    before = dict(untouched)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # DDL waits for no deferred foreign-key checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # forwards uses only the editor's connection (SQLite's editor refuses to open in a test)
    migration.forwards(apps, types.SimpleNamespace(connection=connection))
    assert Member.objects.get(pk=duc.pk).search_text == "tran minh duc ba 012 34"
    assert dict(untouched) == before
    if connection.vendor == "sqlite":
        assert set(search_index.OBJECTS) <= set(_objects())
    else:
        assert _objects() == [search_index.POSTGRES_INDEX]
