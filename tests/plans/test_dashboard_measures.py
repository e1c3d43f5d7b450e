"""The dashboard on the measures themselves (queries/measures.py), counted by hand on the
tests' small tree: this year three members admitted in the CNTT cell and one in KT, one last
year in CK; the bloc's goal of at least 2 a year (the children have none of their own: a
count's goal below the plan's issuer is a share). Its .xlsx and PDF read back; the page's
queries the same whatever the number of children."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from coso.members import services as member_services
from coso.members.choices import EventKind
from coso.orgs import services as org_services
from tests.plans.dashboard_setup import make_plan

YEAR = timezone.localdate().year
_seq = iter(range(1, 1000))


def admit(org, day: dt.date):
    n = next(_seq)
    return member_services.register_member(
        {"family_name": "Trần", "middle_name": "Văn", "given_name": f"Mới{n}", "sex": "male",
         "birth_date": dt.date(2000, 1, 1), "admitted_on": day,
         "cccd": f"{2000000000 + n * 7919:012d}"},
        organization=org, active_from=day, status="probationary",
        event_kind=EventKind.ADMITTED,
    )  # fmt: skip


@pytest.fixture
def admitted(tree):
    make_plan(tree["DUK"], first=YEAR - 1, last=YEAR + 4)
    for org, day in (("DUK-BK-CNTT", dt.date(YEAR, 3, 2)), ("DUK-BK-CNTT", dt.date(YEAR, 5, 2)),
                     ("DUK-BK-CNTT", dt.date(YEAR, 6, 2)), ("DUK-KT", dt.date(YEAR, 4, 2)),
                     ("DUK-BK-CK", dt.date(YEAR - 1, 9, 2))):  # fmt: skip
        admit(tree[org], day)


def cells(html: str, measure: str) -> dict[str, str]:
    """{child code: its cell's text} of the children's table for `measure`."""
    table = html.split('id="children-table"', 1)[1]
    out = {}
    for code, row in re.findall(r'data-code="([^"]+)"[^>]*>(.*?)</tr>', table, re.S):
        cell = re.search(rf'data-measure="{measure}">(.*?)</td>', row, re.S).group(1)
        out[code] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
    return out


def test_admissions_counted_from_the_registry(login, office, admitted):
    html = login(office).get(reverse("plan_dashboard", args=["DUK"])).content.decode()
    value = re.search(r'id="value-admissions">([^<]+)<', html).group(1)
    assert value == "4"
    assert re.search(r'id="status-admissions">([^<]+)<', html).group(1).strip() == "✓ Met"
    assert cells(html, "admissions") == {
        "DUK-BK": "3 For information",
        "DUK-KT": "1 For information",
    }
    row = html.split('<tr data-measure="admissions">', 1)[1].split("</tr>", 1)[0]
    years = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert years[2:] == ["1 ✗ Not met", "4 ✓ Met"]
    # nobody graded: no figure
    assert re.search(r'id="value-members_good">([^<]+)<', html).group(1) == "—"


def test_the_files_hold_the_page_s_tables(login, office, admitted, write_file):
    client = login(office)
    data = client.get(reverse("plan_dashboard_xlsx", args=["DUK"])).getvalue()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == [f"Targets {YEAR}", "Year by year", "Organizations under it"]
    current = book.get_sheet_by_index(0).to_python()
    assert current[0][:6] == ["Target", "Wording in the plan", "Goal", "Counted", "Base", "Value"]
    admissions = next(r for r in current if r[0] == "new members admitted")
    assert admissions[2:6] == ["at least 2", 4, "", 4] and admissions[7] == "Met"
    trend = book.get_sheet_by_index(1).to_python()
    assert trend[0][:4] == ["Target", "Goal", str(YEAR - 1), str(YEAR)]
    row = next(r for r in trend if r[0] == "new members admitted")
    assert row[2:6] == [1, 4, "Not met", "Met"]
    children = book.get_sheet_by_index(2).to_python()
    assert [r[0] for r in children[1:]] == ["DUK-BK", "DUK-KT"]
    column = children[0].index("new members admitted")
    assert [r[column] for r in children[1:]] == [3, 1]
    pdf = client.get(reverse("plan_dashboard_pdf", args=["DUK"]))
    assert pdf["Content-Type"] == "application/pdf"
    path = write_file("board.pdf", pdf.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat = re.sub(r"\s+", " ", text)
    assert "BÁO CÁO" in flat
    assert f"kết quả thực hiện các chỉ tiêu Kế hoạch số 74-KH/ĐUK năm {YEAR}" in flat
    assert f"KẾT QUẢ CÁC CHỈ TIÊU NĂM {YEAR}" in flat
    assert "kết nạp đảng viên mới từ 2 trở lên 4 Đạt" in flat
    # the children worst first, each target's value in words (KT before BK: one short more)
    assert flat.index("Chi bộ Trường Cao đẳng Kinh") > flat.index("Đảng bộ Trường Đại học")
    assert flat.count("3 — Theo dõi") == 1 and flat.count("1 — Theo dõi") == 1
    assert "NGƯỜI LẬP BÁO CÁO vanphong" in flat
    assert "Số liệu tính theo hệ thống tổ chức hiện nay" in flat


def test_a_fixed_number_of_queries_on_the_measures(
    login, office, admitted, tree, django_assert_num_queries
):
    client = login(office)
    url = reverse("plan_dashboard", args=["DUK"])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for i in range(6):
        org = org_services.create_organization(
            tree["DUK"], code=f"DUK-Y{i}", name=f"Đảng bộ Y{i}", kind="grassroots_committee",
            established_on=dt.date(2015, 1, 1))  # fmt: skip
        cell = org_services.create_organization(
            org, code=f"DUK-Y{i}-C", name=f"Chi bộ Y{i}", kind="cell",
            established_on=dt.date(2015, 1, 1))  # fmt: skip
        admit(cell, dt.date(YEAR, 2, 1))
    with django_assert_num_queries(QUERIES):
        html = client.get(url).content.decode()
    assert re.search(r'id="value-admissions">([^<]+)<', html).group(1) == "10"
    # the files: the page's queries but the session's last touch; the PDF reads the parent
    for name, queries in (("plan_dashboard_xlsx", 23), ("plan_dashboard_pdf", 24)):
        with django_assert_num_queries(queries):
            client.get(reverse(name, args=["DUK"]))


QUERIES = 24
