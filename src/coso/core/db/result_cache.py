"""Figures derived from many tables, computed once and kept until a table they read changes.

The to-do list of the bloc's office counts every item of 27 kinds under 1,300 organizations:
hundreds of milliseconds of SQL, for a list that changes only when someone writes. `cached`
runs the computation once, notes every table its queries name, and keeps the value with those
tables' stamps (`core.db.stamps`, replaced by triggers on every write); later calls get the
value back while the stamps are unchanged, whoever wrote in between and however.

A value is kept only when it is safe to:
- never inside a transaction (the caller's own uncommitted writes, or a rolled-back one, would
  be kept as if committed; tests run inside one, so they compute every time);
- inside `heavy_reads` (a replica configured), the stamps are still the primary's, read before
  computing, and the value is computed on the replica once it has replayed the primary's WAL
  as of then (`REPLAY_WAIT` at most; a replica further behind computes a value not kept);
- never when the computation read a table without a stamp, or (PostgreSQL) a table that a
  transaction in flight has written (`stamps.busy_tables`).

Values are kept per process (memory) and in the shared database cache, so that one worker's
computation serves the others; an entry lives at most `TTL` seconds, a bound on what a
per-process cache underneath (the day swaps' five minutes) could hide.

A caller may accept a slow value as it was (`behind`): when its computation took at least that
many seconds and a table it read has changed (or it is older than `TTL`), the kept value is
served at once while a thread of this process computes it again (one at a time for a key,
across the workers); the next call after it has finished gets the new value. What is computed
from a value served so is not kept. Such a value is kept for `BEHIND_TTL`, and the page that
shows it says when it was computed.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections

from coso.core.db import stamps
from coso.core.replica import REPLICA, heavy_reads, replica_reads

__all__ = ["cached", "forget_tables", "note_reads", "rows_part", "wait_for_refreshes"]

T = TypeVar("T")
#: seconds an entry is kept at most
TTL = 600
#: seconds a slow value (`behind`) is kept, to be served while it is computed again
BEHIND_TTL = 86400
_recorders: ContextVar[tuple[set[str], ...]] = ContextVar("coso_result_cache", default=())
#: per database: (the stamped tables, every table)
_TABLES: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
#: what a value served while it is computed again reads: a table no write stamps, so that no
#: value computed from it is kept
_BEHIND = "<computed again>"
#: seconds a computation waits for the replica to replay the primary's writes of before it
REPLAY_WAIT = 2.0
#: seconds a refresh holds its key (a thread that died frees it then)
REFRESH_HOLD = 300
_refreshes: list[threading.Thread] = []


def note_reads(tables: Iterable[str]) -> None:
    """Tell the computations running now that their value depends on `tables` (a cache in the
    process that answered without a query calls it: its reads were not seen)."""
    for seen in _recorders.get():
        seen.update(tables)


def _code_version() -> str:
    """The deployed code's fingerprint (every file of the package: name, size, time): a value
    kept by other code (its shapes, its templates) is never read back after a deploy."""
    global _CODE
    if _CODE is None:
        root = Path(__file__).resolve().parents[2]
        digest = hashlib.blake2b(digest_size=8)
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".html", ".mo"):
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode()
                )
        _CODE = digest.hexdigest()
    return _CODE


_CODE: str | None = None


def rows_part(*rows) -> str:
    """A text of model instances a computation is given (read before it ran, so its queries do
    not show them): their every loaded field, so that a changed row is another key."""
    return "|".join(
        f"{row._meta.label}:{sorted((k, v) for k, v in vars(row).items() if not k.startswith('_'))}"
        if row is not None
        else "-"
        for row in rows
    )


def forget_tables() -> None:
    """Read the lists of tables again next time (after a migrate made new ones)."""
    _TABLES.clear()
    stamps.forget_sequences()


def _tables(connection) -> tuple[frozenset[str], frozenset[str]]:
    key = f"{connection.alias}:{connection.settings_dict['NAME']}"
    found = _TABLES.get(key)
    if found is None:
        every = connection.introspection.table_names(include_views=True)
        # the stamps' and the cache's own tables are read by `cached` itself, even inside
        # a computation (a nested one): never a dependency
        found = (frozenset(stamps.tables(connection)), frozenset(every) - stamps.EXCLUDED)
        _TABLES[key] = found
    return found


def cached(name: str, parts: str, compute: Callable[[], T], *, behind: float | None = None) -> T:
    """`compute()`, or its value kept from an earlier call with the same `name` and `parts`
    (a text that tells the calls apart: the user, the organization, the day…) while every
    table it read is unchanged. With `behind` (seconds), a value that took at least that long
    to compute is served as it was while it is computed again in the background."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not getattr(settings, "COSO_RESULT_CACHE", True) or connection.in_atomic_block:
        return compute()
    key = _key(connection, name, parts)
    local, shared = caches["local"], caches["default"]
    entry = local.get(key)
    in_local = entry is not None
    if entry is None:
        entry = shared.get(key)
    if entry is not None:
        depends, value, took, at = entry
        young = time.time() - at < TTL
        if young and stamps.current(connection, depends) == depends:
            if not in_local:
                local.set(key, entry, TTL)
            note_reads(depends)
            return value
        if behind is not None and took >= behind:
            _refresh(key, compute)
            note_reads({*depends, _BEHIND})
            return value
    return _compute_and_keep(connection, key, compute, behind is not None)


