"""Member list pages: scope, Vietnamese order, search (with and without the index), filters,
sorting, htmx fragments, paging and a query count that does not grow with the rows.

Every persona is checked: what they may see answers 200 with the exact content.
Pages are requested in English (the msgids) so the assertions hold once translations exist.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coso.core.paging import CappedPaginator
from coso.members import services
from coso.members.db import search_index
from coso.members.models import Member, MemberQuerySet
from coso.members.queries import listing
from tests.helpers import ALL_NAMES, OWN, PERSONAS, SCOPE, listed_names, make_member, snapshot

# --- anonymous ----------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, members):
    pk = members["an"].pk
    for url in [
        reverse("member_list"),
        reverse("member_export"),
        reverse("member_create"),
        reverse("member_detail", args=[pk]),
        reverse("member_edit", args=[pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    before = snapshot()
    response = client.post(reverse("member_remove", args=[pk]), {"removal-kind": "deceased"})
    assert response.status_code == 302
    assert snapshot() == before


# --- list ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_exactly_the_scope_in_vietnamese_order(login, personas, people, persona):
    names, outsider = SCOPE[persona]
    response = login(personas[persona]).get(reverse("member_list"))
    assert response.status_code == 200
    assert listed_names(response) == names
    html = response.content.decode()
    for name in names:
        assert f">{name}</a>" in html
    assert people[outsider].full_name not in html
    assert f"{len(names)} members" in html
    assert f'href="{reverse("member_detail", args=[people[OWN[persona][0]].pk])}"' in html


def test_list_row_shows_columns(login, personas, members):
    response = login(personas["cell_secretary"]).get(reverse("member_list"), {"search": "an"})
    html = response.content.decode()
    row = html[html.index(">Nguyễn Văn An</a>") :].split("</tr>")[0]
    cells = [c.split("</td>")[0].strip() for c in re.split(r"<td[^>]*>", row)[1:]]
    assert cells == [
        "01/01/1985",
        "Male",
        # the cell with its parent: many cells share a name (issue 16)
        'Chi bộ Khoa Công nghệ thông tin<div class="small text-muted">'
        "Đảng bộ Trường Đại học Bách khoa Hà Nội</div>",
        "Official",
        "19/05/2010",
    ]


def test_vietnamese_order_and_reverse(login, personas, members):
    client = login(personas["office"])
    assert listed_names(client.get(reverse("member_list"))) == ALL_NAMES
    descending = client.get(reverse("member_list"), {"ordering": "-name"})
    assert listed_names(descending) == ALL_NAMES[::-1]
    # the header link toggles to the other direction
    assert "?ordering=-name" in client.get(reverse("member_list")).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("duc", ["Trần Minh Đức"]),
        ("nguyen thi", ["Nguyễn Thị Hoa"]),
        ("NGUYEN", ["Nguyễn Văn An", "Nguyễn Thị Hoa"]),
        ("  ANH  ", ["Phạm Thị Ánh"]),
        ("vu van an", ["Vũ Văn Ân"]),
        ("xyz", []),
    ],
)
def test_search_ignores_accents(login, personas, members, query, expected):
    response = login(personas["office"]).get(reverse("member_list"), {"search": query})
    assert listed_names(response) == expected
    if not expected:
        assert "No member matches these conditions." in response.content.decode()


def test_search_by_cccd(login, personas, members):
    response = login(personas["office"]).get(
        reverse("member_list"), {"search": members["binh"].cccd}
    )
    assert listed_names(response) == ["Lê Văn Bình"]


def test_filters(login, personas, members):
    client = login(personas["office"])
    url = reverse("member_list")
    assert listed_names(client.get(url, {"organization": "DUK-BK"})) == SCOPE["bk_secretary"][0]
    assert listed_names(client.get(url, {"organization": "DUK-KT"})) == [
        "Vũ Văn Ân",
        "Hoàng Văn Dũng",
    ]
    assert listed_names(client.get(url, {"organization": "NOPE"})) == []
    assert listed_names(client.get(url, {"sex": "female"})) == ["Phạm Thị Ánh", "Nguyễn Thị Hoa"]
    assert listed_names(client.get(url, {"ethnicity": "kinh"})) == ALL_NAMES
    assert listed_names(client.get(url, {"ethnicity": "Tày"})) == []
    services.set_exemption(members["duc"], exempt=True, date=dt.date(2024, 1, 1))
    assert listed_names(client.get(url, {"status": "exempted"})) == ["Trần Minh Đức"]
    age = timezone.localdate().year - 1985
    band = "41_50" if 41 <= age <= 50 else "51_60"
    assert listed_names(client.get(url, {"age_band": band})) == ALL_NAMES
    assert listed_names(client.get(url, {"age_band": "u30"})) == []
    # combined with search
    assert listed_names(client.get(url, {"organization": "DUK-BK", "search": "thi"})) == [
        "Phạm Thị Ánh",
        "Nguyễn Thị Hoa",
    ]


def test_organization_filter_cannot_widen_scope(login, personas, members):
    response = login(personas["cell_secretary"]).get(
        reverse("member_list"), {"organization": "DUK"}
    )
    assert listed_names(response) == SCOPE["cell_secretary"][0]
    response = login(personas["cell_secretary"]).get(
        reverse("member_list"), {"organization": "DUK-KT"}
    )
    assert listed_names(response) == []


def test_htmx_search_returns_the_table_fragment(login, personas, members):
    client = login(personas["office"])
    page = client.get(reverse("member_list")).content.decode()
    assert 'hx-trigger="keyup changed delay:300ms' in page
    assert f'hx-get="{reverse("member_list")}"' in page
    assert 'hx-push-url="true"' in page
    assert 'id="member-results"' in page
    response = client.get(
        reverse("member_list"),
        {"search": "duc"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="member-results",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="member-filter"' not in html
    assert ">Trần Minh Đức</a>" in html
    assert "1 member" in html
    assert "HX-Request" in response["Vary"]
    # a history restore asks for the whole page
    full = client.get(
        reverse("member_list"),
        {"search": "duc"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="member-results",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in full.content.decode()


def test_the_organization_box_is_the_picker_and_lists_nothing_itself(login, personas, people):
    client = login(personas["bk_secretary"])
    page = client.get(reverse("member_list"), {"organization": "duk-bk"}).content.decode()
    # the page carries no organization list: the box asks the picker as the user types
    assert '<option value="DUK-BK' not in page and "<datalist" not in page
    assert 'hx-get="/organization-search/?scope=visible&amp;field=organization"' in page
    assert 'id="id_organization-matches"' in page
    assert 'name="organization" id="id_organization" class="form-control" value="duk-bk"' in page


def test_sort_headers_toggle_and_keep_the_filters(login, personas, members):
    client = login(personas["office"])
    html = client.get(reverse("member_list"), {"organization": "DUK-BK", "page": 1})
    html = html.content.decode()
    assert 'aria-sort="ascending"><a href="?organization=DUK-BK&amp;ordering=-name"' in html
    assert '<th scope="col"><a href="?organization=DUK-BK&amp;ordering=birth_date"' in html
    html = client.get(reverse("member_list"), {"ordering": "-birth_date"}).content.decode()
    assert 'aria-sort="descending"><a href="?ordering=birth_date"' in html
    assert "Date of birth ▼</a>" in html
    assert '<th scope="col"><a href="?ordering=name"' in html


def test_list_cells_are_escaped(login, personas, tree):
    make_member(tree["DUK-KT"], "<b>Lan</b>", family='Đỗ "X"')
    html = login(personas["office"]).get(reverse("member_list")).content.decode()
    assert ">Đỗ &quot;X&quot; Văn &lt;b&gt;Lan&lt;/b&gt;</a>" in html
    assert "<b>Lan</b>" not in html


@pytest.fixture
def search_index_cache():
    MemberQuerySet.search_index_ready.clear()
    yield MemberQuerySet.search_index_ready
    MemberQuerySet.search_index_ready.clear()


def test_search_gives_the_same_rows_with_or_without_the_index(
    login, personas, people, search_index_cache
):
    client = login(personas["office"])
    queries = ["duc", "nguyen thi", "NGUYEN", "  ANH  ", "vu van an", "an", "xyz", "van bin"]
    queries.append(people["binh"].cccd)

    def results():
        return {q: listed_names(client.get(reverse("member_list"), {"search": q})) for q in queries}

    # without the index: SQLite's FTS5 table is not consulted; PostgreSQL's GIN index is
    # dropped inside the test's transaction (DDL is transactional there)
    if connection.vendor == "sqlite":
        search_index_cache[("default", str(connection.settings_dict["NAME"]))] = False
    else:
        with connection.cursor() as cursor:
            # DDL waits for no deferred foreign-key checks of the rows the fixtures wrote
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        search_index.drop(connection)
    without = results()
    assert without["vu van an"] == ["Vũ Văn Ân"]
    search_index.create(connection)
    search_index_cache.clear()
    assert Member.objects.all()._has_search_index() is (connection.vendor == "sqlite")
    assert results() == without
    # the triggers keep the index in step with the rows
    hoa = people["hoa"]
    services.update_member(hoa, {"given_name": "Huệ"}, expected_version=hoa.version)
    assert listed_names(client.get(reverse("member_list"), {"search": "nguyen thi hue"})) == [
        "Nguyễn Thị Huệ"
    ]
    assert listed_names(client.get(reverse("member_list"), {"search": "thi hoa"})) == []
    make_member(people["an"].organization, "Hoà", family="Trịnh")
    assert listed_names(client.get(reverse("member_list"), {"search": "trinh hoa"})) == [
        "Trịnh Văn Hoà"
    ]


def bulk_members(org, n: int, prefix: str = "Số") -> None:
    rows = []
    for i in range(n):
        m = Member(
            family_name=prefix,
            middle_name="Văn",
            given_name=f"Người{i:04d}",
            sex="male",
            birth_date=dt.date(1980, 1, 1),
            organization=org,
        )
        m.compute_derived()
        rows.append(m)
    Member.objects.bulk_create(rows)


@pytest.mark.parametrize("one_pass", [10, 20_000])
def test_pagination_and_page_size(login, personas, tree, monkeypatch, one_pass):
    """The same pages whether the list is sorted in one pass or walked in order."""
    monkeypatch.setattr(listing, "ONE_PASS_LIST", one_pass)
    bulk_members(tree["DUK-KT"], 120)
    client = login(personas["office"])
    first = client.get(reverse("member_list"))
    assert len(listed_names(first)) == 50
    assert "Page 1 of 3" in first.content.decode()
    assert "120 members" in first.content.decode()
    third = client.get(reverse("member_list"), {"page": 3})
    assert len(listed_names(third)) == 20
    assert listed_names(client.get(reverse("member_list"), {"page_size": 100}))[-1].endswith(
        "Người0099"
    )
    big = client.get(reverse("member_list"), {"page_size": 500})
    assert big.context["page_size"] == 200
    assert len(listed_names(big)) == 120
    assert len(listed_names(client.get(reverse("member_list"), {"page_size": "x"}))) == 50
    assert len(listed_names(client.get(reverse("member_list"), {"page": 99}))) == 20


def test_a_list_longer_than_the_cap_says_more_than(login, personas, tree, monkeypatch):
    """The count stops at CappedPaginator.cap rows; the page says so and pages end there."""
    monkeypatch.setattr(CappedPaginator, "cap", 100)
    bulk_members(tree["DUK-KT"], 120)
    client = login(personas["office"])
    html = client.get(reverse("member_list")).content.decode()
    assert "More than 100 members: narrow the list to see them all" in html
    assert "Page 1 of 2" in html
    last = client.get(reverse("member_list"), {"page": 9})
    assert listed_names(last) == [f"Số Văn Người{i:04d}" for i in range(50, 100)]
    monkeypatch.setattr(CappedPaginator, "cap", 120)  # exactly the cap: an exact count
    assert "120 members" in client.get(reverse("member_list")).content.decode()


def test_a_search_with_more_matches_than_the_cap_says_more_than(login, personas, tree, monkeypatch):
    """Past the cap a search's keys come from the Vietnamese order, still in order."""
    monkeypatch.setattr(CappedPaginator, "cap", 100)
    bulk_members(tree["DUK-KT"], 120)
    client = login(personas["office"])
    url = reverse("member_list")
    first = client.get(url, {"search": "so van"})
    html = first.content.decode()
    assert "More than 100 members: narrow the list to see them all" in html
    assert "Page 1 of 2" in html
    assert listed_names(first) == [f"Số Văn Người{i:04d}" for i in range(50)]  # in order
    second = client.get(url, {"search": "so van", "page": 2, "ordering": "-name"})
    assert listed_names(second) == [f"Số Văn Người{i:04d}" for i in range(69, 19, -1)]


