"""Shared helpers: a snapshot of every row a lifecycle step may touch."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coso.members.models import (
    Member,
    MembershipEvent,
    Placement,
    ResidenceFeedback,
    ResidenceLiaison,
    StatusPeriod,
    Transfer,
)


def snapshot() -> dict:
    """Every row of the registry and the lifecycle tables, to show a refusal changed nothing."""
    return {
        "members": list(Member.objects.order_by("pk").values()),
        "history": Member.history.count(),
        "placements": list(Placement.objects.order_by("pk").values()),
        "events": list(MembershipEvent.objects.order_by("pk").values()),
        "transfers": list(Transfer.objects.order_by("pk").values()),
        "periods": list(StatusPeriod.objects.order_by("pk").values()),
        "liaisons": list(ResidenceLiaison.objects.order_by("pk").values()),
        "feedback": list(ResidenceFeedback.objects.order_by("pk").values()),
    }


def refused(call, *fragments: str, field: str | None = None) -> ValidationError:
    """Run `call`, expect a ValidationError whose message holds every fragment, and check that
    nothing in the database changed."""
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        call()
    text = " ".join(info.value.messages)
    for fragment in fragments:
        assert fragment in text, text
    if field is not None:
        assert field in info.value.message_dict, info.value.message_dict
    assert snapshot() == before
    return info.value