def _key(connection, name: str, parts: str) -> str:
    digest = hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()
    return f"coso:result:{_code_version()}:{connection.settings_dict['NAME']}:{name}:{digest}"


def _compute_and_keep(connection, key: str, compute: Callable[[], T], behind: bool) -> T:
    """Run `compute`, noting the tables its queries name, and keep its value with their stamps
    from before it ran (when it is safe to: see the module's text)."""
    local, shared = caches["local"], caches["default"]
    stamped, every = _tables(connection)
    before = stamps.current(connection, stamped)
    busy = stamps.busy_tables(connection, stamped)
    replica = connections[REPLICA] if replica_reads() else None
    keep = replica is None or _replayed(connection, replica)
    seen: set[str] = set()

    def record(execute, sql, params, many, context):
        seen.update(stamps.tables_named(sql, every))
        return execute(sql, params, many, context)

    token = _recorders.set((*_recorders.get(), seen))
    at, started = time.time(), time.perf_counter()
    try:
        with contextlib.ExitStack() as watching:
            for reader in (connection, replica) if replica is not None else (connection,):
                watching.enter_context(reader.execute_wrapper(record))
            value = compute()
    finally:
        _recorders.reset(token)
    took = time.perf_counter() - started
    note_reads(seen)
    if keep and seen and seen <= before.keys() and not seen & busy:
        entry = ({t: before[t] for t in seen}, value, took, at)
        local.set(key, entry, TTL)
        shared.set(key, entry, BEHIND_TTL if behind else TTL)
    return value


def _replayed(primary, replica) -> bool:
    """Whether the replica has replayed the primary's WAL as of now (waiting `REPLAY_WAIT` at
    most): then it has every write committed before the stamps were read."""
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + REPLAY_WAIT
    with replica.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)


def _holding(key: str) -> str:
    """The shared cache's key held by the worker computing the value of `key` again."""
    return f"{key}:refreshing"


def _refresh(key: str, compute: Callable[[], object]) -> None:
    """Compute the value of `key` again in a thread of this process, unless a worker is on it."""
    hold = _holding(key)
    if not caches["default"].add(hold, 1, REFRESH_HOLD):
        return

    on_replica = replica_reads()  # the thread computes where the request would have

    def run() -> None:
        try:
            with heavy_reads() if on_replica else contextlib.nullcontext():
                _compute_and_keep(connections[DEFAULT_DB_ALIAS], key, compute, True)
        finally:
            caches["default"].delete(hold)
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=run, name="coso-result-refresh", daemon=True)
    _refreshes[:] = [t for t in _refreshes if t.is_alive()]  # the finished ones forgotten
    _refreshes.append(thread)
    thread.start()


def wait_for_refreshes(timeout: float = 60) -> None:
    """Wait until the values being computed again in this process are kept (tests, benches)."""
    while _refreshes:
        _refreshes.pop().join(timeout)
