"""The doors of a workflow vote at a meeting: the meeting's page (the form lists only the cases
of that cell at that step; the vote links back), the admission pages ("voted at the meeting
of"), the probation page's decision-only form, and the API. Refusals change nothing; out of
scope is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coso.accounts.services import add_user
from coso.admission.models import AdmissionStep
from coso.meetings import services
from coso.meetings.models import MeetingVote
from tests.helpers import PASSWORD, client_for, refused

from .workflow_cell import BASIS, DAY, ck_fixture, ck_secretary_fixture  # noqa: F401 (fixtures)

URL = "/api/v1/meetings/"


@pytest.fixture
def held(tree, ck):
    meeting = services.plan_meeting(tree["DUK-BK-CK"], kind="regular", date=DAY)
    return services.record_attendance(meeting)


def test_page_vote_then_links_both_ways(login, ck, held, ck_secretary):
    client = login(ck_secretary)
    page = client.get(reverse("meeting_detail", args=[held.pk])).content.decode()
    assert 'id="workflow-vote-form"' in page
    candidate, lan = ck["candidate"], ck["Lan"]
    assert f'value="admission:{candidate.pk}"' in page
    assert f'value="recognition:{lan.pk}"' in page
    assert f'value="recognition:{ck["Mai"].pk}"' not in page  # probation not over yet
    url = reverse("meeting_workflow_vote", args=[held.pk])
    # one below two thirds of the 10: the page again, with the rule, nothing written
    refused(
        lambda: client.post(
            url,
            {
                "subject": f"admission:{candidate.pk}",
                "votes_for": 6,
                "votes_against": 4,
                "abstaining": 0,
            },
        ),  # fmt: skip
        "at least 2/3 of the official members (7)",
        status=400,
    )
    done = client.post(
        url, {"subject": f"admission:{candidate.pk}", "votes_for": 7, "votes_against": 3,
              "abstaining": 0},
    )  # fmt: skip
    assert done.status_code == 302
    client.post(
        url, {"subject": f"recognition:{lan.pk}", "votes_for": 10, "votes_against": 0,
              "abstaining": 0},
    )  # fmt: skip
    assert list(MeetingVote.objects.values_list("workflow", "votes_for")) == [
        ("admission", 7),
        ("recognition", 10),
    ]
    page = client.get(reverse("meeting_detail", args=[held.pk])).content.decode()
    assert reverse("candidate_detail", args=[candidate.pk]) in page
    assert reverse("probation_detail", args=[lan.pk]) in page
    assert 'id="workflow-vote-form"' not in page  # no case left to vote on
    meeting_link = f'href="{reverse("meeting_detail", args=[held.pk])}">10/11/2026</a>'
    page = client.get(reverse("candidate_detail", args=[candidate.pk])).content.decode()
    assert "Voted at the meeting of" in page and meeting_link in page
    page = client.get(reverse("probation_detail", args=[lan.pk])).content.decode()
    assert "Voted at the meeting of" in page and meeting_link in page
    # the recognition now needs only the decision
    assert 'name="recognize-votes_for"' not in page and 'name="recognize-decision_number"' in page
    done = client.post(
        reverse("probation_recognize", args=[lan.pk]),
        {"recognize-decision_number": "77-QĐ/ĐUK", "recognize-decision_date": "2026-11-20"},
    )
    assert done.status_code == 302
    lan.refresh_from_db()
    assert (lan.status, lan.recognized_on.isoformat()) == ("official", "2026-10-01")


def test_page_out_of_scope_is_a_404(login, ck, held, cell_secretary):
    client = login(cell_secretary)
    refused(
        lambda: client.post(
            reverse("meeting_workflow_vote", args=[held.pk]),
            {
                "subject": f"admission:{ck['candidate'].pk}",
                "votes_for": 9,
                "votes_against": 0,
                "abstaining": 0,
            },
        ),  # fmt: skip
        status=404,
    )


def test_page_of_a_plain_member_has_no_form(login, tree, ck, held):
    reader = add_user("dv_ck", organization=tree["DUK-BK-CK"], role="member", password=PASSWORD)
    page = login(reader).get(reverse("meeting_detail", args=[held.pk])).content.decode()
    assert 'id="workflow-vote-form"' not in page


def test_api_workflow_vote(ck, held, ck_secretary, cell_secretary):
    client = client_for(ck_secretary)
    candidate = ck["candidate"]
    body = {"workflow": "admission", "workflow_subject_id": candidate.pk, "votes_for": 8,
            "votes_against": 1, "abstaining": 1}  # fmt: skip
    refused(
        lambda: client.post(f"{URL}{held.pk}/votes/", {**body, "votes_for": 6}, format="json"),
        "at least 2/3",
        status=400,
    )
    refused(
        lambda: client.post(
            f"{URL}{held.pk}/votes/",
            {"workflow": "admission", "votes_for": 8, "votes_against": 0},
            format="json",
        ),  # fmt: skip
        "workflow_subject_id",
        status=400,
    )
    refused(
        lambda: client.post(
            f"{URL}{held.pk}/votes/", {"votes_for": 8, "votes_against": 0}, format="json"
        ),  # fmt: skip
        "subject",
        status=400,
    )
    refused(
        lambda: client_for(cell_secretary).post(f"{URL}{held.pk}/votes/", body, format="json"),
        status=404,
    )
    refused(
        lambda: client.post(
            f"{URL}{held.pk}/votes/", {**body, "workflow_subject_id": 10**9}, format="json"
        ),
        status=404,
    )
    made = client.post(f"{URL}{held.pk}/votes/", body, format="json")
    assert made.status_code == 200, made.content
    assert made.json() | {"id": 0} == {
        "id": 0, "subject": "Kết nạp quần chúng Lê Thị Mai vào Đảng", "votes_for": 8, "votes_against": 1,
        "abstaining": 1, "vote_base": 10, "passed": True, "legal_basis": BASIS,
        "workflow": "admission", "workflow_subject_id": candidate.pk,
    }  # fmt: skip
    step = AdmissionStep.objects.get(candidate=candidate, step="cell_resolution")
    assert (step.date, step.votes_for, step.votes_against, step.official_count) == (DAY, 8, 1, 10)
    detail = client.get(f"{URL}{held.pk}/").json()
    assert [(v["workflow"], v["workflow_subject_id"]) for v in detail["votes"]] == [
        ("admission", candidate.pk)
    ]
