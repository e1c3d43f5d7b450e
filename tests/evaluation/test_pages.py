"""The evaluation pages: the grading page of a cell (the rows, the caps as hints, the quota line,
what the reviewers see; the whole cell reviewed in one form, all or nothing), of a grassroots
organization (one decision) and of the superior (verification, decision); a fixed number of
queries whatever the number of members; each step through the page once on PostgreSQL."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from coso.evaluation import services
from coso.evaluation.models import Evaluation, EvaluationPeriod, GradeDecision
from coso.members.services import statuses
from tests.evaluation.pages_setup import (
    ASSESSED,
    MEETING,
    D,
    assess,
    cell_reported,
    meeting,
    open_year,
)
from tests.helpers import make_member, queries, refused, snapshot

CNTT = "DUK-BK-CNTT"


def _grading(code, period):
    return reverse("evaluation_grading", args=[code, period.pk])


def _act(code, period, action):
    return reverse("evaluation_grading_action", args=[code, period.pk, action])


def _cell_post(rows: dict, meeting_pk=None, on=""):
    """The cell form's data: member -> (grade, score, on time, beyond)."""
    data = {"meeting": meeting_pk or "", "on": on}
    for member, (grade, score, on_time, beyond) in rows.items():
        data.update({f"grade_{member.pk}": grade, f"form_{member.pk}": "2A",
                     f"score_{member.pk}": score, f"on_time_{member.pk}": on_time,
                     f"beyond_{member.pk}": beyond})  # fmt: skip
    return data


@pytest.fixture
def year(tree, members):
    period = open_year(tree)
    cell_reported(period, tree[CNTT])
    return period


def test_the_cell_page_shows_each_member_with_caps_quota_and_reviewers_facts(
    login, tree, members, cell_secretary, year
):
    assess(year, "good", member=members["an"], score=80, beyond=10)
    statuses.exempt_member(members["hoa"], reason="other", decision_number="3-QĐ/CB",
                           valid_from=D(2025, 3, 1), decided_on=D(2025, 3, 1))  # fmt: skip
    page = login(cell_secretary).get(_grading(CNTT, year))
    assert page.status_code == 200
    rows = page.context["lines"]
    assert [r.member.given_name for r, _f in rows] == ["An", "Đức"]
    an = rows[0][0]
    assert an.evaluation.self_grade == "good"
    assert [c.grade for c in an.caps] == ["good", "good"]
    assert "A score of 80 of 100 reaches at most" in an.caps[0].reason
    assert (an.present, an.expected, an.feedback, an.commitment) == (0, 0, None, None)
    assert [m.given_name for m, _reason in page.context["not_graded"]] == ["Hoa"]
    assert page.context["cell_quotas"]["members"].base == 1
    text = page.content.decode()
    assert "1 of 1 GOOD-or-better may be EXCELLENT" not in text  # 1/5 of 1 is 0
    assert "0 of 1 GOOD-or-better may be EXCELLENT; 0 proposed" in text
    assert "Exempted from party work and meetings" in text


@pytest.mark.django_db(transaction=True)
def test_the_cell_reviews_every_member_at_its_meeting_in_one_form(
    login, tree, members, cell_secretary, year
):
    m = meeting(tree[CNTT])
    data = _cell_post({members["an"]: ("good", "80", "100", "10"),
                       members["duc"]: ("complete", "60", "90", "0")}, m.pk)  # fmt: skip
    response = login(cell_secretary).post(_act(CNTT, year, "grade"), data)
    assert response.status_code == 302
    got = {ev.member.given_name: (ev.self_grade, ev.proposed_grade, ev.score, ev.stage,
                                  ev.meeting_id, ev.reviewed_on)
           for ev in Evaluation.objects.members().select_related("member")}  # fmt: skip
    assert got == {
        "An": ("good", "good", 80, "reviewed", m.pk, MEETING),
        "Đức": ("complete", "complete", 60, "reviewed", m.pk, MEETING),
    }


