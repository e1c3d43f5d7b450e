"""Member create, edit and lifecycle-action pages (move, exemption, removal).

Every persona is checked: a change they may make answers a redirect with the exact result, and
a member outside their scope is a 404 with nothing changed. Pages are requested in English (the
msgids) so the assertions hold once translations exist.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coso.members import services
from coso.members.models import Member
from tests.helpers import OWN, PERSONAS, SCOPE, member_post_data, new_member_data, snapshot


def form_errors(response, name="form"):
    return response.context[name].errors


# --- create -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_in_own_organization(login, personas, members, persona):
    client = login(personas[persona])
    _key, code = OWN[persona]
    response = client.get(reverse("member_create"), {"organization": code})
    assert response.status_code == 200
    html = response.content.decode()
    # the organization box (the picker) prefilled with the code
    assert f'name="organization" id="id_organization" class="form-control" value="{code}"' in html
    assert 'placeholder="dd/mm/yyyy"' in html
    response = client.post(reverse("member_create"), new_member_data(code))
    member = Member.objects.get(cccd="001190000123")
    assert response.status_code == 302
    assert response.url == reverse("member_detail", args=[member.pk])
    assert member.full_name == "Đặng Thị Ngọc Lan"
    assert member.organization.code == code
    assert member.birth_date == dt.date(1990, 3, 8)
    assert member.status == "official"
    assert member.placements.get().valid_from == dt.date(2015, 2, 3)
    event = member.events.get()
    assert (event.kind, event.actor) == ("registered", personas[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_outside_scope_is_refused(login, personas, people, persona):
    client = login(personas[persona])
    outside_code = people[SCOPE[persona][1]].organization.code
    before = snapshot()
    response = client.post(reverse("member_create"), new_member_data(outside_code))
    assert response.status_code == 200
    assert list(form_errors(response)) == ["organization"]
    assert snapshot() == before
    # offering it in the URL does not select it either
    html = client.get(reverse("member_create"), {"organization": outside_code}).content.decode()
    assert f'value="{outside_code}"' not in html


def test_create_probationary_with_card_is_refused(login, personas, members):
    client = login(personas["cell_secretary"])
    before = snapshot()
    response = client.post(
        reverse("member_create"),
        new_member_data("DUK-BK-CNTT", status="probationary", party_card_number="999"),
    )
    assert list(form_errors(response)) == ["party_card_number"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cccd": "00119000012"}, "cccd"),
        ({"cccd": "0011900001ab"}, "cccd"),
        ({"birth_date": "01/01/2999", "admitted_on": "", "recognized_on": ""}, "birth_date"),
        ({"birth_date": "31/02/1990"}, "birth_date"),
        ({"admitted_on": "07/03/2008"}, "admitted_on"),
        ({"given_name": ""}, "given_name"),
        ({"permanent_province": "1", "permanent_ward": "99999"}, "permanent_ward"),
    ],
)
def test_create_refuses_bad_input(login, personas, members, changes, field):
    client = login(personas["cell_secretary"])
    before = snapshot()
    response = client.post(reverse("member_create"), new_member_data("DUK-BK-CNTT", **changes))
    assert response.status_code == 200
    assert list(form_errors(response)) == [field]
    assert "Nothing has been saved." in response.content.decode()
    assert snapshot() == before


def test_create_refuses_duplicate_party_card_and_cccd(login, personas, members):
    services.update_member(members["hoa"], {"party_card_number": "01234567"}, expected_version=1)
    client = login(personas["cell_secretary"])
    before = snapshot()
    response = client.post(
        reverse("member_create"), new_member_data("DUK-BK-CNTT", party_card_number="01234567")
    )
    assert list(form_errors(response)) == ["party_card_number"]
    response = client.post(
        reverse("member_create"), new_member_data("DUK-BK-CNTT", cccd=members["an"].cccd)
    )
    assert list(form_errors(response)) == ["cccd"]
    assert snapshot() == before


def test_ward_select_follows_the_province(login, personas, members):
    client = login(personas["cell_secretary"])
    options = client.get(reverse("member_ward_options"), {"permanent_province": "1"})
    html = options.content.decode()
    assert '<option value="70">Phường Hoàn Kiếm</option>' in html
    assert html.count("<option") > 100
    assert (
        client.get(reverse("member_ward_options"), {"current_province": "x"})
        .content.decode()
        .count("<option")
        == 1
    )
    form = client.get(reverse("member_create")).content.decode()
    assert f'hx-get="{reverse("member_ward_options")}"' in form
    assert 'hx-target="#id_permanent_ward"' in form
    # a ward of the chosen province is accepted and stored
    response = client.post(
        reverse("member_create"),
        new_member_data("DUK-BK-CNTT", permanent_province="1", permanent_ward="70"),
    )
    assert response.status_code == 302
    member = Member.objects.get(cccd="001190000123")
    assert (member.permanent_province, member.permanent_ward) == (1, 70)


# --- edit ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_in_scope(login, personas, people, persona):
    client = login(personas[persona])
    member = people[OWN[persona][0]]
    response = client.get(reverse("member_edit", args=[member.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="version" value="1"' in html
    assert 'name="birth_date" value="01/01/1985"' in html
    assert 'name="organization"' not in html and 'name="status"' not in html
    response = client.post(
        reverse("member_edit", args=[member.pk]),
        member_post_data(member, workplace="Viện Toán học", given_name="Bình An"),
    )
    assert response.status_code == 302
    assert response.url == reverse("member_detail", args=[member.pk])
    member.refresh_from_db()
    assert (member.workplace, member.version) == ("Viện Toán học", 2)
    assert member.full_name.endswith("Bình An")
    assert member.history.latest().history_user == personas[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_outside_scope_is_404(login, personas, people, persona):
    client = login(personas[persona])
    outsider = people[SCOPE[persona][1]]
    before = snapshot()
    url = reverse("member_edit", args=[outsider.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, member_post_data(outsider, workplace="X")).status_code == 404
    assert snapshot() == before


def test_edit_cannot_touch_workflow_fields(login, personas, members):
    client = login(personas["office"])
    member = members["an"]
    data = member_post_data(member, status="expelled", organization="DUK-KT", version=1)
    data["phone"] = "0900000000"
    assert client.post(reverse("member_edit", args=[member.pk]), data).status_code == 302
    member.refresh_from_db()
    assert (member.status, member.organization.code) == ("official", "DUK-BK-CNTT")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cccd": "12345678901"}, "cccd"),
        (
            {
                "birth_date": (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
                "admitted_on": "",
                "recognized_on": "",
            },
            "birth_date",
        ),
        ({"admitted_on": "31/12/2002"}, "admitted_on"),
        ({"recognized_on": "01/01/2009"}, "recognized_on"),
        ({"email": "not-an-email"}, "email"),
    ],
)  # fmt: skip
def test_edit_refuses_bad_input(login, personas, members, changes, field):
    client = login(personas["cell_secretary"])
    member = members["an"]
    before = snapshot()
    response = client.post(
        reverse("member_edit", args=[member.pk]), member_post_data(member, **changes)
    )
    assert response.status_code == 200
    assert list(form_errors(response)) == [field]
    assert snapshot() == before


def test_edit_refuses_duplicate_party_card(login, personas, members):
    services.update_member(members["hoa"], {"party_card_number": "01234567"}, expected_version=1)
    client = login(personas["cell_secretary"])
    before = snapshot()
    member = members["an"]
    response = client.post(
        reverse("member_edit", args=[member.pk]),
        member_post_data(member, party_card_number="01234567"),
    )
    assert list(form_errors(response)) == ["party_card_number"]
    assert snapshot() == before


def test_edit_admission_on_18th_birthday_is_accepted(login, personas, members):
    client = login(personas["cell_secretary"])
    member = members["an"]
    response = client.post(
        reverse("member_edit", args=[member.pk]), member_post_data(member, admitted_on="01/01/2003")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.admitted_on == dt.date(2003, 1, 1)


def test_concurrent_edits_second_is_refused(login, personas, members):
    member = members["an"]
    first = login(personas["cell_secretary"])
    data_first = member_post_data(member, phone="0911111111")
    data_second = member_post_data(member, workplace="Nơi khác")
    assert data_first["version"] == data_second["version"] == 1
    assert first.post(reverse("member_edit", args=[member.pk]), data_first).status_code == 302
    before = snapshot()
    second = login(personas["bk_secretary"])
    response = second.post(reverse("member_edit", args=[member.pk]), data_second)
    assert response.status_code == 409
    errors = form_errors(response)
    assert list(errors) == ["__all__"]
    assert "Someone else changed this record" in errors["__all__"][0]
    assert "Someone else changed this record after you opened it." in response.content.decode()
    assert snapshot() == before
    member.refresh_from_db()
    assert (member.phone, member.workplace, member.version) == ("0911111111", "", 2)


def test_edit_without_changes_saves_nothing(login, personas, members):
    client = login(personas["cell_secretary"])
    member = members["an"]
    before = snapshot()
    response = client.post(reverse("member_edit", args=[member.pk]), member_post_data(member))
    assert response.status_code == 302
    assert snapshot() == before


# --- lifecycle actions --------------------------------------------------------------------


def action_urls(pk):
    return [
        (reverse("member_move", args=[pk]), {"move-to": "DUK-BK-CNTT", "move-date": "01/01/2024"}),
        (
            reverse("member_exemption", args=[pk]),
            {"exemption-action": "exempt", "exemption-date": "01/01/2024"},
        ),
        (
            reverse("member_remove", args=[pk]),
            {"removal-kind": "deceased", "removal-date": "01/01/2024"},
        ),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_actions_outside_scope_are_404_and_change_nothing(login, personas, people, persona):
    client = login(personas[persona])
    outsider = people[SCOPE[persona][1]]
    before = snapshot()
    for url, data in action_urls(outsider.pk):
        assert client.post(url, data).status_code == 404, url
        assert client.get(url).status_code in (404, 405), url
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_move_within_scope(login, personas, people, persona):
    targets = {"office": "DUK-BK-CK", "bk_secretary": "DUK-BK-CNTT", "cell_secretary": None}
    client = login(personas[persona])
    member = people[OWN[persona][0]]
    html = client.get(reverse("member_detail", args=[member.pk])).content.decode()
    target = targets[persona]
    if target is None:  # a cell secretary manages no other organization: nowhere to move to
        before = snapshot()
        response = client.post(
            reverse("member_move", args=[member.pk]),
            {"move-to": "DUK-BK-CK", "move-date": "01/01/2024"},
        )
        assert response.status_code == 200
        assert list(form_errors(response, "move_form")) == ["to"]
        assert snapshot() == before
        return
    assert f'<option value="{target}">' in html
    response = client.post(
        reverse("member_move", args=[member.pk]),
        {"move-to": target, "move-date": "01/02/2024", "move-document_number": "5-QĐ/ĐU"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organization.code == target
    event = member.events.latest("id")
    assert (event.kind, event.date, event.document_number, event.to_organization.code) == (
        "moved",
        dt.date(2024, 2, 1),
        "5-QĐ/ĐU",
        target,
    )
    assert event.actor == personas[persona]


def test_move_to_an_organization_outside_scope_is_refused(login, personas, members):
    client = login(personas["bk_secretary"])
    member = members["an"]
    before = snapshot()
    response = client.post(
        reverse("member_move", args=[member.pk]), {"move-to": "DUK-KT", "move-date": "01/01/2024"}
    )
    assert response.status_code == 200
    assert list(form_errors(response, "move_form")) == ["to"]
    assert '<details class="card card-body" open>' in response.content.decode()
    assert snapshot() == before


def test_move_service_error_is_shown(login, personas, members):
    client = login(personas["bk_secretary"])
    member = members["an"]
    before = snapshot()
    # before the member joined their current organization (01/01/2015)
    response = client.post(
        reverse("member_move", args=[member.pk]),
        {"move-to": "DUK-BK-CK", "move-date": "01/01/2014"},
    )
    assert response.status_code == 200
    assert list(form_errors(response, "move_form")) == ["date"]
    assert "before the member joined their current organization (01/01/2015)" in (
        response.content.decode()
    )
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_remove(login, personas, people, persona):
    client = login(personas[persona])
    member = people[OWN[persona][0]]
    url = reverse("member_remove", args=[member.pk])
    before = snapshot()
    # struck off without a decision number: refused, on that field
    response = client.post(url, {"removal-kind": "struck_off", "removal-date": "01/03/2024"})
    assert response.status_code == 200
    assert list(form_errors(response, "removal_form")) == ["document_number"]
    assert snapshot() == before
    # a date in the future: refused
    future = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(
        url, {"removal-kind": "resigned", "removal-date": future, "removal-document_number": "1"}
    )
    assert list(form_errors(response, "removal_form")) == ["date"]
    assert snapshot() == before
    response = client.post(
        url,
        {
            "removal-kind": "struck_off",
            "removal-date": "01/03/2024",
            "removal-document_number": "7-QĐ/ĐU",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == "struck_off"
    assert member.placements.get().valid_to == dt.date(2024, 3, 1)
    html = client.get(reverse("member_detail", args=[member.pk])).content.decode()
    assert 'id="member-actions"' not in html
    assert ">Struck off</span>" in html
    # once removed, no further action goes through
    before = snapshot()
    response = client.post(url, {"removal-kind": "deceased", "removal-date": "02/03/2024"})
    assert response.status_code == 200
    assert snapshot() == before


# --- as deployed, outside a wrapping transaction (CI runs these on SQLite and PostgreSQL) ---


@pytest.mark.django_db(transaction=True)
def test_create_edit_move_and_remove_on_the_pages(login, personas, people):
    test_create_in_own_organization(login, personas, people, "office")
    test_edit_in_scope(login, personas, people, "cell_secretary")
    test_move_within_scope(login, personas, people, "bk_secretary")
    test_remove(login, personas, people, "cell_secretary")
