"""The one organization picker (issue 16): matches for a code or a name as typed (accents, đ/d,
case and spaces aside), each with its parent, within the user's scope, at most 20, in a fixed
number of queries; and every form and filter that takes an organization uses it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from coso.orgs import services as org_services
from coso.orgs.models import Organization
from coso.orgs.views import MATCHES

pytestmark = pytest.mark.django_db

URL = reverse("organization_search")


def matches(client, text, **params):
    """(code, name, parent) of each match the picker answers."""
    response = client.get(URL, {"q": text, **params})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    return [
        (code, name, parent)
        for code, name, parent in re.findall(
            r'data-code="([^"]+)">\s*<span class="fw-semibold">([^<]+)</span> '
            r'<span class="code">[^<]+</span>(?:\s*<span class="d-block small text-muted">'
            r"([^<]+)</span>)?",
            html,
        )
    ]


def test_a_name_typed_without_accents_finds_the_cell_with_its_parent(login, personas):
    client = login(personas["office"])
    assert matches(client, "cong nghe") == [
        (
            "DUK-BK-CNTT",
            "Chi bộ Khoa Công nghệ thông tin",
            "Đảng bộ Trường Đại học Bách khoa Hà Nội",
        )
    ]
    # đ as d, any case, several words all matching
    assert matches(client, "DANG BO bach") == [
        (
            "DUK-BK",
            "Đảng bộ Trường Đại học Bách khoa Hà Nội",
            "Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội",
        )
    ]


def test_a_code_in_lower_case_with_spaces_finds_it(login, personas):
    client = login(personas["office"])
    # in the tree's order
    assert [m[0] for m in matches(client, "  duk-bk-c ")] == ["DUK-BK-CNTT", "DUK-BK-CK"]


def test_out_of_scope_organizations_are_never_offered(login, personas):
    cell = login(personas["cell_secretary"])
    assert [m[0] for m in matches(cell, "duk")] == ["DUK-BK-CNTT"]
    assert matches(cell, "co khi") == []
    # editable: what the user may change, no more (a scope name it does not know is "visible")
    assert [m[0] for m in matches(cell, "duk", scope="editable")] == ["DUK-BK-CNTT"]
    assert [m[0] for m in matches(cell, "duk", scope="everything")] == ["DUK-BK-CNTT"]
    bk = login(personas["bk_secretary"])
    assert [m[0] for m in matches(bk, "duk")] == ["DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK"]
    response = bk.get(URL, {"q": "kinh te"})
    assert "DUK-KT" not in response.content.decode()
    assert "No organization matches “kinh te”." in response.content.decode()


def test_a_transfers_destination_is_any_existing_organization(login, personas, tree):
    Organization.objects.filter(code="DUK-BK-CK").update(dissolved_on=dt.date(2024, 1, 1))
    cell = login(personas["cell_secretary"])
    assert [m[0] for m in matches(cell, "duk", scope="system")] == [
        "DUK",
        "DUK-BK",
        "DUK-BK-CNTT",
        "DUK-KT",
    ]
    assert [m[0] for m in matches(cell, "duk", scope="system", kind="cell")] == [
        "DUK-BK-CNTT",
        "DUK-KT",
    ]


def test_at_most_twenty_matches_in_a_fixed_number_of_queries(
    login, personas, tree, django_assert_num_queries
):
    client = login(personas["bk_secretary"])
    client.get(URL, {"q": "phong"})  # the session and the user's roles read once before
    for i in range(5):
        org_services.create_organization(
            tree["DUK-BK"], code=f"DUK-BK-P{i:02d}", name=f"Chi bộ Phòng {i:02d}", kind="cell"
        )
    # the same number for 5 matches as for 30 (20 shown): the matches and their parents in two
    with django_assert_num_queries(6):
        assert len(matches(client, "phong")) == 5
    for i in range(5, 30):
        org_services.create_organization(
            tree["DUK-BK"], code=f"DUK-BK-P{i:02d}", name=f"Chi bộ Phòng {i:02d}", kind="cell"
        )
    with django_assert_num_queries(6):
        found = matches(client, "phong")
    assert len(found) == MATCHES == 20
    assert found[0] == ("DUK-BK-P00", "Chi bộ Phòng 00", "Đảng bộ Trường Đại học Bách khoa Hà Nội")
    assert (
        "The first 20 matches: type more to narrow them."
        in client.get(URL, {"q": "phong"}).content.decode()
    )
    # nothing typed: nothing listed, and neither the tree nor the user's roles are read
    with django_assert_num_queries(3):
        assert client.get(URL, {"q": "  "}).content.decode().strip() == ""


def test_the_box_named_by_field_is_read_and_a_visitor_is_sent_to_log_in(client, login, personas):
    assert client.get(URL, {"q": "duk"}).status_code == 302
    cell = login(personas["cell_secretary"])
    response = cell.get(URL, {"field": "organization", "organization": "cntt"})
    assert 'data-code="DUK-BK-CNTT"' in response.content.decode()


PICKER = 'hx-get="/organization-search/?scope={scope}{kind}&amp;field={field}"'


@pytest.mark.parametrize(
    ("url", "field", "scope", "kind"),
    [
        ("/members/", "organization", "visible", ""),
        ("/todo/", "organization", "visible", ""),
        ("/admission/", "organization", "visible", ""),
        ("/admission/", "code", "visible", "&amp;kind=cell"),
        ("/admission/candidates/", "organization", "visible", ""),
        ("/admission/probation/", "organization", "visible", ""),
        ("/documents/register/", "organization", "visible", ""),
        ("/imports/", "organization", "editable", ""),
        ("/accounts/users/new/", "organization", "editable", ""),
    ],
)
def test_every_organization_box_is_the_picker(login, personas, url, field, scope, kind):
    html = login(personas["office"]).get(url).content.decode()
    assert PICKER.format(scope=scope, kind=kind, field=field) in html, url
    # no page lists the organizations itself
    assert "<datalist" not in html
    assert not re.search(r'<option value="DUK-', html)


def test_the_transfer_form_offers_any_existing_organization(login, personas, members):
    client = login(personas["cell_secretary"])
    html = client.get(reverse("member_lifecycle", args=[members["an"].pk])).content.decode()
    assert PICKER.format(scope="system", kind="", field="transfer-to") in html


def test_the_member_list_reads_a_code_typed_in_any_case(login, personas, members):
    client = login(personas["office"])
    html = client.get(reverse("member_list"), {"organization": " duk-bk-ck "}).content.decode()
    assert 'id="member-count">2 members</p>' in html
    html = client.get(reverse("member_list"), {"organization": "khong-co"}).content.decode()
    assert "There is no organization with the code khong-co." in html
    assert Organization.objects.count() == 5


def test_a_new_members_organization_is_the_picker_not_a_list(login, personas):
    html = login(personas["office"]).get(reverse("member_create"), {"organization": "duk-bk"})
    html = html.content.decode()
    assert PICKER.format(scope="editable", kind="", field="organization") in html
    assert not re.search(r'<option value="DUK', html)
