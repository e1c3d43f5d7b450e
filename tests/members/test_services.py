"""Member workflows: each one transaction that writes its event, or refuses and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from coso.core.audit import ConcurrentEditError
from coso.members import services
from coso.members.models import Member, MembershipEvent, Placement
from coso.orgs import services as org_services
from tests.helpers import snapshot

TODAY = timezone.localdate


def base_data(**changes):
    data = {
        "family_name": "Đặng",
        "middle_name": "Thị Ngọc",
        "given_name": "Lan",
        "sex": "female",
        "birth_date": dt.date(1990, 3, 8),
        "cccd": "001190000123",
        "admitted_on": dt.date(2015, 2, 3),
        "recognized_on": dt.date(2016, 2, 3),
    }
    data.update(changes)
    return data


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# --- register -----------------------------------------------------------------------------


def test_register_writes_member_placement_and_event(tree, office):
    member = services.register_member(
        base_data(), organization=tree["DUK-BK-CNTT"], actor=office, note="nhập từ hồ sơ giấy"
    )
    assert member.full_name == "Đặng Thị Ngọc Lan"
    assert (member.status, member.version) == ("official", 1)
    placement = member.placements.get()
    assert (placement.organization, placement.valid_from, placement.valid_to) == (
        tree["DUK-BK-CNTT"],
        dt.date(2015, 2, 3),  # from the admission date when no start is given
        None,
    )
    event = member.events.get()
    assert (event.kind, event.date, event.to_organization, event.actor, event.note) == (
        "registered",
        dt.date(2015, 2, 3),
        tree["DUK-BK-CNTT"],
        office,
        "nhập từ hồ sơ giấy",
    )


def test_register_probationary_from_a_given_date(tree):
    member = services.register_member(
        base_data(recognized_on=None),
        organization=tree["DUK-KT"],
        status="probationary",
        active_from=dt.date(2024, 1, 15),
    )
    assert member.status == "probationary"
    assert member.placements.get().valid_from == dt.date(2024, 1, 15)


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"cccd": "00119000012"}, {"cccd"}),
        ({"birth_date": dt.date(2999, 1, 1), "admitted_on": None, "recognized_on": None}, {"birth_date"}),
        ({"admitted_on": dt.date(2008, 3, 7)}, {"admitted_on"}),
        ({"recognized_on": dt.date(2014, 1, 1)}, {"recognized_on"}),
        ({"given_name": ""}, {"given_name"}),
        ({"sex": "x"}, {"sex"}),
    ],
)  # fmt: skip
def test_register_refuses_bad_input(tree, members, changes, fields):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.register_member(base_data(**changes), organization=tree["DUK-KT"])
    assert error_fields(excinfo) == fields
    assert snapshot() == before


def test_register_refuses_duplicates(tree, members):
    services.update_member(members["hoa"], {"party_card_number": "01234567"}, expected_version=1)
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.register_member(
            base_data(party_card_number="01234567"), organization=tree["DUK-KT"]
        )
    assert error_fields(excinfo) == {"party_card_number"}
    with pytest.raises(ValidationError) as excinfo:
        services.register_member(base_data(cccd=members["an"].cccd), organization=tree["DUK-KT"])
    assert error_fields(excinfo) == {"cccd"}
    assert snapshot() == before


def test_register_refuses_card_for_probationary_and_future_start(tree, members):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.register_member(
            base_data(party_card_number="1"), organization=tree["DUK-KT"], status="probationary"
        )
    assert error_fields(excinfo) == {"party_card_number"}
    with pytest.raises(ValidationError) as excinfo:
        services.register_member(
            base_data(), organization=tree["DUK-KT"], active_from=TODAY() + dt.timedelta(days=1)
        )
    assert error_fields(excinfo) == {"active_from"}
    assert snapshot() == before


def test_register_refuses_a_dissolved_organization(tree, members):
    org = tree["DUK-KT"]
    org.dissolved_on = dt.date(2024, 1, 1)
    org.save()
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.register_member(base_data(), organization=org)
    assert error_fields(excinfo) == {"organization"}
    assert snapshot() == before


def test_register_and_update_refuse_workflow_fields(tree, members):
    with pytest.raises(ValueError):
        services.register_member(base_data(status="expelled"), organization=tree["DUK-KT"])
    with pytest.raises(ValueError):
        services.update_member(members["an"], {"organization": tree["DUK-KT"]}, expected_version=1)


# --- update with optimistic locking -------------------------------------------------------


def test_update_bumps_version_and_records_who(members, cell_secretary):
    member = services.update_member(
        members["an"], {"phone": "0912000111"}, expected_version=1, actor=cell_secretary
    )
    assert (member.phone, member.version) == ("0912000111", 2)
    latest = member.history.latest()
    assert (latest.phone, latest.history_user) == ("0912000111", cell_secretary)


def test_two_updates_from_the_same_version(members):
    stale = Member.objects.get(pk=members["an"].pk)
    services.update_member(members["an"], {"phone": "0911111111"}, expected_version=1)
    before = snapshot()
    with pytest.raises(ConcurrentEditError):
        services.update_member(stale, {"workplace": "Nơi khác"}, expected_version=stale.version)
    assert snapshot() == before
    fresh = Member.objects.get(pk=members["an"].pk)
    assert (fresh.phone, fresh.workplace, fresh.version) == ("0911111111", "", 2)


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"cccd": "1234567890123"}, {"cccd"}),
        ({"birth_date": TODAY() + dt.timedelta(days=1), "admitted_on": None, "recognized_on": None}, {"birth_date"}),
        ({"admitted_on": dt.date(2002, 12, 31)}, {"admitted_on"}),
        ({"admitted_on": TODAY() + dt.timedelta(days=1), "recognized_on": None}, {"admitted_on"}),
    ],
)  # fmt: skip
def test_update_refuses_bad_input(members, changes, fields):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.update_member(members["an"], changes, expected_version=1)
    assert error_fields(excinfo) == fields
    assert snapshot() == before


def test_update_refuses_duplicate_party_card(members):
    services.update_member(members["hoa"], {"party_card_number": "01234567"}, expected_version=1)
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.update_member(members["an"], {"party_card_number": "01234567"}, expected_version=1)
    assert error_fields(excinfo) == {"party_card_number"}
    assert snapshot() == before


# --- move ---------------------------------------------------------------------------------


def test_move_closes_and_opens_placements(tree, members, office):
    member = services.move_member(
        members["an"],
        to=tree["DUK-KT"],
        date=dt.date(2020, 6, 1),
        document_number="5",
        actor=office,
    )
    assert member.organization == tree["DUK-KT"]
    assert member.version == 2
    assert list(
        member.placements.order_by("valid_from").values_list(
            "organization__code", "valid_from", "valid_to"
        )
    ) == [
        ("DUK-BK-CNTT", dt.date(2015, 1, 1), dt.date(2020, 6, 1)),
        ("DUK-KT", dt.date(2020, 6, 1), None),
    ]
    event = member.events.latest("id")
    assert (event.kind, event.from_organization, event.to_organization, event.actor) == (
        "moved",
        tree["DUK-BK-CNTT"],
        tree["DUK-KT"],
        office,
    )


@pytest.mark.parametrize(
    ("target", "day", "field"),
    [
        ("DUK-BK-CNTT", dt.date(2020, 1, 1), "to"),  # already there
        ("DUK-KT", dt.date(2014, 12, 31), "date"),  # before the current placement began
        ("DUK-KT", None, "date"),  # future
    ],
)
def test_move_refusals(tree, members, target, day, field):
    day = day or TODAY() + dt.timedelta(days=1)
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.move_member(members["an"], to=tree[target], date=day)
    assert error_fields(excinfo) == {field}
    assert snapshot() == before


def test_move_refuses_dissolved_target_and_removed_member(tree, members):
    dissolved = org_services.create_organization(
        tree["DUK-BK"],
        code="DUK-BK-X",
        name="Chi bộ X",
        kind="cell",
        established_on=dt.date(2015, 1, 1),
    )
    dissolved.dissolved_on = dt.date(2020, 1, 1)
    dissolved.save()
    services.remove_member(members["binh"], kind="deceased", date=dt.date(2021, 1, 1))
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.move_member(members["an"], to=dissolved, date=dt.date(2021, 1, 1))
    assert error_fields(excinfo) == {"to"}
    with pytest.raises(ValidationError) as excinfo:
        services.move_member(members["binh"], to=tree["DUK-KT"], date=dt.date(2022, 1, 1))
    assert error_fields(excinfo) == {"to"}
    assert snapshot() == before


# --- exemption ----------------------------------------------------------------------------


def test_exemption_round_trip(members):
    member = services.set_exemption(members["an"], exempt=True, date=dt.date(2024, 1, 1), note="Ốm")
    assert member.status == "exempted"
    member = services.set_exemption(member, exempt=False, date=dt.date(2024, 6, 1))
    assert member.status == "official"
    assert list(member.events.values_list("kind", flat=True)) == [
        "registered",
        "exempted",
        "exemption_ended",
    ]
    # exemption does not end the placement: the member still counts in the cell
    assert member.placements.get().valid_to is None


def test_exemption_refusals(tree, members):
    probationary = services.register_member(
        {**base_data(recognized_on=None)}, organization=tree["DUK-KT"], status="probationary"
    )
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.set_exemption(probationary, exempt=True, date=dt.date(2024, 1, 1))
    assert error_fields(excinfo) == {"status"}
    with pytest.raises(ValidationError) as excinfo:
        services.set_exemption(members["an"], exempt=False, date=dt.date(2024, 1, 1))
    assert error_fields(excinfo) == {"status"}
    with pytest.raises(ValidationError) as excinfo:
        services.set_exemption(members["an"], exempt=True, date=TODAY() + dt.timedelta(days=1))
    assert error_fields(excinfo) == {"date"}
    assert snapshot() == before


# --- removal ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("struck_off", "struck_off"),
        ("resigned", "resigned"),
        ("deceased", "deceased"),
        ("transferred_out", "transferred_out"),
        ("expelled", "expelled"),
    ],
)
def test_removal_ends_activity(members, office, kind, status):
    member = services.remove_member(
        members["hoa"], kind=kind, date=dt.date(2023, 9, 2), document_number="9-QĐ", actor=office
    )
    assert member.status == status
    assert member.placements.get().valid_to == dt.date(2023, 9, 2)
    event = member.events.latest("id")
    assert (event.kind, event.date, event.document_number, event.actor) == (
        kind,
        dt.date(2023, 9, 2),
        "9-QĐ",
        office,
    )


def test_removal_refusals(members):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.remove_member(members["hoa"], kind="struck_off", date=dt.date(2023, 1, 1))
    assert error_fields(excinfo) == {"document_number"}
    with pytest.raises(ValidationError) as excinfo:
        services.remove_member(
            members["hoa"], kind="resigned", date=dt.date(2014, 1, 1), document_number="1"
        )
    assert error_fields(excinfo) == {"date"}
    with pytest.raises(ValueError):
        services.remove_member(members["hoa"], kind="moved", date=dt.date(2023, 1, 1))
    assert snapshot() == before
    # a death needs no decision number; afterwards nothing more can be done
    services.remove_member(members["hoa"], kind="deceased", date=dt.date(2023, 1, 1))
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.remove_member(
            members["hoa"], kind="struck_off", date=dt.date(2023, 2, 1), document_number="1"
        )
    assert error_fields(excinfo) == {"kind"}
    assert snapshot() == before


# --- timeline -----------------------------------------------------------------------------


def test_timeline_is_newest_first_with_who(tree, members, office, cell_secretary):
    member = members["an"]
    services.move_member(member, to=tree["DUK-BK-CK"], date=dt.date(2020, 6, 1), actor=office)
    member = Member.objects.get(pk=member.pk)
    services.update_member(
        member, {"phone": "0912000111"}, expected_version=member.version, actor=cell_secretary
    )
    with translation.override("en"):
        items = services.timeline(member)
        kinds = [(i["type"], str(i["title"])) for i in items]
    # the move's organization change shows once, as its event, not again as a field change
    assert kinds == [
        ("change", "Record changed"),  # the phone, today
        ("event", "Moved within the committee"),  # 01/06/2020
        ("event", "Entered into the registry"),  # 01/01/2015
    ]
    phone = items[0]
    assert phone["actor"] == cell_secretary
    assert [(c["field"], c["old"], c["new"]) for c in phone["changes"]] == [
        ("phone", "", "0912000111")
    ]
    assert items[1]["actor"] == office
    assert items[1]["event"].to_organization == tree["DUK-BK-CK"]
    assert MembershipEvent.objects.filter(member=member).count() == 2
    assert Placement.objects.filter(member=member).count() == 2
