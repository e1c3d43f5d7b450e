"""The transfer pages and the member record as people read them (issue 16, findings 8, 9 and
11): the letters' organizations with their parents, an Excel export of the page, a way back
from a letter's action, running temporary transfers not among the closed ones, a letter named
a letter, and addresses without the ward and province twice."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from coso.members.choices import TransferKind
from coso.members.services import transfers
from coso.members.views.members import _address
from tests.helpers import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(tree, members):
    today = timezone.localdate()
    running = transfers.issue_transfer(
        members["dung"],
        kind=TransferKind.TEMPORARY,
        to=tree["DUK-BK-CK"],
        letter_number="346-GT/CĐ Thương mại",
        issued_on=today - dt.timedelta(days=40),
        until=today + dt.timedelta(days=60),
    )
    transfers.receive_transfer(running, received_on=today - dt.timedelta(days=35))
    waiting = transfers.issue_transfer(
        members["binh"],
        kind=TransferKind.PERMANENT,
        to=tree["DUK-BK-CNTT"],
        letter_number="101-GT/ĐUK",
        issued_on=today - dt.timedelta(days=3),
    )
    return {"running": running, "waiting": waiting}


def _listed(client, box: str) -> list[int]:
    """The letters of the office's list `box`."""
    response = client.get("/organizations/DUK/transfers/", {"box": box})
    return [t.pk for t in response.context["letters"]]


def test_running_temporary_transfers_are_not_recently_closed(letters, office, login):
    page = login(office)
    assert _listed(page, "temporary") == [letters["running"].pk]
    assert _listed(page, "recent") == []
    transfers.end_temporary_transfer(letters["running"], date=timezone.localdate())
    assert _listed(page, "recent") == [letters["running"].pk]


def test_letters_show_whole_numbers_and_the_parents_of_cells(letters, office, login):
    body = login(office).get("/organizations/DUK/transfers/", {"box": "all"}).content.decode()
    assert '<span class="text-nowrap">346-GT/CĐ Thương mại</span>' in body
    assert (
        'Chi bộ Khoa Công nghệ thông tin<div class="small text-muted">'
        "Đảng bộ Trường Đại học Bách khoa Hà Nội</div>"
    ) in body


def test_the_transfer_page_exports_what_it_shows(letters, office, login):
    page = login(office)

    def exported(box: str) -> list[tuple]:
        response = page.get("/organizations/DUK/transfers/", {"box": box, "format": "xlsx"})
        return list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)

    rows = exported("all")
    assert rows[0][:3] == ("List", "Member", "Letter number")
    # every letter once, in the list it is in (a letter between two cells of the office's
    # tree is in its inbox and its outbox: the inbox)
    assert sorted((r[0], r[1], r[2]) for r in rows[1:]) == [
        ("Inbox", "Lê Văn Bình", "101-GT/ĐUK"),
        ("Temporary activity in progress", "Hoàng Văn Dũng", "346-GT/CĐ Thương mại"),
    ]
    assert [(r[0], r[1], r[2]) for r in exported("outbox")[1:]] == [
        ("Outbox", "Lê Văn Bình", "101-GT/ĐUK"),
    ]
    waiting = next(r for r in rows if r[0] == "Inbox")
    assert waiting[8:10] == (
        "Chi bộ Khoa Công nghệ thông tin",
        "Đảng bộ Trường Đại học Bách khoa Hà Nội",
    )


def test_the_transfer_page_runs_a_fixed_number_of_queries(tree, members, letters, office, login):
    page = login(office)
    page.get("/organizations/DUK/transfers/")
    few = queries(lambda: page.get("/organizations/DUK/transfers/"))
    for i, key in enumerate(("an", "duc", "hoa")):
        transfers.issue_transfer(
            members[key],
            kind=TransferKind.PERMANENT,
            to=tree["DUK-KT"],
            letter_number=f"{i}-GT/CB",
            issued_on=timezone.localdate(),
        )
    assert queries(lambda: page.get("/organizations/DUK/transfers/")) == few


