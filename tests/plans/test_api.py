"""The plans and their figures through the API, in the user's scope."""

from __future__ import annotations

import pytest

from coso.plans.choices import Measure

from .setup import YEAR
from .test_measures import worked  # noqa: F401 (the fixture)


@pytest.mark.django_db
def test_plans_with_their_targets(tree, worked, cell_secretary, login):  # noqa: F811
    client = login(cell_secretary)
    body = client.get("/api/v1/plans/").json()
    assert body["count"] == 1
    plan = body["results"][0]
    assert (plan["number"], plan["organization"], plan["issued_on"]) == (
        "74-KH/ĐUK", "DUK", "2022-10-27",
    )  # fmt: skip
    rate = next(t for t in plan["targets"] if t["measure"] == Measure.ADMISSION_RATE)
    assert (rate["goal_min"], rate["goal_max"], rate["first_year"]) == ("8.00", "10.00", 2025)
    assert len(plan["targets"]) == 11


@pytest.mark.django_db
def test_figures_of_an_organization_and_its_children(tree, worked, bk_secretary, login):  # noqa: F811
    client = login(bk_secretary)
    response = client.get(f"/api/v1/plan-figures/?organization=DUK-BK&year={YEAR}")
    body = response.json()
    assert (body["organization"], body["year"], body["plan"]) == ("DUK-BK", YEAR, worked.pk)
    good = next(f for f in body["figures"] if f["measure"] == Measure.MEMBERS_GOOD)
    assert (good["numerator"], good["denominator"], good["value"], good["met"]) == (
        3, 5, "60.00", False,
    )  # fmt: skip
    assert [c["organization"] for c in body["children"]] == ["DUK-BK-CNTT", "DUK-BK-CK"]
    # out of the secretary's scope: a 404, as an unknown code
    for code in ("DUK", "DUK-KT", "NOPE"):
        assert (
            client.get(f"/api/v1/plan-figures/?organization={code}&year={YEAR}").status_code == 404
        )
    assert client.get("/api/v1/plan-figures/?organization=DUK-BK").status_code == 400
