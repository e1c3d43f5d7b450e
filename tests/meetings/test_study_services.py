"""The study (DOMAIN.md §17): an organization's plan for the year, a member's commitment of 2–3
actions, the self-assessment from October and the cell's comment; refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from coso.core.scope import OutOfScope
from coso.meetings import services
from coso.meetings.models import Commitment, StudyPlan
from tests.helpers import PASSWORD, make_member, refused

D = dt.date
YEAR = timezone.localdate().year
ACTIONS = ["Đến lớp đúng giờ", "Hướng dẫn hai sinh viên nghiên cứu"]


def _account(member, username="dv_an"):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    member.user = user
    member.save(update_fields=["user"])
    return user


def test_a_plan_is_adopted_then_updated(tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    plan = services.adopt_study_plan(
        cntt, year=YEAR, theme=" Thực hành tiết kiệm ", actions="Mỗi tháng một gương",
        adopted_on=D(YEAR, 1, 15), actor=cell_secretary,
    )  # fmt: skip
    assert (plan.year, plan.theme, plan.adopted_on) == (YEAR, "Thực hành tiết kiệm", D(YEAR, 1, 15))
    again = services.adopt_study_plan(
        cntt, year=YEAR, theme="Nêu gương", actions="Hai hành động", actor=cell_secretary
    )
    assert again.pk == plan.pk and StudyPlan.objects.count() == 1
    assert (again.theme, again.actions) == ("Nêu gương", "Hai hành động")
    assert [h.history_user for h in again.history.all()] == [cell_secretary, cell_secretary]


def test_a_plan_refused_and_out_of_scope(tree, cell_secretary):
    kt = tree["DUK-KT"]
    refused(
        lambda: services.adopt_study_plan(
            tree["DUK-BK-CNTT"], year=YEAR, theme=" ", actions="", actor=cell_secretary
        ),
        "Write the year's theme",
        field="actions",
    )
    refused(
        lambda: services.adopt_study_plan(
            tree["DUK-BK-CNTT"], year=YEAR + 2, theme="A", actions="B", actor=cell_secretary
        ),
        "last year, this year or next year",
        field="year",
    )
    refused(
        lambda: services.adopt_study_plan(
            kt, year=YEAR, theme="A", actions="B", actor=cell_secretary
        ),
        raises=OutOfScope,
    )


def test_a_member_signs_their_own_commitment(tree, cell):
    user = _account(cell["An"])
    row = services.sign_commitment(
        cell["An"], year=YEAR, actions=[" Đến lớp đúng giờ ", "", ACTIONS[1]], actor=user
    )
    assert (row.actions, row.signed_on) == (ACTIONS, timezone.localdate())
    assert row.history.latest().history_user == user
    # another member's account reaches nobody else's commitment
    other = _account(cell["Bình"], "dv_binh")
    refused(
        lambda: services.sign_commitment(cell["Chi"], year=YEAR, actions=ACTIONS, actor=other),
        raises=OutOfScope,
    )


@pytest.mark.parametrize("n", [1, 4])
def test_fewer_than_two_or_more_than_three_actions_are_refused(tree, cell, cell_secretary, n):
    refused(
        lambda: services.sign_commitment(
            cell["An"], year=YEAR, actions=[f"Việc {i}" for i in range(n)], actor=cell_secretary
        ),
        "2 to 3 concrete actions",
        f"this one names {n}",
        "Chỉ thị 05-CT/TW",
        field="actions",
    )


def test_three_actions_pass(tree, cell, cell_secretary):
    row = services.sign_commitment(
        cell["An"], year=YEAR, actions=["A", "B", "C"], actor=cell_secretary
    )
    assert row.actions == ["A", "B", "C"]


def test_a_second_commitment_and_a_member_of_another_cell_are_refused(tree, cell, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    services.sign_commitment(cell["An"], year=YEAR, actions=ACTIONS, actor=cell_secretary)
    refused(
        lambda: services.sign_commitment(
            cell["An"], year=YEAR, actions=ACTIONS, actor=cell_secretary
        ),
        f"has already signed a commitment for {YEAR}",
    )
    outsider = make_member(tree["DUK-BK-CK"], "Phúc")
    refused(
        lambda: services.sign_commitment(
            outsider, year=YEAR, actions=ACTIONS, organization=cntt, actor=None
        ),
        "Nguyễn Văn Phúc is not a member of",
    )
    # the cell's secretary does not reach another cell's member: 404
    refused(
        lambda: services.sign_commitment(
            outsider, year=YEAR, actions=ACTIONS, actor=cell_secretary
        ),
        raises=OutOfScope,
    )


def test_self_assessment_from_october_then_the_cells_comment(tree, cell, cell_secretary):
    user = _account(cell["An"])
    row = services.sign_commitment(cell["An"], year=YEAR, actions=ACTIONS, actor=user)
    refused(
        lambda: services.self_assess(row, text="Đã làm", on=D(YEAR, 9, 30), actor=user),
        f"written from 01/10/{YEAR} on",
        field="text",
    )
    refused(
        lambda: services.comment_commitment(row, comment="Tốt", actor=cell_secretary),
        "has not assessed themselves yet",
    )
    row = services.self_assess(row, text=" Đã làm đủ hai việc ", on=D(YEAR, 10, 1), actor=user)
    assert (row.self_assessment, row.assessed_on) == ("Đã làm đủ hai việc", D(YEAR, 10, 1))
    refused(lambda: services.comment_commitment(row, comment="Tốt", actor=user), raises=OutOfScope)
    row = services.comment_commitment(row, comment=" Hoàn thành tốt ", actor=cell_secretary)
    assert (row.cell_comment, row.commented_by) == ("Hoàn thành tốt", cell_secretary)
    assert row.commented_at is not None
    refused(
        lambda: services.self_assess(row, text="Sửa", on=D(YEAR, 12, 1), actor=user),
        "The cell has commented",
    )
    assert Commitment.objects.get().self_assessment == "Đã làm đủ hai việc"


@pytest.mark.django_db(transaction=True)
def test_each_step_once_outside_a_wrapping_transaction(tree, cell, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    services.adopt_study_plan(cntt, year=YEAR, theme="T", actions="A", actor=cell_secretary)
    row = services.sign_commitment(
        cell["An"], year=YEAR, actions=ACTIONS, organization=cntt, actor=cell_secretary
    )
    row = services.self_assess(row, text="Đã làm", on=D(YEAR, 11, 1), actor=cell_secretary)
    row = services.comment_commitment(row, comment="Tốt", actor=cell_secretary)
    stored = Commitment.objects.get()
    assert (stored.actions, stored.self_assessment, stored.cell_comment) == (
        ACTIONS,
        "Đã làm",
        "Tốt",
    )
    assert StudyPlan.objects.get().theme == "T"
