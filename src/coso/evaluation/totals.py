"""The evaluations counted by decided grade per organization and period
(`evaluation_gradetotal`), kept exact by database triggers, so the year's results of a whole
city read a row per child organization instead of every member's evaluation (~1 million for
two years of a city of 500,000 members: 1.4 s a page, 150 × login).

Each (organization, period) has two rows: `subtree` false, its own evaluations (those whose
`organization` is it: its members evaluated there and its own evaluation as an organization),
and `subtree` true, those of its whole subtree, itself included. Each row counts members and
organizations by decided grade, and those without one yet (`*_pending`).

Triggers (`coso.core.db.triggers`) on the evaluations: each written evaluation adds to its
organization's own row and to the subtree rows of the organization and every ancestor (the
ancestors as the tree stands when it is written). On PostgreSQL one statement trigger per event
over the transition tables (a grouped upsert in key order; an UPDATE that changes none of
organization, period, subject and grade changes nothing), on SQLite row triggers (an UPDATE OF
those columns only). A change of the tree (an organization's `path`: a move) rebuilds every
subtree row from the own rows (PostgreSQL: one statement trigger on the organizations; SQLite:
a row trigger per moved organization), so the subtrees are always the tree as it stands today.
`ensure` runs after every migrate (SQLite drops triggers when a migration rebuilds a table) and
`rebuild` counts everything afresh. Rows whose evaluations all went away stay, with zeros.

Every evaluation written in a period locks its ancestors' rows of that period (the city's root
among them) until its transaction ends: writers of grades in one city take turns at the commit.
"""

from __future__ import annotations

from coso.core.db.triggers import KeptTotals, pg_drop_statement_trigger, pg_statement_trigger

from .choices import Grade, SubjectKind

SOURCE = "evaluation_evaluation"
ORGS = "orgs_organization"
TABLE = "evaluation_gradetotal"
STEP = 4  # Organization.steplen (orgs' models are not imported by the migration's module)
#: SQLite lists an organization's ancestors by path prefix, this many levels at most
SQLITE_DEPTH = 16

_KINDS = {SubjectKind.MEMBER.value: "members", SubjectKind.ORGANIZATION.value: "organizations"}
#: (column, subject kind, grade ('' for pending)) for each count
COUNTS = [
    (f"{prefix}_{grade or 'pending'}", kind, grade)
    for kind, prefix in _KINDS.items()
    for grade in (*Grade.values, "")
]
COLUMNS = [column for column, _kind, _grade in COUNTS]
_LIST = ", ".join(COLUMNS)
_KEY = "organization_id, period_id, subtree"


def _counts(p: str, sign: str = "1") -> list[str]:
    """Each count's expression for the evaluation row `p` (`p.` prefix, or '' for none)."""
    return [
        f"CASE WHEN {p}subject_kind = '{kind}' AND {p}grade = '{grade}' THEN {sign} ELSE 0 END"
        for _column, kind, grade in COUNTS
    ]


def _add_conflict(how: str = "add") -> str:
    sets = ", ".join(
        f"{c} = {TABLE}.{c} + excluded.{c}" if how == "add" else f"{c} = excluded.{c}"
        for c in COLUMNS
    )
    return f"ON CONFLICT ({_KEY}) DO UPDATE SET {sets}"


def _sums(alias: str = "") -> str:
    return ", ".join(f"SUM({alias}{c})" for c in COLUMNS)


# PostgreSQL -------------------------------------------------------------------------------

#: an organization `o`'s ancestors and itself as `a`, by their paths (an index scan each: as a
#: join on generate_series the planner hashed all 26,762 organizations of a city for every
#: statement, 14 ms a one-row update)
_PG_ANCESTORS = (
    f"JOIN {ORGS} a ON a.path = ANY (ARRAY(SELECT substr(o.path, 1, {STEP} * k) "
    "FROM generate_series(1, o.depth) k))"
)
#: the same for every organization at once (a rebuild: there the hash is right)
_PG_ANCESTORS_ALL = (
    f"CROSS JOIN LATERAL generate_series(1, o.depth) k "
    f"JOIN {ORGS} a ON a.path = substr(o.path, 1, {STEP} * k)"
)


def _pg_body(tables: list[tuple[str, str]]) -> str:
    counted = " UNION ALL ".join(
        "SELECT organization_id, period_id, "
        + ", ".join(f"{e} AS {c}" for e, c in zip(_counts("", sign), COLUMNS, strict=True))
        + f" FROM {table}"
        for table, sign in tables
    )
    # the statement's change per organization and period (an update's that changed no count
    # cancels out and is left out)
    nonzero = " OR ".join(f"SUM({c}) <> 0" for c in COLUMNS)
    deltas = (
        f"SELECT organization_id, period_id, {', '.join(f'SUM({c}) AS {c}' for c in COLUMNS)} "
        f"FROM ({counted}) c GROUP BY organization_id, period_id HAVING {nonzero}"
    )
    own = (
        f"INSERT INTO {TABLE} ({_KEY}, {_LIST}) "
        f"SELECT organization_id, period_id, false, {_LIST} FROM ({deltas}) d "
        f"ORDER BY 1, 2 {_add_conflict()};"
    )
    subtree = (
        f"INSERT INTO {TABLE} ({_KEY}, {_LIST}) "
        f"SELECT a.id, d.period_id, true, {_sums('d.')} FROM ({deltas}) d "
        f"JOIN {ORGS} o ON o.id = d.organization_id {_PG_ANCESTORS} "
        f"GROUP BY a.id, d.period_id ORDER BY 1, 2 {_add_conflict()};"
    )
    return f"{own} {subtree}"


