"""One scope base: which rows a user may see or change, declared once per model.

Every model that belongs to an organization gets its default manager from a `ScopedQuerySet`
and declares, once, the lookup from its rows to the path of that organization
(`scope_path = "organization__path"`, or a tuple where several organizations count, as a
transfer letter's sender and receiver do). `visible_to(user)` and `editable_by(user)` are
written here only; `can_edit(user, obj)` answers for one object and `editable_or_404` refuses
with a 404: anything outside the user's scope does not exist for them (`OutOfScope`).

Three levels: the *names* scope (any role: the organizations, and the names and cells of the
members in them), the *records* scope (roles that read personal data; a model holding personal
records says `scope_records = True`) and the *editing* scope.

Core is the lowest layer and knows neither roles nor the tree's table. Which tree paths a user's
roles reach is answered by a *path source* that the accounts app registers when it starts
(`AccountsConfig.ready` calls `register_path_source`): dependency inversion, so that orgs,
members and admission import this module and never the accounts app, and accounts may import
orgs freely (the accounts <-> orgs import cycle is gone). A path source is two callables:

- ``paths(user, *, edit, records) -> list[str] | None``: the outermost paths the user reaches
  (None: the whole tree, a superuser);
- ``roots(user) -> list[str]``: the paths of the tree's roots as read with that user's roles
  (empty when unknown), so a scope covering every root skips the path test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.http import Http404

NOTHING = Q(pk__in=[])

#: The actor of a service called with no user: the demo generator, the import worker and the
#: command line pass ``actor=None``. It is the one system path: a page or an API view always
#: passes `request.user` (an anonymous user is not None, and reaches nothing).
SYSTEM = None


def is_system(actor) -> bool:
    """Whether `actor` is the system itself (see `SYSTEM`)."""
    return actor is SYSTEM


class OutOfScope(Http404):
    """Raised by a check for an object outside the user's scope. It is a 404 (a page and the
    API answer "not found"): what a user may not reach does not exist for them."""


@dataclass(frozen=True)
class PathSource:
    paths: Callable[..., list[str] | None]
    roots: Callable[[object], list[str]]


_source: PathSource | None = None


def register_path_source(source: PathSource | None) -> PathSource | None:
    """Install the path source (the accounts app does, when it starts); returns the previous
    one, so a test can put it back."""
    global _source
    previous, _source = _source, source
    return previous


def path_source() -> PathSource:
    if _source is None:
        raise ImproperlyConfigured(
            "No scope path source is registered: the accounts app registers it when it starts."
        )
    return _source


def user_paths(user, *, edit: bool, records: bool = False) -> list[str] | None:
    """The outermost tree paths `user` reaches (None: everything), by the registered source."""
    return path_source().paths(user, edit=edit, records=records)


def scope_part(user) -> str:
    """A text of what a user reaches (the names, records and editing scopes): a value computed
    for them and kept (`core.db.result_cache`) is another one once their roles change, even
    when their roles were read before the computation ran."""
    scopes = [
        user_paths(user, edit=e, records=r)
        for e, r in ((False, False), (False, True), (True, False))
    ]
    return f"{user.pk}:{scopes}"


def outermost(paths) -> list[str]:
    """The paths sorted, without those already covered by a shorter one."""
    reduced: list[str] = []
    for p in sorted(set(paths)):
        if not any(p.startswith(r) for r in reduced):
            reduced.append(p)
    return reduced


def covers(paths: list[str] | None, path: str) -> bool:
    """Whether `path` lies in the subtrees of `paths` (None: everything)."""
    return paths is None or any(path.startswith(p) for p in paths)


def scope_q(
    user,
    path_lookup: str,
    *,
    edit: bool,
    records: bool = False,
    below: bool = False,
    never_null: bool = False,
) -> Q:
    """A Q that keeps rows whose `path_lookup` lies in the user's subtrees.

    With `below`, the organizations the user's roles sit on are left out and only what lies
    under them is kept: restructuring an organization is its superior's decision.
    With `never_null` (the rows always have that organization, as members do), a scope over
    the whole tree keeps every row without testing paths: a join to every organization of a
    country costs as much as the rest of a search.
    """
    paths = user_paths(user, edit=edit, records=records)
    if paths is None:
        return Q()
    if not paths:
        return NOTHING
    if never_null and not below and covers_every_root(user, paths):
        return Q()
    q = Q()
    for p in paths:
        term = Q(**{f"{path_lookup}__startswith": p})
        if below:
            term &= ~Q(**{path_lookup: p})
        q |= term
    return q


def covers_every_root(user, paths: list[str]) -> bool:
    """Whether `paths` include the path of every root of the tree (the source reads the roots
    with the user's roles; a user object given its paths by hand has none, and gets no
    shortcut)."""
    roots = path_source().roots(user)
    return bool(roots) and set(roots) <= set(paths)


def edits_whole_tree(user) -> bool:
    """Whether `user`'s editing scope covers every root of the tree (the office of the top
    committee, a superuser): the one who keeps data shared by the whole tree (day swaps)."""
    paths = user_paths(user, edit=True)
    return paths is None or (bool(paths) and covers_every_root(user, paths))


class ScopedQuerySet(models.QuerySet):
    """The base of every queryset of a model that belongs to an organization.

    A subclass declares:

    - `scope_path`: the lookup from a row to its organization's path, or a tuple of them
      (a row is in scope when one of them is);
    - `scope_records`: True for personal records, read in the records scope only;
    - `scope_never_null`: True when the first path is never null (every row has that
      organization), which lets a scope over the whole tree skip the path test.

    `visible_q` / `editable_q` are the filters; a subclass may widen `visible_q` (members add the
    user's own record) but decides nothing else about scope.
    """

    scope_path: ClassVar[str | tuple[str, ...]] = ()
    scope_records: ClassVar[bool] = False
    scope_never_null: ClassVar[bool] = False

    @classmethod
    def scope_paths(cls) -> tuple[str, ...]:
        return (cls.scope_path,) if isinstance(cls.scope_path, str) else tuple(cls.scope_path)

    def scope_filter(self, user, *, edit: bool, records: bool) -> Q:
        """Rows one of whose declared paths lies in the user's (editing, records or names)
        scope; `Q()` when that is every row."""
        lookups = self.scope_paths()
        if not lookups:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no scope_path.")
        q = NOTHING
        for i, lookup in enumerate(lookups):
            term = scope_q(
                user,
                lookup,
                edit=edit,
                records=records,
                never_null=self.scope_never_null and i == 0,
            )
            if not term:  # every row
                return term
            q = term if i == 0 else q | term
        return q

    def visible_q(self, user) -> Q:
        return self.scope_filter(user, edit=False, records=self.scope_records)

    def editable_q(self, user) -> Q:
        return self.scope_filter(user, edit=True, records=False)

    def visible_to(self, user):
        """The rows `user` may see."""
        return self.filter(self.visible_q(user))

    def editable_by(self, user):
        """The rows `user` may change."""
        return self.filter(self.editable_q(user))


def scoped_queryset(model) -> ScopedQuerySet:
    qs = model._default_manager.all()
    if not isinstance(qs, ScopedQuerySet):
        raise ImproperlyConfigured(f"{model._meta.label} has no ScopedQuerySet.")
    return qs


def can_edit(user, obj) -> bool:
    """Whether `user` may change `obj` (its model's `editable_by`; one small query). An
    organization of the tree (scoped by its own `path`) is answered from the user's editing
    paths, which the request has read already: no query."""
    if obj is None or obj.pk is None:
        return False
    rows = scoped_queryset(type(obj))
    if rows.scope_paths() == ("path",) and not rows.scope_records:
        return covers(user_paths(user, edit=True), obj.path)
    return rows.editable_by(user).filter(pk=obj.pk).exists()


def may_edit(actor, org) -> bool:
    """Whether ``actor`` holds an editing role reaching ``org``: the system itself (`SYSTEM`:
    the demo, the import, the command line) always may; any user, anonymous included, only by
    `can_edit`. The one check of every app's steps."""
    return is_system(actor) or can_edit(actor, org)


def require_edit(actor, org) -> None:
    """Refuse with a 404 (`OutOfScope`) unless `may_edit`: an organization the actor may not
    change does not exist for them, and its name is not told."""
    if not may_edit(actor, org):
        raise OutOfScope


def editable_or_404(user, obj):
    """`obj` when `user` may change it; otherwise `OutOfScope` (a 404)."""
    if not can_edit(user, obj):
        raise OutOfScope
    return obj
