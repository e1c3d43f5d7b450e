"""The four-good API: the year, a month posted at once, the criteria; out of scope a 404 and a
refusal a 400, nothing changed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coso.evaluation.models import FourGoodCriterion
from tests.helpers import client_for, refused

from .four_good_setup import checklist

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year - 1


def test_the_year_and_a_month(tree, cell_secretary):
    criteria = checklist(tree["DUK-BK"], per_pillar=1)
    api = client_for(cell_secretary)
    met = [criteria["tasks"][0].pk, criteria["cadres"][0].pk]
    posted = api.post("/api/v1/four-good/DUK-BK-CNTT/months/",
                      {"year": YEAR, "month": 5, "met": met}, format="json")  # fmt: skip
    assert (posted.status_code, posted.json()) == (201, {"met": sorted(met), "answered": 4})
    got = api.get(f"/api/v1/four-good/DUK-BK-CNTT/?year={YEAR}").json()
    assert (got["checklist_of"], len(got["criteria"]), got["months"]) == (
        "DUK-BK", 4, {"5": {"tasks": True, "meetings": False, "unity": False, "cadres": True}})  # fmt: skip
    assert got["title"]["awarded"] is False and got["title"]["min_months"] == 9
    refused(lambda: api.post("/api/v1/four-good/DUK-BK-CNTT/months/",
                             {"year": YEAR - 1, "month": 5, "met": []}, format="json"),
            "is not open", status=400)  # fmt: skip
    refused(lambda: api.post("/api/v1/four-good/DUK-BK-CK/months/",
                             {"year": YEAR, "month": 5, "met": []}, format="json"),
            status=404)  # fmt: skip


def test_the_criteria(tree, bk_secretary, cell_secretary):
    api = client_for(bk_secretary)
    made = api.post("/api/v1/four-good-criteria/",
                    {"organization": "DUK-BK", "pillar": "meetings", "text": "Họp đúng kỳ"},
                    format="json")  # fmt: skip
    assert made.status_code == 201
    pk = made.json()["id"]
    changed = api.patch(f"/api/v1/four-good-criteria/{pk}/", {"text": "Họp đủ", "active": False},
                        format="json")  # fmt: skip
    assert changed.json() == {"id": pk, "organization": "DUK-BK", "pillar": "meetings",
                              "text": "Họp đủ", "position": 1, "active": False}  # fmt: skip
    assert [c["id"] for c in api.get("/api/v1/four-good-criteria/?organization=DUK-BK").json()[
        "results"]] == [pk]  # fmt: skip
    refused(lambda: api.post("/api/v1/four-good-criteria/",
                             {"organization": "DUK-BK-CK", "pillar": "tasks", "text": "x"},
                             format="json"), "uses the checklist", status=400)  # fmt: skip
    refused(lambda: client_for(cell_secretary).patch(f"/api/v1/four-good-criteria/{pk}/",
                                                     {"active": True}, format="json"),
            status=404)  # fmt: skip
    # an order past the column's range is a 400 naming the field, not a database error
    refused(lambda: api.patch(f"/api/v1/four-good-criteria/{pk}/", {"position": 2**63},
                              format="json"), "position", status=400)  # fmt: skip
    assert FourGoodCriterion.objects.get().active is False
    assert FourGoodCriterion.objects.get().position == 1
