"""Tests of the REST API under /api/v1/."""

from rest_framework.test import APIClient

from tests.conftest import verified_login


def client_for(user, *, language: str = "en") -> APIClient:
    """An API client logged in (session) as `user`.

    A session (not force_authenticate) loads a fresh user object on every request, as in
    production, so per-user caches do not make a second request cheaper than the first.
    English is asked for so assertions on messages are stable whatever the .mo files hold.
    """
    client = APIClient()
    client.cookies["django_language"] = language
    if user is not None:
        verified_login(client, user)
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]
