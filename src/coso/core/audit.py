"""Audit helpers shared by the workflow services."""

from __future__ import annotations


def save_versioned(obj, actor) -> None:
    """Save a record that carries an optimistic-lock `version`: bump the version (so an edit
    opened before this change is refused) and record `actor` in its simple-history entry."""
    obj.version += 1
    obj._history_user = actor
    obj.save()
