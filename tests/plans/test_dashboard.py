"""The plan's dashboard on the tests' small tree, the measures' answers set by hand
(dashboard_setup.Fake): the plan and the year shown, each target against its goal in words,
the children worst first (overall and by target), the links to each child's dashboard, the
tree it counts on, scope (404) and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coso.orgs import services as org_services
from coso.plans.choices import Measure
from tests.plans.dashboard_setup import fake_measures, make_plan  # noqa: F401 (a fixture)

M = Measure
YEAR = timezone.localdate().year


@pytest.fixture
def plan(tree):
    return make_plan(tree["DUK"], first=YEAR - 2, last=YEAR + 4)


@pytest.fixture
def figures(fake, tree, plan):
    """DUK: organizations 9/10 (90%: not met, it must exceed 90%), members 19/20, admissions
    3, meetings 4/5; BK falls short on members (9/10) and admissions (1 of 2); KT on three."""
    fake.given[("DUK", YEAR)] = {
        M.ORGANIZATIONS_GOOD: (9, 10), M.MEMBERS_GOOD: (19, 20), M.ADMISSIONS: (3,),
        M.THEMATIC_MEETINGS: (4, 5)}  # fmt: skip
    fake.given[("DUK", YEAR - 1)] = {
        M.ORGANIZATIONS_GOOD: (10, 10), M.MEMBERS_GOOD: (17, 20), M.ADMISSIONS: (2,),
        M.THEMATIC_MEETINGS: (5, 5)}  # fmt: skip
    fake.given[("DUK-BK", YEAR)] = {
        M.ORGANIZATIONS_GOOD: (2, 2), M.MEMBERS_GOOD: (9, 10), M.ADMISSIONS: (1,),
        M.THEMATIC_MEETINGS: (2, 2)}  # fmt: skip
    fake.given[("DUK-KT", YEAR)] = {
        M.ORGANIZATIONS_GOOD: (0, 1), M.MEMBERS_GOOD: (2, 2), M.ADMISSIONS: (0,),
        M.THEMATIC_MEETINGS: (0, 1)}  # fmt: skip
    return fake


def text_of(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:a|span)>', html, re.S)
    assert found, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


def children_order(html: str) -> list[str]:
    table = html.split('id="children-table"', 1)[1]
    return re.findall(r'<tr[^>]*data-code="([^"]+)"', table)


def test_the_bloc_dashboard_shows_each_target_against_its_goal(login, office, figures):
    response = login(office).get(reverse("plan_dashboard", args=["DUK"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plan 74-KH/ĐUK of Đảng ủy Khối" in html
    assert [text_of(html, f"value-{m}") for m in M.values if f'id="value-{m}"' in html] == [
        "90%", "95%", "3", "80%"]  # fmt: skip
    assert [text_of(html, f"status-{m}") for m in (
        M.ORGANIZATIONS_GOOD, M.MEMBERS_GOOD, M.ADMISSIONS, M.THEMATIC_MEETINGS)] == [
        "✗ Not met", "✓ Met", "✓ Met", "✗ Not met"]  # fmt: skip
    assert "Goal: more than 90% · counted: 9/10" in html
    assert "Goal: at least 2</p>" in html
    # the year picker: the plan's first year to this one
    picker = html.split('id="year-picker"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">(\d{4})</a>", picker) == [str(YEAR - 2), str(YEAR - 1), str(YEAR)]
    assert "Figures restated on today&#x27;s tree" in html
    assert figures.calls == [
        ("trend", "DUK", (YEAR - 2, YEAR - 1, YEAR), None),
        ("children", "DUK", YEAR, None),
    ]


def test_the_trend_draws_a_bar_a_year_and_tables_the_same_numbers(login, office, figures):
    html = login(office).get(reverse("plan_dashboard", args=["DUK"])).content.decode()
    card = html.split('id="target-members_good"', 1)[1].split("</article>", 1)[0]
    chart = card.split("<svg", 1)[1].split("</svg>", 1)[0]
    # no figure in the first year: no bar, a dash; then 85% (not met: stripes) and 95% (met)
    assert re.findall(r"<text[^>]*>([^<]+)</text>", chart) == [
        "—", str(YEAR - 2), "✗ 85%", str(YEAR - 1), "✓ 95%", str(YEAR)]  # fmt: skip
    assert chart.count("<rect ") == 3  # the stripes' tile and two bars
    assert 'fill="url(#stripes-members_good)"' in chart and 'fill="#198754"' in chart
    row = html.split('<tr data-measure="members_good">', 1)[1].split("</tr>", 1)[0]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert cells == ["Members graded good or better", "more than 90%", "—",
                     "85% ✗ Not met", "95% ✓ Met"]  # fmt: skip


def test_children_worst_first_overall_and_by_target(login, office, figures, tree):
    client = login(office)
    url = reverse("plan_dashboard", args=["DUK"])
    html = client.get(url).content.decode()
    # KT misses three targets, BK two
    assert children_order(html) == ["DUK-KT", "DUK-BK"]
    assert "3 of 4 targets not met" in html and "2 of 4 targets not met" in html
    link = f'href="/organizations/DUK-BK/plan/?year={YEAR}"'
    assert link in html
    # by members graded GOOD: BK (90%, not above 90%) before KT (100%)
    html = client.get(url, {"by": M.MEMBERS_GOOD}).content.decode()
    assert children_order(html) == ["DUK-BK", "DUK-KT"]
    assert f'href="/organizations/DUK-BK/plan/?year={YEAR}&amp;by=members_good"' in html
    # by admissions: KT (0 of 2) before BK (1 of 2)
    html = client.get(url, {"by": M.ADMISSIONS}).content.decode()
    assert children_order(html) == ["DUK-KT", "DUK-BK"]
    # a child's own dashboard: its cells under it
    html = client.get(reverse("plan_dashboard", args=["DUK-BK"])).content.decode()
    assert children_order(html) == ["DUK-BK-CNTT", "DUK-BK-CK"]
    assert text_of(html, "value-members_good") == "90%"
    assert text_of(html, "status-members_good") == "✗ Not met"


def test_a_past_year_and_the_tree_as_it_was(login, office, figures):
    client = login(office)
    url = reverse("plan_dashboard", args=["DUK"])
    html = client.get(url, {"year": YEAR - 1, "tree": "then"}).content.decode()
    assert text_of(html, "value-members_good") == "85%"
    assert f"Figures counted on the tree as it was on 31/12/{YEAR - 1}." in html
    day = dt.date(YEAR - 1, 12, 31)
    assert figures.calls == [
        ("trend", "DUK", (YEAR - 2, YEAR - 1), day),
        ("children", "DUK", YEAR - 1, day),
    ]
    # links keep the year and the tree
    assert f'href="/organizations/DUK-KT/plan/?year={YEAR - 1}&amp;tree=then"' in html
    # a year out of the plan's span or in the future: this year
    figures.calls.clear()
    client.get(url, {"year": YEAR + 1})
    client.get(url, {"year": "x"})
    assert [c[2][-1] for c in figures.calls if c[0] == "trend"] == [YEAR, YEAR]


def test_the_records_behind_each_number(login, office, figures):
    """The value opens the records counted, "those not counted" the rest (`plan_records`)."""
    html = login(office).get(reverse("plan_dashboard", args=["DUK"])).content.decode()
    records = reverse("plan_records", args=["DUK", YEAR, "thematic_meetings"])
    assert f'<a class="link-tap" href="{records}" id="value-thematic_meetings">' in html
    assert f'id="failing-thematic_meetings" href="{records}?failing=1"' in html
    child = reverse("plan_records", args=["DUK-KT", YEAR, "admissions"])
    assert f'<a href="{child}">0</a>' in html


def test_no_plan_covers_the_organization(login, office, fake, tree):
    html = login(office).get(reverse("plan_dashboard", args=["DUK"])).content.decode()
    assert 'id="no-plan"' in html
    assert fake.calls == []
    assert login(office).get(reverse("plan_dashboard_xlsx", args=["DUK"])).status_code == 404


def test_home_and_the_organization_page_open_it(login, bk_secretary, figures):
    client = login(bk_secretary)
    assert 'id="home-plan"' in client.get(reverse("home")).content.decode()
    response = client.get(reverse("plan_dashboard_home"))
    assert response.url == reverse("plan_dashboard", args=["DUK-BK"])
    page = client.get(reverse("org_detail", args=["DUK-BK"])).content.decode()
    assert f'id="org-plan-link" href="{reverse("plan_dashboard", args=["DUK-BK"])}"' in page


def test_out_of_scope_is_a_404(login, cell_secretary, figures):
    client = login(cell_secretary)
    for name in ("plan_dashboard", "plan_dashboard_xlsx", "plan_dashboard_pdf"):
        assert client.get(reverse(name, args=["DUK-BK"])).status_code == 404
        assert client.get(reverse(name, args=["DUK-BK-CNTT"])).status_code == 200
    assert figures.calls[0][1] == "DUK-BK-CNTT"


def test_a_fixed_number_of_queries_whatever_the_tree(
    login, office, figures, tree, django_assert_num_queries
):
    """The page's own queries (the user, the organization, the plans, the targets, the
    children's names): the same with ten more children."""
    client = login(office)
    url = reverse("plan_dashboard", args=["DUK"])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for i in range(10):
        kid = org_services.create_organization(
            tree["DUK"], code=f"DUK-X{i}", name=f"Chi bộ X{i}", kind="grassroots_cell",
            established_on=dt.date(2015, 1, 1))  # fmt: skip
        tree[kid.code] = kid
    with django_assert_num_queries(QUERIES):
        html = client.get(url).content.decode()
    assert len(children_order(html)) == 12


QUERIES = 9
