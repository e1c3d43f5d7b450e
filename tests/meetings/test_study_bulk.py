"""The demo's bulk path for the study (`load_study`): the steps' checks, nothing written when
one row is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coso.meetings import services
from coso.meetings.models import Commitment, StudyPlan
from coso.meetings.services import CommitmentRow, load_study
from tests.helpers import make_member, refused

D = dt.date
YEAR = timezone.localdate().year


def _row(member, **over):
    data = dict(
        member_id=member.pk,
        organization_id=member.organization_id,
        year=YEAR,
        actions=("A", "B"),
        signed_on=D(YEAR, 1, 20),
    )
    return CommitmentRow(**{**data, **over})


def test_plans_and_commitments_loaded(tree):
    cntt = tree["DUK-BK-CNTT"]
    an, binh = make_member(cntt, "An"), make_member(cntt, "Bình")
    plan = StudyPlan(organization=cntt, year=YEAR, theme="T", actions="A", adopted_on=D(YEAR, 1, 5))
    made = load_study(
        [plan],
        [
            _row(an),
            _row(binh, year=YEAR - 1, actions=("A", "B", "C"), self_assessment="Đã làm",
                 assessed_on=D(YEAR - 1, 12, 5), cell_comment="Tốt"),
        ],
    )  # fmt: skip
    assert made == (1, 2)
    assert list(Commitment.objects.order_by("year").values_list("year", "actions", "cell_comment")) == [
        (YEAR - 1, ["A", "B", "C"], "Tốt"),
        (YEAR, ["A", "B"], ""),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "over",
    [
        {"actions": ("A",)},
        {"actions": ("A", "B", "C", "D")},
        {"organization_id": "DUK-BK-CK"},  # a member of another cell
        {"self_assessment": "Sớm", "assessed_on": D(YEAR, 9, 30)},
        {"cell_comment": "Tốt"},
    ],
)
def test_a_refused_row_writes_nothing(tree, over):
    cntt = tree["DUK-BK-CNTT"]
    an, binh = make_member(cntt, "An"), make_member(cntt, "Bình")
    plan = StudyPlan(organization=cntt, year=YEAR, theme="T", actions="A", adopted_on=D(YEAR, 1, 5))
    if "organization_id" in over:
        over = {"organization_id": tree[over["organization_id"]].pk}
    refused(lambda: load_study([plan], [_row(an), _row(binh, **over)]), raises=ValueError)


def test_duplicates_refused(tree):
    cntt = tree["DUK-BK-CNTT"]
    an = make_member(cntt, "An")
    services.sign_commitment(an, year=YEAR, actions=["A", "B"])
    services.adopt_study_plan(cntt, year=YEAR, theme="T", actions="A")
    refused(lambda: load_study([], [_row(an)]), "already signed", raises=ValueError)
    again = StudyPlan(
        organization=cntt, year=YEAR, theme="T", actions="A", adopted_on=D(YEAR, 1, 5)
    )
    refused(lambda: load_study([again], []), "already adopted", raises=ValueError)
