"""Member pages: list/search/export, record and timeline, create/edit, lifecycle actions.

Every persona is checked on every page: what they may see answers 200 (or a redirect after a
change) with the exact content, and a member outside their scope is a 404 with nothing changed.
Pages are requested in English (the msgids) so the assertions hold once translations exist.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coso.core.paging import CappedPaginator
from coso.members import services
from coso.members.db import search_index
from coso.members.models import Member, MemberQuerySet, MembershipEvent, Placement
from coso.members.queries import listing
from coso.orgs import services as org_services
from tests.conftest import make_member

ALL_NAMES = [
    "Nguyễn Văn An",
    "Phạm Thị Ánh",
    "Vũ Văn Ân",
    "Lê Văn Bình",
    "Hoàng Văn Dũng",
    "Trần Minh Đức",
    "Nguyễn Thị Hoa",
]
#: persona -> (names they see, in Vietnamese order; the key of a member outside their scope)
SCOPE = {
    "office": (ALL_NAMES, "outsider"),
    "bk_secretary": (
        ["Nguyễn Văn An", "Phạm Thị Ánh", "Lê Văn Bình", "Trần Minh Đức", "Nguyễn Thị Hoa"],
        "dung",
    ),
    "cell_secretary": (["Nguyễn Văn An", "Trần Minh Đức", "Nguyễn Thị Hoa"], "binh"),
}
#: persona -> a member in scope, and an organization code they manage
OWN = {
    "office": ("dung", "DUK-KT"),
    "bk_secretary": ("binh", "DUK-BK-CK"),
    "cell_secretary": ("an", "DUK-BK-CNTT"),
}
PERSONAS = list(SCOPE)


@pytest.fixture
def outsider(tree):
    """A member of another committee altogether (outside even the bloc office's scope)."""
    other = org_services.create_organization(
        None, code="KHAC", name="Đảng ủy Khối Doanh nghiệp", kind="superior",
        established_on=dt.date(2015, 1, 1),
    )  # fmt: skip
    cell = org_services.create_organization(
        other, code="KHAC-A", name="Chi bộ Công ty A", kind="grassroots_cell",
        established_on=dt.date(2015, 1, 1),
    )  # fmt: skip
    return make_member(cell, "Khách", family="Đỗ")


@pytest.fixture
def people(members, outsider):
    return {**members, "outsider": outsider}


def snapshot():
    """Everything a member page could change, to compare before and after a refused request."""
    member_fields = [f.attname for f in Member._meta.concrete_fields]
    return (
        list(Member.objects.order_by("pk").values_list(*member_fields)),
        list(Placement.objects.order_by("pk").values_list()),
        list(MembershipEvent.objects.order_by("pk").values_list()),
        Member.history.count(),
    )


def listed_names(response) -> list[str]:
    return [m.full_name for m in response.context["page"].object_list]


def form_errors(response, name="form"):
    return response.context[name].errors


def member_post_data(member: Member, **changes) -> dict:
    """The edit form's fields as the browser sends them back for `member`, plus `changes`."""
    data = {}
    for name in services.EDITABLE_FIELDS:
        value = getattr(member, name)
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        data[name] = "" if value is None else value
    data["version"] = member.version
    data.update(changes)
    return data


def new_member_data(organization: str, **changes) -> dict:
    data = {
        "organization": organization,
        "status": "official",
        "active_from": "",
        "family_name": "Đặng",
        "middle_name": "Thị Ngọc",
        "given_name": "Lan",
        "sex": "female",
        "birth_date": "08/03/1990",
        "ethnicity": "Kinh",
        "religion": "Không",
        "cccd": "001190000123",
        "admitted_on": "03/02/2015",
        "recognized_on": "03/02/2016",
        "party_card_number": "",
    }
    data.update(changes)
    return data


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
    cells = [c.split("</td>")[0].strip() for c in row.split("<td>")[1:]]
    assert cells == [
        "01/01/1985",
        "Male",
        "Chi bộ Khoa Công nghệ thông tin",
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


def test_organization_suggestions_come_by_htmx_within_scope(login, personas, people):
    client = login(personas["bk_secretary"])
    page = client.get(reverse("member_list")).content.decode()
    # the page itself carries no suggestions: the box asks for them when first focused
    assert '<datalist id="member-orgs"></datalist>' in page
    assert 'hx-trigger="focus once" hx-target="#member-orgs"' in page
    response = client.get(
        reverse("member_list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="member-orgs"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert sorted(re.findall(r'<option value="([^"]+)">', html)) == [
        "DUK-BK",
        "DUK-BK-CK",
        "DUK-BK-CNTT",
    ]
    assert '<option value="DUK-BK">Đảng bộ Trường Đại học Bách khoa Hà Nội</option>' in html
    assert "HX-Target" in response["Vary"]


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


# --- export -------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "No.",
    "Full name",
    "Other names",
    "Sex",
    "Date of birth",
    "Ethnicity",
    "Religion",
    "Citizen ID (CCCD)",
    "Hometown",
    "Hometown province",
    "Permanent address",
    "Permanent address: ward",
    "Permanent address: province",
    "Current address",
    "Current address: ward",
    "Current address: province",
    "Phone",
    "Email",
    "General education",
    "Professional qualification",
    "Political theory",
    "Foreign language",
    "IT level",
    "Occupation",
    "Workplace",
    "Position",
    "Record number",
    "Party card number",
    "Admission date",
    "Admitting cell",
    "Introducers",
    "Recognition date",
    "Organization code",
    "Organization name",
    "Status",
]


def read_export(response):
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.worksheets[0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_export_holds_exactly_the_scope(login, personas, people, persona):
    names, outsider = SCOPE[persona]
    sheet = read_export(login(personas[persona]).get(reverse("member_export")))
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_HEADERS
    assert [r[1] for r in rows[1:]] == names
    assert [r[0] for r in rows[1:]] == list(range(1, len(names) + 1))
    assert people[outsider].full_name not in {r[1] for r in rows[1:]}


def test_export_follows_the_filters(login, personas, members):
    client = login(personas["office"])
    sheet = read_export(client.get(reverse("member_export"), {"search": "nguyen thi"}))
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Nguyễn Thị Hoa"]
    sheet = read_export(
        client.get(reverse("member_export"), {"organization": "DUK-KT", "ordering": "-name"})
    )
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Hoàng Văn Dũng",
        "Vũ Văn Ân",
    ]
    # the list page links to the export with the same filters
    page = client.get(reverse("member_list"), {"search": "duc", "page": 1}).content.decode()
    assert f'href="{reverse("member_export")}?search=duc"' in page


def test_export_values_and_formula_injection(login, personas, tree):
    member = services.register_member(
        {
            "family_name": '=HYPERLINK("http://x")',
            "middle_name": "",
            "given_name": "Test",
            "other_names": "+1",
            "sex": "female",
            "birth_date": dt.date(1979, 2, 28),
            "ethnicity": "Tày",
            "religion": "Phật giáo",
            "cccd": "001179000001",
            "hometown": "Xã Tân Lạc",
            "hometown_province": 25,
            "permanent_address": "12 Hàng Bạc",
            "permanent_ward": 70,
            "permanent_province": 1,
            "current_address": "@SUM(A1)",
            "phone": "-0912345678",
            "email": "test@example.com",
            "education_general": "12/12",
            "education_professional": "Thạc sĩ",
            "political_theory": "Trung cấp",
            "foreign_language": "Tiếng Anh B1",
            "it_level": "Cơ bản",
            "occupation": "Giảng viên",
            "workplace": "Trường Đại học Bách khoa Hà Nội",
            "position": "Trưởng bộ môn",
            "record_number": "LL-0001",
            "party_card_number": "01234567",
            "admitted_on": dt.date(2005, 3, 26),
            "admitting_organization": "Chi bộ Sinh viên",
            "introducers": "Nguyễn Văn A; Trần Thị B",
            "recognized_on": dt.date(2006, 3, 26),
        },
        organization=tree["DUK-BK-CNTT"],
    )
    sheet = read_export(login(personas["cell_secretary"]).get(reverse("member_export")))
    row = next(sheet.iter_rows(min_row=2))
    values = dict(zip(EXPORT_HEADERS, (c.value for c in row), strict=True))
    assert values == {
        "No.": 1,
        "Full name": '\'=HYPERLINK("http://x") Test',
        "Other names": "'+1",
        "Sex": "Female",
        "Date of birth": dt.datetime(1979, 2, 28),
        "Ethnicity": "Tày",
        "Religion": "Phật giáo",
        "Citizen ID (CCCD)": "001179000001",
        "Hometown": "Xã Tân Lạc",
        "Hometown province": "Phú Thọ",
        "Permanent address": "12 Hàng Bạc",
        "Permanent address: ward": "Phường Hoàn Kiếm",
        "Permanent address: province": "Thành phố Hà Nội",
        "Current address": "'@SUM(A1)",
        "Current address: ward": None,
        "Current address: province": None,
        "Phone": "'-0912345678",
        "Email": "test@example.com",
        "General education": "12/12",
        "Professional qualification": "Thạc sĩ",
        "Political theory": "Trung cấp",
        "Foreign language": "Tiếng Anh B1",
        "IT level": "Cơ bản",
        "Occupation": "Giảng viên",
        "Workplace": "Trường Đại học Bách khoa Hà Nội",
        "Position": "Trưởng bộ môn",
        "Record number": "LL-0001",
        "Party card number": "01234567",
        "Admission date": dt.datetime(2005, 3, 26),
        "Admitting cell": "Chi bộ Sinh viên",
        "Introducers": "Nguyễn Văn A; Trần Thị B",
        "Recognition date": dt.datetime(2006, 3, 26),
        "Organization code": "DUK-BK-CNTT",
        "Organization name": "Chi bộ Khoa Công nghệ thông tin",
        "Status": "Official",
    }
    by_header = dict(zip(EXPORT_HEADERS, row, strict=True))
    assert by_header["Full name"].data_type == "s"  # a string, not a formula
    assert all(c.data_type != "f" for c in row)
    assert by_header["Date of birth"].number_format == "dd/mm/yyyy"
    assert member.full_name.startswith("=")  # stored as typed; only the export escapes it


# --- detail -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_in_scope_and_404_outside(login, personas, people, persona):
    client = login(personas[persona])
    key, _code = OWN[persona]
    member = people[key]
    response = client.get(reverse("member_detail", args=[member.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="me-auto mb-0">{member.full_name}</h1>' in html
    assert member.cccd in html
    assert "01/01/1985" in html and "19/05/2010" in html and "19/05/2011" in html
    assert (
        f'href="{reverse("org_detail", args=[member.organization.code])}" '
        f'id="member-organization">{member.organization.name}</a>'
    ) in html
    assert f'action="{reverse("member_move", args=[member.pk])}"' in html
    assert f'href="{reverse("member_edit", args=[member.pk])}"' in html
    outsider = people[SCOPE[persona][1]]
    assert client.get(reverse("member_detail", args=[outsider.pk])).status_code == 404
    assert client.get(reverse("member_detail", args=[999999])).status_code == 404


def test_detail_shows_addresses_by_name_and_sections(login, personas, members):
    member = services.update_member(
        members["an"],
        {
            "permanent_province": 1,
            "permanent_ward": 70,
            "permanent_address": "12 Hàng Bạc",
            "hometown": "Xã Tân Lạc",
            "hometown_province": 25,
            "workplace": "Trường Đại học Bách khoa Hà Nội",
        },
        expected_version=1,
    )
    html = (
        login(personas["cell_secretary"])
        .get(reverse("member_detail", args=[member.pk]))
        .content.decode()
    )
    assert "12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội" in html
    assert "Xã Tân Lạc, Phú Thọ" in html
    for section in ("Identity", "Addresses", "Education and work", "Party record"):
        assert f">{section}</div>" in html
    assert "Trường Đại học Bách khoa Hà Nội" in html


def test_viewer_sees_record_without_actions(login, tree, members, django_user_model):
    from coso.accounts.services import add_user

    viewer = add_user("dangvien", organization=tree["DUK-KT"], role="member")
    client = login(viewer)
    pk = members["dung"].pk
    html = client.get(reverse("member_detail", args=[pk])).content.decode()
    assert "Hoàng Văn Dũng" in html
    assert reverse("member_edit", args=[pk]) not in html
    assert 'id="member-actions"' not in html
    before = snapshot()
    assert client.get(reverse("member_edit", args=[pk])).status_code == 404
    data = {"removal-kind": "deceased", "removal-date": "01/01/2024"}
    assert client.post(reverse("member_remove", args=[pk]), data).status_code == 404
    assert snapshot() == before
    assert listed_names(client.get(reverse("member_list"))) == ["Vũ Văn Ân", "Hoàng Văn Dũng"]
    assert "Add a member" not in client.get(reverse("member_list")).content.decode()


# --- timeline -----------------------------------------------------------------------------


def test_timeline_shows_edit_with_user_name_newest_first(login, personas, members):
    user = personas["cell_secretary"]
    user.last_name, user.first_name = "Lê Văn", "Thư"
    user.save()
    client = login(user)
    member = members["duc"]
    response = client.post(
        reverse("member_edit", args=[member.pk]),
        member_post_data(member, phone="0912000111", birth_date="02/01/1985"),
    )
    assert response.status_code == 302
    services.set_exemption(
        Member.objects.get(pk=member.pk), exempt=True, date=dt.date(2024, 6, 1),
        document_number="12-QĐ/ĐU", actor=user,
    )  # fmt: skip
    html = client.get(reverse("member_detail", args=[member.pk])).content.decode()
    timeline = html[html.index('id="member-timeline"') :]
    today = timezone.localdate().strftime("%d/%m/%Y")
    items = timeline.split('<li class="list-group-item">')[1:]
    # newest first: today's edit, then the exemption event (01/06/2024; its status change is
    # not repeated as a field change) and the registration (01/01/2015)
    assert len(items) == 3
    edit = items[0]
    assert f"<strong>{today}</strong>" in edit and "Record changed" in edit
    assert "Status:" not in timeline
    assert "<strong>01/06/2024</strong>" in items[1] and "Exempted from party work" in items[1]
    assert "<strong>01/01/2015</strong>" in items[2] and "Entered into the registry" in items[2]
    assert "Phone: <del>—</del> → 0912000111" in edit
    assert "Date of birth: <del>01/01/1985</del> → 02/01/1985" in edit
    assert "By Lê Văn Thư on" in edit
    assert "Decision 12-QĐ/ĐU" in timeline
    assert "To Chi bộ Khoa Công nghệ thông tin" in timeline


# --- create -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_in_own_organization(login, personas, members, persona):
    client = login(personas[persona])
    _key, code = OWN[persona]
    response = client.get(reverse("member_create"), {"organization": code})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{code}" selected>' in html
    assert 'placeholder="dd/mm/yyyy"' in html
    response = client.post(reverse("member_create"), new_member_data(code))
    member = Member.objects.get(cccd="001190000123")
    assert response.status_code == 302
    assert response.url == reverse("member_detail", args=[member.pk])
    assert member.full_name == "Đặng Thị Ngọc Lan"
    assert member.organization.code == code
    assert member.birth_date == dt.date(1990, 3, 8)
    assert member.status == "official"
    assert member.placements.get().valid_from == dt.date(2015, 2, 3)
    event = member.events.get()
    assert (event.kind, event.actor) == ("registered", personas[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_outside_scope_is_refused(login, personas, people, persona):
    client = login(personas[persona])
    outside_code = people[SCOPE[persona][1]].organization.code
    before = snapshot()
    response = client.post(reverse("member_create"), new_member_data(outside_code))
    assert response.status_code == 200
    assert list(form_errors(response)) == ["organization"]
    assert snapshot() == before
    # offering it in the URL does not select it either
    html = client.get(reverse("member_create"), {"organization": outside_code}).content.decode()
    assert f'value="{outside_code}"' not in html


def test_create_probationary_with_card_is_refused(login, personas, members):
    client = login(personas["cell_secretary"])
    before = snapshot()
    response = client.post(
        reverse("member_create"),
        new_member_data("DUK-BK-CNTT", status="probationary", party_card_number="999"),
    )
    assert list(form_errors(response)) == ["party_card_number"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cccd": "00119000012"}, "cccd"),
        ({"cccd": "0011900001ab"}, "cccd"),
        ({"birth_date": "01/01/2999", "admitted_on": "", "recognized_on": ""}, "birth_date"),
        ({"birth_date": "31/02/1990"}, "birth_date"),
        ({"admitted_on": "07/03/2008"}, "admitted_on"),
        ({"given_name": ""}, "given_name"),
        ({"permanent_province": "1", "permanent_ward": "99999"}, "permanent_ward"),
    ],
)
def test_create_refuses_bad_input(login, personas, members, changes, field):
    client = login(personas["cell_secretary"])
    before = snapshot()
    response = client.post(reverse("member_create"), new_member_data("DUK-BK-CNTT", **changes))
    assert response.status_code == 200
    assert list(form_errors(response)) == [field]
    assert "Nothing has been saved." in response.content.decode()
    assert snapshot() == before


def test_create_refuses_duplicate_party_card_and_cccd(login, personas, members):
    services.update_member(members["hoa"], {"party_card_number": "01234567"}, expected_version=1)
    client = login(personas["cell_secretary"])
    before = snapshot()
    response = client.post(
        reverse("member_create"), new_member_data("DUK-BK-CNTT", party_card_number="01234567")
    )
    assert list(form_errors(response)) == ["party_card_number"]
    response = client.post(
        reverse("member_create"), new_member_data("DUK-BK-CNTT", cccd=members["an"].cccd)
    )
    assert list(form_errors(response)) == ["cccd"]
    assert snapshot() == before


def test_ward_select_follows_the_province(login, personas, members):
    client = login(personas["cell_secretary"])
    options = client.get(reverse("member_ward_options"), {"permanent_province": "1"})
    html = options.content.decode()
    assert '<option value="70">Phường Hoàn Kiếm</option>' in html
    assert html.count("<option") > 100
    assert (
        client.get(reverse("member_ward_options"), {"current_province": "x"})
        .content.decode()
        .count("<option")
        == 1
    )
    form = client.get(reverse("member_create")).content.decode()
    assert f'hx-get="{reverse("member_ward_options")}"' in form
    assert 'hx-target="#id_permanent_ward"' in form
    # a ward of the chosen province is accepted and stored
    response = client.post(
        reverse("member_create"),
        new_member_data("DUK-BK-CNTT", permanent_province="1", permanent_ward="70"),
    )
    assert response.status_code == 302
    member = Member.objects.get(cccd="001190000123")
    assert (member.permanent_province, member.permanent_ward) == (1, 70)


# --- edit ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_in_scope(login, personas, people, persona):
    client = login(personas[persona])
    member = people[OWN[persona][0]]
    response = client.get(reverse("member_edit", args=[member.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="version" value="1"' in html
    assert 'name="birth_date" value="01/01/1985"' in html
    assert 'name="organization"' not in html and 'name="status"' not in html
    response = client.post(
        reverse("member_edit", args=[member.pk]),
        member_post_data(member, workplace="Viện Toán học", given_name="Bình An"),
    )
    assert response.status_code == 302
    assert response.url == reverse("member_detail", args=[member.pk])
    member.refresh_from_db()
    assert (member.workplace, member.version) == ("Viện Toán học", 2)
    assert member.full_name.endswith("Bình An")
    assert member.history.latest().history_user == personas[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_outside_scope_is_404(login, personas, people, persona):
    client = login(personas[persona])
    outsider = people[SCOPE[persona][1]]
    before = snapshot()
    url = reverse("member_edit", args=[outsider.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, member_post_data(outsider, workplace="X")).status_code == 404
    assert snapshot() == before


def test_edit_cannot_touch_workflow_fields(login, personas, members):
    client = login(personas["office"])
    member = members["an"]
    data = member_post_data(member, status="expelled", organization="DUK-KT", version=1)
    data["phone"] = "0900000000"
    assert client.post(reverse("member_edit", args=[member.pk]), data).status_code == 302
    member.refresh_from_db()
    assert (member.status, member.organization.code) == ("official", "DUK-BK-CNTT")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cccd": "12345678901"}, "cccd"),
        (
            {
                "birth_date": (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
                "admitted_on": "",
                "recognized_on": "",
            },
            "birth_date",
        ),
        ({"admitted_on": "31/12/2002"}, "admitted_on"),
        ({"recognized_on": "01/01/2009"}, "recognized_on"),
        ({"email": "not-an-email"}, "email"),
    ],
)  # fmt: skip
def test_edit_refuses_bad_input(login, personas, members, changes, field):
    client = login(personas["cell_secretary"])
    member = members["an"]
    before = snapshot()
    response = client.post(
        reverse("member_edit", args=[member.pk]), member_post_data(member, **changes)
    )
    assert response.status_code == 200
    assert list(form_errors(response)) == [field]
    assert snapshot() == before


def test_edit_refuses_duplicate_party_card(login, personas, members):
    services.update_member(members["hoa"], {"party_card_number": "01234567"}, expected_version=1)
    client = login(personas["cell_secretary"])
    before = snapshot()
    member = members["an"]
    response = client.post(
        reverse("member_edit", args=[member.pk]),
        member_post_data(member, party_card_number="01234567"),
    )
    assert list(form_errors(response)) == ["party_card_number"]
    assert snapshot() == before


def test_edit_admission_on_18th_birthday_is_accepted(login, personas, members):
    client = login(personas["cell_secretary"])
    member = members["an"]
    response = client.post(
        reverse("member_edit", args=[member.pk]), member_post_data(member, admitted_on="01/01/2003")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.admitted_on == dt.date(2003, 1, 1)


def test_concurrent_edits_second_is_refused(login, personas, members):
    member = members["an"]
    first = login(personas["cell_secretary"])
    data_first = member_post_data(member, phone="0911111111")
    data_second = member_post_data(member, workplace="Nơi khác")
    assert data_first["version"] == data_second["version"] == 1
    assert first.post(reverse("member_edit", args=[member.pk]), data_first).status_code == 302
    before = snapshot()
    second = login(personas["bk_secretary"])
    response = second.post(reverse("member_edit", args=[member.pk]), data_second)
    assert response.status_code == 409
    errors = form_errors(response)
    assert list(errors) == ["__all__"]
    assert "Someone else changed this record" in errors["__all__"][0]
    assert "Someone else changed this record after you opened it." in response.content.decode()
    assert snapshot() == before
    member.refresh_from_db()
    assert (member.phone, member.workplace, member.version) == ("0911111111", "", 2)


def test_edit_without_changes_saves_nothing(login, personas, members):
    client = login(personas["cell_secretary"])
    member = members["an"]
    before = snapshot()
    response = client.post(reverse("member_edit", args=[member.pk]), member_post_data(member))
    assert response.status_code == 302
    assert snapshot() == before


# --- lifecycle actions --------------------------------------------------------------------


def action_urls(pk):
    return [
        (reverse("member_move", args=[pk]), {"move-to": "DUK-BK-CNTT", "move-date": "01/01/2024"}),
        (
            reverse("member_exemption", args=[pk]),
            {"exemption-action": "exempt", "exemption-date": "01/01/2024"},
        ),
        (
            reverse("member_remove", args=[pk]),
            {"removal-kind": "deceased", "removal-date": "01/01/2024"},
        ),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_actions_outside_scope_are_404_and_change_nothing(login, personas, people, persona):
    client = login(personas[persona])
    outsider = people[SCOPE[persona][1]]
    before = snapshot()
    for url, data in action_urls(outsider.pk):
        assert client.post(url, data).status_code == 404, url
        assert client.get(url).status_code in (404, 405), url
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_move_within_scope(login, personas, people, persona):
    targets = {"office": "DUK-BK-CK", "bk_secretary": "DUK-BK-CNTT", "cell_secretary": None}
    client = login(personas[persona])
    member = people[OWN[persona][0]]
    html = client.get(reverse("member_detail", args=[member.pk])).content.decode()
    target = targets[persona]
    if target is None:  # a cell secretary manages no other organization: nowhere to move to
        before = snapshot()
        response = client.post(
            reverse("member_move", args=[member.pk]),
            {"move-to": "DUK-BK-CK", "move-date": "01/01/2024"},
        )
        assert response.status_code == 200
        assert list(form_errors(response, "move_form")) == ["to"]
        assert snapshot() == before
        return
    assert f'<option value="{target}">' in html
    response = client.post(
        reverse("member_move", args=[member.pk]),
        {"move-to": target, "move-date": "01/02/2024", "move-document_number": "5-QĐ/ĐU"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organization.code == target
    event = member.events.latest("id")
    assert (event.kind, event.date, event.document_number, event.to_organization.code) == (
        "moved",
        dt.date(2024, 2, 1),
        "5-QĐ/ĐU",
        target,
    )
    assert event.actor == personas[persona]


def test_move_to_an_organization_outside_scope_is_refused(login, personas, members):
    client = login(personas["bk_secretary"])
    member = members["an"]
    before = snapshot()
    response = client.post(
        reverse("member_move", args=[member.pk]), {"move-to": "DUK-KT", "move-date": "01/01/2024"}
    )
    assert response.status_code == 200
    assert list(form_errors(response, "move_form")) == ["to"]
    assert '<details class="card card-body" open>' in response.content.decode()
    assert snapshot() == before


def test_move_service_error_is_shown(login, personas, members):
    client = login(personas["bk_secretary"])
    member = members["an"]
    before = snapshot()
    # before the member joined their current organization (01/01/2015)
    response = client.post(
        reverse("member_move", args=[member.pk]),
        {"move-to": "DUK-BK-CK", "move-date": "01/01/2014"},
    )
    assert response.status_code == 200
    assert list(form_errors(response, "move_form")) == ["date"]
    assert "before the member joined their current organization (01/01/2015)" in (
        response.content.decode()
    )
    assert snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_remove(login, personas, people, persona):
    client = login(personas[persona])
    member = people[OWN[persona][0]]
    url = reverse("member_remove", args=[member.pk])
    before = snapshot()
    # struck off without a decision number: refused, on that field
    response = client.post(url, {"removal-kind": "struck_off", "removal-date": "01/03/2024"})
    assert response.status_code == 200
    assert list(form_errors(response, "removal_form")) == ["document_number"]
    assert snapshot() == before
    # a date in the future: refused
    future = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(
        url, {"removal-kind": "resigned", "removal-date": future, "removal-document_number": "1"}
    )
    assert list(form_errors(response, "removal_form")) == ["date"]
    assert snapshot() == before
    response = client.post(
        url,
        {
            "removal-kind": "struck_off",
            "removal-date": "01/03/2024",
            "removal-document_number": "7-QĐ/ĐU",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == "struck_off"
    assert member.placements.get().valid_to == dt.date(2024, 3, 1)
    html = client.get(reverse("member_detail", args=[member.pk])).content.decode()
    assert 'id="member-actions"' not in html
    assert ">Struck off</span>" in html
    # once removed, no further action goes through
    before = snapshot()
    response = client.post(url, {"removal-kind": "deceased", "removal-date": "02/03/2024"})
    assert response.status_code == 200
    assert snapshot() == before
