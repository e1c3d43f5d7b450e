"""A query built and compiled by the ORM once per process and database, then run with new values.

For the few small queries every signed-in request makes (the user's roles, their own member
record): SQLite answers them in about ten microseconds, while building the QuerySet and compiling
it to SQL takes several hundred. The QuerySet stays the one source of the query: it is built with
sample values, compiled, and each sample's place among the SQL's parameters is found; a run puts
the new values, adapted as the ORM adapts them, in those places. Supported values: whole numbers
(the samples lie within a 32-bit column's range) and dates; the rows' columns are read as the
database gives them, without the fields' converters: text and whole numbers.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

#: two sets of samples: the query is compiled with each, and a parameter is a value's place when
#: it is that value's sample in both (a constant of the query stays the same in both)
SAMPLES = {int: 1_973_456_281, dt.date: dt.date(1903, 7, 19)}
OTHER_SAMPLES = {int: 1_864_209_377, dt.date: dt.date(1907, 2, 11)}


def _adapt(connection, value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"not a supported value: {value!r}")


class CompiledQuery:
    """`build(**values)` returns the QuerySet (its rows are what `rows` returns: use
    `values_list`); `kinds` names each value's type (int or dt.date)."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        self.build = build
        self.kinds = kinds
        self._compiled: dict[str, tuple[str, list, list[str | None]]] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> tuple[str, list, list[str | None]]:
        connection = connections[using]
        compiled = []
        for samples in (SAMPLES, OTHER_SAMPLES):
            values = {name: samples[kind] for name, kind in self.kinds.items()}
            sql, params = self.build(**values).query.get_compiler(using).as_sql()
            adapted = {name: _adapt(connection, value) for name, value in values.items()}
            compiled.append((sql, list(params), adapted))
        (sql, params, adapted), (other_sql, other_params, other_adapted) = compiled
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError("the query's SQL depends on the values")
        slots: list[str | None] = []
        for param, other in zip(params, other_params, strict=True):
            names = [n for n in self.kinds if param == adapted[n] and other == other_adapted[n]]
            if len(names) > 1:
                raise ValueError(f"two values share a sample: {names}")
            if not names and (param != other or param in adapted.values()):
                raise ValueError(f"a parameter is neither a value nor a constant: {param!r}")
            slots.append(names[0] if names else None)
        missing = set(self.kinds) - set(slots)
        if missing:
            raise ValueError(f"values not found among the query's parameters: {sorted(missing)}")
        return sql, params, slots

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        """The query's rows for `values` (one query, as the QuerySet would make)."""
        if set(values) != set(self.kinds):
            raise TypeError(f"values for {sorted(self.kinds)} expected, got {sorted(values)}")
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        sql, params, slots = compiled
        connection = connections[using]
        run = [
            p if slot is None else _adapt(connection, values[slot])
            for p, slot in zip(params, slots, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, run)
            return cursor.fetchall()