@pytest.mark.parametrize("scan_factor", [0, 10**9])
def test_search_by_index_or_by_testing_each_member_gives_the_same_page(
    login, personas, people, monkeypatch, scan_factor
):
    """PostgreSQL searches a list small beside the matches by testing its members, others
    through the index (by the planner's estimates): both give the same rows."""
    monkeypatch.setattr(MemberQuerySet, "SCAN_FACTOR", scan_factor)
    client = login(personas["office"])
    expected = {
        "nguyen": ["Nguyễn Văn An", "Nguyễn Thị Hoa"],
        "nguyen th": ["Nguyễn Thị Hoa"],
        "v a": ["Nguyễn Văn An", "Vũ Văn Ân"],
        "oa": [],
        people["binh"].cccd: ["Lê Văn Bình"],
    }
    for query, names in expected.items():
        response = client.get(reverse("member_list"), {"search": query, "ordering": "name"})
        assert listed_names(response) == names, query
        api = client.get("/api/v1/members/", {"search": query, "ordering": "name"}).json()
        assert [m["full_name"] for m in api["results"]] == names, query
    scoped = login(personas["cell_secretary"])
    found = listed_names(scoped.get(reverse("member_list"), {"search": "van"}))
    assert found and all(n in listed_names(scoped.get(reverse("member_list"))) for n in found)


