"""The committee page: scoped (404 out of scope), the superior's forms, a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coso.committees import services
from coso.committees.models import PostHolding, Term
from tests.committees.conftest import seat
from tests.helpers import queries, refused, snapshot

D = dt.date


def _url(name, org):
    return reverse(name, args=[org.code])


@pytest.mark.parametrize(
    ("persona", "code", "status", "forms"),
    [
        ("office", "DUK-BK-CNTT", 200, True),
        ("bk_secretary", "DUK-BK-CNTT", 200, True),
        ("cell_secretary", "DUK-BK-CNTT", 200, False),
        ("bk_secretary", "DUK-BK", 200, False),
        ("cell_secretary", "DUK-KT", 404, False),
        ("bk_secretary", "DUK-KT", 404, False),
    ],
)
def test_committee_page_for_personas(
    login, personas, tree, term, big, persona, code, status, forms
):
    seat(term, big[0], "secretary")
    response = login(personas[persona]).get(_url("committee", tree[code]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert ('id="committee-actions"' in html) is forms
        if code == "DUK-BK-CNTT":
            assert "Nguyễn Văn An" in html
            assert "2025–2030" in html


def test_the_organization_page_links_to_its_committee(login, office, tree):
    html = login(office).get(_url("org_detail", tree["DUK-BK-CNTT"])).content.decode()
    assert f'href="{_url("committee", tree["DUK-BK-CNTT"])}"' in html


def test_open_a_term_and_appoint_through_the_page(login, office, tree, big):
    client = login(office)
    cntt = tree["DUK-BK-CNTT"]
    response = client.post(
        _url("committee_open_term", cntt),
        {"start_year": "2025", "end_year": "2030", "congress_date": "10/05/2025"},
    )
    assert response.status_code == 302
    term = Term.objects.get(organization=cntt)
    assert (term.start_year, term.end_year, term.congress_date) == (2025, 2030, D(2025, 5, 10))
    response = client.post(
        _url("committee_appoint", cntt),
        {
            "member": big[0].pk,
            "post": "secretary",
            "started_on": "10/05/2025",
            "decision": "15-QĐ/ĐU",
            "decision_date": "09/05/2025",
        },
    )
    assert response.status_code == 302
    holding = PostHolding.objects.get(term=term)
    assert (holding.member, holding.post, holding.decision) == (big[0], "secretary", "15-QĐ/ĐU")
    # a second secretary at once: the page again with the rule, nothing written
    refused(
        lambda: client.post(
            _url("committee_appoint", cntt),
            {"member": big[1].pk, "post": "secretary", "started_on": "01/06/2025"},
        ),
        "An organization has one secretary at a time",
        status=200,
    )
    # ending the post before it began: refused on the page
    refused(
        lambda: client.post(
            reverse("committee_end_post", args=[holding.pk]), {"ended_on": "01/05/2025"}
        ),
        "A post cannot end before it began",
        status=200,
    )
    response = client.post(
        reverse("committee_end_post", args=[holding.pk]),
        {"ended_on": "01/01/2026", "reason": "Chuyển công tác"},
    )
    assert response.status_code == 302
    holding.refresh_from_db()
    assert (holding.ended_on, holding.end_reason) == (D(2026, 1, 1), "Chuyển công tác")


def test_grant_roles_through_the_page(login, office, tree, big, term):
    seat(term, big[0], "secretary")
    response = login(office).post(
        _url("committee_grant_roles", tree["DUK-BK-CNTT"]), {"day": "01/06/2025"}, follow=True
    )
    assert response.status_code == 200
    assert (
        "Roles granted: 0; already held: 0. Without a coso account (nothing granted): Nguyễn Văn An."
        in (response.content.decode())
    )


def test_the_cell_secretary_may_not_change_the_committee(login, cell_secretary, tree, term):
    before = snapshot()
    response = login(cell_secretary).post(
        _url("committee_open_term", tree["DUK-BK-CNTT"]),
        {"start_year": "2030", "end_year": "2035", "congress_date": "01/04/2030"},
    )
    assert response.status_code == 404
    assert snapshot() == before


def _posts(term, members, n):
    """n posts on the roster: 7 held today at most, the rest past."""
    rows = []
    for i in range(n):
        start = D(2025, 5, 10) + dt.timedelta(days=i * 3)
        held = i >= n - 7
        rows.append(
            PostHolding(
                term=term,
                member=members[i % len(members)],
                post="committee_member",
                started_on=start,
                ended_on=None if held else start + dt.timedelta(days=2),
            )
        )
    PostHolding.objects.bulk_create(rows)


def test_the_page_runs_a_fixed_number_of_queries(login, office, tree, big, term):
    client = login(office)
    url = _url("committee", tree["DUK-BK-CNTT"])
    _posts(term, big, 10)
    client.get(url)
    few = queries(lambda: client.get(url))
    PostHolding.objects.all().delete()
    _posts(term, big, 100)
    many = queries(lambda: client.get(url))
    assert few == many
    assert client.get(url).content.decode().count("<tr>") == 1 + 1 + 1 + 93


@pytest.mark.django_db(transaction=True)
def test_the_page_steps_as_deployed(login, office, tree, big):
    cntt = tree["DUK-BK-CNTT"]
    client = login(office)
    client.post(
        _url("committee_open_term", cntt),
        {"start_year": "2025", "end_year": "2030", "congress_date": "10/05/2025"},
    )
    client.post(
        _url("committee_appoint", cntt),
        {"member": big[0].pk, "post": "secretary", "started_on": "10/05/2025"},
    )
    holding = PostHolding.objects.get(term__organization=cntt)
    client.post(_url("committee_grant_roles", cntt), {"day": "10/05/2025"})
    client.post(reverse("committee_end_post", args=[holding.pk]), {"ended_on": "01/01/2026"})
    assert PostHolding.objects.get(pk=holding.pk).ended_on == D(2026, 1, 1)
    assert services.may_change(office, cntt)
