"""Admission, probation and recognition as deployed, outside a wrapping transaction
(`transaction=True`; CI runs it on SQLite and PostgreSQL): a rejection through the API, a
candidate edit that changes nothing saves nothing, a stale one on the page answers 409
(finding 5), 20 identical creations at once create one. (The API and page steps rerun outside a
transaction sit at the end of test_api.py and test_pages.py, beside the tests they rerun.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from coso.admission import services
from coso.admission.models import Candidate
from tests.helpers import candidate_data, client_for, concurrent_posts, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_reject_through_the_api(personas, candidate):
    response = client_for(personas["cell_secretary"]).post(
        f"/api/v1/candidates/{candidate.pk}/reject/",
        {"date": "2024-01-05", "reason": "Không đủ tiêu chuẩn"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected"
    assert Candidate.objects.get(pk=candidate.pk).status == "rejected"


def test_a_candidate_edit_that_changes_nothing_saves_nothing(candidate):
    before = snapshot()
    saved = services.update_candidate(
        candidate, {"occupation": candidate.occupation}, expected_version=1
    )
    assert saved.version == 1
    assert snapshot() == before


def test_a_stale_candidate_edit_on_the_page_is_409(login, personas, candidate):
    services.update_candidate(candidate, {"occupation": "Kỹ sư"}, expected_version=1)
    data = {
        "family_name": "Lê", "middle_name": "Thị", "given_name": "Mai", "sex": "female",
        "birth_date": "15/03/2000", "cccd": candidate.cccd, "ethnicity": "Kinh",
        "religion": "Không", "education_general": "upper_secondary", "source": "staff",
        "occupation": "Giảng viên", "workplace": "Trường", "version": 1,
    }  # fmt: skip
    before = snapshot()
    client = login(personas["cell_secretary"])
    client.cookies["django_language"] = "vi"
    response = client.post(reverse("candidate_edit", args=[candidate.pk]), data)
    assert response.status_code == 409
    assert "Hồ sơ này đã được người khác sửa sau khi đồng chí mở ra." in response.content.decode()
    assert snapshot() == before
    assert Candidate.objects.get(pk=candidate.pk).workplace == ""


def test_the_same_candidate_sent_twenty_times_at_once_is_created_once(personas, members):
    data = {**candidate_data(birth_date="2002-09-02", cccd="001202000077"), "cell": "DUK-BK-CNTT"}
    answers = concurrent_posts(personas["cell_secretary"], "/api/v1/candidates/", data)
    assert [status for status, _ in answers] == [201] + [400] * 19
    assert all(list(body) == ["cccd"] for _, body in answers[1:])
    assert Candidate.objects.filter(cccd="001202000077").count() == 1
