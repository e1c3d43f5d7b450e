"""Which part of the tree a user's roles reach: the path source of `coso.core.scope`.

A role on an organization reaches its whole subtree. Every scoped QuerySet's
`visible_to(user)` / `editable_by(user)` is built by `coso.core.scope.ScopedQuerySet` from the
paths computed here, and nothing else decides scope. Core may not import this app, so
`AccountsConfig.ready` registers `PATH_SOURCE` with `coso.core.scope.register_path_source`.

Three levels: the *names* scope (any role: the organizations, and the names and cells of the
members in them), the *records* scope (roles other than `NAMES_ONLY_ROLES`: personal data) and
the *editing* scope (`EDITING_ROLES`).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Value
from django.utils import timezone

from coso.core.db.compiled import CompiledQuery
from coso.core.scope import PathSource, covers, outermost
from coso.orgs.models import Organization

from .choices import EDITING_ROLES, NAMES_ONLY_ROLES, USER_ADMIN_ROLES
from .models import RoleAssignment


def scope_paths(user, *, edit: bool, records: bool = False) -> list[str] | None:
    """Tree paths the user reaches; None means everything (superuser). Cached per user object.

    `edit`: the editing scope; else `records`: the scope of personal records; else the names
    scope. One query reads every current assignment with its role, and the three scopes are
    kept: most pages ask for more than one.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    attr = "_coso_edit_paths" if edit else "_coso_record_paths" if records else "_coso_view_paths"
    cached = getattr(user, attr, None)
    if cached is not None:
        return cached
    rows = ROLES_AND_ROOTS.rows(user_id=user.pk, day=timezone.localdate())
    assignments = [(path, role) for path, role in rows if role is not None]
    user._coso_assignments = tuple(sorted(set(assignments)))
    user._coso_root_paths = [path for path, role in rows if role is None]
    user._coso_view_paths = outermost(path for path, _role in assignments)
    user._coso_edit_paths = outermost(path for path, role in assignments if role in EDITING_ROLES)
    user._coso_record_paths = outermost(
        path for path, role in assignments if role not in NAMES_ONLY_ROLES
    )
    # the users-and-roles pages: where the user administers accounts, and which of those
    # roles they hold on each organization (`admin_paths`, `admin_roles_at`)
    user._coso_admin_roles = {}
    for path, role in assignments:
        if role in USER_ADMIN_ROLES:
            user._coso_admin_roles.setdefault(path, set()).add(role)
    user._coso_admin_paths = outermost(user._coso_admin_roles)
    return getattr(user, attr)


def _roles_and_roots(user_id: int, day):
    """The user's roles on `day`, and the roots of the tree (role None) in the same query (see
    `root_paths`)."""
    return (
        RoleAssignment.objects.current(day)
        .filter(user_id=user_id)
        .order_by()
        .values_list("organization__path", "role")
        .union(
            Organization.objects.filter(depth=1)
            .order_by()
            .values_list("path", Value(None, output_field=CharField())),
            all=True,
        )
    )


#: asked on every signed-in request: compiled once (core/db/compiled.py)
ROLES_AND_ROOTS = CompiledQuery(_roles_and_roots, user_id=int, day=dt.date)


def has_scope(user, *, edit: bool, records: bool = False) -> bool:
    """Whether `visible_to(user)` / `editable_by(user)` can hold anything at all (no query
    beyond the cached scope): a current role always sits on an existing organization."""
    paths = scope_paths(user, edit=edit, records=records)
    if paths is None:
        return Organization.objects.exists()
    return bool(paths)


def root_paths(user) -> list[str]:
    """The paths of the tree's roots, read with the user's roles by `scope_paths` (empty for a
    user object given its paths by hand, which then gets no shortcut)."""
    return getattr(user, "_coso_root_paths", None) or []


#: registered with `coso.core.scope` when the app starts (`AccountsConfig.ready`)
PATH_SOURCE = PathSource(paths=scope_paths, roots=root_paths)


def clear_scope_cache(user) -> None:
    for attr in (
        "_coso_edit_paths",
        "_coso_view_paths",
        "_coso_record_paths",
        "_coso_root_paths",
        "_coso_admin_paths",
        "_coso_admin_roles",
        "_coso_assignments",
        # kept by members.privacy: the user's own record, the names of superiors
        "_coso_own_record",
        "_coso_superior_names",
    ):
        if hasattr(user, attr):
            delattr(user, attr)


def role_fingerprint(user) -> tuple | None:
    """What the user's roles are, as a value to key a cache by (the menu): every current
    (organization path, role) pair, sorted; ("*",) for a superuser, who reaches everything.
    No query beyond the cached scope. None when it is not known (a user object given its paths
    by hand): nothing may then be cached on it."""
    paths = scope_paths(user, edit=False)
    if paths is None:
        return ("*",)
    if not paths and not getattr(user, "_coso_assignments", None):
        return ()  # no role (or signed out, or inactive)
    return getattr(user, "_coso_assignments", None)


def admin_paths(user) -> list[str] | None:
    """The outermost paths where `user` administers accounts (`USER_ADMIN_ROLES`: office staff
    and secretaries; None: everything, a superuser). Read with the other scopes (one query)."""
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return None
    if not scope_paths(user, edit=True):
        return []
    return getattr(user, "_coso_admin_paths", [])


def admin_roles_at(user, path: str) -> set[str]:
    """The account-administering roles `user` holds on the organization at `path` itself."""
    if not admin_paths(user):
        return set()
    return getattr(user, "_coso_admin_roles", {}).get(path, set())


def home_organizations(user):
    """The organizations at the top of the user's scope (for the home page and tree root)."""
    return Organization.objects.tops_for(user)


def names_only_paths(user) -> list[str]:
    """The parts of the user's names scope outside their records scope (no query beyond the
    cached scope): where the user sees members' names and cells but not their records."""
    records = scope_paths(user, edit=False, records=True)
    if records is None:
        return []
    return [p for p in scope_paths(user, edit=False) or [] if not covers(records, p)]


def common_superior_path(user, path: str) -> str | None:
    """The path of the lowest organization above both `path` and one of the user's roles
    (the closest common superior: the office to ask about what lies at `path`); None when
    they share no organization (another tree) or the user has no role."""
    step = Organization.steplen
    best = ""
    for p in scope_paths(user, edit=False) or []:
        n = 0
        while n + step <= min(len(p), len(path)) and p[n : n + step] == path[n : n + step]:
            n += step
        if n > len(best):
            best = path[:n]
    return best or None
