"""Heavy reads on a read replica: the switch (`heavy_reads`) and the database router.

With `COSO_REPLICA_URL` set, settings declare a second database alias, `replica` (a PostgreSQL
streaming replica of the primary), and `DATABASE_ROUTERS = ["coso.core.replica.ReplicaRouter"]`.
The router sends a read to the replica only inside `heavy_reads` (a view decorator or a context
manager: a context variable, so it holds for the request's thread or task only); everything
else, and every write, stays on the primary. A page that shows what was just written
(read-after-write: a form's redirect, a detail page, a service's own reads) is never routed,
since the replica may lag the primary by a moment. Without `COSO_REPLICA_URL` there is no
`replica` alias and `heavy_reads` changes nothing (SQLite works as before).

See docs/decisions.md "Heavy reads on a replica" and docs/deployment.md "Past one machine".
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.template.response import TemplateResponse

#: the replica's database alias (settings.DATABASES, present only with COSO_REPLICA_URL)
REPLICA = "replica"
#: tables that stay on the primary even inside heavy_reads: the cache (login throttling counts
#: read back at once) and the sessions (written by the same request)
PRIMARY_ONLY = frozenset({"django_cache", "sessions"})

_heavy: ContextVar[bool] = ContextVar("coso_heavy_reads", default=False)


def replica_configured() -> bool:
    """Whether settings declare the replica alias (COSO_REPLICA_URL is set)."""
    return REPLICA in connections.settings


def reading_replica() -> bool:
    """Whether a read made here would be sent to the replica."""
    return _heavy.get() and replica_configured()


def replica_reads() -> bool:
    """Whether a read made here goes to the replica: inside `heavy_reads`, with the replica
    configured and its router installed (`reading_replica` without the router's check)."""
    return reading_replica() and any(isinstance(r, ReplicaRouter) for r in router.routers)


class _Switch:
    """The context manager of one `with heavy_reads():`."""

    def __enter__(self) -> _Switch:
        self._token = _heavy.set(True)
        return self

    def __exit__(self, *exc) -> bool:
        _heavy.reset(self._token)
        return False


def heavy_reads(view=None):
    """Reads inside go to the replica (when configured); writes still go to the primary.

    As a context manager: ``with heavy_reads(): ...``. As a view decorator (``@heavy_reads``,
    on a function or a method): the view's queries, the rendering of a lazy TemplateResponse
    and the iteration of a streamed body (CSV) run inside it; the view returns before a
    streamed body is read, so each chunk is read inside the switch again."""
    if view is None:
        return _Switch()

    @functools.wraps(view)
    def inside(*args, **kwargs):
        if _after_write(args):
            return view(*args, **kwargs)
        with _Switch():
            response = view(*args, **kwargs)
            # a lazy page renders here, inside the switch (not a DRF Response: DRF renders it
            # after the method returns, its data already read)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.render()
        if isinstance(response, StreamingHttpResponse) and not isinstance(response, FileResponse):
            response.streaming_content = _streamed(response.streaming_content)
        return response

    # a mark that outer decorators (login_required, DRF's action) copy with the function's
    # attributes: tests find the heavy pages by it
    inside.heavy_reads = True
    return inside


def _after_write(args) -> bool:
    """Whether the request is the page a write redirected to: it carries the write's message
    (django.contrib.messages, the pattern of every form here), so it reads the primary, which
    has the write, rather than a replica that may be a moment behind."""
    request = next((arg for arg in args if isinstance(arg, HttpRequest)), None)
    stored = getattr(request, "_messages", None)
    return stored is not None and len(stored) > 0


def _streamed(chunks) -> Iterator:
    """The streamed body, each chunk produced inside heavy_reads (set and reset around each
    step: a generator cannot hold a context variable across its yields)."""
    iterator = iter(chunks)
    while True:
        with heavy_reads():
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


class ReplicaRouter:
    """Reads inside heavy_reads go to the replica, all else to the primary.

    A read inside a transaction on the primary stays there (a service that writes and reads
    back must see its own writes). Relations between objects of the two aliases are allowed:
    they are the same database. Migrations run on the primary only (the replica follows it)."""

    def db_for_read(self, model, **hints):
        if not reading_replica() or model._meta.app_label in PRIMARY_ONLY:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
