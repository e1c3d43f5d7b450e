"""The awards API calls the same services: exact values, refusals as 400 with nothing changed,
out of scope a 404."""

import datetime as dt

import pytest

from tests.awards.conftest import old_member
from tests.helpers import client_for, refused, results

pytestmark = pytest.mark.django_db
D = dt.date


def test_badges_through_the_api(tree, veteran, office, cell_secretary):
    api = client_for(office)
    r = api.get("/api/v1/badge-awards/due/", {"organization": "DUK", "occasion": "2023-05-19"})
    assert r.status_code == 200
    assert [(x["member_name"], x["years"], x["due_on"]) for x in results(r)] == [
        ("Trần Văn Lâm", 30, "2023-03-11")
    ]
    body = {
        "member": veteran.pk,
        "years": 30,
        "occasion": "2022-11-07",
        "proposed_on": "2022-10-01",
    }
    refused(lambda: api.post("/api/v1/badge-awards/", body, format="json"),
            "Not yet due", status=400)  # fmt: skip
    r = api.post("/api/v1/badge-awards/", {**body, "occasion": "2023-05-19"}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = api.post(f"/api/v1/badge-awards/{pk}/decide/", {"decision_number": "3-QĐ/ĐUK",
                 "decision_on": "2023-05-05", "issued_by": "BTV Đảng ủy Khối"}, format="json")  # fmt: skip
    assert (r.status_code, r.json()["status"]) == (200, "decided")
    other = old_member(tree["DUK-KT"], "Khác", D(1990, 1, 1))
    outsider = client_for(cell_secretary)
    assert outsider.get(f"/api/v1/badge-awards/{pk}/").status_code == 200
    r = outsider.post("/api/v1/badge-awards/", {**body, "member": other.pk, "occasion": "2023-05-19"},
                      format="json")  # fmt: skip
    assert r.status_code == 400  # a member not visible: "No such member"


def test_commendations_through_the_api(tree, veteran, office, cell_secretary):
    api = client_for(office)
    body = {"organization": "DUK-KT", "level": "bloc", "kind": "certificate", "reason": "Tốt",
            "year": 2025, "decision_number": "7-QĐ", "decision_on": "2026-01-05",
            "issued_by": "Đảng ủy Khối"}  # fmt: skip
    r = api.post("/api/v1/commendations/", body, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert client_for(cell_secretary).get(f"/api/v1/commendations/{pk}/").status_code == 404
    refused(lambda: client_for(cell_secretary).post(f"/api/v1/commendations/{pk}/revoke/",
                                                    {"change_reason": "x"}, format="json"),
            status=404)  # fmt: skip
    r = api.post(f"/api/v1/commendations/{pk}/revoke/", {"change_reason": "Hủy"}, format="json")
    assert (r.status_code, r.json()["status"]) == (200, "revoked")
    assert [x["subject_name"] for x in results(api.get("/api/v1/commendations/", {"q": "kinh"}))] == [
        "Chi bộ Trường Cao đẳng Kinh tế"]  # fmt: skip
