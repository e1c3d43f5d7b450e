"""Fixtures of the import tests (the files themselves are built by tests/helpers.py)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted by their English msgid (the Vietnamese catalog translates them)."""
    with translation.override("en"):
        yield
