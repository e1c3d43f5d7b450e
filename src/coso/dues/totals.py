"""The dues ledger summed per cell and month (`dues_monthtotal`) and per cell and year
(`dues_yeartotal`), kept exact by database triggers on the ledger, so a city's yearly summary
reads one row per cell (~26,000) instead of every member's months (~6 million).

The organization of a total is the ledger row's: the cell the month was collected in. A month's
total holds its rows (`members`: one row per member and month), due, paid, arrears (what is
owed, due less paid, for the months unpaid without reason) and `unpaid` (those months). A year's
holds the same sums over its months, and as `members` the rows of the cell's latest month of
the year that has rows; it is recomputed from the months' totals of the (cell, year) pairs a
statement touched.

Triggers (`coso.core.db.triggers`): on PostgreSQL one statement trigger per event over the
transition tables: it locks the touched years' rows (in key order; a concurrent writer of the
same cell and year waits, then recomputes from what the first one committed), adds the
statement's rows to the months' totals (the old rows subtracted) in one grouped upsert, and
recomputes the touched years. On SQLite row triggers do the same for each row. `ensure` runs
after every migrate (SQLite drops triggers when a migration rebuilds the ledger) and
`rebuild` sums everything afresh from the ledger. Totals whose rows all went away stay, with
zeros: readers skip `members = 0`.
"""

from __future__ import annotations

from coso.core.db.triggers import KeptTotals, pg_drop_statement_trigger, pg_statement_trigger

LEDGER = "dues_duesmonth"
MONTHS = "dues_monthtotal"
YEARS = "dues_yeartotal"

SUMS = ("due", "paid", "arrears", "unpaid")
_COLUMNS = "organization_id, {key}, members, due, paid, arrears, unpaid"


def _owed(p: str) -> tuple[str, str]:
    """A ledger row's arrears and its 1 if unpaid without reason (`p`: the row's alias)."""
    unpaid = f"{p}excuse = '' AND {p}paid < {p}due"
    return (
        f"CASE WHEN {unpaid} THEN {p}due - {p}paid ELSE 0 END",
        f"CASE WHEN {unpaid} THEN 1 ELSE 0 END",
    )


def _set(table: str, how: str) -> str:
    """The upsert's SET: `how` 'add' adds the new values to the stored ones, 'put' replaces."""
    cols = ("members", *SUMS)
    if how == "add":
        return ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in cols)
    return ", ".join(f"{c} = excluded.{c}" for c in cols)


# PostgreSQL -------------------------------------------------------------------------------

_PG_YEAR = "EXTRACT(YEAR FROM {m})::int"


def _pg_changed(tables: list[tuple[str, int]]) -> str:
    arrears, unpaid = _owed("")
    return " UNION ALL ".join(
        f"SELECT organization_id, month, {sign} AS s, due, paid, {arrears} AS arrears, "
        f"{unpaid} AS unpaid FROM {table}"
        for table, sign in tables
    )


def _pg_body(tables: list[tuple[str, int]]) -> str:
    changed = _pg_changed(tables)
    keys = (
        f"(SELECT DISTINCT organization_id, {_PG_YEAR.format(m='month')} AS year "
        f"FROM ({changed}) c)"
    )
    lock = (
        f"INSERT INTO {YEARS} ({_COLUMNS.format(key='year')}) "
        f"SELECT organization_id, year, 0, 0, 0, 0, 0 FROM {keys} k ORDER BY 1, 2 "
        "ON CONFLICT (organization_id, year) DO NOTHING; "
        f"PERFORM 1 FROM {YEARS} y JOIN {keys} k "
        "ON y.organization_id = k.organization_id AND y.year = k.year "
        "ORDER BY y.organization_id, y.year FOR UPDATE OF y;"
    )
    add = (
        f"INSERT INTO {MONTHS} ({_COLUMNS.format(key='month')}) "
        "SELECT organization_id, month, SUM(s), SUM(s * due), SUM(s * paid), SUM(s * arrears), "
        f"SUM(s * unpaid) FROM ({changed}) c GROUP BY organization_id, month ORDER BY 1, 2 "
        f"ON CONFLICT (organization_id, month) DO UPDATE SET {_set(MONTHS, 'add')};"
    )
    years = (
        f"INSERT INTO {YEARS} ({_COLUMNS.format(key='year')}) "
        "SELECT m.organization_id, k.year, "
        "COALESCE((ARRAY_AGG(m.members ORDER BY m.month DESC) "
        "FILTER (WHERE m.members > 0))[1], 0), "
        "SUM(m.due), SUM(m.paid), SUM(m.arrears), SUM(m.unpaid) "
        f"FROM {keys} k JOIN {MONTHS} m ON m.organization_id = k.organization_id "
        "AND m.month >= make_date(k.year, 1, 1) AND m.month < make_date(k.year + 1, 1, 1) "
        "GROUP BY m.organization_id, k.year ORDER BY 1, 2 "
        f"ON CONFLICT (organization_id, year) DO UPDATE SET {_set(YEARS, 'put')};"
    )
    return f"{lock} {add} {years}"


