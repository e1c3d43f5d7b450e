"""One evaluation's page and "my evaluation": the member fills in their own self-assessment
(and reaches no one else's), the secretary reviews, the deciding level changes a decided grade
with a reason (the earlier one kept in the history), each through the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coso.evaluation import services
from coso.evaluation.models import Evaluation, GradeChange
from tests.evaluation.pages_setup import (
    DECIDED,
    MEETING,
    assess,
    cell_reported,
    meeting,
    member_user,
    open_year,
)
from tests.helpers import refused

CNTT = "DUK-BK-CNTT"


@pytest.fixture
def year(tree, members):
    period = open_year(tree)
    cell_reported(period, tree[CNTT])
    return period


def _detail(ev):
    return reverse("evaluation_detail", args=[ev.pk])


def _action(ev, name):
    return reverse("evaluation_action", args=[ev.pk, name])


SELF = {"self_assess-form": "2B", "self_assess-strengths": "Hoàn thành tốt giảng dạy",
        "self_assess-limitations": "Chưa viết bài báo", "self_assess-plan": "Viết 1 bài",
        "self_assess-shortcomings_fixed": "on", "self_assess-criteria_points": "28",
        "self_assess-task_points": "64", "self_assess-tasks_on_time": "100",
        "self_assess-tasks_beyond": "35", "self_assess-self_grade": "excellent",
        "self_assess-on": "01/12/2025"}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_member_starts_their_own_self_assessment_from_my_evaluation(login, tree, members,
                                                                      year):  # fmt: skip
    client = login(member_user(members["an"], "dv_an"))
    page = client.get(reverse("my_evaluation"))
    assert [p.label for p, _f in page.context["starts"]] == ["Evaluation of 2025"]
    response = client.post(reverse("my_evaluation"), {**SELF, "period": year.pk})
    ev = Evaluation.objects.get(member=members["an"])
    assert response.url == _detail(ev)
    assert (ev.form, ev.score, ev.criteria_points, ev.task_points, ev.self_grade, ev.stage,
            ev.strengths) == ("2B", 92, 28, 64, "excellent", "self_assessed",
                              "Hoàn thành tốt giảng dạy")  # fmt: skip
    page = client.get(_detail(ev))
    assert list(page.context["forms"]) == ["self_assess"]


def test_a_member_reaches_only_their_own_evaluation(login, tree, members, year):
    own = assess(year, "good", member=members["an"], score=80, beyond=10)
    other = assess(year, "good", member=members["duc"], score=80, beyond=10)
    client = login(member_user(members["an"], "dv_an"))
    assert client.get(_detail(own)).status_code == 200
    assert client.get(_detail(other)).status_code == 404
    data = {**SELF, "self_assess-self_grade": "good"}
    refused(lambda: client.post(_action(other, "self_assess"), data), status=404)
    refused(lambda: client.post(_action(own, "review"), {"review-grade": "good",
                                                          "review-on": "10/12/2025"}),
            status=404)  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_member_corrects_their_self_assessment_on_its_page(login, tree, members, year):
    ev = assess(year, "good", member=members["an"], score=80, beyond=10)
    client = login(member_user(members["an"], "dv_an"))
    assert client.post(_action(ev, "self_assess"), SELF).status_code == 302
    ev.refresh_from_db()
    assert (ev.form, ev.score, ev.self_grade) == ("2B", 92, "excellent")


def test_a_capped_self_grade_is_refused_with_the_rule(login, tree, members, year):
    ev = assess(year, "good", member=members["an"], score=80, beyond=10)
    client = login(member_user(members["an"], "dv_an"))
    data = {**SELF, "self_assess-tasks_beyond": "25"}
    result = refused(lambda: client.post(_action(ev, "self_assess"), data), status=400)
    assert "needs at least 30% of tasks beyond requirement; 25% are" in result.text


@pytest.mark.django_db(transaction=True)
def test_the_secretary_reviews_one_member_at_the_meeting(login, tree, members, cell_secretary,
                                                         year):  # fmt: skip
    ev = assess(year, "good", member=members["an"], score=80, beyond=10)
    m = meeting(tree[CNTT])
    response = login(cell_secretary).post(_action(ev, "review"), {
        "review-grade": "good", "review-on": "10/12/2025", "review-meeting": m.pk})  # fmt: skip
    assert response.status_code == 302
    ev.refresh_from_db()
    assert (ev.proposed_grade, ev.reviewed_on, ev.meeting_id, ev.stage) == (
        "good", MEETING, m.pk, "reviewed")  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_decided_grade_changes_with_a_reason_and_keeps_the_earlier(
    login, tree, members, bk_secretary, year
):
    ev = assess(year, "good", member=members["an"], score=80, beyond=10)
    services.review(ev, grade="good", on=MEETING)
    client = login(bk_secretary)
    decided = client.post(_action(ev, "decide"), {"decide-decided_on": "05/01/2026",
                                                  "decide-number": "12-QĐ/ĐU"})  # fmt: skip
    assert decided.status_code == 302
    refused(lambda: client.post(_action(ev, "change"), {
        "change-grade": "complete", "change-reason": " ", "change-on": "10/01/2026"}),
        status=400)  # fmt: skip
    done = client.post(_action(ev, "change"), {
        "change-grade": "complete", "change-reason": "Phát hiện vi phạm sau kiểm tra",
        "change-on": "10/01/2026", "change-decision_number": "15-QĐ/ĐU"})  # fmt: skip
    assert done.status_code == 302
    ev.refresh_from_db()
    change = GradeChange.objects.get()
    assert (ev.grade, change.old_grade, change.new_grade, change.decision_number) == (
        "complete", "good", "complete", "15-QĐ/ĐU")  # fmt: skip
    page = client.get(_detail(ev))
    assert "Phát hiện vi phạm sau kiểm tra" in page.content.decode()
    assert list(page.context["forms"]) == ["change"]
    assert ev.decided_on == DECIDED


def test_a_step_the_user_may_not_take_is_not_found(login, tree, members, cell_secretary, year):
    ev = assess(year, "good", member=members["an"], score=80, beyond=10)
    services.review(ev, grade="good", on=MEETING)
    client = login(cell_secretary)
    assert list(client.get(_detail(ev)).context["forms"]) == []
    refused(lambda: client.post(_action(ev, "decide"), {"decide-decided_on": "05/01/2026",
                                                        "decide-number": "1"}), status=404)  # fmt: skip
    refused(lambda: client.post(_action(ev, "nothing"), {}), status=404)
