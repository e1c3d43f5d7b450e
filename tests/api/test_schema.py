import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient

from tests.helpers import client_for


def test_schema_generates_without_warnings_and_validates(tmp_path):
    """`coso spectacular --validate --fail-on-warn` passes: every endpoint is described."""
    GENERATOR_STATS.reset()  # warnings are cached per process; count only this generation's
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert not GENERATOR_STATS, "schema generation emitted warnings or errors"
    schema = yaml.safe_load(out.read_text())
    paths = schema["paths"]
    for path in (
        "/api/v1/members/",
        "/api/v1/members/{id}/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{code}/",
        "/api/v1/organizations/{code}/children/",
    ):
        assert path in paths
    assert set(paths["/api/v1/members/"]) == {"get", "post"}
    assert set(paths["/api/v1/members/{id}/"]) == {"get", "put", "patch"}
    assert set(paths["/api/v1/organizations/"]) == {"get"}
    list_params = {p["name"] for p in paths["/api/v1/members/"]["get"]["parameters"]}
    assert {"search", "organization", "status", "sex", "age_band", "ethnicity", "ordering"} <= (
        list_params
    )
    assert {"page", "page_size"} <= list_params
    org_params = {p["name"] for p in paths["/api/v1/organizations/"]["get"]["parameters"]}
    assert {"organization", "search"} <= org_params
    assert "409" in paths["/api/v1/members/{id}/"]["patch"]["responses"]
    member = schema["components"]["schemas"]["Member"]["properties"]
    assert member["version"]["readOnly"] and member["status"]["readOnly"]
    assert (
        "readOnly" not in schema["components"]["schemas"]["MemberUpdate"]["properties"]["version"]
    )


def test_schema_and_docs_are_served(db):
    assert reverse("api-schema") == "/api/schema/"
    assert reverse("api-docs") == "/api/docs/"
    client = APIClient()
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/members/" in response.json()["paths"]
    response = client.get("/api/docs/")
    assert response.status_code == 200
    # Swagger UI's start-up script is a file of its own (the CSP allows no inline script)
    assert b'<script src="/api/docs/?script="></script>' in response.content
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert b"/api/schema/" in response.content


def test_v1_names_are_namespaced(db):
    assert reverse("api-v1:member-list") == "/api/v1/members/"
    assert reverse("api-v1:organization-detail", args=["DUK-BK-CNTT"]) == (
        "/api/v1/organizations/DUK-BK-CNTT/"
    )
    assert reverse("api-v1:organization-children", args=["DUK"]) == (
        "/api/v1/organizations/DUK/children/"
    )


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_api_root_lists_the_resources(personas, accept):
    response = client_for(personas["office"]).get("/api/v1/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert b"/api/v1/members/" in response.content
    assert b"/api/v1/organizations/" in response.content


def test_docs_load_nothing_from_another_host(db):
    """Offices reach no CDN: every asset of the docs page is served by coso itself."""
    body = APIClient().get("/api/docs/").content.decode()
    assets = re.findall(r'(?:href|src)="([^"]+)"', body)
    assert assets
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
