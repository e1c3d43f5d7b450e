"""The superior splits a target down to its children: the page (`plan_shares`) and the API
(`/api/v1/target-shares/`), both through `set_target_share`; anyone else gets a 404 and nothing
changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from coso.plans.choices import Measure
from coso.plans.models import TargetShare
from coso.plans.services import seed_plan_74, set_target_share
from tests.helpers import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def admissions(tree):
    return seed_plan_74(tree["DUK"]).targets.get(measure=Measure.ADMISSIONS)


def _shares():
    return snapshot(shares=(TargetShare, ("organization_id", "year", "goal_min", "goal_max")))


def test_the_bloc_sets_a_grassroots_quota_on_the_page(tree, admissions, office, login):
    client = login(office)
    dashboard = client.get(reverse("plan_dashboard", args=["DUK"]), {"year": 2026})
    assert 'id="split-targets"' in dashboard.content.decode()
    url = reverse("plan_shares", args=["DUK"])
    page = client.get(url, {"target": admissions.pk, "year": 2026}).content.decode()
    # the bloc's two children in Vietnamese order, no goal of their own yet
    assert page.index("Chi bộ Trường Cao đẳng Kinh tế") < page.index("Đảng bộ Trường Đại học")
    assert page.count("the plan's goal") == 2
    response = client.post(
        f"{url}?target={admissions.pk}&year=2026", {"organization": "DUK-BK", "goal_min": "120"}
    )
    assert response.status_code == 302
    share = TargetShare.objects.get()
    assert (share.organization, share.year, share.goal_min, share.goal_max, share.actor) == (
        tree["DUK-BK"], 2026, Decimal("120.00"), None, office)  # fmt: skip
    page = client.get(response["Location"]).content.decode()
    assert "Goal saved for Đảng bộ Trường Đại học Bách khoa Hà Nội." in page
    assert '<th class="text-end" id="shares-total" data-label="Total">120</th>' in page


def test_a_bad_goal_is_shown_on_the_form_and_saves_nothing(tree, admissions, office, login):
    client = login(office)
    url = f"{reverse('plan_shares', args=['DUK'])}?target={admissions.pk}&year=2026"
    response = client.post(url, {"organization": "DUK-BK", "goal_min": "12.5"})
    assert response.status_code == 400
    assert "A count is a whole number." in response.content.decode()
    response = client.post(url, {"organization": "DUK-BK-CNTT", "goal_min": "3"})
    assert response.status_code == 400  # a grandchild is not among the choices
    assert TargetShare.objects.count() == 0


def test_only_the_superior_may_split(tree, admissions, bk_secretary, cell_secretary, login):
    set_target_share(admissions, tree["DUK-BK"], year=2026, goal_min=Decimal(100))
    before = _shares()
    for user, code in ((bk_secretary, "DUK"), (cell_secretary, "DUK-BK"), (cell_secretary, "DUK")):
        client = login(user)
        url = reverse("plan_shares", args=[code])
        assert client.get(url).status_code == 404
        posted = client.post(url, {"organization": "DUK-BK", "goal_min": "5"})
        assert posted.status_code == 404
        api = client.post("/api/v1/target-shares/", {"target": admissions.pk,
                          "organization": "DUK-BK", "year": 2026, "goal_min": "5"})  # fmt: skip
        assert api.status_code == 404
    # the grassroots secretary sees no door to it on its own dashboard of a cell-less... page
    dashboard = login(cell_secretary).get(reverse("plan_dashboard", args=["DUK-BK-CNTT"]))
    assert 'id="split-targets"' not in dashboard.content.decode()
    assert _shares() == before


def test_the_api_sets_and_lists_shares(tree, admissions, office, bk_secretary, login):
    client = login(office)
    body = {"target": admissions.pk, "organization": "DUK-KT", "year": 2026, "goal_min": "12"}
    response = client.post("/api/v1/target-shares/", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {"id": TargetShare.objects.get().pk, "target": admissions.pk,
                               "measure": "admissions", "organization": "DUK-KT",
                               "year": 2026, "goal_min": "12.00", "goal_max": None}  # fmt: skip
    refused = client.post("/api/v1/target-shares/", {**body, "goal_min": "12.5"},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 400
    assert refused.json() == {"goal_min": ["A count is a whole number."]}
    listed = client.get("/api/v1/target-shares/?year=2026").json()
    assert [(r["organization"], r["goal_min"]) for r in listed["results"]] == [("DUK-KT", "12.00")]
    # the grassroots committee sees no share outside its subtree
    assert login(bk_secretary).get("/api/v1/target-shares/").json()["count"] == 0


def test_the_page_asks_the_same_queries_for_2_children_as_for_6(tree, admissions, office, login):
    import datetime as dt

    from coso.orgs import services as org_services
    from tests.helpers import queries

    client = login(office)
    url = reverse("plan_shares", args=["DUK"])
    for code in ("DUK-BK", "DUK-KT"):
        set_target_share(admissions, tree[code], year=2026, goal_min=Decimal(10), actor=office)
    few = queries(lambda: client.get(url, {"target": admissions.pk, "year": 2026}))
    for i in range(4):
        child = org_services.create_organization(
            tree["DUK"], code=f"DUK-N{i}", name=f"Chi bộ N{i}", kind="grassroots_cell",
            established_on=dt.date(2015, 1, 1),
        )  # fmt: skip
        set_target_share(admissions, child, year=2026, goal_min=Decimal(10), actor=office)
    page = client.get(url, {"target": admissions.pk, "year": 2026}).content.decode()
    assert 'data-label="Total">60</th>' in page and page.count(">vanphong<") == 6
    assert queries(lambda: client.get(url, {"target": admissions.pk, "year": 2026})) == few


def test_the_api_list_asks_the_same_queries_for_1_share_as_for_3(tree, admissions, office, login):
    from tests.helpers import queries

    client = login(office)
    set_target_share(admissions, tree["DUK-BK"], year=2026, goal_min=Decimal(10), actor=office)
    one = queries(lambda: client.get("/api/v1/target-shares/"))
    set_target_share(admissions, tree["DUK-KT"], year=2026, goal_min=Decimal(5), actor=office)
    set_target_share(admissions, tree["DUK-KT"], year=2027, goal_min=Decimal(6), actor=office)
    listed = client.get("/api/v1/target-shares/").json()["results"]
    assert [(r["organization"], r["year"], r["goal_min"]) for r in listed] == [
        ("DUK-BK", 2026, "10.00"), ("DUK-KT", 2026, "5.00"), ("DUK-KT", 2027, "6.00")]  # fmt: skip
    assert queries(lambda: client.get("/api/v1/target-shares/")) == one
