"""An organization's transfer letters as a list (issue 16, "Every list" and finding 3): one
list at a time with the lists' counts, a search by the member's name without accents or by the
letter's number, filters (kind, direction, status, overdue), Vietnamese order, 25 letters a
page, the Excel export of the list shown, and as many queries for a hundred letters as for ten."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from coso.members.choices import TransferKind
from coso.members.services import transfers
from tests.helpers import make_member, queries

pytestmark = pytest.mark.django_db

BK = "/organizations/DUK-BK/transfers/"


@pytest.fixture
def letters(tree, members):
    """A letter for each of the seven members, seen from DUK-BK (cells CNTT and CK; KT is
    outside it): An's overdue to CK, Đức's to KT, Hoa's cancelled, Bình's received into CNTT,
    Ánh's to outside the system, Dũng's temporary from KT into CNTT (running), Ân's from KT
    to CK."""
    today = timezone.localdate()

    def issue(key, number, days_ago, to="", **extra):
        return transfers.issue_transfer(
            members[key],
            kind=extra.pop("kind", TransferKind.PERMANENT),
            to=tree[to] if to else None,
            letter_number=number,
            issued_on=today - dt.timedelta(days=days_ago),
            **extra,
        )

    made = {
        "an": issue("an", "1-GT/CB", 200, "DUK-BK-CK"),
        "duc": issue("duc", "2-GT/CB", 3, "DUK-KT"),
        "hoa": issue("hoa", "3-GT/CB", 3, "DUK-BK-CK"),
        "binh": issue("binh", "4-GT/CB", 10, "DUK-BK-CNTT"),
        "anh": issue("anh", "5-GT/CB", 2, to_outside="Đảng bộ tỉnh Lào Cai"),
        "dung": issue(
            "dung", "6-GT/CB", 20, "DUK-BK-CNTT",
            kind=TransferKind.TEMPORARY, until=today + dt.timedelta(days=100),
        ),
        "an2": issue("an2", "7-GT/CB", 1, "DUK-BK-CK"),
    }  # fmt: skip
    transfers.cancel_transfer(made["hoa"], date=today)
    transfers.receive_transfer(made["binh"], received_on=today - dt.timedelta(days=2))
    transfers.receive_transfer(made["dung"], received_on=today - dt.timedelta(days=15))
    assert made["an"].hand_in_due < today <= made["an2"].hand_in_due
    return made


def names(client, path=BK, **query) -> list[str]:
    response = client.get(path, query)
    assert response.status_code == 200
    return [t.member.full_name for t in response.context["letters"]]


def test_each_list_holds_its_letters_with_the_counts_of_all(letters, office, login):
    page = login(office)
    response = page.get(BK)
    assert response.context["box"] == "inbox"
    assert [(key, count, late) for key, _label, count, late in response.context["boxes"]] == [
        ("inbox", 2, 1),
        ("outbox", 3, 1),
        ("temporary", 1, None),
        ("recent", 2, None),
        ("all", 7, 1),
    ]
    # each list in its own order: the nearest hand-in deadline first, the latest closed first
    assert names(page) == ["Nguyễn Văn An", "Vũ Văn Ân"]
    assert names(page, box="outbox")[0] == "Nguyễn Văn An"
    assert sorted(names(page, box="outbox")) == ["Nguyễn Văn An", "Phạm Thị Ánh", "Trần Minh Đức"]
    assert names(page, box="temporary") == ["Hoàng Văn Dũng"]
    assert names(page, box="recent") == ["Nguyễn Thị Hoa", "Lê Văn Bình"]
    assert len(names(page, box="all")) == 7
    # An's letter is past its hand-in deadline: marked on its row
    html = response.content.decode()
    assert html.count('<tr class="table-danger">') == 1
    assert html.count('<span class="badge text-bg-danger">Overdue</span>') == 1
    # an unknown list is the inbox
    assert names(page, box="nothing") == ["Nguyễn Văn An", "Vũ Văn Ân"]


def test_letters_sort_in_vietnamese_order(letters, office, login):
    page = login(office)
    ordered = [
        "Nguyễn Văn An", "Phạm Thị Ánh", "Vũ Văn Ân", "Lê Văn Bình", "Hoàng Văn Dũng",
        "Trần Minh Đức", "Nguyễn Thị Hoa",
    ]  # fmt: skip
    assert names(page, box="all", ordering="name") == ordered
    assert names(page, box="all", ordering="-name") == ordered[::-1]
    html = page.get(BK, {"box": "all", "ordering": "name"}).content.decode()
    assert 'aria-sort="ascending"><a href="?box=all&amp;ordering=-name"' in html


def test_the_search_finds_members_without_accents_and_letters_by_number(
    letters, members, office, login
):
    page = login(office)
    assert names(page, box="all", search="duc") == ["Trần Minh Đức"]
    assert names(page, box="all", search="hoang dung") == ["Hoàng Văn Dũng"]
    assert names(page, box="all", search="nguyen van", ordering="name") == ["Nguyễn Văn An"]
    assert names(page, box="all", search="7-GT/CB") == ["Vũ Văn Ân"]
    # the search keeps to the list shown, and the counts say where the others are
    response = page.get(BK, {"search": "an"})
    assert [t.member.full_name for t in response.context["letters"]] == [
        "Nguyễn Văn An", "Vũ Văn Ân"
    ]  # fmt: skip
    counts = {key: count for key, _label, count, _late in response.context["boxes"]}
    assert counts == {"inbox": 2, "outbox": 2, "temporary": 0, "recent": 0, "all": 3}
    # a citizen ID is not searched: the receiver may not read the member's record yet
    assert names(page, box="all", search=members["an"].cccd) == []
    assert (
        "No letter matches these conditions."
        in page.get(BK, {"search": "khong co ai"}).content.decode()
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "temporary"}, ["Hoàng Văn Dũng"]),
        (
            {"direction": "in"},
            ["Nguyễn Văn An", "Vũ Văn Ân", "Lê Văn Bình", "Hoàng Văn Dũng", "Nguyễn Thị Hoa"],
        ),
        (
            {"direction": "out"},
            ["Nguyễn Văn An", "Phạm Thị Ánh", "Lê Văn Bình", "Trần Minh Đức", "Nguyễn Thị Hoa"],
        ),
        ({"direction": "outgoing"}, ["Phạm Thị Ánh"]),
        ({"status": "received"}, ["Lê Văn Bình", "Hoàng Văn Dũng"]),
        ({"status": "cancelled"}, ["Nguyễn Thị Hoa"]),
        ({"overdue": "true"}, ["Nguyễn Văn An"]),
        ({"overdue": "true", "kind": "temporary"}, []),
    ],
)
def test_the_filters(letters, office, login, query, expected):
    assert names(login(office), box="all", ordering="name", **query) == expected


def test_a_cell_sees_its_own_letters_and_acts_on_them(letters, cell_secretary, login):
    page = login(cell_secretary)
    cell = "/organizations/DUK-BK-CNTT/transfers/"
    # into CNTT: Bình's received, Dũng's running; out of CNTT: An's, Đức's, Hoa's cancelled
    assert names(page, cell, box="all", ordering="name") == [
        "Nguyễn Văn An", "Lê Văn Bình", "Hoàng Văn Dũng", "Trần Minh Đức", "Nguyễn Thị Hoa"
    ]  # fmt: skip
    html = page.get(cell, {"box": "outbox"}).content.decode()
    assert f'href="/transfers/{letters["an"].pk}/cancel/"' in html
    assert f'href="/transfers/{letters["an"].pk}/receive/"' not in html  # addressed to CK
    assert f'name="transfers" value="{letters["an"].pk}"' in html  # to print


def test_twenty_five_letters_a_page(tree, office, login):
    today = timezone.localdate()
    for i in range(27):
        transfers.issue_transfer(
            make_member(tree["DUK-BK-CNTT"], f"Số{i:02d}"),
            kind=TransferKind.PERMANENT,
            to=tree["DUK-KT"],
            letter_number=f"{i}-GT/CB",
            issued_on=today - dt.timedelta(days=i),
        )
    page = login(office)
    first = page.get(BK, {"box": "outbox", "ordering": "-issued"})
    assert len(first.context["letters"]) == 25
    assert first.context["letters"][0].letter_number == "0-GT/CB"
    html = first.content.decode()
    assert 'id="transfers-count">27 letters<' in html
    assert 'href="?box=outbox&amp;ordering=-issued&amp;page=2"' in html
    second = page.get(BK, {"box": "outbox", "ordering": "-issued", "page": 2})
    assert [t.letter_number for t in second.context["letters"]] == ["25-GT/CB", "26-GT/CB"]


def test_the_export_is_the_list_shown(letters, office, login):
    page = login(office)
    html = page.get(BK, {"box": "all", "search": "an", "ordering": "name"}).content.decode()
    link = 'id="transfers-export" href="?box=all&amp;search=an&amp;ordering=name&amp;format=xlsx"'
    assert link in html
    response = page.get(BK, {"box": "all", "search": "an", "ordering": "name", "format": "xlsx"})
    assert response["Content-Disposition"].startswith(
        'attachment; filename="chuyen-sinh-hoat-DUK-BK-'
    )
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    assert [r[:3] for r in rows] == [
        ("List", "Member", "Letter number"),
        ("Inbox", "Nguyễn Văn An", "1-GT/CB"),
        ("Outbox", "Phạm Thị Ánh", "5-GT/CB"),
        ("Inbox", "Vũ Văn Ân", "7-GT/CB"),
    ]
    assert rows[2][8] == "Đảng bộ tỉnh Lào Cai"
    overdue = page.get(BK, {"box": "all", "overdue": "true", "format": "xlsx"})
    rows = list(load_workbook(BytesIO(b"".join(overdue.streaming_content))).active.values)
    assert [r[1] for r in rows[1:]] == ["Nguyễn Văn An"]


def test_the_menu_link_keeps_the_list_asked_for(letters, office, cell_secretary, login):
    response = login(office).get("/transfers/", {"box": "recent", "search": "hoa"})
    assert response["Location"] == "/organizations/DUK/transfers/?box=recent&search=hoa"
    assert login(cell_secretary).get("/transfers/")["Location"] == (
        "/organizations/DUK-BK-CNTT/transfers/"
    )


# --- a fixed number of queries --------------------------------------------------------------

PAGES = {
    "office": "/organizations/DUK/transfers/",
    "bk_secretary": "/organizations/DUK-BK/transfers/",
    "cell_secretary": "/organizations/DUK-BK-CNTT/transfers/",
}
QUERIES = [
    "",
    "?box=outbox",
    "?box=all&search=nguyen",
    "?box=all&ordering=name&page=2",
    "?box=recent&overdue=true",
    "?box=temporary&kind=temporary&direction=in",
]


def add_letters(tree, n: int, tag: str) -> None:
    """`n` letters out of CNTT into CK and KT: every third received (half of those
    temporary, still running), every fourth overdue."""
    today = timezone.localdate()
    for i in range(n):
        temporary = i % 6 == 0
        letter = transfers.issue_transfer(
            make_member(tree["DUK-BK-CNTT"], f"Thư{tag}{i}"),
            kind=TransferKind.TEMPORARY if temporary else TransferKind.PERMANENT,
            to=tree["DUK-BK-CK" if i % 2 else "DUK-KT"],
            letter_number=f"{tag}{i}-GT/CB",
            issued_on=today - dt.timedelta(days=200 if i % 4 == 1 else 5),
            until=today + dt.timedelta(days=120) if temporary else None,
        )
        if i % 3 == 0:
            transfers.receive_transfer(letter, received_on=today)


def page_queries(login, personas) -> dict[tuple[str, str], int]:
    out = {}
    for name, user in personas.items():
        client = login(user)
        for query in QUERIES:
            path = PAGES[name] + query
            assert client.get(path).status_code == 200  # the per-process caches
            out[name, query] = queries(lambda path=path, client=client: client.get(path))
    return out


def test_ten_or_a_hundred_letters_run_the_same_queries(tree, personas, login):
    add_letters(tree, 10, "a")
    before = page_queries(login, personas)
    add_letters(tree, 90, "b")
    office = login(personas["office"])
    assert office.get(PAGES["office"], {"box": "all"}).context["page"].paginator.count == 100
    assert page_queries(login, personas) == before
