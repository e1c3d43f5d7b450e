"""One registration path: the form's service (`register_member`) and the bulk loaders
(`bulk_load_members`, `copy_load_members`) check a record the same way and refuse the same
bad row with the same message, in Vietnamese too; the loaders write their events through
the same writer (`services.event_row` / `record_events`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coso.members import services
from coso.members.models import Member
from coso.members.services.bulk import (
    BulkLoadError,
    MemberRow,
    bulk_load_members,
    copy_load_members,
)

pytestmark = pytest.mark.django_db

VALUES = {
    "family_name": "Đỗ", "middle_name": "Thị", "given_name": "Mai", "sex": "female",
    "birth_date": dt.date(1990, 3, 8), "cccd": "001190012345",
    "admitted_on": dt.date(2015, 2, 3), "recognized_on": dt.date(2016, 2, 3),
}  # fmt: skip


def through_the_form_service(org, data) -> list[str]:
    with pytest.raises(ValidationError) as info:
        services.register_member(data, organization=org, active_from=dt.date(2016, 3, 1))
    return info.value.messages


def through(loader, org, data) -> list[str]:
    member = Member(organization=org, status="official", **data)
    with pytest.raises(BulkLoadError) as info:
        loader([MemberRow.registered(member, active_from=dt.date(2016, 3, 1))])
    return [message for _row, message in info.value.row_errors]


BAD_ROWS = {
    "CCCD of 11 digits": {"cccd": "00119001234"},
    "phone with letters": {"phone": "09abc12345"},
    "recognized before admitted": {"recognized_on": dt.date(2014, 1, 1)},
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_the_same_bad_row_is_refused_with_the_same_vietnamese_message(tree, case):
    data = {**VALUES, **BAD_ROWS[case]}
    org = tree["DUK-KT"]
    with translation.override("vi"):
        by_form = through_the_form_service(org, data)
        by_bulk = through(bulk_load_members, org, data)
        by_copy = through(copy_load_members, org, data)
    assert by_form
    assert by_bulk == by_form
    assert by_copy == by_form
    assert Member.objects.count() == 0


def test_a_number_in_use_is_worded_the_same(tree, members):
    an = members["an"]
    data = {**VALUES, "cccd": an.cccd}
    org = tree["DUK-KT"]
    with translation.override("vi"):
        by_form = through_the_form_service(org, data)
        by_bulk = through(bulk_load_members, org, data)
        by_copy = through(copy_load_members, org, data)
    assert by_form == by_bulk == by_copy
    assert an.full_name in by_form[0]


def test_the_loaders_write_the_events_register_member_writes(tree):
    org = tree["DUK-KT"]
    one = services.register_member(
        {**VALUES, "cccd": "001190099991"}, organization=org, active_from=dt.date(2016, 3, 1)
    )
    (two,) = bulk_load_members(
        [
            MemberRow.registered(
                Member(organization=org, status="official", **{**VALUES, "cccd": "001190099992"}),
                active_from=dt.date(2016, 3, 1),
            )
        ]
    )
    fields = ("kind", "date", "to_organization", "from_organization", "document_number", "note")
    assert list(one.events.values_list(*fields)) == list(two.events.values_list(*fields))


# --- as deployed, outside a wrapping transaction (CI runs these on SQLite and PostgreSQL) ---


@pytest.mark.django_db(transaction=True)
def test_a_refused_bulk_row_writes_nothing_outside_a_transaction(tree):
    test_the_same_bad_row_is_refused_with_the_same_vietnamese_message(tree, "CCCD of 11 digits")


@pytest.mark.django_db(transaction=True)
def test_the_loaders_write_their_events_outside_a_transaction(tree):
    test_the_loaders_write_the_events_register_member_writes(tree)
