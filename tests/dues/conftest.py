"""Dues in CNTT: members with their bases; messages checked as their msgids."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids (the Vietnamese catalog has them all)."""
    with translation.override("en"):
        yield