def test_one_refused_row_writes_nothing_and_names_the_member(
    login, tree, members, cell_secretary, year
):
    m = meeting(tree[CNTT])
    data = _cell_post({members["an"]: ("good", "80", "100", "10"),
                       members["duc"]: ("excellent", "80", "100", "40")}, m.pk)  # fmt: skip
    client = login(cell_secretary)
    result = refused(lambda: client.post(_act(CNTT, year, "grade"), data), status=400)
    form = result.response.context["grade_form"]
    assert list(form.errors) == [f"grade_{members['duc'].pk}"]
    assert "A score of 80 of 100 reaches at most" in form.errors[f"grade_{members['duc'].pk}"][0]
    assert Evaluation.objects.members().count() == 0


def test_a_plain_member_reaches_neither_the_grading_page_nor_its_form(login, tree, members, year):
    from tests.evaluation.pages_setup import member_user

    user = member_user(members["an"], "dv_an")
    client = login(user)
    assert client.get(_grading(CNTT, year)).status_code == 404
    data = _cell_post({members["an"]: ("excellent", "95", "100", "40")}, on="10/12/2025")
    refused(lambda: client.post(_act(CNTT, year, "grade"), data), status=404)


def test_the_cell_secretary_may_not_decide_at_the_grassroots(login, tree, members, cell_secretary,
                                                              year):  # fmt: skip
    client = login(cell_secretary)
    assert client.get(_grading("DUK-BK", year)).status_code == 404
    data = {"decide_members-decided_on": "05/01/2026", "decide_members-number": "1-QĐ/ĐU"}
    refused(lambda: client.post(_act("DUK-BK", year, "decide_members"), data), status=404)


def test_a_period_of_another_tree_is_not_found(login, tree, members, cell_secretary, year):
    from coso.orgs import services as org_services

    other = org_services.create_organization(None, code="X", name="Đảng ủy X", kind="superior",
                                             established_on=ASSESSED.replace(year=2015))  # fmt: skip
    theirs = services.open_period(other, kind="year", year=2024, cells_due_on=ASSESSED.replace(
        year=2024), grassroots_due_on=ASSESSED.replace(year=2025),
        superior_due_on=ASSESSED.replace(year=2025), opened_on=ASSESSED.replace(year=2024))  # fmt: skip
    assert login(cell_secretary).get(_grading(CNTT, theirs)).status_code == 404


def _grow(cell, period, n: int):
    for i in range(n):
        member = make_member(cell, f"Thêm{i}", family="Lý")
        assess(period, "good", member=member, score=75, beyond=0)


def test_the_grading_pages_take_a_fixed_number_of_queries(
    login, tree, members, cell_secretary, bk_secretary, year
):
    cell, client = tree[CNTT], login(cell_secretary)
    _grow(cell, year, 2)
    small = queries(lambda: client.get(_grading(CNTT, year)))
    _grow(cell, year, 8)
    assert queries(lambda: client.get(_grading(CNTT, year))) == small
    boss = login(bk_secretary)
    before = queries(lambda: boss.get(_grading("DUK-BK", year)))
    _grow(tree["DUK-BK-CK"], year, 6)
    assert queries(lambda: boss.get(_grading("DUK-BK", year))) == before