#: every subtree row counted afresh from the own rows (the tree as it stands)
_SUBTREES = [
    f"DELETE FROM {TABLE} WHERE subtree",
    f"INSERT INTO {TABLE} ({_KEY}, {_LIST}) "
    f"SELECT a.id, t.period_id, true, {_sums('t.')} FROM {TABLE} t "
    f"JOIN {ORGS} o ON o.id = t.organization_id {_PG_ANCESTORS_ALL} "
    "WHERE NOT t.subtree GROUP BY a.id, t.period_id",
]

_PG_BODIES = {
    "insert": _pg_body([("new_rows", "1")]),
    "delete": _pg_body([("old_rows", "-1")]),
    "update": _pg_body([("old_rows", "-1"), ("new_rows", "1")]),
    "truncate": f"DELETE FROM {TABLE};",
}
_PG_MOVES = (
    "IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id "
    f"WHERE n.path <> o.path) THEN {'; '.join(_SUBTREES)}; END IF;"
)

# SQLite -----------------------------------------------------------------------------------


def _sqlite_ancestors(p: str) -> str:
    """`a`: the organization of the evaluation `p` and its ancestors, by path prefix."""
    prefixes = ", ".join(f"substr(o.path, 1, {STEP * k})" for k in range(1, SQLITE_DEPTH + 1))
    return f"{ORGS} o JOIN {ORGS} a ON a.path IN ({prefixes}) WHERE o.id = {p}.organization_id"


def _sqlite_add(p: str) -> str:
    counts = ", ".join(_counts(f"{p}."))
    return (
        f"INSERT INTO {TABLE} ({_KEY}, {_LIST}) "
        f"VALUES ({p}.organization_id, {p}.period_id, 0, {counts}) {_add_conflict()}; "
        f"INSERT INTO {TABLE} ({_KEY}, {_LIST}) "
        f"SELECT a.id, {p}.period_id, 1, {counts} FROM {_sqlite_ancestors(p)} {_add_conflict()};"
    )


def _sqlite_remove(p: str) -> str:
    """An UPDATE, never an insert: rows that are not there (the totals emptied before the
    evaluations, as a test database's flush may) are left alone, not made negative."""
    sets = ", ".join(f"{c} = {c} - ({e})" for c, e in zip(COLUMNS, _counts(f"{p}."), strict=True))
    return (
        f"UPDATE {TABLE} SET {sets} WHERE NOT subtree AND organization_id = {p}.organization_id "
        f"AND period_id = {p}.period_id; "
        f"UPDATE {TABLE} SET {sets} WHERE subtree AND period_id = {p}.period_id "
        f"AND organization_id IN (SELECT a.id FROM {_sqlite_ancestors(p)});"
    )


def _sqlite_subtrees() -> str:
    prefixes = ", ".join(f"substr(o.path, 1, {STEP * k})" for k in range(1, SQLITE_DEPTH + 1))
    return (
        f"DELETE FROM {TABLE} WHERE subtree; "
        f"INSERT INTO {TABLE} ({_KEY}, {_LIST}) "
        f"SELECT a.id, t.period_id, 1, {_sums('t.')} FROM {TABLE} t "
        f"JOIN {ORGS} o ON o.id = t.organization_id JOIN {ORGS} a ON a.path IN ({prefixes}) "
        f"WHERE NOT t.subtree GROUP BY a.id, t.period_id {_add_conflict('put')};"
    )


_WATCHED = "organization_id, period_id, subject_kind, grade"
SQLITE_TRIGGERS = {
    "evaluation_totals_i": f"AFTER INSERT ON {SOURCE} BEGIN {_sqlite_add('new')} END",
    "evaluation_totals_d": f"AFTER DELETE ON {SOURCE} BEGIN {_sqlite_remove('old')} END",
    "evaluation_totals_u": f"AFTER UPDATE OF {_WATCHED} ON {SOURCE} "
    f"BEGIN {_sqlite_remove('old')} {_sqlite_add('new')} END",
    "evaluation_totals_moves": f"AFTER UPDATE OF path ON {ORGS} WHEN old.path <> new.path "
    f"BEGIN {_sqlite_subtrees()} END",
}

# rebuild ----------------------------------------------------------------------------------

_OWN = (
    f"INSERT INTO {TABLE} ({_KEY}, {_LIST}) "
    f"SELECT organization_id, period_id, {{false}}, "
    + ", ".join(f"SUM({expr})" for expr in _counts(""))
    + f" FROM {SOURCE} GROUP BY organization_id, period_id"
)

KEPT = KeptTotals(
    table=SOURCE,
    postgres=[
        *(
            sql
            for event, body in _PG_BODIES.items()
            for sql in pg_statement_trigger(SOURCE, f"evaluation_totals_{event}", event, body)
        ),
        *pg_statement_trigger(ORGS, "evaluation_totals_moves", "update", _PG_MOVES),
    ],
    postgres_drop=[
        *(
            sql
            for event in _PG_BODIES
            for sql in pg_drop_statement_trigger(SOURCE, f"evaluation_totals_{event}")
        ),
        *pg_drop_statement_trigger(ORGS, "evaluation_totals_moves"),
    ],
    sqlite=SQLITE_TRIGGERS,
    rebuild_sql={
        "postgresql": [f"DELETE FROM {TABLE}", _OWN.format(false="false"), *_SUBTREES],
        "sqlite": [
            f"DELETE FROM {TABLE}",
            _OWN.format(false="0"),
            _sqlite_subtrees().split("; ", 1)[1].rstrip(";"),
        ],
    },
)

#: put the triggers in place and count the totals afresh from the evaluations
create = KEPT.create
drop = KEPT.drop
#: count the totals afresh from the evaluations (the triggers keep them after)
rebuild = KEPT.rebuild
#: SQLite: re-create missing triggers (after a table rebuild) and count afresh
ensure = KEPT.ensure
