"""Admission, probation and recognition as deployed, outside a wrapping transaction
(`transaction=True`; CI runs it on SQLite and PostgreSQL): every step through the API and the
pages, candidate create, edit, withdraw; and a candidate edit that changes nothing saves
nothing, a stale one on the page answers 409 (finding 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coso.admission import services
from coso.admission.models import Candidate
from tests.api import client_for
from tests.concurrent import concurrent_posts

from . import test_api as api_steps
from . import test_pages as page_steps
from .conftest import candidate_data, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_candidate_and_every_step_through_the_api(personas, candidate, members, tree):
    api_steps.test_create_candidate(personas, members)
    api_steps.test_steps_as_actions(personas, candidate, members, tree)


def test_withdraw_through_the_api(personas, candidate):
    api_steps.test_withdraw(personas, candidate)


def test_reject_through_the_api(personas, candidate):
    response = client_for(personas["cell_secretary"]).post(
        f"/api/v1/candidates/{candidate.pk}/reject/",
        {"date": "2024-01-05", "reason": "Không đủ tiêu chuẩn"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected"
    assert Candidate.objects.get(pk=candidate.pk).status == "rejected"


def test_delegation_and_the_decision_on_the_page(login, personas, candidate, go, tree):
    page_steps.test_a_grassroots_secretary_decides_only_when_delegated(
        login, personas, candidate, go, tree
    )


def test_probation_recognition_and_strike_off_through_the_api(personas, candidate, go, cntt):
    api_steps.test_probations_recognize_and_strike_off(personas, candidate, go, cntt)


def test_the_happy_path_through_the_pages(
    login, personas, candidate, members, tree, settings, tmp_path
):
    page_steps.test_the_happy_path_through_the_pages(
        login, personas, candidate, members, tree, settings, tmp_path
    )


def test_create_and_edit_a_candidate_on_the_pages(login, personas, members, cntt):
    page_steps.test_create_and_edit_candidate(login, personas, members, cntt)


def test_probation_pages(login, personas, candidate, go, cntt):
    page_steps.test_probation_pages_recognize_and_strike_off(login, personas, candidate, go, cntt)


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
