"""The discipline API: list and one case in scope, opening a case, a step and its refusal
(a 400 naming the rule, nothing changed), the cell's vote through the meeting's votes, out of
scope a 404."""

from __future__ import annotations

import datetime as dt

from coso.discipline.models import DisciplineCase
from coso.documents.models import IssuedDocument
from tests.helpers import client_for, refused, results

from .cell import (  # noqa: F401 (fixtures)
    ck_fixture,
    ck_secretary_fixture,
    held_meeting,
    open_member_case,
    reviewed_case,
)

D = dt.date


def test_open_list_and_steps(tree, ck, ck_secretary, bk_secretary):
    api = client_for(ck_secretary)
    opened = api.post("/api/v1/discipline-cases/", {
        "member": ck["An01"].pk, "breach": "Vi phạm", "breach_on": "2019-03-15",
        "offence": "art9", "proposed_penalty": "reprimand", "opened_on": "2026-10-01",
    }, format="json")  # fmt: skip
    assert opened.status_code == 400
    assert "15/03/2024" in str(opened.json()["proposed_penalty"])
    assert DisciplineCase.objects.count() == 0
    opened = api.post("/api/v1/discipline-cases/", {
        "member": ck["An01"].pk, "breach": "Vi phạm", "breach_on": "2026-09-15",
        "offence": "art9", "proposed_penalty": "expulsion", "opened_on": "2026-10-01",
    }, format="json")  # fmt: skip
    assert opened.status_code == 201
    pk = opened.json()["id"]
    assert [c["subject_name"] for c in results(api.get("/api/v1/discipline-cases/"))] == [
        "Nguyễn Văn An01"]  # fmt: skip
    r = api.post(f"/api/v1/discipline-cases/{pk}/self-review/", {"date": "2026-10-20",
                 "refused": True}, format="json")  # fmt: skip
    assert (r.status_code, r.json()["step"]) == (200, "self_review")
    meeting = held_meeting(tree, ck)
    vote = {"workflow": "discipline", "workflow_subject_id": pk, "votes_against": 0}
    low = refused(lambda: api.post(f"/api/v1/meetings/{meeting.pk}/votes/",
                                   {**vote, "votes_for": 16}, format="json"), status=400)  # fmt: skip
    assert "16 of 25" in low.text
    ok = api.post(f"/api/v1/meetings/{meeting.pk}/votes/", {**vote, "votes_for": 17}, format="json")
    assert ok.status_code == 200, ok.json()
    proposal = api.post(f"/api/v1/discipline-cases/{pk}/proposal/", {"to": "DUK-BK",
                        "date": "2026-11-11"}, format="json")  # fmt: skip
    assert (proposal.status_code, proposal.json().get("step")) == (200, "proposal"), proposal.json()
    # the cell's secretary may not decide for the grassroots committee: a 404
    # no number: the inspection committee's decision issued through the register
    decision = {"penalty": "expulsion", "decided_by": "DUK-BK", "body": "inspection_committee",
                "signer_name": "Phạm Thu Hà", "date": "2026-11-20"}  # fmt: skip
    refused(lambda: api.post(f"/api/v1/discipline-cases/{pk}/decision/", decision,
                             format="json"), status=404)  # fmt: skip
    done = client_for(bk_secretary).post(f"/api/v1/discipline-cases/{pk}/decision/", decision,
                                         format="json")  # fmt: skip
    assert (done.status_code, done.json()["penalty"], done.json()["appeal_due_on"]) == (
        200, "expulsion", "2026-12-20")  # fmt: skip
    issued = IssuedDocument.objects.get()
    assert (done.json()["decision_number"], done.json()["decision_body"],
            done.json()["decision_document"], issued.signer) == (
        "01-QĐ/ĐU", "inspection_committee", issued.pk, "Phạm Thu Hà")  # fmt: skip
    assert [s["step"] for s in done.json()["steps"]] == [
        "opened", "self_review", "cell_vote", "proposal", "decision"]  # fmt: skip


def test_out_of_scope_is_404(tree, ck, cell_secretary):
    case = open_member_case(ck["An02"])
    api = client_for(cell_secretary)
    assert api.get(f"/api/v1/discipline-cases/{case.pk}/").status_code == 404
    refused(lambda: api.post(f"/api/v1/discipline-cases/{case.pk}/close/",
                             {"date": "2026-10-02", "reason": "x"}, format="json"), status=404)  # fmt: skip
    assert results(api.get("/api/v1/discipline-cases/")) == []
