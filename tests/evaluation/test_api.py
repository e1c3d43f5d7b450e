"""The evaluation API: the same steps as the pages, exact values, 400 with the rule's message
and nothing changed, 404 out of scope; a member reaches their own evaluation only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coso.evaluation import services
from coso.evaluation.models import Evaluation, EvaluationPeriod
from tests.evaluation.pages_setup import (
    MEETING,
    assess,
    cell_reported,
    meeting,
    member_user,
    open_year,
)
from tests.helpers import client_for, refused, results

CNTT = "DUK-BK-CNTT"
PERIODS = reverse("api-v1:evaluation-period-list")
EVALUATIONS = reverse("api-v1:evaluation-list")


@pytest.fixture
def year(tree, members):
    period = open_year(tree)
    cell_reported(period, tree[CNTT])
    return period


def _period_url(period, name):
    return reverse(f"api-v1:evaluation-period-{name}", args=[period.pk])


def _ev_url(ev, name="detail"):
    return reverse(f"api-v1:evaluation-{name}", args=[ev.pk])


@pytest.mark.django_db(transaction=True)
def test_the_office_opens_and_closes_a_period(tree, office):
    api = client_for(office)
    body = {"organization": "DUK", "kind": "year", "year": 2025, "cells_due_on": "2025-12-15",
            "grassroots_due_on": "2026-01-10", "superior_due_on": "2026-01-20",
            "opened_on": "2025-11-15"}  # fmt: skip
    made = api.post(PERIODS, body, format="json")
    assert made.status_code == 201
    assert (made.json()["label"], made.json()["ends_on"]) == ("Evaluation of 2025", "2025-12-31")
    again = refused(lambda: api.post(PERIODS, body, format="json"), status=400)
    assert "has already opened Evaluation of 2025" in again.text
    period = EvaluationPeriod.objects.get()
    closed = api.post(_period_url(period, "close"), {"closed_on": "2026-01-25"}, format="json")
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")


def test_the_cell_secretary_sees_the_periods_covering_the_cell(tree, cell_secretary, year):
    rows = results(client_for(cell_secretary).get(PERIODS))
    assert [(r["organization"], r["label"]) for r in rows] == [("DUK", "Evaluation of 2025")]


@pytest.mark.django_db(transaction=True)
def test_self_assess_review_and_decide_through_the_api(tree, members, cell_secretary,
                                                       bk_secretary, year):  # fmt: skip
    api = client_for(cell_secretary)
    body = {"period": year.pk, "member": members["an"].pk, "form": "2A", "score": "80",
            "tasks_on_time": 100, "tasks_beyond": 10, "self_grade": "good",
            "on": "2025-12-01"}  # fmt: skip
    made = api.post(EVALUATIONS, body, format="json")
    assert made.status_code == 201, made.json()
    ev = Evaluation.objects.get(member=members["an"])
    m = meeting(tree[CNTT])
    reviewed = api.post(_ev_url(ev, "review"), {"grade": "good", "on": "2025-12-10",
                                                "meeting": m.pk}, format="json")  # fmt: skip
    assert (reviewed.json()["stage"], reviewed.json()["meeting"]) == ("reviewed", m.pk)
    quota = api.get(_period_url(year, "quota"), {"organization": "DUK-BK", "kind": "member"})
    assert quota.status_code == 404  # the cell secretary does not read the grassroots' records
    boss = client_for(bk_secretary)
    quota = boss.get(_period_url(year, "quota"), {"organization": "DUK-BK", "kind": "member"})
    assert quota.json()["text"] == "0 of 1 GOOD-or-better may be EXCELLENT; 0 proposed"
    decided = boss.post(_period_url(year, "decide"), {
        "organization": "DUK-BK", "kind": "member", "decided_on": "2026-01-05",
        "number": "12-QĐ/ĐU"}, format="json")  # fmt: skip
    assert decided.status_code == 200, decided.json()
    assert [(r["id"], r["grade"], r["stage"]) for r in decided.json()] == [
        (ev.pk, "good", "decided")]  # fmt: skip


def test_a_refused_review_is_a_400_naming_the_rule(tree, members, cell_secretary, year):
    ev = assess(year, "good", member=members["an"], score=80, beyond=10)
    api = client_for(cell_secretary)
    result = refused(lambda: api.post(_ev_url(ev, "review"), {"grade": "excellent",
                                                               "on": "2025-12-10"},
                                      format="json"), status=400)  # fmt: skip
    assert "A score of 80 of 100 reaches at most" in result.text


@pytest.mark.django_db(transaction=True)
def test_a_decided_grade_changes_with_a_reason(tree, members, bk_secretary, year):
    ev = assess(year, "good", member=members["an"], score=80, beyond=10)
    services.review(ev, grade="good", on=MEETING)
    services.decide_grades(year, tree["DUK-BK"], kind="member", on=MEETING.replace(day=20),
                           number="1-QĐ/ĐU")  # fmt: skip
    api = client_for(bk_secretary)
    done = api.post(_ev_url(ev, "change"), {"grade": "complete", "reason": "Sai sót",
                                            "on": "2026-01-10"}, format="json")  # fmt: skip
    assert done.status_code == 200, done.json()
    assert done.json()["grade"] == "complete"
    assert [(c["old_grade"], c["new_grade"], c["reason"]) for c in done.json()["changes"]] == [
        ("good", "complete", "Sai sót")]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_superior_verifies_an_organization(tree, office, year):
    bk = assess(year, "good", organization=tree["DUK-BK"], score=85, beyond=10)
    services.review(bk, grade="good", on=MEETING)
    done = client_for(office).post(_ev_url(bk, "verify"), {"verified_on": "2025-12-20"},
                                   format="json")  # fmt: skip
    assert done.status_code == 200, done.json()
    assert done.json()["stage"] == "verified"


def test_a_member_lists_and_reads_only_their_own(tree, members, year):
    own = assess(year, "good", member=members["an"], score=80, beyond=10)
    other = assess(year, "good", member=members["duc"], score=80, beyond=10)
    api = client_for(member_user(members["an"], "dv_an"))
    assert [r["id"] for r in results(api.get(EVALUATIONS, {"period": year.pk}))] == [own.pk]
    assert api.get(_ev_url(own)).status_code == 200
    assert api.get(_ev_url(other)).status_code == 404
    refused(lambda: api.post(_ev_url(other, "review"), {"grade": "good", "on": "2025-12-10"},
                             format="json"), status=404)  # fmt: skip
    refused(lambda: api.post(_ev_url(own, "review"), {"grade": "good", "on": "2025-12-10"},
                             format="json"), status=404)  # fmt: skip


def test_the_list_filters_by_organization_and_stage(tree, members, bk_secretary, year):
    assess(year, "good", member=members["an"], score=80, beyond=10)
    assess(year, "good", member=members["binh"], score=80, beyond=10)
    api = client_for(bk_secretary)
    rows = results(api.get(EVALUATIONS, {"organization": "DUK-BK-CK", "kind": "member"}))
    assert [r["subject_name"] for r in rows] == ["Lê Văn Bình"]
    rows = results(api.get(EVALUATIONS, {"period": year.pk, "kind": "member",
                                         "stage": "self_assessed"}))  # fmt: skip
    assert [r["subject_name"] for r in rows] == ["Nguyễn Văn An", "Lê Văn Bình"]
