"""Today's official members per organization, kept by database triggers, so counting a whole
province or the country reads one small row per organization instead of millions of
placements.

`members_officialtally` holds, per organization, the official placements that are open
(`valid_to` is null). Triggers on `members_placement` keep it exact whoever writes the rows
(services, bulk loads, COPY, raw SQL): on PostgreSQL statement triggers over the transition
tables (one grouped upsert per statement, so a COPY of millions of rows costs one pass), on
SQLite row triggers. SQLite drops triggers when a migration rebuilds the table, so `ensure`
runs after every migrate and rebuilds the tallies when it had to put them back.

The count of official members on `day` in a subtree is then

    open placements (the tallies)
    - open placements that start after `day`
    + closed placements that cover `day` (they end after it)

where the two corrections read a partial index each and are empty or nearly so: placements are
seldom dated ahead. `member_count` and the tree's branch counts use it for today; other days
count the placement log.
"""

from __future__ import annotations

from coso.core.sqlite_objects import needs_rebuild

TABLE = "members_officialtally"
OFFICIAL = "official"

_OPEN = f"kind = '{OFFICIAL}' AND valid_to IS NULL"


def _pg_statement(name: str, event: str, body: str, tables: str) -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION coso_{name}() RETURNS trigger AS $$ BEGIN {body} "
        "RETURN NULL; END $$ LANGUAGE plpgsql",
        f"DROP TRIGGER IF EXISTS members_placement_{name} ON members_placement",
        f"CREATE TRIGGER members_placement_{name} AFTER {event} ON members_placement "
        f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION coso_{name}()",
    ]


def _pg_add(rows: str) -> str:
    return (
        f"INSERT INTO {TABLE} (organization_id, official) "
        f"SELECT organization_id, COUNT(*) FROM {rows} WHERE {_OPEN} GROUP BY organization_id "
        f"ON CONFLICT (organization_id) DO UPDATE "
        f"SET official = {TABLE}.official + EXCLUDED.official;"
    )


def _pg_remove(rows: str) -> str:
    return (
        f"UPDATE {TABLE} t SET official = t.official - gone.n FROM (SELECT organization_id, "
        f"COUNT(*) AS n FROM {rows} WHERE {_OPEN} GROUP BY organization_id) gone "
        "WHERE t.organization_id = gone.organization_id;"
    )


POSTGRES_CREATE = [
    *_pg_statement("tally_insert", "INSERT", _pg_add("new_rows"), "NEW TABLE AS new_rows"),
    *_pg_statement("tally_delete", "DELETE", _pg_remove("old_rows"), "OLD TABLE AS old_rows"),
    *_pg_statement(
        "tally_update",
        "UPDATE",
        _pg_remove("old_rows") + " " + _pg_add("new_rows"),
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    ),
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS members_placement_tally_{event} ON members_placement"
    for event in ("insert", "delete", "update")
] + [f"DROP FUNCTION IF EXISTS coso_tally_{event}()" for event in ("insert", "delete", "update")]

_SQLITE_ADD = (
    f"INSERT INTO {TABLE} (organization_id, official) VALUES (new.organization_id, 1) "
    "ON CONFLICT (organization_id) DO UPDATE SET official = official + 1;"
)
_SQLITE_REMOVE = (
    f"UPDATE {TABLE} SET official = official - 1 WHERE organization_id = old.organization_id;"
)
_SQLITE_OPEN = {
    "new": f"new.kind = '{OFFICIAL}' AND new.valid_to IS NULL",
    "old": f"old.kind = '{OFFICIAL}' AND old.valid_to IS NULL",
}
SQLITE_TRIGGERS = {
    "members_placement_tally_i": f"AFTER INSERT ON members_placement "
    f"WHEN {_SQLITE_OPEN['new']} BEGIN {_SQLITE_ADD} END",
    "members_placement_tally_d": f"AFTER DELETE ON members_placement "
    f"WHEN {_SQLITE_OPEN['old']} BEGIN {_SQLITE_REMOVE} END",
    "members_placement_tally_uo": f"AFTER UPDATE ON members_placement "
    f"WHEN {_SQLITE_OPEN['old']} BEGIN {_SQLITE_REMOVE} END",
    "members_placement_tally_un": f"AFTER UPDATE ON members_placement "
    f"WHEN {_SQLITE_OPEN['new']} BEGIN {_SQLITE_ADD} END",
}
SQLITE_CREATE = [f"CREATE TRIGGER IF NOT EXISTS {n} {body}" for n, body in SQLITE_TRIGGERS.items()]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]

REBUILD = [
    f"DELETE FROM {TABLE}",
    f"INSERT INTO {TABLE} (organization_id, official) SELECT organization_id, COUNT(*) "
    f"FROM members_placement WHERE {_OPEN} GROUP BY organization_id",
]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create(connection) -> None:
    """Put the triggers in place and count the tallies afresh from the placements."""
    triggers = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(connection.vendor, [])
    _run(connection, [*triggers, *REBUILD])


def drop(connection) -> None:
    _run(
        connection, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(connection.vendor, [])
    )


def ensure(connection) -> bool:
    """SQLite: re-create missing triggers (after a table rebuild) and recount."""
    if not needs_rebuild(connection, TABLE, SQLITE_TRIGGERS):
        return False
    create(connection)
    return True
