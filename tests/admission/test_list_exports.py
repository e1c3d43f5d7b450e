"""The admission lists as people use them (issue 16, finding 9): an Excel export of the board
and of the candidate list holding what the page shows with its filters, candidates sorted by
any column, the parent beside each cell (many cells share one name), and a fixed number of
queries."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from coso.admission import services
from coso.admission.models import Candidate
from tests.helpers import candidate_data, queries

pytestmark = pytest.mark.django_db

BK = "Đảng bộ Trường Đại học Bách khoa Hà Nội"


def sheet(response) -> list[tuple]:
    return list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)


@pytest.fixture
def pipeline(tree, members):
    """Three candidates in CNTT (one overdue), one in CK, one in KT."""
    today = timezone.localdate()
    made = {
        "mai": services.create_candidate(candidate_data(), cell=tree["DUK-BK-CNTT"]),
        "an": services.create_candidate(
            candidate_data(given_name="An", birth_date=dt.date(1999, 1, 1)),
            cell=tree["DUK-BK-CNTT"],
        ),
        "yen": services.create_candidate(
            candidate_data(given_name="Yến", birth_date=dt.date(2001, 6, 1)),
            cell=tree["DUK-BK-CNTT"],
        ),
        "binh": services.create_candidate(
            candidate_data(given_name="Bình"), cell=tree["DUK-BK-CK"]
        ),
        "cuc": services.create_candidate(candidate_data(given_name="Cúc"), cell=tree["DUK-KT"]),
    }
    Candidate.objects.filter(pk=made["an"].pk).update(due_on=today - dt.timedelta(days=3))
    Candidate.objects.filter(pk=made["yen"].pk).update(due_on=today + dt.timedelta(days=20))
    return made


def names(response) -> list[str]:
    return [c.given_name for c in response.context["page"].object_list]


def test_candidates_sort_by_each_column(pipeline, office, login):
    page = login(office)
    assert names(page.get("/admission/candidates/")) == ["An", "Bình", "Cúc", "Mai", "Yến"]
    assert names(page.get("/admission/candidates/", {"ordering": "-name"})) == [
        "Yến", "Mai", "Cúc", "Bình", "An",
    ]  # fmt: skip
    by_birth = names(page.get("/admission/candidates/", {"ordering": "birth_date"}))
    assert by_birth[0] == "An" and by_birth[-1] == "Yến"
    assert names(page.get("/admission/candidates/", {"ordering": "due_on"}))[:2] == ["An", "Yến"]
    by_cell = names(page.get("/admission/candidates/", {"ordering": "cell"}))
    assert by_cell == ["An", "Mai", "Yến", "Bình", "Cúc"]  # CNTT, CK, KT in tree order
    body = page.get("/admission/candidates/", {"ordering": "name"}).content.decode()
    assert 'aria-sort="ascending"><a href="?ordering=-name"' in body


def test_candidates_show_the_parent_of_their_cell(pipeline, office, login):
    body = login(office).get("/admission/candidates/").content.decode()
    assert f'Chi bộ Khoa Công nghệ thông tin<div class="small text-muted">{BK}</div>' in body


def test_the_candidate_export_holds_the_filtered_list(pipeline, office, login):
    page = login(office)
    rows = sheet(page.get("/admission/candidates/", {"organization": "duk-bk", "format": "xlsx"}))
    assert rows[0][:5] == ("Full name", "Date of birth", "Cell code", "Cell", "Under")
    assert [(r[0], r[2], r[4]) for r in rows[1:]] == [
        ("Lê Thị An", "DUK-BK-CNTT", BK),
        ("Lê Thị Bình", "DUK-BK-CK", BK),
        ("Lê Thị Mai", "DUK-BK-CNTT", BK),
        ("Lê Thị Yến", "DUK-BK-CNTT", BK),
    ]
    overdue = sheet(page.get("/admission/candidates/", {"overdue": "true", "format": "xlsx"}))
    assert [(r[0], r[8]) for r in overdue[1:]] == [("Lê Thị An", "Yes")]


def test_the_candidate_export_is_scoped(pipeline, cell_secretary, login):
    rows = sheet(login(cell_secretary).get("/admission/candidates/", {"format": "xlsx"}))
    assert {r[2] for r in rows[1:]} == {"DUK-BK-CNTT"}


def test_the_board_exports_every_cell_it_shows(pipeline, office, cell_secretary, login):
    rows = sheet(login(office).get("/admission/", {"format": "xlsx"}))
    assert rows[0][:3] == ("Cell code", "Cell", "Under")
    cells = [(r[0], r[2], r[-2], r[-1]) for r in rows[1:-1]]
    assert cells == [
        ("DUK-BK-CNTT", BK, 3, 1),
        ("DUK-BK-CK", BK, 1, 0),
        ("DUK-KT", "Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội", 1, 0),
    ]
    assert rows[-1][1] == "All cells" and rows[-1][-2:] == (5, 1)
    mine = sheet(login(cell_secretary).get("/admission/", {"format": "xlsx"}))
    assert [r[0] for r in mine[1:-1]] == ["DUK-BK-CNTT"]
    within = sheet(login(office).get("/admission/", {"organization": "DUK-BK", "format": "xlsx"}))
    assert [r[0] for r in within[1:-1]] == ["DUK-BK-CNTT", "DUK-BK-CK"]
    body = login(office).get("/admission/").content.decode()
    assert 'id="board-export" href="?format=xlsx"' in body


def test_the_lists_run_a_fixed_number_of_queries(pipeline, tree, office, login):
    page = login(office)
    urls = ["/admission/candidates/", "/admission/"]
    for url in urls:
        page.get(url)
    few = [queries(lambda url=url: page.get(url)) for url in urls]
    for i in range(12):
        services.create_candidate(
            candidate_data(given_name=f"Thêm{i}"),
            cell=tree["DUK-BK-CK" if i % 2 else "DUK-KT"],
        )
    assert [queries(lambda url=url: page.get(url)) for url in urls] == few
