"""The database objects behind fast accent-insensitive member search (`MemberQuerySet.search`).

PostgreSQL: a GIN index of the column's words as text search lexemes (the 'simple'
configuration) serves `MemberQuerySet.search`'s word-prefix query (`WordsMatch`) directly; the
words are `core.text.search_words`, which the 'simple' parser splits the same way.
SQLite: an FTS5 table with the trigram tokenizer over `search_text`, kept in step by triggers;
`search` picks candidate rows from it when all of it exists (the LIKE tests still decide).
SQLite drops the triggers when a migration rebuilds the member table, so `ensure` runs after
every migrate and puts back whatever is missing.
"""

from __future__ import annotations

SEARCH_TABLE = "members_member_search"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5("
    "search_text, content='members_member', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_ai AFTER INSERT ON members_member BEGIN "
    f"INSERT INTO {SEARCH_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_ad AFTER DELETE ON members_member BEGIN "
    f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_au AFTER UPDATE ON members_member BEGIN "
    f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {SEARCH_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {SEARCH_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {SEARCH_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {SEARCH_TABLE}_au",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]
POSTGRES_INDEX = "members_member_search_words"
POSTGRES_CREATE = [
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON members_member "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
]
#: the trigram index that served substring search until members 0005
POSTGRES_OLD_INDEX = "members_member_search_trgm"
POSTGRES_DROP = [
    f"DROP INDEX IF EXISTS {POSTGRES_INDEX}",
    f"DROP INDEX IF EXISTS {POSTGRES_OLD_INDEX}",
]
OBJECTS = (SEARCH_TABLE, f"{SEARCH_TABLE}_ai", f"{SEARCH_TABLE}_ad", f"{SEARCH_TABLE}_au")


def create(connection) -> None:
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop(connection) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def ensure(connection) -> bool:
    """Re-create the SQLite objects if the member table exists and any of them is missing."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s, %s)",
                       [*OBJECTS, "members_member"])  # fmt: skip
        found = {row[0] for row in cursor.fetchall()}
    if "members_member" not in found or found >= {*OBJECTS, "members_member"}:
        return False
    drop(connection)
    create(connection)
    from .models import MemberQuerySet

    MemberQuerySet.search_index_ready.clear()
    return True
