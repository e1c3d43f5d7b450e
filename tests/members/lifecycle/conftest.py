"""Fixtures of the lifecycle tests: English messages (the msgids) and logged-in clients."""

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from tests.helpers import verified_login


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def login():
    def _login(user):
        client = Client()
        client.cookies["django_language"] = "en"
        verified_login(client, user)
        return client

    return _login


@pytest.fixture
def api():
    def _api(user):
        client = APIClient()
        client.cookies["django_language"] = "en"
        client.force_authenticate(user)
        return client

    return _api
