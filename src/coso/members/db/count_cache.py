"""Today's member counts per branch of the tree, cached and kept exact by a change stamp.

Counting a level of the tree groups every open placement below it: fine once, too slow for
every page view at city scale. The counts of today are cached per (parent path, day, stamp),
where the stamp (`core.ChangeStamp` "placements") is replaced by database triggers on every
insert, update or delete of placements and organizations — whoever writes them (services,
bulk loads, COPY, raw SQL). A stale entry is never read: its key no longer matches.
SQLite drops triggers when a migration rebuilds a table, so `ensure` runs after every migrate.
"""

from __future__ import annotations

from coso.core.db.result_cache import note_reads
from coso.core.models import ChangeStamp
from coso.core.sqlite_objects import needs_rebuild

STAMP = "placements"
TABLES = ("members_placement", "orgs_organization")
_OPS = ("INSERT", "UPDATE", "DELETE")

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {table}_stamp_{op[0].lower()} AFTER {op} ON {table} BEGIN "
    f"UPDATE core_changestamp SET value = random() WHERE name = '{STAMP}'; END"
    for table in TABLES
    for op in _OPS
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {table}_stamp_{op[0].lower()}" for table in TABLES for op in _OPS
]
SQLITE_OBJECTS = tuple(f"{table}_stamp_{op[0].lower()}" for table in TABLES for op in _OPS)
POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION coso_bump_placements_stamp() RETURNS trigger AS $$ BEGIN "
    f"UPDATE core_changestamp SET value = (random() * 9e15)::bigint WHERE name = '{STAMP}'; "
    "RETURN NULL; END $$ LANGUAGE plpgsql",
    *(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}" for table in TABLES),
    *(
        f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION coso_bump_placements_stamp()"
        for table in TABLES
    ),
]
POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS coso_bump_placements_stamp()",
]


def _run(connection, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def create(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM core_changestamp WHERE name = %s", [STAMP])
        if cursor.fetchone()[0] == 0:
            cursor.execute("INSERT INTO core_changestamp (name, value) VALUES (%s, 1)", [STAMP])
    _run(connection, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop(connection) -> None:
    _run(connection, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


def ensure(connection) -> bool:
    """Re-create the SQLite triggers if any is missing (after a table rebuild)."""
    if not needs_rebuild(connection, "core_changestamp", SQLITE_OBJECTS):
        return False
    create(connection)
    return True


def cached_branches(parent, day, compute):
    """`compute()` (a {branch path: count} dict) for today, through the cache."""
    from django.core.cache import caches
    from django.db import connection
    from django.utils import timezone

    if day != timezone.localdate():
        return compute()
    stamp = ChangeStamp.current(STAMP)
    key = f"coso:branches:{connection.alias}:{connection.settings_dict['NAME']}:{parent.path}:{day.isoformat()}:{stamp}"
    # a memory cache: a stale entry is never read (its key carries the stamp), so each
    # process may keep its own; the shared database cache would cost a query per read
    local = caches["local"]
    value = local.get(key)
    if value is None:
        value = compute()
        local.set(key, value, 24 * 3600)
    else:  # no query was run: a value derived from these counts depends on the tables
        note_reads(TABLES)
    return value
