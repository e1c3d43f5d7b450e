"""Every discipline step, through its page and its API, refused with nothing changed: to the
secretary of another cell (CNTT's, for a case of CK), to a plain member of the cell and to a
member of the inspection committee above (who reads the case but changes nothing) a 404, and to
the cell's secretary a decision or an appeal's outcome in the name of the committee above; an
invalid step refused with the rule's message in Vietnamese. The same data is recorded by the
grassroots committee's secretary (the first test): a refusal is the scope's, not the data's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coso.accounts.services import add_user
from coso.discipline import services
from tests.helpers import PASSWORD, client_for, refused, snapshot

from .cell import (  # noqa: F401 (fixtures)
    ck_fixture,
    ck_secretary_fixture,
    held_meeting,
    open_member_case,
    reviewed_case,
    vote,
)

D = dt.date
MET = D(2026, 10, 22)


def _decided(ck, name, tree, meeting, **extra):
    case = reviewed_case(ck[name], "warning", **extra)
    vote(meeting, case, 17)
    return services.record_decision(case, penalty="warning", decided_by=tree["DUK-BK-CK"],
                                    decision_number="2-QĐ/CB", date=D(2026, 10, 23))  # fmt: skip


@pytest.fixture
def cases(tree, ck):
    """A case of CK at each step: opened, self-reviewed (with the meeting of MET), voted to
    propose expulsion, proposed to DUK-BK, decided by the cell (a warning, a state body to
    notify), appealed, deferred; and the organizations' pks for the forms."""
    meeting = held_meeting(tree, ck, day=MET)
    voted = reviewed_case(ck["An03"], "expulsion")
    vote(meeting, voted, 17)
    proposed = reviewed_case(ck["An04"], "expulsion")
    vote(meeting, proposed, 17)
    proposed = services.propose_upward(proposed, to=tree["DUK-BK"], date=D(2026, 10, 24))
    appealed = _decided(ck, "An06", tree, meeting)
    services.lodge_appeal(appealed, date=D(2026, 11, 1))
    deferred = open_member_case(ck["An07"])
    services.defer_case(deferred, reason="illness", date=D(2026, 10, 2), until=D(2026, 12, 1))
    return {
        "opened": open_member_case(ck["An01"]),
        "reviewed": reviewed_case(ck["An02"]),
        "voted": voted,
        "proposed": proposed,
        "decided": _decided(ck, "An05", tree, meeting, state_body="Sở Giáo dục"),
        "appealed": appealed,
        "deferred": deferred,
        "meeting": meeting.pk,
        "new_subject": ck["An08"].pk,
        "bk": tree["DUK-BK"].pk,
        "ck": tree["DUK-BK-CK"].pk,
    }


@pytest.fixture
def users(tree, bk_secretary, cell_secretary, ck_secretary):
    return {
        "bk_secretary": bk_secretary,
        "ck_secretary": ck_secretary,
        "other_cell_secretary": cell_secretary,
        "member": add_user("dv_ck", organization=tree["DUK-BK-CK"], role="member",
                           password=PASSWORD),
        "inspection_member": add_user("ubkt_bk", organization=tree["DUK-BK"],
                                      role="inspection_member", password=PASSWORD),
    }  # fmt: skip


def _step(step):
    return lambda c, stage: reverse("discipline_case_step", args=[c[stage].pk, step])


def _action(action):
    return lambda c, stage: reverse("discipline_case_action", args=[c[stage].pk, action])


def _api(tail):
    return lambda c, stage: f"/api/v1/discipline-cases/{c[stage].pk}/{tail}"


OPEN = {"breach": "Không đóng đảng phí", "offence": "art9", "proposed_penalty": "reprimand"}

