"""Starting a batch of transfer letters (graduation season: hundreds at once).

`start_letter_batch` records the job: the transfers chosen, in their order, each checked in
scope (its issuing organization editable by the actor, else a 404 and nothing written). The
letters themselves are issued by `coso.documents.batches.run_letter_batch`, one transaction per
letter, inline for a small batch or by the background worker (`tasks.issue_letter_batch`).
"""

from __future__ import annotations

import datetime as dt
import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coso.core.dates import check_not_future
from coso.core.scope import OutOfScope, is_system
from coso.documents.issuing import KINDS
from coso.documents.models import LetterBatch, LetterBatchItem
from coso.members.models import Transfer
from coso.orgs.models import Organization

__all__ = ["MAX_LETTERS", "start_letter_batch"]

#: the most letters one batch takes (a season's letters of one committee fit many times over)
MAX_LETTERS = 2000


def _common_ancestor(organizations: list[Organization]) -> Organization | None:
    """The lowest organization above (or equal to) every one of `organizations`."""
    prefix = os.path.commonprefix([o.path for o in organizations])
    steplen = Organization.steplen
    prefix = prefix[: len(prefix) // steplen * steplen]
    return Organization.objects.filter(path=prefix).first() if prefix else None


@transaction.atomic
def start_letter_batch(transfers, *, actor, issued_on: dt.date | None = None) -> LetterBatch:
    """Record a batch of the transfer letters of `transfers` (rows or ids, in the order given;
    a repeated one counts once), waiting to be issued. Refused: an empty selection or more than
    `MAX_LETTERS`; a letter whose issuing organization the actor may not edit is a 404."""
    ids = list(dict.fromkeys(t if isinstance(t, int) else t.pk for t in transfers))
    if not ids:
        raise ValidationError({"transfers": _("Choose at least one letter.")})
    if len(ids) > MAX_LETTERS:
        raise ValidationError(
            {"transfers": _("At most %(max)d letters at once: %(n)d were chosen.")
             % {"max": MAX_LETTERS, "n": len(ids)}}
        )  # fmt: skip
    if issued_on is not None:
        check_not_future(issued_on, "issued_on")
    rows = Transfer.objects.select_related("from_organization").in_bulk(ids)
    if len(rows) != len(ids) or any(rows[i].from_organization_id is None for i in ids):
        raise OutOfScope  # an unknown letter, or one from outside the system: none to issue here
    spec = KINDS["transfer_letter"]
    by_sender = {}  # the issuing organization of each sending one: few, whatever the letters
    for t in rows.values():
        if t.from_organization_id not in by_sender:
            by_sender[t.from_organization_id] = spec.issuer(t)
    issuers = {o.pk: o for o in by_sender.values()}
    if not is_system(actor):
        editable = set(
            Organization.objects.editable_by(actor)
            .filter(pk__in=list(issuers))
            .values_list("pk", flat=True)
        )
        if editable != set(issuers):
            raise OutOfScope
    batch = LetterBatch.objects.create(
        organization=_common_ancestor(list(issuers.values())),
        actor=actor,
        issued_on=issued_on,
        total=len(ids),
    )
    LetterBatchItem.objects.bulk_create(
        LetterBatchItem(batch=batch, position=n, transfer_id=i) for n, i in enumerate(ids, 1)
    )
    return batch
