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