def test_search_pagination(login, personas, tree):
    bulk_members(tree["DUK-KT"], 120)
    bulk_members(tree["DUK-KT"], 5, prefix="Khác")
    client = login(personas["office"])
    url = reverse("member_list")
    first = client.get(url, {"search": "so van"})
    assert len(listed_names(first)) == 50
    assert "120 members" in first.content.decode()
    assert "Page 1 of 3" in first.content.decode()
    assert listed_names(first)[0] == "Số Văn Người0000"
    third = client.get(url, {"search": "so van", "page": 3})
    assert listed_names(third) == [f"Số Văn Người{i:04d}" for i in range(100, 120)]
    # past the end, or not a number: the last page, or the first
    assert listed_names(client.get(url, {"search": "so van", "page": 99})) == listed_names(third)
    assert listed_names(client.get(url, {"search": "so van", "page": "x"})) == listed_names(first)
    assert listed_names(client.get(url, {"search": "so van", "page": 0})) == listed_names(third)
    nothing = client.get(url, {"search": "zzz", "page": 2})
    assert listed_names(nothing) == []
    assert "0 members" in nothing.content.decode()


def count_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"organization": "DUK-KT", "search": "so van"}])
def test_list_query_count_does_not_depend_on_rows(login, personas, tree, params):
    client = login(personas["office"])
    url = reverse("member_list")
    bulk_members(tree["DUK-KT"], 10)
    small = count_queries(client, url, {**params, "page_size": 200})
    bulk_members(tree["DUK-BK-CK"], 90, prefix="Sở")
    bulk_members(tree["DUK-KT"], 90)
    large = count_queries(client, url, {**params, "page_size": 200})
    assert small == large
    # and the same for the htmx fragment
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "member-results"}
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, {**params, "page_size": 10}, **htmx)
    with CaptureQueriesContext(connection) as ctx2:
        client.get(url, {**params, "page_size": 100}, **htmx)
    assert len(ctx.captured_queries) == len(ctx2.captured_queries)


def test_export_query_count_does_not_depend_on_rows(login, personas, tree):
    client = login(personas["office"])
    url = reverse("member_export")
    bulk_members(tree["DUK-KT"], 10)
    small = count_queries(client, url, {})
    bulk_members(tree["DUK-KT"], 90)
    assert count_queries(client, url, {}) == small
