"""Member registry steps as deployed, outside a wrapping transaction (`transaction=True`; CI
runs it on SQLite and PostgreSQL): create, edit, move, exemption, removal through the pages,
create and edit through the API. And edits under optimistic locking (finding 5): an edit that
changes nothing saves nothing, so the next editor gets no false conflict; a stale edit on the
page answers 409 with the refusal in Vietnamese."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coso.members import services
from coso.members.models import Member, MembershipEvent
from coso.orgs.models import Organization, OrganizationEvent
from tests.api import client_for
from tests.api import test_members as api_steps
from tests.concurrent import concurrent_posts

from . import test_pages as page_steps
from .lifecycle import test_one_door as one_door
from .test_pages import member_post_data, outsider, people, snapshot  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

STALE_VI = "Hồ sơ này đã được người khác sửa sau khi đồng chí mở ra."


def test_create_edit_move_exempt_and_remove_on_the_pages(login, personas, people):  # noqa: F811
    page_steps.test_create_in_own_organization(login, personas, people, "office")
    page_steps.test_edit_in_scope(login, personas, people, "cell_secretary")
    page_steps.test_move_within_scope(login, personas, people, "bk_secretary")
    one_door.test_exemption_and_its_end_through_the_one_door(people, personas, login, "office")
    page_steps.test_remove(login, personas, people, "cell_secretary")


def test_create_and_edit_through_the_api(personas, members):
    api_steps.test_create(personas, members)
    api_steps.test_patch(personas, members)
    api_steps.test_stale_version_is_409_and_changes_nothing(personas, members)


def test_an_api_edit_that_changes_nothing_saves_nothing(personas, members):
    an = members["an"]
    url = f"/api/v1/members/{an.pk}/"
    client = client_for(personas["cell_secretary"])
    before = snapshot()
    same = {"phone": an.phone, "given_name": an.given_name, "birth_date": "1985-01-01"}
    response = client.patch(url, {**same, "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1
    assert snapshot() == before  # no new version, no history entry
    # the next editor, who read version 1, is not refused
    response = client_for(personas["office"]).patch(
        url, {"phone": "0912345678", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    an.refresh_from_db()
    assert (an.phone, an.version, an.history.count()) == ("0912345678", 2, 2)


def test_a_service_edit_that_changes_nothing_saves_nothing(members):
    an = members["an"]
    before = snapshot()
    saved = services.update_member(an, {"workplace": an.workplace}, expected_version=1)
    assert saved.version == 1
    assert snapshot() == before


def test_a_stale_edit_on_the_page_is_409_in_vietnamese(login, personas, members):
    an = members["an"]
    url = reverse("member_edit", args=[an.pk])
    opened = member_post_data(an, workplace="Nơi khác")
    first = client_for(personas["office"])
    assert (
        first.patch(
            f"/api/v1/members/{an.pk}/", {"phone": "0911111111", "version": 1}, format="json"
        ).json()["version"]
        == 2
    )
    before = snapshot()
    client = login(personas["cell_secretary"])
    client.cookies["django_language"] = "vi"
    response = client.post(url, opened)
    assert response.status_code == 409
    assert STALE_VI in response.content.decode()
    assert snapshot() == before
    assert Member.objects.get(pk=an.pk).workplace == ""


def test_the_same_member_sent_twenty_times_at_once_is_registered_once(personas, members):
    answers = concurrent_posts(
        personas["cell_secretary"], "/api/v1/members/", api_steps.new_member()
    )
    assert [status for status, _ in answers] == [201] + [400] * 19
    assert all(list(body) == ["cccd"] for _, body in answers[1:])
    assert Member.objects.filter(cccd="001190012345").count() == 1
    assert MembershipEvent.objects.filter(member__cccd="001190012345").count() == 1


def test_the_same_organization_sent_twenty_times_at_once_is_created_once(personas, members):
    answers = concurrent_posts(
        personas["bk_secretary"],
        reverse("org_create_child", args=["DUK-BK"]),
        {"create-kind": "cell", "create-code": "DUK-BK-K1", "create-name": "Chi bộ Khối 1",
         "create-established_on": "02/01/2024"},
        json=False,
    )  # fmt: skip
    assert [status for status, _ in answers] == [200] * 19 + [302]
    assert all("The code DUK-BK-K1 is already in use." in body for _, body in answers[:19])
    assert Organization.objects.filter(code="DUK-BK-K1").count() == 1
    assert OrganizationEvent.objects.filter(organization__code="DUK-BK-K1").count() == 1
    assert Organization.objects.get(code="DUK-BK").numchild == 3
