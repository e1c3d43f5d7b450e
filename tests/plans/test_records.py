"""The records behind a figure: the rows counted and those failing, searched, paged in a fixed
number of queries, exported to .xlsx (read back), and a 404 out of scope."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from coso.plans.choices import Measure
from coso.plans.queries.records import record_rows
from tests.helpers import snapshot

from .setup import YEAR
from .test_measures import worked  # noqa: F401 (the fixture)


def _names(rows):
    return [(r["label"], r["ok"]) for r in rows]


@pytest.mark.django_db
def test_the_records_of_each_measure(tree, worked):  # noqa: F811
    duk = tree["DUK"]
    members = record_rows(duk, YEAR, Measure.MEMBERS_GOOD)
    # Vietnamese order: An, Ánh, Bình, Dũng, Đức, Hoa
    assert _names(members) == [
        ("Nguyễn Văn An", True), ("Phạm Thị Ánh", False), ("Lê Văn Bình", True),
        ("Hoàng Văn Dũng", True), ("Trần Minh Đức", True), ("Nguyễn Thị Hoa", False),
    ]  # fmt: skip
    failing = record_rows(duk, YEAR, Measure.MEMBERS_GOOD, failing=True)
    assert _names(failing) == [("Phạm Thị Ánh", False), ("Nguyễn Thị Hoa", False)]
    assert _names(record_rows(duk, YEAR, Measure.MEMBERS_GOOD, q="duc")) == [
        ("Trần Minh Đức", True)
    ]
    cells = record_rows(duk, YEAR, Measure.THEMATIC_MEETINGS)
    assert [(r["ref"], r["detail"], r["ok"]) for r in cells] == [
        ("DUK-BK-CNTT", "4", True), ("DUK-BK-CK", "3", False), ("DUK-KT", "5", True),
    ]  # fmt: skip
    assert [r["ref"] for r in record_rows(duk, YEAR, Measure.STUDY_PLANS, failing=True)] == [
        "DUK-KT"
    ]
    assert _names(record_rows(duk, YEAR, Measure.ADMISSIONS)) == [("Đỗ Văn Mới", True)]
    commitments = record_rows(tree["DUK-BK"], YEAR, Measure.COMMITMENTS, failing=True)
    assert _names(commitments) == [
        ("Phạm Thị Ánh", False), ("Nguyễn Thị Hoa", False), ("Đỗ Văn Mới", False),
    ]  # fmt: skip
    orgs = record_rows(duk, YEAR, Measure.ORGANIZATIONS_GOOD, failing=True)
    assert [r["place"] for r in orgs] == ["DUK-BK-CK"]
    assert [r["detail"] for r in record_rows(duk, YEAR, Measure.DUES_COLLECTED)] == [
        "10000 / 20000", "20000 / 20000",
    ]  # fmt: skip


@pytest.mark.django_db
def test_the_page_and_its_export(tree, worked, office, login, django_assert_num_queries):  # noqa: F811
    client = login(office)
    url = reverse("plan_records", args=["DUK", YEAR, Measure.MEMBERS_GOOD])
    client.get(url)  # the session and the user's paths read once
    # the session, the user, their roles and paths, the organization, the merges, the count
    # and the page: whatever the number of rows
    with django_assert_num_queries(9):
        page = client.get(url + "?failing=1")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phạm Thị Ánh" in html and "Nguyễn Thị Hoa" in html and "Lê Văn Bình" not in html
    sheet = client.get(url + "?format=xlsx")
    assert sheet.status_code == 200
    content = b"".join(sheet.streaming_content) if sheet.streaming else sheet.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[1:]] == [
        "Nguyễn Văn An", "Phạm Thị Ánh", "Lê Văn Bình", "Hoàng Văn Dũng", "Trần Minh Đức",
        "Nguyễn Thị Hoa",
    ]  # fmt: skip
    assert client.get(reverse("plan_records", args=["DUK", YEAR, "nothing"])).status_code == 404


@pytest.mark.django_db
def test_out_of_scope_is_a_404(tree, worked, cell_secretary, login):  # noqa: F811
    client = login(cell_secretary)
    before = snapshot()
    for code in ("DUK", "DUK-BK", "DUK-KT"):
        url = reverse("plan_records", args=[code, YEAR, Measure.MEMBERS_GOOD])
        assert client.get(url).status_code == 404
    assert snapshot() == before
    own = reverse("plan_records", args=["DUK-BK-CNTT", YEAR, Measure.MEMBERS_GOOD])
    assert client.get(own).status_code == 200
