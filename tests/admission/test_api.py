"""REST API: /api/v1/candidates/ (scoped list, detail, create, each step a POST action),
/api/v1/probations/ (recognize, strike off, new-member course), /api/v1/admission-statistics/."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.admission import services
from coso.admission.choices import Step
from coso.admission.models import AdmissionStep, Candidate
from tests.helpers import D, candidate_data, client_for, probationary_member, results, snapshot

URL = "/api/v1/candidates/"
PROBATIONS = "/api/v1/probations/"
BASIS_2021 = "Điều lệ Đảng; QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021)"


def test_list_is_scoped(personas, members, tree):
    for code in ("DUK-BK-CNTT", "DUK-BK-CK", "DUK-KT"):
        services.create_candidate(candidate_data(workplace=code), cell=tree[code])
    expected = {
        "office": {"DUK-BK-CNTT", "DUK-BK-CK", "DUK-KT"},
        "bk_secretary": {"DUK-BK-CNTT", "DUK-BK-CK"},
        "cell_secretary": {"DUK-BK-CNTT"},
    }
    for persona, cells in expected.items():
        rows = results(client_for(personas[persona]).get(URL))
        assert {r["cell"] for r in rows} == cells, persona
    rows = results(client_for(personas["office"]).get(URL, {"organization": "DUK-BK"}))
    assert {r["cell"] for r in rows} == {"DUK-BK-CNTT", "DUK-BK-CK"}
    assert rows[0]["next_step"] == "awareness_course" and rows[0]["overdue"] is False


def test_create_candidate(personas, members):
    client = client_for(personas["cell_secretary"])
    data = {**candidate_data(birth_date="2002-09-02"), "cell": "DUK-BK-CNTT"}
    response = client.post(URL, data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["full_name"], body["status"], body["next_step"], body["steps"]) == (
        "Lê Thị Mai",
        "in_progress",
        "awareness_course",
        [],
    )
    # a cell outside the user's scope is unknown to them
    response = client.post(
        URL, {**data, "cell": "DUK-BK-CK", "cccd": "001202000001"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "cell": ["There is no organization with the code DUK-BK-CK that you may use."]
    }
    response = client.post(URL, {**data, "cccd": "12"}, format="json")
    assert response.json() == {"cccd": ["The citizen ID (CCCD) must be exactly 12 digits."]}


def test_steps_as_actions(personas, candidate, members, tree):
    client = client_for(personas["cell_secretary"])
    base = f"{URL}{candidate.pk}/"

    def post(step, data, c=client):
        return c.post(f"{base}{step}/", data, format="json")

    assert (
        post("awareness-course", {"date": "2023-03-10", "certificate_number": "1-CN"}).status_code
        == 200
    )
    # out of order: 400 naming the rule, nothing changed
    before = snapshot()
    response = post("cell-resolution", {"date": "2023-07-05", "votes_for": 3, "votes_against": 0})
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "Step out of order: Cell resolution comes after Comments of mass organizations and "
            "the residence cell, which is not recorded yet. The steps of an admission follow "
            f"one another in a fixed order ({BASIS_2021})."
        ]
    }
    assert snapshot() == before
    for step, data in [
        ("application", {"date": "2023-04-03"}),
        ("personal-history", {"date": "2023-04-10"}),
        ("background-check", {"date": "2023-05-15"}),
        (
            "introduction",
            {
                "date": "2023-06-01",
                "introducers": [
                    {"member": members["an"].pk, "known_since": "2021-09-01"},
                    {"member": members["duc"].pk, "known_since": "2022-01-15"},
                ],
            },
        ),
        ("comments", {"date": "2023-06-20", "residence_comment_on": "2023-06-25"}),
    ]:
        response = post(step, data)
        assert response.status_code == 200, (step, response.content)
    response = post("cell-resolution", {"date": "2023-07-05", "votes_for": 1, "votes_against": 0})
    assert response.status_code == 400
    assert response.json() == {
        "votes_for": [
            "The resolution does not pass: 1 of 3 official members voted for it; at least 2/3 "
            f"of the official members (2) must vote for it ({BASIS_2021})."
        ]
    }
    response = post("cell-resolution", {"date": "2023-07-05", "votes_for": 3, "votes_against": 0})
    body = response.json()
    assert (body["step"], body["next_step"], body["due_on"]) == (
        "cell_resolution",
        "decision",
        "2023-09-29",
    )
    assert body["steps"][-1]["official_count"] == 3
    decision = {"deciding_organization": "DUK", "date": "2023-08-15", "document_number": "1-QĐ"}
    # the cell secretary cannot see the bloc committee: unknown code
    response = post("decision", decision)
    assert response.status_code == 400 and "deciding_organization" in response.json()
    # the grassroots secretary sees it but holds no role there
    response = post("decision", decision, client_for(personas["bk_secretary"]))
    assert response.status_code == 400
    assert response.json() == {
        "deciding_organization": ["There is no organization with the code DUK that you may use."]
    }
    response = post(
        "decision",
        {**decision, "deciding_organization": "DUK-BK"},
        client_for(personas["bk_secretary"]),
    )
    assert response.status_code == 400
    assert response.json()["deciding_organization"][0].startswith(
        "Đảng bộ Trường Đại học Bách khoa Hà Nội may not decide admissions"
    )
    response = post(
        "decision", {**decision, "received_on": "2023-08-18"}, client_for(personas["office"])
    )
    assert response.status_code == 200, response.content
    response = post("ceremony", {"date": "2023-09-08"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "admitted" and body["member"]
    assert [s["step"] for s in body["steps"]] == [s.value for s in Step]
    assert body["steps"][-1]["actor"] == "bithu_cntt"


def test_another_cells_candidate_is_404(personas, members, tree):
    other = services.create_candidate(candidate_data(), cell=tree["DUK-BK-CK"])
    client = client_for(personas["cell_secretary"])
    before = snapshot()
    assert client.get(f"{URL}{other.pk}/").status_code == 404
    for step in ("awareness-course", "decision", "withdraw"):
        response = client.post(
            f"{URL}{other.pk}/{step}/",
            {"date": "2023-03-10", "certificate_number": "1", "reason": "x"},
            format="json",
        )
        assert response.status_code == 404, step
    assert snapshot() == before


def test_withdraw(personas, candidate):
    client = client_for(personas["cell_secretary"])
    response = client.post(
        f"{URL}{candidate.pk}/withdraw/",
        {"date": "2024-01-05", "reason": "Chuyển đi"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_probations_recognize_and_strike_off(personas, candidate, go, cntt):
    member = go(candidate, Step.CEREMONY)
    other = probationary_member(cntt, "Lan", family="Đỗ", admitted_on=D(2024, 1, 10))
    client = client_for(personas["cell_secretary"])
    rows = results(client.get(PROBATIONS))
    assert [(r["id"], r["probation_start"], r["ends_on"], r["vote_due_on"]) for r in rows] == [
        (member.pk, "2023-09-08", "2024-09-08", "2024-10-18"),
        (other.pk, "2024-01-10", "2025-01-10", "2025-02-28"),
    ]
    assert all(r["overdue"] for r in rows)
    vote = {
        "vote_date": "2024-09-06",
        "votes_for": 3,
        "votes_against": 0,
        "decision_number": "5-QĐ/ĐUK",
        "decision_date": "2024-09-20",
    }
    before = snapshot()
    response = client.post(f"{PROBATIONS}{member.pk}/recognize/", vote, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "vote_date": [
            "The recognition vote cannot be held before the probation ends on 08/09/2024: "
            "probation lasts 12 months from the admission ceremony of 08/09/2023 "
            f"({BASIS_2021})."
        ]
    }
    assert snapshot() == before
    response = client.post(
        f"{PROBATIONS}{member.pk}/recognize/", {**vote, "vote_date": "2024-09-20"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["recognized_on"]) == (
        "official",
        "2024-09-08",
    )
    response = client.post(
        f"{PROBATIONS}{other.pk}/new-member-course/", {"date": "2024-03-01"}, format="json"
    )
    assert response.status_code == 200 and response.json()["course_on"] == "2024-03-01"
    response = client.post(
        f"{PROBATIONS}{other.pk}/strike-off/",
        {"decision_number": "7-QĐ", "decision_date": "2025-03-01", "reason": "Không đủ tư cách"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "struck_off"
    assert results(client.get(PROBATIONS)) == []


def test_probation_of_another_cell_is_404(personas, tree):
    other = probationary_member(tree["DUK-BK-CK"], "Lan", admitted_on=D(2024, 1, 10))
    client = client_for(personas["cell_secretary"])
    before = snapshot()
    assert client.get(f"{PROBATIONS}{other.pk}/").status_code == 404
    response = client.post(
        f"{PROBATIONS}{other.pk}/strike-off/",
        {"decision_number": "7", "decision_date": "2025-03-01", "reason": "x"},
        format="json",
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_statistics(personas, candidate, go, tree):
    member = go(candidate, Step.CEREMONY)
    services.recognize(
        member,
        vote_date=D(2024, 9, 20),
        votes_for=3,
        votes_against=0,
        decision_number="1",
        decision_date=D(2024, 9, 20),
    )
    client = client_for(personas["office"])
    response = client.get("/api/v1/admission-statistics/")
    assert response.status_code == 200
    assert [
        (r["organization"], r["year"], r["admitted"], r["recognized"]) for r in response.json()
    ] == [
        ("DUK-BK", 2023, 1, 0),
        ("DUK-BK", 2024, 0, 1),
    ]
    assert client.get("/api/v1/admission-statistics/", {"year": 2024}).json()[0]["year"] == 2024
    outsider = client_for(personas["cell_secretary"])
    assert len(outsider.get("/api/v1/admission-statistics/").json()) == 2
    assert client.get("/api/v1/admission-statistics/", {"organization": "DUK-KT"}).json() == []


def _fill(cntt, n):
    for i in range(n):
        c = services.create_candidate(candidate_data(given_name=f"Thử {i:02d}"), cell=cntt)
        services.record_awareness_course(c, date=D(2024, 3, 1), certificate_number=f"{i}-CN")
        probationary_member(cntt, f"Dự bị {i:02d}", admitted_on=D(2025, 6, 1))


@pytest.mark.parametrize("url", [URL, PROBATIONS])
def test_lists_run_a_fixed_number_of_queries(personas, members, cntt, url):
    client = client_for(personas["office"])
    _fill(cntt, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert len(results(client.get(url))) == 2
    _fill(cntt, 18)
    with CaptureQueriesContext(connection) as twenty:
        assert len(results(client.get(url))) == 20
    assert len(twenty) == len(two)
    assert Candidate.objects.count() == 20
    assert AdmissionStep.objects.count() == 20


def test_schema_lists_the_actions(personas):
    client = client_for(personas["office"])
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/candidates/{id}/cell-resolution/",
        "/api/v1/candidates/{id}/decision/",
        "/api/v1/probations/{id}/recognize/",
        "/api/v1/admission-statistics/",
    ):
        assert path in schema


# --- as deployed, outside a wrapping transaction (CI runs these on SQLite and PostgreSQL) ---


@pytest.mark.django_db(transaction=True)
def test_create_candidate_and_every_step_through_the_api(personas, candidate, members, tree):
    test_create_candidate(personas, members)
    test_steps_as_actions(personas, candidate, members, tree)


@pytest.mark.django_db(transaction=True)
def test_withdraw_through_the_api(personas, candidate):
    test_withdraw(personas, candidate)


@pytest.mark.django_db(transaction=True)
def test_probation_recognition_and_strike_off_through_the_api(personas, candidate, go, cntt):
    test_probations_recognize_and_strike_off(personas, candidate, go, cntt)
