"""Content-Security-Policy on every response; `Cache-Control: no-store` on everything a
signed-in user gets (pages, exports, API answers) and on the login page; static files keep
their long caching."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PRIVATE = "no-store, private"


def policy(response) -> dict[str, str]:
    """The CSP header as {directive: sources} (django-csp does not keep the order)."""
    parts = [p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";")]
    return {name: sources for name, sources in parts}


def test_member_detail_page(login, office, members):
    response = login(office).get(reverse("member_detail", args=[members["an"].pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE
    assert policy(response) == POLICY


def test_member_export(login, office, members):
    response = login(office).get(reverse("member_export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == PRIVATE
    assert policy(response) == POLICY


def test_api_answer_with_a_token(office, members):
    token = Token.objects.create(user=office)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(f"/api/v1/members/{members['an'].pk}/")
    assert response.status_code == 200
    assert response.json()["full_name"] == "Nguyễn Văn An"
    assert response["Cache-Control"] == PRIVATE
    assert policy(response) == POLICY


def test_api_answer_with_a_session(login, office, members):
    response = login(office).get("/api/v1/members/")
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_login_page(db):
    response = Client().get(reverse("login"))
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert policy(response) == POLICY


def test_an_anonymous_refusal_is_not_marked_private(db):
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert "Cache-Control" not in response
    assert policy(response) == POLICY


def test_api_docs_allow_only_their_inline_style(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    assert policy(response) == {**POLICY, "style-src": "'self' 'unsafe-inline'"}
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("path", ["/static/coso/coso.css", "/static/coso/coso.js"])
def test_static_files_keep_their_caching(settings, login, office, path):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = login(office).get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"  # whitenoise's, in this mode