def _reviewed_cell(tree, members, period, secretary, login):
    m = meeting(tree[CNTT])
    data = _cell_post({members["an"]: ("excellent", "95", "100", "40"),
                       members["duc"]: ("good", "80", "100", "10"),
                       members["hoa"]: ("good", "85", "100", "10")}, m.pk)  # fmt: skip
    assert login(secretary).post(_act(CNTT, period, "grade"), data).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_grassroots_decides_every_reviewed_grade_in_one_decision(
    login, tree, members, cell_secretary, bk_secretary, year
):
    _reviewed_cell(tree, members, year, cell_secretary, login)
    client = login(bk_secretary)
    page = client.get(_grading("DUK-BK", year))
    with translation.override("en"):  # the page's request left its language active
        assert str(page.context["quotas"]["members"]) == (
            "0 of 3 GOOD-or-better may be EXCELLENT; 1 proposed"
        )
    data = {"decide_members-decided_on": "05/01/2026", "decide_members-number": "12-QĐ/ĐU"}
    # 1/5 of 3 is 0: the EXCELLENT is over the quota, refused as a whole
    result = refused(lambda: client.post(_act("DUK-BK", year, "decide_members"), data),
                     status=400)  # fmt: skip
    assert "this would make 1" in result.text
    ev = Evaluation.objects.get(member=members["an"])
    Evaluation.objects.filter(pk=ev.pk).update(proposed_grade="good")
    assert client.post(_act("DUK-BK", year, "decide_members"), data).status_code == 302
    decision = GradeDecision.objects.get()
    assert (decision.number, decision.subject_kind, decision.evaluations.count()) == (
        "12-QĐ/ĐU", "member", 3)  # fmt: skip
    assert set(Evaluation.objects.members().values_list("grade", "stage")) == {
        ("good", "decided")}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_superior_verifies_and_decides_its_grassroots_organizations(
    login, tree, members, office, year
):
    bk = assess(year, "good", organization=tree["DUK-BK"], score=85, beyond=10)
    services.review(bk, grade="good", on=MEETING)
    client = login(office)
    page = client.get(_grading("DUK", year))
    assert [ev.organization.code for ev in page.context["organizations"]] == ["DUK-BK"]
    done = client.post(_act("DUK", year, "verify"), {"verify-verified_on": "20/12/2025"})
    assert done.status_code == 302
    bk.refresh_from_db()
    assert (bk.stage, bk.verified_by.code) == ("verified", "DUK")
    data = {"decide_organizations-decided_on": "10/01/2026",
            "decide_organizations-number": "30-QĐ/ĐUK"}  # fmt: skip
    assert client.post(_act("DUK", year, "decide_organizations"), data).status_code == 302
    bk.refresh_from_db()
    assert (bk.grade, bk.stage, bk.decision.number) == ("good", "decided", "30-QĐ/ĐUK")


@pytest.mark.django_db(transaction=True)
def test_the_office_opens_and_closes_a_period(login, tree, office):
    client = login(office)
    data = {"kind": "year", "year": "2025", "cells_due_on": "15/12/2025",
            "grassroots_due_on": "10/01/2026", "superior_due_on": "20/01/2026",
            "opened_on": "15/11/2025"}  # fmt: skip
    response = client.post(reverse("evaluation_org", args=["DUK"]), data)
    period = EvaluationPeriod.objects.get()
    assert response.url == _grading("DUK", period)
    assert (period.label, period.starts_on.isoformat(), period.status) == (
        "Evaluation of 2025", "2025-01-01", "open")  # fmt: skip
    refused(lambda: client.post(reverse("evaluation_org", args=["DUK"]), data), status=400)
    url = reverse("evaluation_close", args=["DUK", period.pk])
    assert client.post(url, {"close-closed_on": "25/01/2026"}).status_code == 302
    period.refresh_from_db()
    assert (period.status, period.closed_on.isoformat()) == ("closed", "2026-01-25")


def test_a_cell_secretary_may_not_open_a_period(login, tree, cell_secretary):
    data = {"kind": "year", "year": "2025", "cells_due_on": "15/12/2025",
            "grassroots_due_on": "10/01/2026", "superior_due_on": "20/01/2026",
            "opened_on": "15/11/2025"}  # fmt: skip
    client = login(cell_secretary)
    page = client.get(reverse("evaluation_org", args=[CNTT]))
    assert page.context["open_form"] is None
    refused(lambda: client.post(reverse("evaluation_org", args=[CNTT]), data), status=404)
    assert snapshot()["evaluation.EvaluationPeriod"] == []
