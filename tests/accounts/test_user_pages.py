"""The users-and-roles pages: the scoped list (search, order, pages, Excel, query count), a
user's page, one form per step, refusals with nothing written, the menu entry."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coso.accounts.models import AccountChange
from coso.accounts.services import add_user
from tests.helpers import PASSWORD, refused

User = get_user_model()


def _names(response) -> list[str]:
    return [u.username for u in response.context["page"].object_list]


def test_the_list_is_scoped_sorted_and_searched(login, tree, office, bk_secretary, cell_secretary):
    add_user("ck", organization=tree["DUK-BK-CK"], role="member", full_name="Lê Văn Đức")
    add_user("kt", organization=tree["DUK-KT"], role="member", full_name="Phạm Thị Ánh")
    add_user("cn", organization=tree["DUK-BK-CNTT"], role="member", full_name="Trần Minh Dũng")
    client = login(bk_secretary)
    response = client.get(reverse("user_list"))
    assert response.status_code == 200
    # Vietnamese order by given name: (no name: username) bithu_bk, bithu_cntt, Dũng, Đức
    assert _names(response) == ["bithu_bk", "bithu_cntt", "cn", "ck"]
    assert _names(client.get(reverse("user_list"), {"q": "duc"})) == ["ck"]
    assert _names(client.get(reverse("user_list"), {"q": "DŨNG tran"})) == ["cn"]
    assert _names(login(office).get(reverse("user_list"), {"q": "anh"})) == ["kt"]


def test_the_export_holds_what_is_shown(login, tree, office):
    add_user("ck", organization=tree["DUK-BK-CK"], role="member", full_name="Lê Văn Đức")
    response = login(office).get(reverse("user_list"), {"q": "duc", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Username", "Full name", "Active", "Current roles"],
        ["ck", "Lê Văn Đức", "Yes", "Member – DUK-BK-CK"],
    ]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_list_reads_a_fixed_number_of_queries(login, tree, office):
    client = login(office)
    url = reverse("user_list")
    orgs = [tree["DUK-BK-CNTT"], tree["DUK-KT"]]

    def make(n, start):
        for i in range(start, start + n):
            add_user(f"u{i:03d}", organization=orgs[i % 2], role="member", full_name=f"Ngô Văn {i}")

    make(10, 0)
    ten = _queries(client, url)
    make(90, 10)
    hundred = _queries(client, url)
    assert ten == hundred
    assert ten <= 8


def test_the_menu_shows_the_pages_to_those_who_may_use_them(login, tree, cell_secretary):
    link = f'href="{reverse("user_list")}"'
    assert link in login(cell_secretary).get(reverse("home")).content.decode()
    member = add_user("dv", organization=tree["DUK-BK-CNTT"], role="member", password=PASSWORD)
    client = login(member)
    assert link not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("user_list")).status_code == 404
    assert client.get(reverse("user_create")).status_code == 404


def test_create_shows_the_password_once(login, tree, cell_secretary):
    client = login(cell_secretary)
    data = {
        "username": "moi",
        "full_name": "Vũ Thị Lan",
        "organization": " duk-bk-cntt ",
        "role": "member",
        "valid_from": "01/02/2025",
        "valid_to": "",
        "password": "",
    }
    response = client.post(reverse("user_create"), data)
    user = User.objects.get(username="moi")
    assert response.url == reverse("user_detail", args=[user.pk])
    page = client.get(response.url).content.decode()
    assert 'id="new-password"' in page
    password = page.split('font-monospace text-break">')[1].split("<")[0]
    assert user.check_password(password)
    again = client.get(response.url).content.decode()
    assert 'id="new-password"' not in again
    assert "Account created" in again and "Member – Chi bộ Khoa Công nghệ thông tin" in again


def test_a_refused_form_writes_nothing(login, tree, cell_secretary):
    client = login(cell_secretary)
    data = {
        "username": "moi",
        "full_name": "Vũ Thị Lan",
        "organization": "DUK",
        "role": "staff",
        "valid_from": "01/02/2025",
    }
    refused(
        lambda: client.post(reverse("user_create"), data),
        "No organization with the code “DUK” in your scope.",
        status=400,
    )


def test_grant_end_reset_deactivate_by_page(login, tree, bk_secretary, cell_secretary):
    client = login(bk_secretary)
    pk = cell_secretary.pk
    response = client.post(
        reverse("user_grant_role", args=[pk]),
        {"organization": "DUK-BK-CNTT", "role": "group_leader", "valid_from": "01/03/2025"},
    )
    assert response.status_code == 302
    role = cell_secretary.role_assignments.get(role="group_leader")
    assert client.get(reverse("role_end", args=[role.pk])).status_code == 200
    response = client.post(reverse("role_end", args=[role.pk]), {"ended_on": "01/03/2026"})
    role.refresh_from_db()
    assert (response.status_code, role.valid_to) == (302, dt.date(2026, 3, 1))
    response = client.post(reverse("user_reset_password", args=[pk]), {"password": ""})
    assert response.status_code == 302
    assert 'id="new-password"' in client.get(response.url).content.decode()
    url = reverse("user_deactivate", args=[pk])
    assert "Deactivate the account" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    cell_secretary.refresh_from_db()
    assert cell_secretary.is_active is False
    assert list(AccountChange.objects.filter(user_id=pk).values_list("kind", flat=True)) == [
        "deactivated",
        "password_reset",
        "role_ended",
        "role_granted",
    ]
    detail = client.get(reverse("user_detail", args=[pk])).content.decode()
    assert detail.count("bithu_bk") >= 4  # who did each change


def test_deactivating_oneself_by_page_changes_nothing(login, bk_secretary):
    client = login(bk_secretary)
    url = reverse("user_deactivate", args=[bk_secretary.pk])
    assert client.get(url).status_code == 200
    refused(lambda: client.post(url), "You cannot deactivate your own account.", status=400)
