"""Home's member count and the member list agree, with one definition (issue 16, finding 7):
the active members (official and probationary, exempted official ones included) are what home
counts and what the list shows by default; "All" lists those who left too. Counts are grouped
by thousands the Vietnamese way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from coso.members import services
from coso.members.choices import EventKind, MemberStatus
from tests.helpers import client_for, queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_left(members):
    services.remove_member(
        members["an2"], kind=EventKind.DECEASED, date=dt.date(2024, 3, 1), document_number="5-QĐ/ĐU"
    )
    services.remove_member(
        members["binh"],
        kind=EventKind.STRUCK_OFF,
        date=dt.date(2024, 5, 2),
        document_number="6-QĐ/ĐU",
    )
    return members


def test_home_and_the_list_count_the_same_members(some_left, office, login):
    page = login(office)
    home = page.get("/")
    listed = page.get("/members/")
    assert home.context["member_total"] == 5
    assert listed.context["page"].paginator.count == 5
    assert '<a class="badge text-bg-secondary text-decoration-none" id="member-total"' in (
        home.content.decode()
    )
    everyone = page.get("/members/", {"status": "all"}).context["page"].paginator.count
    assert everyone == 7
    assert page.get("/members/", {"status": "deceased"}).context["page"].paginator.count == 1
    both = page.get("/members/", {"status": ["official", "deceased"]})
    assert both.context["page"].paginator.count == 6
    # the select: the active members first (the default), then everyone, then each status
    body = listed.content.decode()
    active = body.index('<option value="active" selected>')
    assert active < body.index('<option value="all">') < body.index('<option value="official">')
    assert "All, including those who left" in body


def test_each_status_on_home_links_to_its_count_on_the_list(some_left, office, login):
    page = login(office)
    for status, _label, n in page.get("/").context["member_counts"]:
        listed = page.get("/members/", {"status": status}).context["page"].paginator.count
        assert listed == n


def test_the_export_holds_what_the_list_shows(some_left, office, login):
    from io import BytesIO

    from openpyxl import load_workbook

    page = login(office)
    sheet = load_workbook(BytesIO(b"".join(page.get("/members/export.xlsx").streaming_content)))
    assert sheet.active.max_row - 1 == 5
    sheet = load_workbook(
        BytesIO(b"".join(page.get("/members/export.xlsx?status=all").streaming_content))
    )
    assert sheet.active.max_row - 1 == 7


def test_the_api_lists_every_status_unless_asked(some_left, office):
    api = client_for(office)
    assert api.get("/api/v1/members/").json()["count"] == 7
    assert api.get("/api/v1/members/", {"status": "active"}).json()["count"] == 5


def test_the_list_runs_a_fixed_number_of_queries_by_default(members, office, login):
    from tests.helpers import make_member

    page = login(office)
    page.get("/members/")
    few = queries(lambda: page.get("/members/"))
    for i in range(30):
        make_member(members["an"].organization, f"Thêm{i}")
    assert queries(lambda: page.get("/members/")) == few


def test_the_organization_count_says_it_includes_probationary_members(members, office, login):
    probationer = members["hoa"]
    probationer.status = MemberStatus.PROBATIONARY
    probationer.save(update_fields=["status"])
    response = login(office).get("/organizations/DUK-BK-CNTT/")
    body = response.content.decode()
    assert "Members in official activity here today (probationary ones included)" in body
    assert response.context["official_count"] == 3


def test_counts_are_grouped_by_thousands_in_vietnamese():
    template = Template("{% load humanize %}{{ n|intcomma }} {{ small|intcomma }}")
    with translation.override("vi"):
        assert template.render(Context({"n": 18914, "small": 914})) == "18.914 914"