def test_a_letters_action_page_has_a_way_back(letters, cell_secretary, office, login):
    waiting = letters["waiting"]
    receive = login(cell_secretary).get(f"/transfers/{waiting.pk}/receive/")
    assert receive.context["back_url"] == "/organizations/DUK-BK-CNTT/transfers/"
    assert 'id="action-back"' in receive.content.decode()
    cancel = login(office).get(f"/transfers/{waiting.pk}/cancel/")
    assert cancel.context["back_url"] == "/organizations/DUK-BK-CK/transfers/"
    incoming = login(office).get("/organizations/DUK-KT/transfers/incoming/")
    assert incoming.context["back_url"] == "/organizations/DUK-KT/transfers/"


def test_a_letter_on_the_history_is_a_letter_not_a_decision(letters, office, login):
    transfers.receive_transfer(letters["waiting"], received_on=timezone.localdate())
    body = login(office).get(f"/members/{letters['waiting'].member_id}/").content.decode()
    assert "Letter 101-GT/ĐUK" in body
    assert "Decision 101-GT/ĐUK" not in body


def test_an_address_names_its_ward_and_province_once():
    typed_whole = "Số 5 ngõ 12 Trung Kính, Phường Yên Hòa, Thành phố Hà Nội"
    assert _address(typed_whole, 175, 1) == typed_whole
    assert _address("Số 5 ngõ 12 Trung Kính", 175, 1) == (
        "Số 5 ngõ 12 Trung Kính, Phường Yên Hòa, Thành phố Hà Nội"
    )
    # written without accents, the ward is still recognised
    assert _address("So 5, phuong Yen Hoa", 175, 1) == "So 5, phuong Yen Hoa, Thành phố Hà Nội"
    assert _address("", None, 1) == "Thành phố Hà Nội"


def test_an_organization_page_links_to_its_admission_transfers_and_to_do(members, office, login):
    body = login(office).get("/organizations/DUK-BK/").content.decode()
    assert 'id="org-admission-link" href="/admission/?organization=DUK-BK"' in body
    assert 'id="org-transfers-link" href="/organizations/DUK-BK/transfers/"' in body
    assert 'id="org-todo-link" href="/todo/?organization=DUK-BK"' in body
    cell = login(office).get("/organizations/DUK-BK-CNTT/").content.decode()
    assert 'id="org-admission-link" href="/admission/cells/DUK-BK-CNTT/"' in cell


def test_the_tree_has_an_export_of_what_it_shows(members, office, login):
    page = login(office)
    assert (
        'id="org-export" href="/organizations/export.xlsx"'
        in page.get("/organizations/").content.decode()
    )
    found = page.get("/organizations/", {"q": "khoa", "kind": "cell"}).content.decode()
    assert 'id="org-export" href="/organizations/export.xlsx?q=khoa&amp;kind=cell"' in found
    rows = list(
        load_workbook(
            BytesIO(
                b"".join(page.get("/organizations/export.xlsx?q=khoa&kind=cell").streaming_content)
            )
        ).active.values
    )
    assert sorted(r[1] for r in rows[1:]) == ["DUK-BK-CK", "DUK-BK-CNTT"]  # after the row number


def test_a_member_on_an_incoming_letter_is_named_without_a_link_the_receiver_cannot_open(
    letters, cell_secretary, office, login
):
    binh = letters["waiting"].member
    link = f'href="/members/{binh.pk}/lifecycle/"'
    receiver = login(cell_secretary).get("/organizations/DUK-BK-CNTT/transfers/")
    html = receiver.content.decode()
    assert binh.full_name in html and link not in html
    assert login(cell_secretary).get(f"/members/{binh.pk}/lifecycle/").status_code == 404
    # the office sees the member: the name is a link
    assert link in login(office).get("/organizations/DUK/transfers/").content.decode()
