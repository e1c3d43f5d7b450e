"""One writer of `MembershipEvent`: `members/services/events.py`. The COPY loaders
(`copy_register_members`, `copy_rows`) hand their events to it (`copy_events`,
`derive_events`) and write what `register_member` writes; nothing else builds an event."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import transaction

import coso
from coso.members import services
from coso.members.models import Member, MembershipEvent
from coso.members.services.bulk import RECORD_FIELDS, NewMember, copy_register_members

pytestmark = pytest.mark.django_db

SRC = Path(coso.__file__).parent
WRITER = SRC / "members" / "services" / "events.py"
VALUES = {
    "family_name": "Đỗ", "middle_name": "Thị", "given_name": "Mai", "sex": "female",
    "birth_date": dt.date(1990, 3, 8), "admitted_on": dt.date(2015, 2, 3),
    "recognized_on": dt.date(2016, 2, 3),
}  # fmt: skip
FIELDS = ("kind", "date", "to_organization", "from_organization", "document_number", "note")


def test_no_module_but_the_writer_builds_or_inserts_an_event():
    pattern = re.compile(
        r"(?<!class )MembershipEvent\(|TableWriter\(\s*MembershipEvent|MembershipEvent\._meta\.db_table"
        r"|MembershipEvent\.objects\.(bulk_)?create"
    )
    writers = sorted(
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "migrations" not in p.parts and pattern.search(p.read_text(encoding="utf-8"))
    )
    assert writers == ["members/services/events.py"]


def record(cccd: str) -> list:
    """A record tuple as the import hands it over: every field's value, defaults included."""
    member = Member(**VALUES, cccd=cccd)
    return [getattr(member, f) for f in RECORD_FIELDS]


def test_copy_register_writes_the_event_register_member_writes(tree):
    org = tree["DUK-KT"]
    one = services.register_member(
        {**VALUES, "cccd": "001190099991"}, organization=org, note="Nhập từ tệp"
    )
    with transaction.atomic():
        (two_id,) = copy_register_members(
            [NewMember(record("001190099992"), org.pk)], note="Nhập từ tệp"
        )
    two = Member.objects.get(pk=two_id)
    assert list(two.events.values_list(*FIELDS)) == list(one.events.values_list(*FIELDS))
    assert list(two.events.values_list(*FIELDS)) == [
        ("registered", dt.date(2015, 2, 3), org.pk, None, "", "Nhập từ tệp")
    ]


def test_an_unknown_event_kind_is_refused_by_the_writer_and_nothing_is_written(tree):
    org = tree["DUK-KT"]
    for active_from in (None, dt.date(2016, 3, 1)):  # the INSERT ... SELECT and the COPY path
        with pytest.raises(ValueError, match="unknown event kind: 'bogus'"):
            with transaction.atomic():
                copy_register_members(
                    [NewMember(record("001190099993"), org.pk, active_from=active_from)],
                    event_kind="bogus",
                )
    assert Member.objects.count() == 0
    assert MembershipEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_copy_register_outside_a_wrapping_transaction(tree):
    test_copy_register_writes_the_event_register_member_writes(tree)