#: label -> (the case's step it needs, url, data, whether JSON), from the fixture's objects
WRITES = {
    "page: open a case": ("opened", lambda c, s: reverse("discipline_org_cases",
        args=["DUK-BK-CK"]), lambda c: {**OPEN, "member": c["new_subject"],
        "breach_on": "01/09/2026", "opened_on": "01/10/2026"}, False),
    "page: self-review": ("opened", _step("self_review"), lambda c: {
        "self_review-date": "20/10/2026", "self_review-refused": "on"}, False),
    "page: the cell's vote": ("reviewed", _step("cell_vote"), lambda c: {
        "cell_vote-meeting": c["meeting"], "cell_vote-votes_for": 13,
        "cell_vote-votes_against": 4, "cell_vote-abstaining": 0}, False),
    "page: proposal": ("voted", _step("proposal"), lambda c: {
        "proposal-to": c["bk"], "proposal-date": "24/10/2026"}, False),
    "page: decision": ("proposed", _step("decision"), lambda c: {
        "decision-penalty": "expulsion", "decision-decided_by": c["bk"],
        "decision-body": "committee", "decision-decision_number": "9-QĐ/ĐU", "decision-date": "30/10/2026"}, False),
    "page: appeal": ("decided", _step("appeal"), lambda c: {"appeal-date": "01/11/2026"}, False),
    "page: appeal's outcome": ("appealed", _step("appeal_outcome"), lambda c: {
        "appeal_outcome-outcome": "upheld", "appeal_outcome-decided_by": c["bk"],
        "appeal_outcome-decision_number": "7-QĐ/ĐU", "appeal_outcome-date": "05/11/2026"},
        False),
    "page: defer": ("opened", _action("defer"), lambda c: {
        "defer-reason": "illness", "defer-date": "02/10/2026", "defer-until": "01/12/2026"},
        False),
    "page: resume": ("deferred", _action("resume"), lambda c: {"resume-date": "01/12/2026"},
                     False),
    "page: close": ("opened", _action("close"), lambda c: {
        "close-date": "02/10/2026", "close-reason": "Không có vi phạm"}, False),
    "page: state body's notice": ("decided", _action("state_notice"), lambda c: {
        "state_notice-date": "27/10/2026"}, False),
    "api: open a case": ("opened", lambda c, s: "/api/v1/discipline-cases/", lambda c: {
        **OPEN, "member": c["new_subject"], "breach_on": "2026-09-01",
        "opened_on": "2026-10-01"}, True),
    "api: self-review": ("opened", _api("self-review/"), lambda c: {
        "date": "2026-10-20", "refused": True}, True),
    "api: the cell's vote": ("reviewed", lambda c, s: f"/api/v1/meetings/{c['meeting']}/votes/",
        lambda c: {"workflow": "discipline", "workflow_subject_id": c["reviewed"].pk,
                   "votes_for": 13, "votes_against": 4}, True),
    "api: proposal": ("voted", _api("proposal/"), lambda c: {
        "to": "DUK-BK", "date": "2026-10-24"}, True),
    "api: decision": ("proposed", _api("decision/"), lambda c: {
        "penalty": "expulsion", "decided_by": "DUK-BK", "decision_number": "9-QĐ/ĐU",
        "date": "2026-10-30"}, True),
    "api: appeal": ("decided", _api("appeal/"), lambda c: {"date": "2026-11-01"}, True),
    "api: appeal's outcome": ("appealed", _api("appeal-outcome/"), lambda c: {
        "outcome": "upheld", "decided_by": "DUK-BK", "decision_number": "7-QĐ/ĐU",
        "date": "2026-11-05"}, True),
    "api: defer": ("opened", _api("defer/"), lambda c: {
        "reason": "illness", "date": "2026-10-02", "until": "2026-12-01"}, True),
    "api: resume": ("deferred", _api("resume/"), lambda c: {"date": "2026-12-01"}, True),
    "api: close": ("opened", _api("close/"), lambda c: {
        "date": "2026-10-02", "reason": "Không có vi phạm"}, True),
    "api: state body's notice": ("decided", _api("state-notice/"), lambda c: {
        "date": "2026-10-27"}, True),
}  # fmt: skip

#: the steps recorded in the name of the committee above the cell (DUK-BK)
ABOVE_THE_CELL = [
    "page: decision", "page: appeal's outcome", "api: decision", "api: appeal's outcome",
]  # fmt: skip


def _post(client, cases, label):
    stage, url, data, as_json = WRITES[label]
    url, data = url(cases, stage), data(cases)
    return client.post(url, data, format="json") if as_json else client.post(url, data)


@pytest.mark.parametrize("label", list(WRITES))
def test_the_grassroots_secretary_records_it(cases, users, label):
    before = snapshot()
    response = _post(client_for(users["bk_secretary"]), cases, label)
    assert response.status_code in (200, 201, 302), response.content.decode()[-3000:]
    assert snapshot() != before


