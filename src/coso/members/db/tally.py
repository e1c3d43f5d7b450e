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

from coso.core.db.triggers import KeptTotals, pg_drop_statement_trigger, pg_statement_trigger

TABLE = "members_officialtally"
OFFICIAL = "official"
SOURCE = "members_placement"

_OPEN = f"kind = '{OFFICIAL}' AND valid_to IS NULL"


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


_PG_BODIES = {
    "insert": _pg_add("new_rows"),
    "delete": _pg_remove("old_rows"),
    "update": _pg_remove("old_rows") + " " + _pg_add("new_rows"),
}

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
    "members_placement_tally_i": f"AFTER INSERT ON {SOURCE} "
    f"WHEN {_SQLITE_OPEN['new']} BEGIN {_SQLITE_ADD} END",
    "members_placement_tally_d": f"AFTER DELETE ON {SOURCE} "
    f"WHEN {_SQLITE_OPEN['old']} BEGIN {_SQLITE_REMOVE} END",
    "members_placement_tally_uo": f"AFTER UPDATE ON {SOURCE} "
    f"WHEN {_SQLITE_OPEN['old']} BEGIN {_SQLITE_REMOVE} END",
    "members_placement_tally_un": f"AFTER UPDATE ON {SOURCE} "
    f"WHEN {_SQLITE_OPEN['new']} BEGIN {_SQLITE_ADD} END",
}

REBUILD = [
    f"DELETE FROM {TABLE}",
    f"INSERT INTO {TABLE} (organization_id, official) SELECT organization_id, COUNT(*) "
    f"FROM {SOURCE} WHERE {_OPEN} GROUP BY organization_id",
]

KEPT = KeptTotals(
    table=TABLE,
    postgres=[
        sql
        for event, body in _PG_BODIES.items()
        for sql in pg_statement_trigger(SOURCE, f"tally_{event}", event, body)
    ],
    postgres_drop=[
        sql for event in _PG_BODIES for sql in pg_drop_statement_trigger(SOURCE, f"tally_{event}")
    ],
    sqlite=SQLITE_TRIGGERS,
    rebuild_sql=REBUILD,
)

#: put the triggers in place and count the tallies afresh from the placements
create = KEPT.create
drop = KEPT.drop
#: SQLite: re-create missing triggers (after a table rebuild) and recount
ensure = KEPT.ensure
