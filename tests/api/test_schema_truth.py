"""The OpenAPI schema says what the API answers (issue 9, finding 12).

Every list of the small demo and the details with the values that used to break the schema
(null organizations of letters to or from outside, probations without the course, candidates
before their first step, steps without a deciding organization, the to-do object) are
validated against /api/schema/ by schemathesis, as .ci/schemathesis does against a live server.
"""

import datetime as dt
from io import StringIO

import pytest
import requests
import schemathesis
from django.core.management import call_command
from rest_framework import serializers
from rest_framework.test import APIClient

from tests.helpers import client_for, make_member


def _validate(schema, method: str, url: str, response) -> None:
    operation = schema.find_operation_by_path(method, url.split("?")[0])
    assert operation is not None, url
    answer = schemathesis.Response(
        status_code=response.status_code,
        headers={k.lower(): [v] for k, v in response.headers.items()},
        content=response.content,
        request=requests.Request(method.upper(), f"http://testserver{url}").prepare(),
        elapsed=0.0,
        verify=True,
    )
    operation.validate_response(answer)  # raises on any mismatch


@pytest.fixture
def demo(db):
    call_command("demo", "--size", "small", "--seed", "1", stdout=StringIO())
    call_command("demo_accounts", stdout=StringIO())


def test_demo_answers_match_the_schema(demo, django_user_model):
    client = client_for(django_user_model.objects.get(username="vanphong"), language="vi")
    schema = schemathesis.openapi.from_dict(
        client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        _validate(schema, "get", url, response)
        return response.json()

    lists = {
        name: get(f"/api/v1/{name}/?page_size=500")["results"]
        for name in ("members", "organizations", "transfers", "candidates", "probations")
    }
    todo = get("/api/v1/todo/")
    assert set(todo) == {
        "count",
        "page",
        "pages",
        "by_kind",
        "overdue",
        "by_organization",
        "results",
    }
    get("/api/v1/admission-statistics/")

    transfers = lists["transfers"]
    outside = [
        t for t in transfers if t["from_organization"] is None or t["to_organization"] is None
    ]
    assert outside, "the demo has letters to or from outside the system"
    for t in outside:
        get(f"/api/v1/transfers/{t['id']}/")

    probations = [p for p in lists["probations"] if p["course_on"] is None]
    assert probations, "the demo has probationary members without the course"
    get(f"/api/v1/probations/{probations[0]['id']}/")

    fresh = [c for c in lists["candidates"] if c["step"] == ""]
    assert fresh, "the demo has candidates before their first step"
    get(f"/api/v1/candidates/{fresh[0]['id']}/")
    undecided = 0
    for candidate in [c for c in lists["candidates"] if c["step"]][:10]:
        steps = get(f"/api/v1/candidates/{candidate['id']}/")["steps"]
        undecided += sum(s["deciding_organization"] is None for s in steps)
    assert undecided, "steps without a deciding organization were checked"

    member = lists["members"][0]["id"]
    get(f"/api/v1/members/{member}/")
    get(f"/api/v1/members/{member}/lifecycle/")
    get("/api/v1/organizations/DUK/children/")


def test_the_schema_declares_the_fixed_fields(db):
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = schema.json()
    components = schema["components"]["schemas"]
    assert components["Transfer"]["properties"]["from_organization"]["nullable"] is True
    assert components["Transfer"]["properties"]["to_organization"]["nullable"] is True
    assert components["Probation"]["properties"]["course_on"]["nullable"] is True
    assert components["Probation"]["properties"]["probation_start"]["nullable"] is True
    assert components["Step"]["properties"]["deciding_organization"]["nullable"] is True
    step = components["Candidate"]["properties"]["step"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in step["oneOf"]
    assert components["BlankEnum"] == {"enum": [""]}
    todo = schema["paths"]["/api/v1/todo/"]["get"]["responses"]["200"]
    assert todo["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TodoList"
    }
    # the errors every operation may answer, in JSON
    receive = schema["paths"]["/api/v1/transfers/{id}/receive/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "413", "415"} <= set(receive)
    assert receive["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_dates_are_iso_with_four_digit_years():
    """strftime("%Y") writes year 789 as "789", which is not an OpenAPI "date"."""
    assert serializers.DateField().to_representation(dt.date(789, 2, 19)) == "0789-02-19"
    assert serializers.DateField().to_representation(dt.date(2026, 1, 5)) == "2026-01-05"


def test_a_probation_without_an_admission_date_matches_the_schema(tree, office):

    member = make_member(
        tree["DUK-BK-CNTT"], "Lan", status="probationary", admitted_on=None, recognized_on=None
    )
    client = client_for(office, language="vi")
    schema = schemathesis.openapi.from_dict(
        client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )
    url = f"/api/v1/probations/{member.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    assert (body["probation_start"], body["course_on"], body["ends_on"]) == (None, None, None)
    _validate(schema, "get", url, response)