def _expected(persona, label) -> tuple[int, dict | None]:
    """A member named in the body and not visible: the field refused (400); else a 404."""
    if label == "api: open a case" and persona in ("other_cell_secretary", "member"):
        return 400, {"member": ["No such member."]}
    if label == "api: the cell's vote" and persona in ("other_cell_secretary", "member"):
        return 404, None  # the meeting itself is out of their records scope
    return 404, None


@pytest.mark.parametrize("persona", ["other_cell_secretary", "member", "inspection_member"])
@pytest.mark.parametrize("label", list(WRITES))
def test_refused_outside_the_cell_or_without_an_editing_role(cases, users, persona, label):
    status, body = _expected(persona, label)
    result = refused(lambda: _post(client_for(users[persona]), cases, label), status=status)
    if body is not None:
        assert result.response.json() == body


@pytest.mark.parametrize("label", ABOVE_THE_CELL)
def test_the_cell_does_not_decide_for_the_committee_above(cases, users, label):
    refused(lambda: _post(client_for(users["ck_secretary"]), cases, label), status=404)


@pytest.mark.parametrize("persona", ["other_cell_secretary", "member"])
def test_the_case_pages_are_404_and_the_lists_empty(cases, users, persona):
    client = client_for(users[persona])
    assert client.get(reverse("discipline_case", args=[cases["opened"].pk])).status_code == 404
    assert client.get(f"/api/v1/discipline-cases/{cases['opened'].pk}/").status_code == 404
    assert client.get(reverse("discipline_cases")).context["page"].paginator.count == 0
    assert client.get("/api/v1/discipline-cases/").json()["results"] == []


def test_the_inspection_committee_reads_the_cases_without_the_forms(cases, users):
    client = client_for(users["inspection_member"])
    page = client.get(reverse("discipline_case", args=[cases["opened"].pk]))
    assert (page.status_code, page.context["editable"]) == (200, False)
    assert 'id="step-self_review"' not in page.content.decode()
    assert client.get(reverse("discipline_cases")).context["page"].paginator.count == 7


#: label -> (the case's step, url, invalid data, whether JSON, the Vietnamese message)
INVALID = {
    "page: self-review without a penalty": ("opened", _step("self_review"), {
        "self_review-date": "20/10/2026"}, False,
        "Ghi hình thức kỷ luật bản tự kiểm điểm tự nhận, hoặc ghi nhận việc không tự"),
    "page: a reprimand with 12 of 25": ("reviewed", _step("cell_vote"), None, False,
        "12/25 đảng viên chính thức tán thành"),
    "page: the notice before the decision": ("decided", _action("state_notice"), {
        "state_notice-date": "20/10/2026"}, False,
        "Ngày thông báo không thể trước ngày quyết định (23/10/2026)."),
    "api: an appeal after the month": ("decided", _api("appeal/"), {"date": "2026-11-30"}, True,
        "Khiếu nại quá hạn: phải khiếu nại trong 30 ngày"),
    "api: the appeal settled by the cell": ("appealed", _api("appeal-outcome/"), {
        "outcome": "upheld", "decided_by": "DUK-BK-CK", "decision_number": "7-QĐ/CB",
        "date": "2026-11-05"}, True,
        "Khiếu nại do tổ chức đảng cấp trên của tổ chức đã quyết định"),
    "api: deferred for travel": ("opened", _api("defer/"), {
        "reason": "travel", "date": "2026-10-02"}, True,
        "Chỉ tạm hoãn vụ việc đang xem xét khi:"),
    "api: resume a case not deferred": ("opened", _api("resume/"), {"date": "2026-10-02"}, True,
        "Vụ việc không ở trạng thái tạm hoãn."),
}  # fmt: skip


@pytest.mark.parametrize("label", list(INVALID))
def test_an_invalid_step_is_refused_in_vietnamese(cases, users, label):
    stage, url, data, as_json, message = INVALID[label]
    if data is None:  # the vote: 12 for, 5 against, of the 17 present
        data = {"cell_vote-meeting": cases["meeting"], "cell_vote-votes_for": 12,
                "cell_vote-votes_against": 5, "cell_vote-abstaining": 0}  # fmt: skip
    api = client_for(users["ck_secretary"], language="vi")
    url = url(cases, stage)
    post = (lambda: api.post(url, data, format="json")) if as_json else lambda: api.post(url, data)
    assert message in refused(post, status=400).text
