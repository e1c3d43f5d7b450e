"""The member page's move form: an organization typed by code with a few suggestions, never a
drop-down of every organization the user may edit (an office's 1,332 organizations made the page
take 787 ms); the suggestions follow what is typed, within the user's editable scope."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coso.members.forms.member import MOVE_SUGGESTIONS
from coso.orgs import services as org_services

pytestmark = pytest.mark.django_db

OPTION = re.compile(r'<option value="([^"]*)">')


def suggestions(html: str) -> list[str]:
    """The codes in the move form's datalist."""
    datalist = re.search(r'<datalist id="move-organizations">(.*?)</datalist>', html, re.S)
    return OPTION.findall(datalist.group(1))


def add_cells(parent, n, start=0):
    return [
        org_services.create_organization(
            parent,
            code=f"DUK-BK-C{k:03d}",
            name=f"Chi bộ Lớp {k:03d}",
            kind="cell",
            established_on=dt.date(2015, 1, 1),
        )
        for k in range(start, start + n)
    ]


def test_the_page_has_a_text_box_and_a_few_suggestions_whatever_the_tree(
    login, office, tree, members
):
    client = login(office)
    url = reverse("member_detail", args=[members["dung"].pk])
    add_cells(tree["DUK-BK"], 5)
    with CaptureQueriesContext(connection) as small:
        html = client.get(url).content.decode()
    # a text box with its suggestions, no select of organizations
    assert '<select name="move-to"' not in html
    assert re.search(r'<input type="text" name="move-to"[^>]* list="move-organizations"', html)
    # the first organizations in tree order, the member's own (DUK-KT) left out
    assert suggestions(html) == [
        "DUK",
        "DUK-BK",
        "DUK-BK-CNTT",
        "DUK-BK-CK",
        "DUK-BK-C000",
        "DUK-BK-C001",
        "DUK-BK-C002",
        "DUK-BK-C003",
        "DUK-BK-C004",
    ]
    add_cells(tree["DUK-BK"], 60, start=5)
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert len(suggestions(html)) == MOVE_SUGGESTIONS == 20
    assert suggestions(html)[:5] == ["DUK", "DUK-BK", "DUK-BK-CNTT", "DUK-BK-CK", "DUK-BK-C000"]
    assert "DUK-BK-C064" not in html
    assert len(large.captured_queries) == len(small.captured_queries)


def test_suggestions_follow_what_is_typed_within_the_editable_scope(
    login, office, bk_secretary, tree, members
):
    add_cells(tree["DUK-BK"], 30)
    url = reverse("member_move_organizations", args=[members["binh"].pk])  # binh: in DUK-BK-CK
    client = login(bk_secretary)
    # accents and case do not matter; every word must match; the member's own cell is left out
    response = client.get(url, {"move-to": "cong nghe"})
    assert response.status_code == 200
    assert OPTION.findall(response.content.decode()) == ["DUK-BK-CNTT"]
    assert OPTION.findall(client.get(url, {"move-to": "CO KHI"}).content.decode()) == []
    assert OPTION.findall(client.get(url, {"move-to": "lop 025"}).content.decode()) == [
        "DUK-BK-C025"
    ]
    # "02" is in C002 and C020 to C029: in tree order
    assert OPTION.findall(client.get(url, {"move-to": "Lớp 02"}).content.decode()) == [
        f"DUK-BK-C{k:03d}" for k in (2, *range(20, 30))
    ]
    # nothing typed: the first ones in tree order, at most MOVE_SUGGESTIONS
    listed = OPTION.findall(client.get(url).content.decode())
    assert listed[:3] == ["DUK-BK", "DUK-BK-CNTT", "DUK-BK-C000"] and len(listed) == 20
    # DUK-KT is outside the secretary's scope, inside the office's
    assert OPTION.findall(client.get(url, {"move-to": "kinh te"}).content.decode()) == []
    office_client = login(office)
    assert OPTION.findall(office_client.get(url, {"move-to": "kinh te"}).content.decode()) == [
        "DUK-KT"
    ]


def test_suggestions_of_a_member_outside_the_scope_are_404(login, cell_secretary, members):
    client = login(cell_secretary)
    outside = reverse("member_move_organizations", args=[members["binh"].pk])
    assert client.get(outside, {"move-to": "chi bo"}).status_code == 404
    assert client.post(outside).status_code == 405


def test_suggestions_need_a_login(client, members):
    url = reverse("member_move_organizations", args=[members["an"].pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_typed_code_still_moves_the_member(login, office, tree, members):
    add_cells(tree["DUK-BK"], 30)
    client = login(office)
    member = members["dung"]
    response = client.post(
        reverse("member_move", args=[member.pk]),
        {"move-to": "DUK-BK-C025", "move-date": "01/02/2024"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organization.code == "DUK-BK-C025"
    assert member.events.latest("id").to_organization.code == "DUK-BK-C025"
