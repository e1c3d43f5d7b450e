"""A query built and compiled by the ORM once per process and database, then run with new values.

For the few small queries every signed-in request makes (the user's roles, their own member
record): SQLite answers them in about ten microseconds, while building the QuerySet and compiling
it to SQL takes several hundred. The QuerySet stays the one source of the query: it is built with
sample values, compiled, and each sample's place among the SQL's parameters is found; a run puts
the new values, adapted as the ORM adapts them, in those places. Supported values: whole numbers
(the samples lie within a 32-bit column's range), dates, and tree paths (`Path`: letters and
digits, which a lookup may extend, as `path__startswith` makes `p%` or the range `p`..`p[`: the
parameter keeps what the lookup put around the sample). A value that changes the SQL's text
itself (a page's OFFSET, which the ORM writes into the SQL) is named in `literals`: the query is
compiled once for each of its values. The rows' columns are read as the database gives them,
without the fields' converters: text and whole numbers (a date is text on SQLite).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet


class Path(str):
    """The kind of a tree path's value: capital letters and digits (the tree's alphabet: nothing a
    LIKE escapes)."""


PATH_CHARACTERS = re.compile(r"[0-9A-Z]+")

#: two sets of samples: the query is compiled with each, and a parameter is a value's place when
#: it is that value's sample in both (a constant of the query stays the same in both)
SAMPLES = {int: 1_973_456_281, dt.date: dt.date(1903, 7, 19), Path: "Q7XK3ZW9QJ"}
OTHER_SAMPLES = {int: 1_864_209_377, dt.date: dt.date(1907, 2, 11), Path: "V2MJ8RT4KX"}


def _sample(samples: dict, kind: type, i: int):
    """The `i`th value of `kind`'s sample (two values of a kind get different samples)."""
    base = samples[kind]
    if kind is Path:
        return f"{base[:-2]}{i:02d}" if i else base
    if kind is dt.date:
        return base + dt.timedelta(days=i)
    return base + 7919 * i


#: at most this many compilations are kept per query (one a literal value and database)
KEPT = 64


def _adapt(connection, value, kind: type):
    if kind is dt.date and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return connection.ops.adapt_datefield_value(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is Path and isinstance(value, str) and PATH_CHARACTERS.fullmatch(value):
        return value
    raise TypeError(f"not a supported value: {value!r}")


def _slot(param, other, sample, other_sample) -> tuple[str, str] | None:
    """(before, after) when `param` and `other` are the two samples with the same text around
    them (a path's sample as a lookup extends it), else None."""
    if not isinstance(param, str) or not isinstance(other, str):
        return None
    at, other_at = param.find(sample), other.find(other_sample)
    if at < 0 or other_at < 0:
        return None
    before, after = param[:at], param[at + len(sample) :]
    if other != before + other_sample + after:
        return None
    return before, after


#: where a value goes among the parameters: its name, and the text a lookup put around it
Slot = tuple[str, str, str] | None


class CompiledQuery:
    """`build(**values)` returns the QuerySet (its rows are what `rows` returns: use
    `values_list`); `kinds` names each value's type (int, dt.date or `Path`); `literals` names
    the values written into the SQL's text (whole numbers, passed to `build` as they are)."""

    def __init__(
        self, build: Callable[..., QuerySet], *, literals: tuple[str, ...] = (), **kinds: type
    ):
        self.build = build
        self.kinds = kinds
        self.literals = literals
        self._compiled: dict[tuple, tuple[str, list, list[Slot]]] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str, literal: dict) -> tuple[str, list, list[Slot]]:
        connection = connections[using]
        compiled = []
        names = list(self.kinds)
        for samples in (SAMPLES, OTHER_SAMPLES):
            values = {
                name: _sample(samples, kind, [self.kinds[n] for n in names[:i]].count(kind))
                for i, (name, kind) in enumerate(self.kinds.items())
            }
            sql, params = self.build(**values, **literal).query.get_compiler(using).as_sql()
            adapted = {n: _adapt(connection, v, self.kinds[n]) for n, v in values.items()}
            compiled.append((sql, list(params), adapted))
        (sql, params, adapted), (other_sql, other_params, other_adapted) = compiled
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError("the query's SQL depends on the values")
        slots: list[Slot] = []
        for param, other in zip(params, other_params, strict=True):
            found = []
            for n in self.kinds:
                if param == adapted[n] and other == other_adapted[n]:
                    found.append((n, "", ""))
                elif self.kinds[n] is Path:
                    around = _slot(param, other, adapted[n], other_adapted[n])
                    if around is not None:
                        found.append((n, *around))
            if len(found) > 1:
                raise ValueError(f"two values share a sample: {[f[0] for f in found]}")
            if not found and (param != other or param in adapted.values()):
                raise ValueError(f"a parameter is neither a value nor a constant: {param!r}")
            slots.append(found[0] if found else None)
        missing = set(self.kinds) - {slot[0] for slot in slots if slot}
        if missing:
            raise ValueError(f"values not found among the query's parameters: {sorted(missing)}")
        return sql, params, slots

    def _place(self, connection, slot: tuple[str, str, str], values: dict):
        name, before, after = slot
        value = _adapt(connection, values[name], self.kinds[name])
        return f"{before}{value}{after}" if before or after else value

    def rows(self, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        """The query's rows for `values` (one query, as the QuerySet would make)."""
        if set(values) != set(self.kinds) | set(self.literals):
            expected = sorted([*self.kinds, *self.literals])
            raise TypeError(f"values for {expected} expected, got {sorted(values)}")
        literal = {name: values.pop(name) for name in self.literals}
        if any(not isinstance(v, int) or isinstance(v, bool) for v in literal.values()):
            raise TypeError(f"not a supported literal: {literal!r}")
        key = (using, *literal.values())
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(using, literal)
                if len(self._compiled) >= KEPT:
                    self._compiled.clear()
                self._compiled[key] = compiled
        sql, params, slots = compiled
        connection = connections[using]
        run = [
            p if slot is None else self._place(connection, slot, values)
            for p, slot in zip(params, slots, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, run)
            return cursor.fetchall()
