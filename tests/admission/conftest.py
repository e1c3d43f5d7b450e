"""Fixtures of the admission tests: a candidate in the CNTT cell and the happy path's steps
(built by tests/helpers.py).

The happy path (all dates worked out by hand; see test_deadlines for the calendar):
    awareness certificate 10/03/2023 · application 03/04/2023 · personal history 10/04/2023 ·
    background check 15/05/2023 · introduction 01/06/2023 (An since 01/09/2021, Đức since
    15/01/2022) · comments 20/06/2023, residence cell 25/06/2023 · cell resolution 05/07/2023
    (3 of 3 official members; decision due 29/09/2023) · decision of DUK 15/08/2023, received
    18/08/2023 (ceremony due 03/10/2023) · ceremony 08/09/2023 (probation ends 08/09/2024,
    recognition vote due 18/10/2024).
"""

from __future__ import annotations

import pytest

from coso.admission import services
from tests.helpers import advance, candidate_data


@pytest.fixture
def cntt(tree):
    return tree["DUK-BK-CNTT"]


@pytest.fixture
def candidate(members, cntt):
    return services.create_candidate(candidate_data(), cell=cntt)


@pytest.fixture
def go(members, tree):
    """``go(candidate, through_step, actor=None, **overrides)``: the happy path so far."""

    def _go(candidate, through, actor=None, **overrides):
        return advance(candidate, through, members, tree, actor=actor, **overrides)

    return _go


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids, whatever translations exist."""
    from django.utils import translation

    with translation.override("en"):
        yield
