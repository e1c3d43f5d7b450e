"""The database objects behind fast accent-insensitive member search (`MemberQuerySet.search`).

PostgreSQL: a pg_trgm GIN index serves `search_text LIKE '%word%'` directly.
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
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS members_member_search_trgm "
    "ON members_member USING gin (search_text gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS members_member_search_trgm"]
OBJECTS = (SEARCH_TABLE, f"{SEARCH_TABLE}_ai", f"{SEARCH_TABLE}_ad", f"{SEARCH_TABLE}_au")


def create(connection) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in SQLITE_CREATE:
                cursor.execute(sql)
    elif connection.vendor == "postgresql":
        extension, index = POSTGRES_CREATE
        with connection.cursor() as cursor:
            cursor.execute("SAVEPOINT coso_trgm")
            try:
                cursor.execute(extension)
            except Exception:  # noqa: BLE001 - the role may not create extensions
                cursor.execute("ROLLBACK TO SAVEPOINT coso_trgm")
                print(
                    "\n  pg_trgm is not available: member search will scan the table. "
                    "Ask the database administrator to run CREATE EXTENSION pg_trgm."
                )
                return
            cursor.execute("RELEASE SAVEPOINT coso_trgm")
            cursor.execute(index)


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
