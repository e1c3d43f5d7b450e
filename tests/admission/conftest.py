"""Fixtures of the admission tests: a candidate in the CNTT cell and the happy path's steps.

The happy path (all dates worked out by hand; see test_deadlines for the calendar):
    awareness certificate 10/03/2023 · application 03/04/2023 · personal history 10/04/2023 ·
    background check 15/05/2023 · introduction 01/06/2023 (An since 01/09/2021, Đức since
    15/01/2022) · comments 20/06/2023, residence cell 25/06/2023 · cell resolution 05/07/2023
    (3 of 3 official members; decision due 29/09/2023) · decision of DUK 15/08/2023, received
    18/08/2023 (ceremony due 03/10/2023) · ceremony 08/09/2023 (probation ends 08/09/2024,
    recognition vote due 18/10/2024).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from coso.admission import services
from coso.admission.choices import Step
from coso.admission.models import STEPS, AdmissionStep, Candidate, Probation
from coso.members.models import Member, MembershipEvent, Placement

D = dt.date
_seq = itertools.count(1)


def candidate_data(**extra) -> dict:
    data = {
        "family_name": "Lê",
        "middle_name": "Thị",
        "given_name": "Mai",
        "sex": "female",
        "birth_date": D(2000, 3, 15),
        "cccd": f"0011000{next(_seq):05d}",
        "education_general": "upper_secondary",
        "source": "staff",
        "occupation": "Giảng viên",
    }
    data.update(extra)
    return data


def happy_kwargs(step: str, members: dict, tree: dict) -> dict:
    """The happy path's arguments of each step's service."""
    return {
        Step.AWARENESS_COURSE: {"date": D(2023, 3, 10), "certificate_number": "123-CN/TTCT"},
        Step.APPLICATION: {"date": D(2023, 4, 3)},
        Step.PERSONAL_HISTORY: {"date": D(2023, 4, 10)},
        Step.BACKGROUND_CHECK: {"date": D(2023, 5, 15), "document_number": "12-BC/CB"},
        Step.INTRODUCTION: {
            "date": D(2023, 6, 1),
            "introducers": [(members["an"], D(2021, 9, 1)), (members["duc"], D(2022, 1, 15))],
        },
        Step.COMMENTS: {"date": D(2023, 6, 20), "residence_comment_on": D(2023, 6, 25)},
        Step.CELL_RESOLUTION: {
            "date": D(2023, 7, 5),
            "votes_for": 3,
            "votes_against": 0,
            "document_number": "05-NQ/CB",
        },
        Step.DECISION: {
            "deciding_organization": tree["DUK"],
            "date": D(2023, 8, 15),
            "document_number": "1234-QĐ/ĐUK",
            "received_on": D(2023, 8, 18),
        },
        Step.CEREMONY: {"date": D(2023, 9, 8)},
    }[step]


def advance(candidate, through: str, members: dict, tree: dict, actor=None, **overrides):
    """Record the happy path's steps after the candidate's last one, up to ``through``.

    ``overrides`` maps a step to the arguments that replace the happy path's.
    """
    start = STEPS.index(candidate.step) + 1 if candidate.step else 0
    result = None
    for step in STEPS[start : STEPS.index(through) + 1]:
        kwargs = {**happy_kwargs(step, members, tree), **overrides.get(step, {})}
        result = services.STEP_SERVICES[step](candidate, actor=actor, **kwargs)
        candidate.refresh_from_db()
    return result


def probationary_member(org, given, *, family="Nguyễn", admitted_on: dt.date):
    """A probationary member admitted (event ADMITTED) on ``admitted_on``."""
    from coso.members import services as member_services

    return member_services.register_member(
        {
            "family_name": family,
            "middle_name": "Thị",
            "given_name": given,
            "sex": "female",
            "birth_date": D(1999, 2, 1),
            "cccd": f"0011990{next(_seq):05d}",
            "admitted_on": admitted_on,
        },
        organization=org,
        active_from=admitted_on,
        status="probationary",
        event_kind="admitted",
        document_number="1-QĐ/ĐUK",
    )


def snapshot() -> dict:
    """Every row the admission services write, to check that a refusal changed nothing."""
    return {
        "candidates": list(Candidate.objects.order_by("pk").values()),
        "steps": list(AdmissionStep.objects.order_by("pk").values()),
        "probations": list(Probation.objects.order_by("pk").values()),
        "members": list(Member.objects.order_by("pk").values()),
        "events": list(MembershipEvent.objects.order_by("pk").values()),
        "placements": list(Placement.objects.order_by("pk").values()),
        "candidate_history": Candidate.history.count(),
        "member_history": Member.history.count(),
    }


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
