"""A change stamp per table, replaced by database triggers on every write to the table.

`core.db.result_cache` keeps figures derived from many tables (the to-do list, the home page's
counts) until one of the tables they read changes: each cached value carries the stamps of its
tables as they were when it was computed, and is used only while they are all unchanged.
Triggers see every write — services, bulk loads, COPY, raw SQL — so nothing has to remember to
say it wrote.

- **SQLite**: a row per table in `core_changestamp` (named ``t:<table>``), given a new random
  value by a row trigger after each insert, update and delete. The value changes in the
  writer's transaction, so a reader sees the new stamp exactly when it sees the new rows;
  SQLite has one writer at a time, so the row is no contention.
- **PostgreSQL**: a sequence per table (``coso_ts_<table>``), advanced by a statement trigger.
  A sequence is not transactional and never blocks (a stamp row would make every writer of a
  table wait for the previous one's commit, and could deadlock with row locks taken in another
  order). Since the new value is seen before the writer commits, the trigger also takes a shared
  advisory lock of the table until its transaction ends (shared: writers never wait for each
  other), and a reader about to compute asks which tables have a writer in flight
  (`busy_tables`): a value that read one of them is not kept.

SQLite drops a table's triggers when a migration rebuilds it, and new tables come with new
migrations: `ensure` runs after every migrate (and after a test's flush, which also empties the
stamp rows) and adds what is missing.
"""

from __future__ import annotations

import re
import secrets

#: tables never stamped: the stamps themselves, the cache, sessions and migrations (written
#: by reads: a login, a cached value; nothing derived is computed from them)
EXCLUDED = frozenset({"core_changestamp", "coso_cache", "django_session", "django_migrations"})
PREFIX = "t:"
#: the first key of the two-key advisory locks (`pg_advisory_xact_lock_shared(int, int)`),
#: so they cannot meet another use of advisory locks
LOCK_CLASS = 7460
_OPS = (("i", "INSERT"), ("u", "UPDATE"), ("d", "DELETE"))
_WORD = re.compile(r"[a-z_][a-z0-9_]*")

POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION coso_table_stamp() RETURNS trigger AS $$ BEGIN "
    f"PERFORM pg_advisory_xact_lock_shared({LOCK_CLASS}, hashtext(TG_TABLE_NAME)); "
    "PERFORM nextval(('coso_ts_' || TG_TABLE_NAME)::regclass); "
    "RETURN NULL; END $$ LANGUAGE plpgsql"
)


def tables(connection) -> list[str]:
    """The tables that have a stamp: every ordinary table of the database but `EXCLUDED`
    (SQLite's full-text tables and their shadow tables have none: triggers cannot sit on them)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"
            )
            rows = cursor.fetchall()
            virtual = [n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
            names = [n for n, _sql in rows if n not in virtual and not n.startswith(tuple(virtual))]
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            names = [r[0] for r in cursor.fetchall()]
    return sorted(n for n in names if n not in EXCLUDED)


def _sqlite_triggers(table: str) -> list[tuple[str, str]]:
    return [
        (
            f"{table}_ts_{short}",
            f"CREATE TRIGGER IF NOT EXISTS {table}_ts_{short} AFTER {op} ON {table} BEGIN "
            f"UPDATE core_changestamp SET value = random() WHERE name = '{PREFIX}{table}'; END",
        )
        for short, op in _OPS
    ]


def ensure(connection) -> None:
    """Give every table its stamp and triggers where they are missing (after a migrate, a
    table rebuilt by SQLite, a flush)."""
    names = tables(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM core_changestamp WHERE name LIKE %s", [PREFIX + "%"])
        have = {r[0] for r in cursor.fetchall()}
        missing = [n for n in names if PREFIX + n not in have]
        if missing:
            # a random first value: a flush (tests) starts the stamps again, and must not
            # bring back values that values cached before it were keyed by
            cursor.executemany(
                "INSERT INTO core_changestamp (name, value) VALUES (%s, %s)",
                [(PREFIX + n, secrets.randbits(62)) for n in missing],
            )
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_ts_%'"
            )
            present = {r[0] for r in cursor.fetchall()}
            for table in names:
                for name, sql in _sqlite_triggers(table):
                    if name not in present:
                        cursor.execute(sql)
            return
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'coso_ts' AND NOT t.tgisinternal"
        )
        present = {r[0] for r in cursor.fetchall()}
        if len(present) < len(names):
            cursor.execute(POSTGRES_FUNCTION)
        for table in names:
            if table in present:
                continue
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS coso_ts_{table}")
            # triggers fire in the order of their names: `coso_ts` before the tables' others
            cursor.execute(
                f"CREATE TRIGGER coso_ts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION coso_table_stamp()"
            )


def current(connection, names) -> dict[str, int]:
    """The stamps of the tables `names` now (one query); a table without one is left out."""
    names = sorted(set(names))
    if not names:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT name, value FROM core_changestamp WHERE name IN ({marks})",
                [PREFIX + n for n in names],
            )
            return {name[len(PREFIX) :]: value for name, value in cursor.fetchall()}
        known = set(tables_with_sequences(connection))
        parts = [
            f"SELECT '{n}', last_value * 2 + is_called::int FROM coso_ts_{n}"
            for n in names
            if n in known
        ]
        if not parts:
            return {}
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


_SEQUENCES: dict[str, frozenset[str]] = {}


def tables_with_sequences(connection) -> frozenset[str]:
    """PostgreSQL: the tables that have a stamp sequence (read once per process and database)."""
    key = f"{connection.alias}:{connection.settings_dict['NAME']}"
    found = _SEQUENCES.get(key)
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT substr(sequencename, 9) FROM pg_sequences "
                "WHERE schemaname = current_schema() AND sequencename LIKE %s",
                ["coso\\_ts\\_%"],
            )
            found = frozenset(r[0] for r in cursor.fetchall())
        _SEQUENCES[key] = found
    return found


def forget_sequences() -> None:
    """Read the sequences again next time (after `ensure` made new ones)."""
    _SEQUENCES.clear()


def busy_tables(connection, names) -> set[str]:
    """PostgreSQL: which of the tables `names` a transaction has written and not yet ended
    (its trigger holds the table's shared lock); SQLite: none (its stamps are transactional)."""
    names = sorted(set(names))
    if connection.vendor != "postgresql" or not names:
        return set()
    with connection.cursor() as cursor:
        # try the exclusive lock and let it go at once: it is refused while any writer holds
        # the shared one (CASE: the unlock runs only after a lock taken, AND has no order)
        cursor.execute(
            "SELECT t FROM unnest(%s::text[]) AS t WHERE NOT CASE "
            f"WHEN pg_try_advisory_lock({LOCK_CLASS}, hashtext(t)) "
            f"THEN pg_advisory_unlock({LOCK_CLASS}, hashtext(t)) ELSE false END",
            [names],
        )
        return {r[0] for r in cursor.fetchall()}


def tables_named(sql: str, known: frozenset[str]) -> set[str]:
    """The tables of `known` that the SQL text names."""
    return {w for w in _WORD.findall(sql.lower()) if w in known}
