"""Least privilege for the `member` role (docs/decisions.md, "A member sees names, not records").

Nguyễn Văn An holds the `member` role on his cell DUK-BK-CNTT and his login is linked to his
record: he reads his own record in full, and of his fellow members (Trần Minh Đức, Nguyễn Thị
Hoa) only the name and the cell; no export, no import, no history or lifecycle of others, no
candidates, no to-do items, no transfer letters; no filter, sort or search tells him another's
personal data.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from coso.accounts.services import add_user
from coso.admission import services as admission_services
from coso.members import services
from coso.members.models import Member
from coso.members.queries.todo import todo_list
from tests.helpers import PASSWORD, candidate_data, client_for, results, snapshot

CNTT = "Chi bộ Khoa Công nghệ thông tin"
#: the list's cell column: the cell, then its parent (text of the cell, tags removed)
CNTT_ROW = CNTT + "Đảng bộ Trường Đại học Bách khoa Hà Nội"
NAME_KEYS = {"id", "full_name", "organization"}


@pytest.fixture
def cell(members):
    """Distinct personal data on the fellow members, so that any leak shows."""
    services.update_member(
        members["hoa"],
        {"birth_date": dt.date(1991, 7, 23), "phone": "0912345678", "religion": "Phật giáo",
         "current_address": "12 Tạ Quang Bửu", "hometown": "Nam Định",
         "party_card_number": "31415926"},
        expected_version=1,
    )  # fmt: skip
    services.update_member(
        members["duc"],
        {"birth_date": dt.date(1988, 2, 14), "ethnicity": "Tày", "email": "duc@example.vn"},
        expected_version=1,
    )
    for m in members.values():
        m.refresh_from_db()
    return members


@pytest.fixture
def an_user(cell, tree):
    user = add_user("an", organization=tree["DUK-BK-CNTT"], role="member", password=PASSWORD)
    services.link_account(cell["an"], user)
    return user


SECRETS = ("23/07/1991", "14/02/1988", "0912345678", "Phật giáo", "12 Tạ Quang Bửu", "Nam Định",
           "31415926", "Tày", "duc@example.vn")  # fmt: skip


def secrets_of(members) -> list[str]:
    return [*SECRETS, members["hoa"].cccd, members["duc"].cccd]


def table_rows(response) -> list[list[str]]:
    """The list's rows as their cells' text."""
    tbody = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", tbody.group(1) if tbody else "", re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- the member list page -------------------------------------------------------------------


def test_list_page_shows_fellow_members_names_and_cells_only(login, an_user, cell):
    response = login(an_user).get(reverse("member_list"))
    assert response.status_code == 200
    assert table_rows(response) == [
        ["Nguyễn Văn An", "01/01/1985", "Male", CNTT_ROW, "Official", "19/05/2010"],
        ["Trần Minh Đức", "", "", CNTT_ROW, "", ""],
        ["Nguyễn Thị Hoa", "", "", CNTT_ROW, "", ""],
    ]
    html = response.content.decode()
    for secret in secrets_of(cell):
        assert secret not in html
    assert 'id="member-export"' not in html
    assert 'name="sex"' not in html and 'name="ethnicity"' not in html
    assert "Search by name<" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"sex": "female"}, []),
        ({"ethnicity": "Tày"}, []),
        ({"age_band": "30_40"}, []),
        ({"status": "official"}, ["Nguyễn Văn An"]),
        ({"ordering": "birth_date"}, ["Nguyễn Văn An"]),
        ({"ordering": "-admitted_on"}, ["Nguyễn Văn An"]),
    ],
)
def test_personal_filters_and_sorts_keep_only_records_he_may_read(
    login, an_user, cell, query, expected
):
    """A fellow member never appears through a personal field (Hoa is female, Đức Tày, both
    official; their birth dates would order them)."""
    response = login(an_user).get(reverse("member_list"), query)
    assert [row[0] for row in table_rows(response)] == expected
    api = results(client_for(an_user).get("/api/v1/members/", query))
    assert [m["full_name"] for m in api] == expected


def test_a_member_cannot_find_others_by_cccd_or_card_number(login, an_user, cell):
    client = login(an_user)

    def found(text):
        return [row[0] for row in table_rows(client.get(reverse("member_list"), {"search": text}))]

    assert found(cell["hoa"].cccd) == []
    prefix = cell["hoa"].cccd[:7]
    assert found(prefix) == (["Nguyễn Văn An"] if cell["an"].cccd.startswith(prefix) else [])
    assert found("31415926") == []
    assert found("hoa") == ["Nguyễn Thị Hoa"]
    assert found(cell["an"].cccd) == ["Nguyễn Văn An"]
    api = client_for(an_user)
    assert results(api.get("/api/v1/members/", {"search": cell["hoa"].cccd})) == []
    assert results(api.get("/api/v1/members/", {"search": "31415926"})) == []
    assert [m["full_name"] for m in results(api.get("/api/v1/members/", {"search": "duc"}))] == [
        "Trần Minh Đức"
    ]


def test_the_secretary_still_finds_by_cccd_and_filters(login, cell_secretary, cell):
    client = login(cell_secretary)
    response = client.get(reverse("member_list"), {"search": cell["hoa"].cccd})
    assert table_rows(response) == [
        ["Nguyễn Thị Hoa", "23/07/1991", "Female", CNTT_ROW, "Official", "19/05/2010"]
    ]
    response = client.get(reverse("member_list"), {"ethnicity": "Tày"})
    assert [r[0] for r in table_rows(response)] == ["Trần Minh Đức"]


def test_members_who_left_are_not_listed(login, an_user, cell):
    services.remove_member(cell["duc"], kind="deceased", date=dt.date(2025, 1, 5))
    response = login(an_user).get(reverse("member_list"))
    assert [r[0] for r in table_rows(response)] == ["Nguyễn Văn An", "Nguyễn Thị Hoa"]
    assert login(an_user).get(reverse("member_detail", args=[cell["duc"].pk])).status_code == 404


# --- the record page --------------------------------------------------------------------------


def test_a_fellow_members_page_shows_name_and_cell(login, an_user, cell):
    client = login(an_user)
    hoa = cell["hoa"]
    response = client.get(reverse("member_detail", args=[hoa.pk]))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "members/member_name.html"
    html = response.content.decode()
    assert "<h1>Nguyễn Thị Hoa</h1>" in html and CNTT in html
    for secret in secrets_of(cell):
        assert secret not in html
    assert "History" not in html and reverse("member_lifecycle", args=[hoa.pk]) not in html
    assert client.get(reverse("member_lifecycle", args=[hoa.pk])).status_code == 404
    assert client.get(f"/api/v1/members/{hoa.pk}/lifecycle/").status_code == 404


def test_his_own_record_in_full(login, an_user, cell):
    client = login(an_user)
    an = cell["an"]
    response = client.get(reverse("member_detail", args=[an.pk]))
    assert [t.name for t in response.templates][0] == "members/member_detail.html"
    html = response.content.decode()
    assert an.cccd in html and "01/01/1985" in html and 'id="member-timeline"' in html
    assert reverse("member_edit", args=[an.pk]) not in html  # reading, not editing
    assert client.get(reverse("member_lifecycle", args=[an.pk])).status_code == 200


def test_without_a_linked_record_every_member_is_names_only(login, tree, cell):
    user = add_user("khach", organization=tree["DUK-BK-CNTT"], role="member")
    client = login(user)
    response = client.get(reverse("member_list"))
    assert table_rows(response)[0] == ["Nguyễn Văn An", "", "", CNTT_ROW, "", ""]
    body = client_for(user).get(f"/api/v1/members/{cell['an'].pk}/").json()
    assert body == {
        "id": cell["an"].pk,
        "full_name": "Nguyễn Văn An",
        "organization": "DUK-BK-CNTT",
    }


def test_organization_page_shows_names_only(login, an_user, cell, tree):
    html = login(an_user).get(reverse("org_detail", args=["DUK-BK-CNTT"])).content.decode()
    assert "Nguyễn Thị Hoa" in html and "Trần Minh Đức" in html
    for secret in secrets_of(cell):
        assert secret not in html
    assert "01/01/1985" in html  # his own birth date


# --- the API ----------------------------------------------------------------------------------


def test_api_list_reduced_for_fellow_members(an_user, cell, cell_secretary):
    rows = results(client_for(an_user).get("/api/v1/members/"))
    assert [r["full_name"] for r in rows] == ["Nguyễn Văn An", "Trần Minh Đức", "Nguyễn Thị Hoa"]
    full = set(results(client_for(cell_secretary).get("/api/v1/members/"))[0])
    assert set(rows[0]) == full and rows[0]["cccd"] == cell["an"].cccd
    assert rows[1:] == [
        {"id": cell["duc"].pk, "full_name": "Trần Minh Đức", "organization": "DUK-BK-CNTT"},
        {"id": cell["hoa"].pk, "full_name": "Nguyễn Thị Hoa", "organization": "DUK-BK-CNTT"},
    ]
    assert results(client_for(an_user).get("/api/v1/members/", {"sex": "female"})) == []


def test_api_detail_reduced_and_nothing_written(an_user, cell):
    client = client_for(an_user)
    hoa = cell["hoa"]
    assert client.get(f"/api/v1/members/{hoa.pk}/").json() == {
        "id": hoa.pk,
        "full_name": "Nguyễn Thị Hoa",
        "organization": "DUK-BK-CNTT",
    }
    own = client.get(f"/api/v1/members/{cell['an'].pk}/").json()
    assert (own["cccd"], own["birth_date"]) == (cell["an"].cccd, "1985-01-01")
    before = snapshot()
    response = client.patch(f"/api/v1/members/{hoa.pk}/", {"phone": "0900000000", "version": 2})
    assert response.status_code == 404
    response = client.patch(f"/api/v1/members/{cell['an'].pk}/", {"phone": "0900", "version": 1})
    assert response.status_code == 404
    assert snapshot() == before


# --- exports, import, candidates, to-do, transfers ---------------------------------------------


def test_no_export_no_import(login, an_user, cell):
    client = login(an_user)
    before = snapshot()
    for url in (reverse("member_export"), reverse("member_export_csv")):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("import_home")).status_code == 404
    assert snapshot() == before


def test_the_secretary_still_exports(login, cell_secretary, cell):
    response = login(cell_secretary).get(reverse("member_export_csv"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert cell["hoa"].cccd in body


def test_no_candidates_for_a_member(login, an_user, cell, tree, cell_secretary):
    candidate = admission_services.create_candidate(candidate_data(), cell=tree["DUK-BK-CNTT"])
    client = login(an_user)
    html = client.get(reverse("candidate_list")).content.decode()
    assert "Lê Thị Mai" not in html and candidate.cccd not in html
    assert client.get(reverse("candidate_detail", args=[candidate.pk])).status_code == 404
    assert results(client_for(an_user).get("/api/v1/candidates/")) == []
    assert client_for(an_user).get(f"/api/v1/candidates/{candidate.pk}/").status_code == 404
    assert [
        c["full_name"] for c in results(client_for(cell_secretary).get("/api/v1/candidates/"))
    ] == ["Lê Thị Mai"]


def test_no_to_do_items_of_others(login, an_user, cell, cell_secretary):
    today = dt.date.today()
    assert todo_list(cell_secretary, today=today).total == 3
    assert todo_list(an_user, today=today).total == 0
    html = login(an_user).get(reverse("todo")).content.decode()
    assert "Nguyễn Thị Hoa" not in html and "Trần Minh Đức" not in html
    assert client_for(an_user).get("/api/v1/todo/").json()["count"] == 0


def test_no_transfer_letters_of_others(login, an_user, cell, tree, cell_secretary):
    from coso.members.models import Transfer
    from coso.members.services.transfers import issue_transfer

    letter = issue_transfer(
        cell["hoa"], kind="permanent", letter_number="5-GT", issued_on=dt.date(2026, 3, 2),
        to=tree["DUK-KT"],
    )  # fmt: skip
    assert list(Transfer.objects.visible_to(cell_secretary)) == [letter]
    assert list(Transfer.objects.visible_to(an_user)) == []
    html = login(an_user).get(reverse("org_transfers", args=["DUK-BK-CNTT"])).content.decode()
    assert "5-GT" not in html and "Nguyễn Thị Hoa" not in html
    assert results(client_for(an_user).get("/api/v1/transfers/")) == []


def test_a_secretary_elsewhere_with_a_member_role_here(login, cell, tree):
    """Records where a role shows them (secretary of CK), names where it does not (CNTT)."""
    user = add_user("hai_vai", organization=tree["DUK-BK-CK"], role="secretary")
    add_user("hai_vai", organization=tree["DUK-BK-CNTT"], role="member")
    rows = results(client_for(user).get("/api/v1/members/", {"organization": "DUK-BK"}))
    assert [(r["full_name"], "cccd" in r) for r in rows] == [
        ("Nguyễn Văn An", False),
        ("Phạm Thị Ánh", True),
        ("Lê Văn Bình", True),
        ("Trần Minh Đức", False),
        ("Nguyễn Thị Hoa", False),
    ]
    found = results(client_for(user).get("/api/v1/members/", {"search": cell["hoa"].cccd}))
    assert found == []
    found = results(client_for(user).get("/api/v1/members/", {"search": cell["binh"].cccd}))
    assert [r["full_name"] for r in found] == ["Lê Văn Bình"]
    response = login(user).get(reverse("member_export_csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert cell["binh"].cccd in body and cell["hoa"].cccd not in body
    assert "Nguyễn Thị Hoa" not in body


# --- linking a login to its record ------------------------------------------------------------


def test_link_account_one_record_per_login(cell, tree):
    from django.core.exceptions import ValidationError

    user = add_user("an2", organization=tree["DUK-BK-CNTT"], role="member")
    services.link_account(cell["an"], user)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.link_account(cell["hoa"], user)
    assert refused.value.message_dict == {
        "user": ["This account is already linked to another member's record."]
    }
    assert snapshot() == before
    assert Member.objects.get(user=user) == cell["an"]
    services.link_account(cell["an"], None)
    assert Member.objects.filter(user=user).count() == 0
    history = len(before["members.HistoricalMember"])
    assert Member.history.count() == history  # an account setting: no history entry


def test_linkmember_command(cell, tree):
    from io import StringIO

    from django.core.management import CommandError, call_command

    user = add_user("hoa", organization=tree["DUK-BK-CNTT"], role="member")
    out = StringIO()
    call_command("linkmember", "hoa", "--cccd", cell["hoa"].cccd, stdout=out)
    assert out.getvalue() == "Đã gắn tài khoản hoa với hồ sơ của Nguyễn Thị Hoa.\n"
    assert Member.objects.get(user=user) == cell["hoa"]
    with pytest.raises(CommandError, match="Không có đảng viên có số CCCD 000000000000."):
        call_command("linkmember", "hoa", "--cccd", "000000000000")


@pytest.mark.django_db(transaction=True)
def test_link_and_read_outside_a_wrapping_transaction(tree, members):
    """On PostgreSQL, the step commits on its own (no test transaction around it)."""
    user = add_user("an3", organization=tree["DUK-BK-CNTT"], role="member")
    services.link_account(members["an"], user)
    rows = results(client_for(user).get("/api/v1/members/"))
    assert [set(r) == NAME_KEYS for r in rows] == [False, True, True]
    assert rows[0]["cccd"] == members["an"].cccd
