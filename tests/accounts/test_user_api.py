"""/api/v1/users/ and /api/v1/roles/: the same steps and scope as the pages."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from coso.accounts.models import AccountChange
from coso.accounts.services import add_user
from tests.helpers import PASSWORD, client_for, refused, results


def test_the_list_is_scoped(tree, office, bk_secretary, cell_secretary):
    add_user("kt", organization=tree["DUK-KT"], role="member")
    rows = results(client_for(bk_secretary).get(reverse("api-v1:user-list")))
    assert [r["username"] for r in rows] == ["bithu_bk", "bithu_cntt"]
    assert rows[1]["roles"] == [
        {
            "id": cell_secretary.role_assignments.get().pk,
            "user": cell_secretary.pk,
            "organization": "DUK-BK-CNTT",
            "role": "secretary",
            "valid_from": cell_secretary.role_assignments.get().valid_from.isoformat(),
            "valid_to": None,
        }
    ]
    member = add_user("dv", organization=tree["DUK-BK-CNTT"], role="member", password=PASSWORD)
    assert client_for(member).get(reverse("api-v1:user-list")).status_code == 404


def test_each_step(tree, bk_secretary):
    api = client_for(bk_secretary)
    response = api.post(
        reverse("api-v1:user-list"),
        {"username": "moi", "full_name": "Vũ Thị Lan", "organization": "duk-bk-ck",
         "role": "member", "valid_from": "2025-02-01"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["user"]["id"]
    assert (body["user"]["last_name"], body["user"]["first_name"]) == ("Vũ Thị", "Lan")
    assert len(body["password"]) == 12
    role = api.post(
        reverse("api-v1:user-grant-role", args=[pk]),
        {"organization": "DUK-BK-CK", "role": "group_leader", "valid_from": "2025-03-01"},
        format="json",
    ).json()
    assert (role["role"], role["valid_from"], role["valid_to"]) == (
        "group_leader", "2025-03-01", None,
    )  # fmt: skip
    ended = api.post(
        reverse("api-v1:role-end", args=[role["id"]]), {"ended_on": "2026-03-01"}, format="json"
    ).json()
    assert ended["valid_to"] == "2026-03-01"
    password = api.post(reverse("api-v1:user-reset-password", args=[pk]), {}, format="json")
    assert len(password.json()["password"]) == 12
    gone = api.post(reverse("api-v1:user-deactivate", args=[pk])).json()
    assert gone["is_active"] is False
    kinds = AccountChange.objects.filter(user_id=pk).order_by("pk").values_list("kind", flat=True)
    assert list(kinds) == ["created", "role_granted", "role_ended", "password_reset", "deactivated"]
    assert ended["valid_to"] == dt.date(2026, 3, 1).isoformat()


def test_refusals_write_nothing(tree, cell_secretary):
    api = client_for(cell_secretary)
    data = {"username": "x", "full_name": "A B", "organization": "DUK", "role": "staff",
            "valid_from": "2025-02-01"}  # fmt: skip
    refusal = refused(
        lambda: api.post(reverse("api-v1:user-list"), data, format="json"), status=400
    )
    assert refusal.response.json() == {
        "organization": ["No organization with the code “DUK” in your scope."]
    }
    refused(
        lambda: api.post(reverse("api-v1:user-deactivate", args=[cell_secretary.pk])),
        "You cannot deactivate your own account.",
        status=400,
    )