_PG_BODIES = {
    "insert": _pg_body([("new_rows", 1)]),
    "delete": _pg_body([("old_rows", -1)]),
    "update": _pg_body([("old_rows", -1), ("new_rows", 1)]),
    # TRUNCATE fires no row or delete trigger: the ledger emptied, so are its totals
    "truncate": f"DELETE FROM {MONTHS}; DELETE FROM {YEARS};",
}

# SQLite -----------------------------------------------------------------------------------


def _sqlite_add(p: str) -> str:
    arrears, unpaid = _owed(f"{p}.")
    return (
        f"INSERT INTO {MONTHS} ({_COLUMNS.format(key='month')}) VALUES ({p}.organization_id, "
        f"{p}.month, 1, {p}.due, {p}.paid, {arrears}, {unpaid}) "
        f"ON CONFLICT (organization_id, month) DO UPDATE SET {_set(MONTHS, 'add')};"
    )


def _sqlite_remove(p: str) -> str:
    arrears, unpaid = _owed(f"{p}.")
    return (
        f"UPDATE {MONTHS} SET members = members - 1, due = due - {p}.due, "
        f"paid = paid - {p}.paid, arrears = arrears - ({arrears}), unpaid = unpaid - ({unpaid}) "
        f"WHERE organization_id = {p}.organization_id AND month = {p}.month;"
    )


def _sqlite_year(p: str) -> str:
    """Recompute the year of `p`'s row from its cell's months (a dozen rows by the index)."""
    same_year = (
        f"organization_id = {p}.organization_id AND substr(month, 1, 4) = substr({p}.month, 1, 4)"
    )
    return (
        f"INSERT INTO {YEARS} ({_COLUMNS.format(key='year')}) "
        f"SELECT organization_id, CAST(substr({p}.month, 1, 4) AS INTEGER), "
        f"COALESCE((SELECT members FROM {MONTHS} WHERE {same_year} AND members > 0 "
        "ORDER BY month DESC LIMIT 1), 0), "
        f"SUM(due), SUM(paid), SUM(arrears), SUM(unpaid) FROM {MONTHS} WHERE {same_year} "
        "GROUP BY organization_id "
        f"ON CONFLICT (organization_id, year) DO UPDATE SET {_set(YEARS, 'put')};"
    )


SQLITE_TRIGGERS = {
    "dues_duesmonth_totals_i": f"AFTER INSERT ON {LEDGER} "
    f"BEGIN {_sqlite_add('new')} {_sqlite_year('new')} END",
    "dues_duesmonth_totals_d": f"AFTER DELETE ON {LEDGER} "
    f"BEGIN {_sqlite_remove('old')} {_sqlite_year('old')} END",
    "dues_duesmonth_totals_u": f"AFTER UPDATE OF organization_id, month, due, paid, excuse "
    f"ON {LEDGER} BEGIN {_sqlite_remove('old')} {_sqlite_add('new')} "
    f"{_sqlite_year('old')} {_sqlite_year('new')} END",
}

# rebuild ----------------------------------------------------------------------------------


def _rebuild(year: str, january: str) -> list[str]:
    arrears, unpaid = _owed("")
    return [
        f"DELETE FROM {MONTHS}",
        f"DELETE FROM {YEARS}",
        f"INSERT INTO {MONTHS} ({_COLUMNS.format(key='month')}) "
        f"SELECT organization_id, month, COUNT(*), SUM(due), SUM(paid), SUM({arrears}), "
        f"SUM({unpaid}) FROM {LEDGER} GROUP BY organization_id, month",
        f"INSERT INTO {YEARS} ({_COLUMNS.format(key='year')}) "
        "SELECT t.organization_id, t.year, "
        f"COALESCE((SELECT l.members FROM {MONTHS} l WHERE l.organization_id = t.organization_id "
        f"AND l.month >= {january.format(y='t.year')} "
        f"AND l.month < {january.format(y='t.year + 1')} AND l.members > 0 "
        "ORDER BY l.month DESC LIMIT 1), 0), "
        "SUM(t.due), SUM(t.paid), SUM(t.arrears), SUM(t.unpaid) "
        f"FROM (SELECT organization_id, {year.format(m='month')} AS year, due, paid, arrears, "
        f"unpaid FROM {MONTHS}) t GROUP BY t.organization_id, t.year",
    ]


KEPT = KeptTotals(
    table=LEDGER,
    postgres=[
        sql
        for event, body in _PG_BODIES.items()
        for sql in pg_statement_trigger(LEDGER, f"dues_totals_{event}", event, body)
    ],
    postgres_drop=[
        sql
        for event in _PG_BODIES
        for sql in pg_drop_statement_trigger(LEDGER, f"dues_totals_{event}")
    ],
    sqlite=SQLITE_TRIGGERS,
    rebuild_sql={
        "postgresql": _rebuild(_PG_YEAR, "make_date({y}, 1, 1)"),
        "sqlite": _rebuild("CAST(substr({m}, 1, 4) AS INTEGER)", "printf('%04d-01-01', {y})"),
    },
)

#: put the triggers in place and sum the totals afresh from the ledger
create = KEPT.create
drop = KEPT.drop
#: sum the totals afresh from the ledger (the triggers keep them after)
rebuild = KEPT.rebuild
#: SQLite: re-create missing triggers (after a table rebuild) and sum afresh
ensure = KEPT.ensure
