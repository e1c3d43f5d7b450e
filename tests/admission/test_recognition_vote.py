"""The cell's recognition vote recorded before the decision (`record_recognition_vote`, the
step a meeting's vote calls) and the decision that then takes it (`recognize` without the vote).

The happy path's member: ceremony 08/09/2023, probation ends 08/09/2024, vote due 18/10/2024;
CNTT has 3 official members, so the vote needs 2 for (2/3 of 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.accounts.services import add_user
from coso.admission import services
from coso.admission.choices import Step
from coso.admission.models import Probation
from coso.core.scope import OutOfScope
from tests.helpers import PASSWORD, refused

D = dt.date
VOTE_DAY = D(2024, 9, 20)


@pytest.fixture
def member(candidate, go):
    return go(candidate, Step.CEREMONY)


def _vote(member, votes_for, day=VOTE_DAY, **kw):
    return services.record_recognition_vote(
        member, vote_date=day, votes_for=votes_for, votes_against=3 - votes_for, **kw
    )


def test_the_vote_passes_at_two_thirds_and_waits_for_the_decision(member, cell_secretary):
    refused(lambda: _vote(member, 1), "1 of 3 official members", field="votes_for")
    probation = _vote(member, 2, actor=cell_secretary)
    probation = Probation.objects.get(pk=probation.pk)
    assert (
        probation.vote_date, probation.votes_for, probation.votes_against,
        probation.official_count, probation.outcome, probation.late,
    ) == (D(2024, 9, 20), 2, 1, 3, "", False)  # fmt: skip
    member.refresh_from_db()
    assert member.status == "probationary"
    refused(lambda: _vote(member, 3), "already recorded on 20/09/2024", field="vote_date")
    # the decision alone: the stored vote is used; giving the vote again is refused
    refused(
        lambda: services.recognize(
            member,
            vote_date=D(2024, 9, 20),
            votes_for=3,
            votes_against=0,
            decision_number="5-QĐ/ĐUK",
            decision_date=D(2024, 10, 1),
        ),  # fmt: skip
        "enter only the decision",
    )
    services.recognize(
        member, decision_number="5-QĐ/ĐUK", decision_date=D(2024, 10, 1), actor=cell_secretary
    )
    member.refresh_from_db()
    probation.refresh_from_db()
    assert (member.status, member.recognized_on) == ("official", D(2024, 9, 8))
    assert (probation.outcome, probation.vote_date, probation.votes_for, probation.decision_number) == (
        "recognized", D(2024, 9, 20), 2, "5-QĐ/ĐUK",
    )  # fmt: skip


def test_refusals_write_nothing(member, tree):
    refused(lambda: _vote(member, 3, day=D(2024, 9, 7)), "before the probation ends on 08/09/2024")
    refused(lambda: _vote(member, 3, day=D(2099, 1, 1)), field="vote_date")
    refused(
        lambda: services.recognize(member, decision_number="5", decision_date=D(2024, 10, 1)),
        "Enter the date and the counts",
    )
    outsider = add_user(
        "bithu_kt", organization=tree["DUK-KT"], role="secretary", password=PASSWORD
    )
    refused(lambda: _vote(member, 3, actor=outsider), raises=OutOfScope)
    late = _vote(member, 3, day=D(2024, 10, 21), official_count=3)
    assert (late.late, late.vote_due_on) == (True, D(2024, 10, 18))


@pytest.mark.django_db(transaction=True)
def test_vote_then_decision_outside_a_wrapping_transaction(member, cell_secretary):
    _vote(member, 3, actor=cell_secretary)
    services.recognize(
        member, decision_number="5-QĐ/ĐUK", decision_date=D(2024, 10, 1), actor=cell_secretary
    )
    member.refresh_from_db()
    assert (member.status, Probation.objects.get(member=member).votes_for) == ("official", 3)
