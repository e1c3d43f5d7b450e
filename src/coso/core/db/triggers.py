"""Tables of totals kept exact by database triggers on the table they sum, whoever writes it
(services, bulk loads, COPY, raw SQL): on PostgreSQL statement triggers over the transition
tables (one grouped pass per statement, so a COPY of millions of rows costs one pass), on
SQLite row triggers. SQLite drops a table's triggers when a migration rebuilds it, so `ensure`
runs after every migrate and rebuilds the totals when it had to put the triggers back.

`members.db.tally` (today's official members per organization) and `dues.totals` (the dues
ledger per cell and month, and per cell and year) are kept so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coso.core.sqlite_objects import needs_rebuild

#: the transition tables each event has, as the trigger names them
TRANSITIONS = {
    "insert": "REFERENCING NEW TABLE AS new_rows ",
    "delete": "REFERENCING OLD TABLE AS old_rows ",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ",
    "truncate": "",
}


def pg_statement_trigger(source: str, name: str, event: str, body: str) -> list[str]:
    """A PostgreSQL statement trigger `<source>_<name>` after `event` (insert, delete, update,
    truncate) on `source`, running `body` (SQL statements ending in `;`) with the statement's
    rows in `new_rows` and/or `old_rows` (none for truncate)."""
    return [
        f"CREATE OR REPLACE FUNCTION coso_{name}() RETURNS trigger AS $$ BEGIN {body} "
        "RETURN NULL; END $$ LANGUAGE plpgsql",
        f"DROP TRIGGER IF EXISTS {source}_{name} ON {source}",
        f"CREATE TRIGGER {source}_{name} AFTER {event.upper()} ON {source} "
        f"{TRANSITIONS[event]}FOR EACH STATEMENT EXECUTE FUNCTION coso_{name}()",
    ]


def pg_drop_statement_trigger(source: str, name: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {source}_{name} ON {source}",
        f"DROP FUNCTION IF EXISTS coso_{name}()",
    ]


def run(connection, statements: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@dataclass(frozen=True)
class KeptTotals:
    """The statements that keep the totals `table` (rebuilt from its source by `rebuild`) by
    triggers: `postgres` creates the statement triggers and `postgres_drop` removes them,
    `sqlite` maps each row trigger's name to its body (after `CREATE TRIGGER name`);
    `rebuild_sql` is the same on both databases or given per vendor."""

    table: str
    postgres: Sequence[str]
    postgres_drop: Sequence[str]
    sqlite: dict[str, str]
    rebuild_sql: Sequence[str] | dict[str, Sequence[str]]

    def _rebuild(self, connection) -> Sequence[str]:
        sql = self.rebuild_sql
        return sql.get(connection.vendor, []) if isinstance(sql, dict) else sql

    def rebuild(self, connection) -> None:
        """Sum the totals afresh from the source table."""
        run(connection, self._rebuild(connection))

    def create(self, connection) -> None:
        """Put the triggers in place and sum the totals afresh."""
        sqlite = [f"CREATE TRIGGER IF NOT EXISTS {n} {body}" for n, body in self.sqlite.items()]
        triggers = {"sqlite": sqlite, "postgresql": self.postgres}.get(connection.vendor, [])
        run(connection, [*triggers, *self._rebuild(connection)])

    def drop(self, connection) -> None:
        sqlite = [f"DROP TRIGGER IF EXISTS {name}" for name in self.sqlite]
        run(
            connection,
            {"sqlite": sqlite, "postgresql": self.postgres_drop}.get(connection.vendor, []),
        )

    def ensure(self, connection) -> bool:
        """SQLite: re-create missing triggers (after a table rebuild) and sum afresh."""
        if not needs_rebuild(connection, self.table, self.sqlite):
            return False
        self.create(connection)
        return True
