"""What every step of the awards opens with: who may act (out of scope: a 404) and the row
locked in the actor's editing scope; and the writer that saves a row with its history."""

from __future__ import annotations

from coso.core.scope import OutOfScope, is_system
from coso.core.scope import may_edit as may_edit  # the steps import it from here
from coso.core.scope import require_edit as require_edit


def lock(model, row, actor):
    """``row`` of ``model`` locked, if ``actor`` may change it; otherwise `OutOfScope`."""
    rows = model.objects if is_system(actor) else model.objects.editable_by(actor)
    locked = (
        rows.select_for_update(of=("self",))
        .select_related("organization", "member")
        .filter(pk=row.pk)
        .first()
    )
    if locked is None:
        raise OutOfScope
    return locked


def save(row, actor) -> None:
    row._history_user = actor
    row.save()
