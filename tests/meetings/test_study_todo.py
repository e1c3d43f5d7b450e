"""The study on the to-do list: a cell that records its meetings with no plan for the year
after the rule's day; the members of a cell with its plan who have not signed their
commitment after the rule's day (member items); scoped; nothing before the day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coso.meetings import services
from coso.meetings.study_todo import CommitmentMissingSource, StudyPlanMissingSource
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from tests.helpers import make_member

D = dt.date
YEAR = timezone.localdate().year
TODAY = D(YEAR, 12, 6)
STUDY = (TodoKind.STUDY_PLAN_MISSING, TodoKind.COMMITMENT_MISSING)


def _scene(tree):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    for org in (cntt, ck):  # both record their meetings in coso; KT does not
        services.plan_meeting(org, kind="regular", date=D(YEAR, 1, 10))
    services.adopt_study_plan(
        ck, year=YEAR, theme="Nêu gương", actions="Mỗi người hai việc", adopted_on=D(YEAR, 1, 2)
    )
    signed, unsigned = make_member(ck, "Sơn"), make_member(ck, "Tâm")
    make_member(tree["DUK-KT"], "Uyên")  # KT has no plan: its members are not asked
    services.sign_commitment(signed, year=YEAR, actions=["A", "B"])
    return unsigned


def test_a_missing_plan_and_a_missing_commitment(tree, office, cell_secretary):
    unsigned = _scene(tree)
    result = todo_list(office, today=TODAY)
    items = [(f.kind, f.organization_code, f.member_id, f.due_on, f.detail)
             for f in result.items if f.kind in STUDY]  # fmt: skip
    assert sorted(items, key=str) == [
        (
            "commitment_missing",
            "DUK-BK-CK",
            unsigned.pk,
            D(YEAR, 2, 1),  # 30 days after the plan of 2/1
            f"No personal study commitment is signed for {YEAR}.",
        ),
        (
            "study_plan_missing",
            "DUK-BK-CNTT",
            None,
            D(YEAR, 1, 31),
            f"No study plan is adopted for {YEAR} (due 31/01/{YEAR}).",
        ),
    ]
    plan = next(f for f in result.items if f.kind == TodoKind.STUDY_PLAN_MISSING)
    assert (plan.url, plan.overdue) == ("/organizations/DUK-BK-CNTT/study/", True)
    assert result.by_kind[TodoKind.COMMITMENT_MISSING] == 1
    # CNTT's secretary sees CNTT's plan, not CK's member
    mine = todo_list(cell_secretary, today=TODAY)
    assert [f.kind for f in mine.items if f.kind in STUDY] == ["study_plan_missing"]


def test_nothing_before_the_rules_day_and_signed_clears_it(tree):
    unsigned = _scene(tree)
    # a day before each due date: nothing; on it: the item
    for source, due in (
        (StudyPlanMissingSource, D(YEAR, 1, 31)),
        (CommitmentMissingSource, D(YEAR, 2, 1)),
    ):
        before = due - dt.timedelta(days=1)
        assert not source(TODAY, before).queryset().exists()
        assert source(TODAY, due).queryset().count() == 1
    services.adopt_study_plan(tree["DUK-BK-CNTT"], year=YEAR, theme="T", actions="A")
    services.sign_commitment(unsigned, year=YEAR, actions=["A", "B", "C"])
    assert not StudyPlanMissingSource(TODAY, TODAY).queryset().exists()
    assert not CommitmentMissingSource(TODAY, TODAY).queryset().exists()
