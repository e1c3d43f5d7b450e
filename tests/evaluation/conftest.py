import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids (the Vietnamese catalog has them all)."""
    with translation.override("en"):
        yield
