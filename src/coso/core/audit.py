"""Audit helpers shared by the workflow services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ConcurrentEditError(ValidationError):
    """Someone else saved the record after the editor read it (a stale `version`): the page
    and the API answer 409 Conflict and nothing is saved."""


def check_editable(changes: dict[str, Any], editable) -> None:
    """Refuse (a programming error, not a user's) an edit of a field outside `editable`."""
    unknown = set(changes) - set(editable)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")


def check_version(obj, expected_version: int) -> None:
    """Refuse an edit opened on an older `version` of `obj`: someone saved it since."""
    if obj.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Someone else changed this record after you opened it. Reload the page and "
                "enter your changes again."
            )
        )


def apply_changes(obj, changes: dict[str, Any]) -> dict[str, Any]:
    """Set `changes` on `obj` and recompute its derived fields; returns its `stored_values`
    from before, for `save_versioned(..., unless_equal_to=...)`."""
    before = stored_values(obj)
    for key, value in changes.items():
        setattr(obj, key, value)
    obj.compute_derived()
    return before


def stored_values(obj) -> dict[str, Any]:
    """The values of every column of `obj`, to tell whether an edit changed anything."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def save_versioned(obj, actor, *, unless_equal_to: dict[str, Any] | None = None) -> bool:
    """Save a record that carries an optimistic-lock `version`: bump the version (so an edit
    opened before this change is refused) and record `actor` in its simple-history entry.

    With `unless_equal_to` (the record's `stored_values` before the edit), an edit that changed
    nothing saves nothing: no new version (which would refuse the next editor for nothing) and
    no empty history entry. Returns whether the record was saved."""
    if unless_equal_to is not None and stored_values(obj) == unless_equal_to:
        return False
    obj.version += 1
    obj._history_user = actor
    obj.save()
    return True


def edit_versioned(obj, changes: dict[str, Any], *, expected_version: int, check: Callable, actor):
    """The edit of a record a person opened at `expected_version` (`obj` locked, fresh from the
    database): refused if someone saved it since; `changes` set, `check(obj)` refuses what the
    new values may not be; an edit that changes no value saves nothing (same version, no
    history entry). Returns `obj`."""
    check_version(obj, expected_version)
    before = apply_changes(obj, changes)
    check(obj)
    save_versioned(obj, actor, unless_equal_to=before)
    return obj
