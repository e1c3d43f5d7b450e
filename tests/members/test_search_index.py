from django.db import connection

from coso.members import search_index
from coso.members.models import Member, MemberQuerySet


def _objects():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'members_member_search%'"
            )
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = 'members_member_search_trgm'"
            )
        return sorted(r[0] for r in cursor.fetchall())


def test_migrations_create_the_search_index(db):
    if connection.vendor == "sqlite":
        assert set(search_index.OBJECTS) <= set(_objects())
    else:
        assert _objects() == ["members_member_search_trgm"]


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
