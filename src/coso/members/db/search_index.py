"""The database objects behind fast accent-insensitive member search (`MemberQuerySet.search`).

PostgreSQL: a GIN index of the beginnings of the column's words (`coso_word_prefixes`, a
tsvector whose lexemes are every word and its `is_stored_prefix` beginnings) serves
`MemberQuerySet.search` (`WordsMatch`): a query word that is a stored beginning is one exact
lexeme, which GIN intersects fast even for common names ("nguyen" & "thi" & "hoa"); any other
word (one letter, a short run of digits) is a prefix match (`'v':*`) on the same lexemes, so the
result is the same. Words with their beginnings cost about three times the index of the words
alone, and keep "nguyen thi hoa" at a few milliseconds where a prefix match of "hoa" (which
gathers every "hoang") costs tens.
SQLite: an FTS5 table of the words of `search_text` (unicode61 tokenizer, which splits the
column's a-z0-9 words exactly as stored; beginnings of 2 and 3 characters indexed too), kept in
step by triggers; `search` asks it for every query word as a prefix (`"nguyen"* AND "th"*`)
when all of it exists (the LIKE tests still decide, so the result is the same without it).
SQLite drops the triggers when a migration rebuilds the member table, so `ensure` runs after
every migrate and puts back whatever is missing.
"""

from __future__ import annotations

from coso.core.sqlite_objects import needs_rebuild

SEARCH_TABLE = "members_member_search"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5("
    "search_text, content='members_member', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
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
#: the shortest stored beginning of a word of letters, and of a word of digits (CCCD and card
#: numbers are searched whole or nearly: their short beginnings would triple the index)
MIN_PREFIX, MIN_DIGITS_PREFIX = 2, 6


def is_stored_prefix(word: str) -> bool:
    """Whether the index stores `word` as a beginning of every stored word that starts with
    it (`coso_word_prefixes`' rule), so an exact lexeme match finds them all."""
    return len(word) >= (MIN_DIGITS_PREFIX if word.isdigit() else MIN_PREFIX)


POSTGRES_FUNCTION = "coso_word_prefixes"
#: the planner's cost of one call (about 15 µs, 100 times a simple operator's default): told
#: the truth, it answers a search of 15,000 matches from the index and sorts them, instead of
#: walking the Vietnamese-order index and calling the function on 400,000 rows (3.7 s)
POSTGRES_FUNCTION_COST = 5000
POSTGRES_INDEX = "members_member_search_prefixes"
POSTGRES_CREATE = [
    # every word, and each beginning that `is_stored_prefix` accepts
    f"CREATE OR REPLACE FUNCTION {POSTGRES_FUNCTION}(text) RETURNS tsvector "
    f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST {POSTGRES_FUNCTION_COST} AS $$ "
    "SELECT array_to_tsvector(ARRAY(SELECT substr(w, 1, n) "
    "FROM unnest(string_to_array($1, ' ')) AS w, generate_series(1, length(w)) AS n "
    f"WHERE n = length(w) OR n >= {MIN_DIGITS_PREFIX} "
    f"OR (n >= {MIN_PREFIX} AND substr(w, 1, n) !~ '^[0-9]+$'))) $$",
    f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON members_member "
    f"USING gin ({POSTGRES_FUNCTION}(search_text))",
]
#: the trigram index that served substring search until members 0005
POSTGRES_OLD_INDEX = "members_member_search_trgm"
POSTGRES_DROP = [
    f"DROP INDEX IF EXISTS {POSTGRES_INDEX}",
    f"DROP INDEX IF EXISTS {POSTGRES_OLD_INDEX}",
]  # the function stays: the search's query calls it, with or without the index
OBJECTS = (SEARCH_TABLE, f"{SEARCH_TABLE}_ai", f"{SEARCH_TABLE}_ad", f"{SEARCH_TABLE}_au")

#: (database alias, database name) -> whether it has the objects above, looked up once per
#: database (`MemberQuerySet.search_index_ready` is this dict; `ensure` forgets it)
READY: dict[tuple[str, str], bool] = {}


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
    if not needs_rebuild(connection, "members_member", OBJECTS):
        return False
    drop(connection)
    create(connection)
    READY.clear()
    return True
