"""SQLite drops a table's triggers when a migration rebuilds the table (ALTER TABLE emulation):
the modules that keep database objects beside the models (`members.search_index`,
`members.count_cache`, `members.tally`) check after every migrate whether theirs are all there."""

from __future__ import annotations


def needs_rebuild(connection, table: str, objects) -> bool:
    """Whether `table` exists on this SQLite database and any of `objects` (trigger or table
    names) is missing."""
    if connection.vendor != "sqlite":
        return False
    names = list(objects)
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = %s", [table])
        if not cursor.fetchone()[0]:
            return False
        cursor.execute(
            f"SELECT COUNT(DISTINCT name) FROM sqlite_master WHERE name IN ({placeholders})",
            names,
        )
        return cursor.fetchone()[0] < len(names)


#: rows ANALYZE reads per index on SQLite: approximate statistics in bounded time
ANALYSIS_LIMIT = 2000


def refresh_statistics(connection) -> None:
    """Refresh the planner's statistics (SQLite `sqlite_stat1`, PostgreSQL `pg_statistic`).

    SQLite keeps none until ANALYZE runs, and then guesses: on the bloc demo it drove the to-do
    list's residence-liaison queries from the 18,000 members instead of the 200 liaisons
    (150 ms a query instead of 1 ms). PostgreSQL's autovacuum analyzes by itself, later. Run
    after bulk writes: the demo, an import."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
