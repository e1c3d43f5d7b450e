"""The evaluation periods on the to-do list: a cell with members not yet reviewed, a
grassroots organization with members' grades to decide, the superior with organizations'
grades to decide, each by the date of the open period covering it; none once it is closed or
done; the same number of queries whatever the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone, translation

from coso.evaluation.models import Evaluation, EvaluationPeriod
from coso.evaluation.todo import CellReviewSource, MembersDecisionSource
from coso.members.models import Member
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from tests.helpers import make_member, plan_of, queries

from .four_good_setup import evaluation, year_period

pytestmark = pytest.mark.django_db
KINDS = [
    TodoKind.EVALUATION_CELL_REVIEW,
    TodoKind.EVALUATION_MEMBERS_DECISION,
    TodoKind.EVALUATION_ORGANIZATIONS_DECISION,
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _period(tree, today):
    return year_period(
        tree["DUK"], today.year, cells_due_on=today - dt.timedelta(3),
        grassroots_due_on=today + dt.timedelta(5), superior_due_on=today + dt.timedelta(10),
        opened_on=today - dt.timedelta(30), label=f"Đánh giá năm {today.year}",
    )  # fmt: skip


def _items(user, today):
    result = todo_list(user, today=today, kinds=KINDS)
    return result, [(f.kind, f.organization_code, f.due_on, f.overdue) for f in result.items]


def test_the_periods_items_by_their_dates(tree, members, office, bk_secretary):
    today = timezone.localdate()
    period = _period(tree, today)
    bk = tree["DUK-BK"]
    for key in ("an", "duc", "hoa", "binh"):
        evaluation(period, members[key].organization, member=members[key], quota_unit=bk,
                   proposed_grade="good", stage="reviewed")  # fmt: skip
    evaluation(period, bk, quota_unit=tree["DUK"])
    result, items = _items(office, today)
    late = today - dt.timedelta(3)
    assert items == [
        (TodoKind.EVALUATION_CELL_REVIEW, "DUK-BK-CK", late, True),  # Ánh not reviewed
        (TodoKind.EVALUATION_CELL_REVIEW, "DUK-KT", late, True),  # nobody reviewed
        (TodoKind.EVALUATION_MEMBERS_DECISION, "DUK-BK", today + dt.timedelta(5), False),
        (TodoKind.EVALUATION_ORGANIZATIONS_DECISION, "DUK", today + dt.timedelta(10), False),
    ]
    assert result.overdue_by_kind == {TodoKind.EVALUATION_CELL_REVIEW: 2}
    details = [f.detail for f in result.items]
    assert details[0] == (
        f"Đánh giá năm {today.year}: members not yet reviewed at the cell (by {late:%d/%m/%Y})."
    )
    assert details[3].startswith(f"Đánh giá năm {today.year}: organizations' grades not yet")
    # the grassroots secretary sees BK's own items only
    assert _items(bk_secretary, today)[1] == items[:1] + items[2:3]
    # decided, reviewed: gone; the period closed: nothing left
    Evaluation.objects.update(stage="decided", grade="good")
    evaluation(period, members["anh"].organization, member=members["anh"], quota_unit=bk,
               proposed_grade="good", stage="reviewed")  # fmt: skip
    assert _items(office, today)[1] == [
        (TodoKind.EVALUATION_CELL_REVIEW, "DUK-KT", late, True),
        (TodoKind.EVALUATION_MEMBERS_DECISION, "DUK-BK", today + dt.timedelta(5), False),
    ]
    EvaluationPeriod.objects.update(status="closed")
    assert _items(office, today)[1] == []


def test_a_date_beyond_the_horizon_and_a_period_of_another_subtree(tree, members, office):
    today = timezone.localdate()
    year_period(tree["DUK-BK"], today.year, cells_due_on=today + dt.timedelta(200),
                grassroots_due_on=today + dt.timedelta(201),
                superior_due_on=today + dt.timedelta(202))  # fmt: skip
    bk_only = year_period(tree["DUK-BK"], today.year - 1, cells_due_on=today)
    assert bk_only.status == "open"
    # BK's period covers BK's cells only (not the grassroots cell KT under the bloc)
    assert _items(office, today)[1] == [
        (TodoKind.EVALUATION_CELL_REVIEW, "DUK-BK-CNTT", today, False),
        (TodoKind.EVALUATION_CELL_REVIEW, "DUK-BK-CK", today, False),
    ]


def test_the_same_number_of_queries_whatever_the_data(tree, members, office):
    today = timezone.localdate()
    period = _period(tree, today)
    # an item of each kind
    evaluation(period, tree["DUK-BK-CK"], member=members["binh"], quota_unit=tree["DUK-BK"])
    evaluation(period, tree["DUK-KT"], quota_unit=tree["DUK"])
    todo_list(office, today=today, kinds=KINDS)  # the per-process caches
    before = queries(lambda: todo_list(office, today=today, kinds=KINDS))
    for i in range(6):
        m = make_member(tree["DUK-BK-CK"], f"Thêm{i}")
        evaluation(period, m.organization, member=m, quota_unit=tree["DUK-BK"])
    evaluation(period, tree["DUK-BK"], quota_unit=tree["DUK"])
    assert todo_list(office, today=today, kinds=KINDS).by_kind == {k: n for k, n in zip(
        KINDS, (3, 1, 1), strict=True)}  # fmt: skip
    assert queries(lambda: todo_list(office, today=today, kinds=KINDS)) == before


def test_a_member_reviewed_in_the_cell_they_left(tree, members, office):
    """The cells' check on PostgreSQL lists the members reviewed with the cell as their
    organization first: a member reviewed in CNTT then moved to CK is reviewed (no item for
    CK), and CNTT, where that review is listed, still has its new member to review."""
    today = timezone.localdate()
    period = _period(tree, today)
    bk = tree["DUK-BK"]
    for m in members.values():
        evaluation(period, m.organization, member=m, quota_unit=bk, proposed_grade="good",
                   stage="reviewed")  # fmt: skip

    def cells():
        result = todo_list(office, today=today, kinds=[TodoKind.EVALUATION_CELL_REVIEW])
        return [(f.organization_code, f.overdue) for f in result.items]

    assert cells() == []
    Member.objects.filter(pk=members["an"].pk).update(organization=tree["DUK-BK-CK"])
    assert cells() == []
    make_member(tree["DUK-BK-CNTT"], "Mới")
    assert cells() == [("DUK-BK-CNTT", True)]
    # a member reviewed without a grade proposed is not reviewed
    Evaluation.objects.filter(member=members["dung"]).update(proposed_grade="")
    assert cells() == [("DUK-BK-CNTT", True), ("DUK-KT", True)]


def test_the_decisions_pending_read_the_undecided_index(tree, members, office):
    """Whether a unit has grades to decide is looked up in the index of the evaluations not yet
    decided (`evaluation_undecided`), not in every evaluation of the unit."""
    today = timezone.localdate()
    _period(tree, today)
    source = MembersDecisionSource(today, today + dt.timedelta(days=30))
    assert "evaluation_undecided" in plan_of(source.queryset())


def test_the_periods_covering_a_listed_cell_are_found_by_its_paths_prefixes(tree, members):
    """The periods opened by a listed cell or its ancestors are found from the cell's path's
    prefixes in the path index, not by testing every organization's path as a prefix of the
    cell's (a scan of the tree for each cell listed: 65 s at the city's root)."""
    today = timezone.localdate()
    _period(tree, today)
    source = CellReviewSource(today, today + dt.timedelta(days=30))
    plan = plan_of(source.rows(source.queryset()))
    if connection.vendor == "postgresql":
        assert "(path)::text = ANY" in plan, plan
    else:
        assert "INDEX sqlite_autoindex_orgs_organization_1 (path=?)" in plan, plan
    assert [o.code for o in source.rows(source.queryset())] == [
        "DUK-BK-CNTT",
        "DUK-BK-CK",
        "DUK-KT",
    ]
