"""The committees API: the roster on a day, each step, a refusal (400, nothing changed), 404."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.committees.models import PostHolding, Term
from tests.committees.conftest import seat
from tests.helpers import client_for, refused

D = dt.date
URL = "/api/v1/committees/DUK-BK-CNTT/"


def test_the_roster_on_a_day(personas, term, big):
    holding = seat(term, big[0], "secretary")
    client = client_for(personas["cell_secretary"])
    body = client.get(URL, {"day": "2025-05-10"}).json()
    assert body["organization"] == "DUK-BK-CNTT"
    assert body["day"] == "2025-05-10"
    assert body["terms"] == [
        {"id": term.pk, "start_year": 2025, "end_year": 2030, "congress_date": "2025-05-10",
         "ended_on": None}
    ]  # fmt: skip
    assert body["roster"] == [
        {
            "id": holding.pk, "organization": "DUK-BK-CNTT", "term": term.pk,
            "member": big[0].pk, "member_name": "Nguyễn Văn An", "post": "secretary",
            "started_on": "2025-05-10", "ended_on": None, "decision": "12-QĐ/ĐUK",
            "decision_date": None, "end_reason": "", "role_granted": False,
        }
    ]  # fmt: skip
    assert client.get(URL, {"day": "2025-05-09"}).json()["roster"] == []
    assert client.get(URL, {"day": "hôm qua"}).status_code == 400


def test_out_of_scope_is_404(personas, tree):
    client = client_for(personas["cell_secretary"])
    assert client.get("/api/v1/committees/DUK-KT/").status_code == 404
    refused(
        lambda: client.post(
            "/api/v1/committees/DUK-KT/terms/",
            {"start_year": 2025, "end_year": 2030, "congress_date": "2025-05-01"},
            format="json",
        ),
        status=404,
    )
    # seeing the cell is not changing its committee (the superior's decision)
    refused(
        lambda: client.post(
            "/api/v1/committees/DUK-BK-CNTT/terms/",
            {"start_year": 2025, "end_year": 2030, "congress_date": "2025-05-01"},
            format="json",
        ),
        status=404,
    )


def test_appoint_without_a_term_and_refusals(personas, big):
    client = client_for(personas["office"])
    data = {"member": big[0].pk, "post": "secretary", "started_on": "2025-05-10"}
    response = refused(lambda: client.post(f"{URL}appoint/", data, format="json"), status=400)
    assert response.response.json() == {"non_field_errors": ["Open the committee's term first."]}


def _steps(personas, big):
    client = client_for(personas["office"])
    response = client.post(
        f"{URL}terms/",
        {"start_year": 2025, "end_year": 2030, "congress_date": "2025-05-10"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert [t["start_year"] for t in response.json()["terms"]] == [2025]
    data = {"member": big[0].pk, "post": "secretary", "started_on": "2025-05-10"}
    response = client.post(f"{URL}appoint/", data, format="json")
    assert response.status_code == 200, response.content
    pk = response.json()["id"]
    refusal = refused(
        lambda: client.post(f"{URL}appoint/", {**data, "member": big[1].pk}, format="json"),
        status=400,
    )
    assert refusal.response.json() == {
        "post": [
            "An organization has one secretary at a time: end the current secretary's post "
            "before 10/05/2025 first."
        ]
    }
    response = client.post(f"{URL}grant-roles/", {"day": "2025-06-01"}, format="json")
    assert response.json() == {"granted": [], "already": [], "without_user": [pk]}
    refusal = refused(
        lambda: client.post(
            f"/api/v1/committee-posts/{pk}/end/", {"ended_on": "2025-05-10"}, format="json"
        ),
        status=400,
    )
    assert list(refusal.response.json()) == ["ended_on"]
    response = client.post(
        f"/api/v1/committee-posts/{pk}/end/", {"ended_on": "2026-01-01"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["ended_on"] == "2026-01-01"
    assert PostHolding.objects.get(pk=pk).ended_on == D(2026, 1, 1)
    assert Term.objects.get().ended_on is None


def test_every_step_through_the_api(personas, big):
    _steps(personas, big)


@pytest.mark.django_db(transaction=True)
def test_every_step_through_the_api_as_deployed(personas, big):
    _steps(personas, big)
