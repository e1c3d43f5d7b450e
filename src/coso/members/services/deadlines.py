"""Open transfer letters' deadlines kept in step with the working-day calendar: registered with
`core.deadlines.register_stored_deadlines` when the app starts (a day swap entered, changed or
deleted recomputes the letters whose count spans that day)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from coso.core.deadlines import hand_in_deadline, start_deadline
from coso.members.choices import TransferStatus
from coso.members.models import Transfer

__all__ = ["refresh_transfer_deadlines"]


@transaction.atomic
def refresh_transfer_deadlines(day: dt.date) -> int:
    """Recompute the hand-in and start deadlines of open letters whose count spans `day`."""
    changed = 0
    open_letters = Transfer.objects.select_for_update().filter(status=TransferStatus.ISSUED)
    for t in open_letters.filter(issued_on__lt=day, hand_in_due__gte=day):
        due = hand_in_deadline(t.issued_on)[0]
        if due != t.hand_in_due:
            Transfer.objects.filter(pk=t.pk).update(hand_in_due=due)
            changed += 1
    for t in open_letters.filter(change_on__lt=day, start_due__gte=day):
        due = start_deadline(t.change_on)[0]
        if due != t.start_due:
            Transfer.objects.filter(pk=t.pk).update(start_due=due, started_late=t.issued_on > due)
            changed += 1
    return changed
