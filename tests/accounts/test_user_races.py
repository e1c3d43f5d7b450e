"""The users-and-roles steps under concurrent requests, outside a wrapping transaction (run on
PostgreSQL too): a role is not given twice, and two office staff deactivating each other at
once leave one of them."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from coso.accounts.models import RoleAssignment
from coso.accounts.services import add_user
from tests.helpers import PASSWORD, concurrent_posts, verified_login

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_role_given_once_by_concurrent_requests(tree, office, cell_secretary):
    url = reverse("api-v1:user-grant-role", args=[cell_secretary.pk])
    data = {"organization": "DUK-BK-CNTT", "role": "group_leader", "valid_from": "2025-03-01"}
    answers = concurrent_posts(office, url, data, n=6)
    assert [status for status, _body in answers] == [201] + [400] * 5
    assert RoleAssignment.objects.filter(user=cell_secretary, role="group_leader").count() == 1


def test_two_office_staff_deactivating_each_other_leave_one(tree, office):
    other = add_user("vanphong2", organization=tree["DUK"], role="staff", password=PASSWORD)
    barrier = threading.Barrier(2)
    for user in (office, other):
        verified_login(Client(), user)

    def one(pair):
        actor, target = pair
        try:
            client = Client()
            client.cookies["django_language"] = "en"
            verified_login(client, actor)
            barrier.wait(timeout=60)
            response = client.post(reverse("user_deactivate", args=[target.pk]))
            return response.status_code, response.get("Location", "")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(one, [(office, other), (other, office)]))
    # the winner lands on the user's page; the loser is refused (400), or, when their request
    # is read after the winner's commit, finds themselves logged out (to the login page)
    # done: back on the user's page (the one deactivated first is sent to log in instead)
    done = [a for a in answers if a[0] == 302 and a[1].startswith("/accounts/users/")]
    assert len(done) == 1, answers
    office.refresh_from_db()
    other.refresh_from_db()
    assert sorted([office.is_active, other.is_active]) == [False, True]
