"""The dues pages: the collection sheet ticked and saved in one request (a fixed number of
queries for a cell of 10 and of 40), its spreadsheet read back, the summary up the tree and its
spreadsheet, a member's ledger and steps; out of scope is 404 and changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.committees import services as committee_services
from coso.dues import services
from coso.dues.models import DuesBasis, DuesMonth
from tests.helpers import make_member, pdf_text, queries, refused, verified_login

D = dt.date
MARCH = D(2026, 3, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client):
    """Pages and sheets in English, so assertions read the msgids."""
    client.cookies["django_language"] = "en"


def _people(org, n, prefix="Viên", income=8_000_000):
    out = []
    for i in range(n):
        m = make_member(org, f"{prefix} {i:02d}")
        services.set_basis(m, category="salary", income=income, valid_from=D(2025, 1, 1))
        out.append(m)
    return out


def _book(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def _sheet_url(org, month=MARCH):
    return reverse("dues_sheet", args=[org.code, month.year, month.month])


def test_sheet_saved_in_one_request_with_a_fixed_number_of_queries(client, tree, bk_secretary):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    small, large = _people(cntt, 10), _people(ck, 40, prefix="Khí")
    services.open_month(tree["DUK-BK"], MARCH)
    verified_login(client, bk_secretary)
    client.get(_sheet_url(cntt))  # the session and the user's scope warmed
    counts = []
    for org, people in ((cntt, small), (ck, large)):
        data = {"paid_on": "10/03/2026", "paid": [m.pk for m in people[1:]]}
        counts.append(queries(lambda org=org, data=data: client.post(_sheet_url(org), data)))
    assert counts[0] == counts[1]
    assert DuesMonth.objects.filter(paid=80_000, paid_on=D(2026, 3, 10)).count() == 9 + 39
    page = client.get(_sheet_url(ck))
    assert "39 of 40 paid: 3,120,000 of 3,200,000 đồng." in page.content.decode()


def test_sheet_page_shows_ticks_and_the_open_button(client, tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    a, b = _people(cntt, 2)
    verified_login(client, cell_secretary)
    page = client.get(_sheet_url(cntt)).content.decode()
    assert "Open the month" in page
    response = client.post(reverse("dues_open_month", args=[cntt.code]), {"month": "03/2026"})
    assert response.status_code == 302
    assert DuesMonth.objects.filter(month=MARCH).count() == 2
    client.post(_sheet_url(cntt), {"paid_on": "10/03/2026", "paid": [a.pk]})
    page = client.get(_sheet_url(cntt)).content.decode()
    assert f'id="paid-{a.pk}" checked' in page
    assert f'id="paid-{b.pk}" checked' not in page


def test_sheet_refusal_shows_the_message_and_changes_nothing(client, tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    (a,) = _people(cntt, 1)
    services.open_month(cntt, MARCH)
    verified_login(client, cell_secretary)
    result = refused(
        lambda: client.post(_sheet_url(cntt), {"paid_on": "28/02/2026", "paid": [a.pk]}),
        "cannot be before the month",
        status=400,
    )
    assert result.response.status_code == 400


def test_out_of_scope_is_404_and_changes_nothing(client, tree, cell_secretary):
    ck = tree["DUK-BK-CK"]
    (b,) = _people(ck, 1)
    services.open_month(ck, MARCH)
    verified_login(client, cell_secretary)
    for url in (
        _sheet_url(ck),
        reverse("dues_sheet_xlsx", args=[ck.code, 2026, 3]),
        reverse("dues_sheet_pdf", args=[ck.code, 2026, 3]),
        reverse("dues_summary", args=[ck.code]),
        reverse("dues_summary_xlsx", args=[ck.code]),
        reverse("dues_member", args=[b.pk]),
    ):
        assert client.get(url).status_code == 404, url
    refused(
        lambda: client.post(_sheet_url(ck), {"paid_on": "10/03/2026", "paid": [b.pk]}), status=404
    )
    refused(
        lambda: client.post(reverse("dues_open_month", args=[ck.code]), {"month": "04/2026"}),
        status=404,
    )
    refused(
        lambda: client.post(
            reverse("dues_member_action", args=[b.pk, "basis"]),
            {"basis-category": "student", "basis-valid_from": "04/2026"},
        ),
        status=404,
    )


def test_sheet_xlsx_read_back(client, tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    a, b = _people(cntt, 2)
    services.open_month(cntt, MARCH)
    services.collect_month(cntt, MARCH, paid_ids=[a.pk], paid_on=D(2026, 3, 10))
    verified_login(client, cell_secretary)
    rows = _book(client.get(reverse("dues_sheet_xlsx", args=[cntt.code, 2026, 3])))
    assert rows[0][:4] == ("No.", "Full name", "Due (đồng)", "Paid (đồng)")
    assert [r[:6] + (r[8],) for r in rows[1:]] == [
        (
            1,
            "Nguyễn Văn Viên 00",
            80_000,
            80_000,
            dt.datetime(2026, 3, 10),
            "Cash at the meeting",
            0,
        ),
        (2, "Nguyễn Văn Viên 01", 80_000, 0, None, None, 80_000),
    ]


def test_summary_up_the_tree_with_the_split(client, tree, office):
    cntt, ck, kt = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"], tree["DUK-KT"]
    a = _people(cntt, 2)
    b = _people(ck, 1, prefix="Khí", income=6_000_000)
    c = _people(kt, 1, prefix="Tế", income=10_000_000)
    for month in (D(2026, 2, 1), MARCH):
        services.open_month(tree["DUK"], month)
        services.collect_month(cntt, month, paid_ids=[a[0].pk], paid_on=month)
        services.collect_month(ck, month, paid_ids=[b[0].pk], paid_on=month)
        services.collect_month(kt, month, paid_ids=[c[0].pk], paid_on=month)
    verified_login(client, office)
    url = reverse("dues_summary", args=["DUK"]) + "?year=2026"
    page = client.get(url)
    assert page.status_code == 200
    lines = {line.organization.code: line for line in page.context["lines"]}
    bk, ktl = lines["DUK-BK"], lines["DUK-KT"]
    # BK: cells CNTT (2 × 80,000 due, 80,000 paid a month) and CK (60,000 paid a month)
    assert (bk.members, bk.due, bk.paid, bk.arrears, bk.months_unpaid) == (
        3,
        440_000,
        280_000,
        160_000,
        2,
    )
    # a cell keeps 30%; BK keeps half of the 70% that reaches it; the rest goes above
    assert bk.kept == {"cell": 84_000, "grassroots": 98_000, "above": 98_000}
    # KT is a grassroots cell: nothing kept at a cell level below it
    assert ktl.kept == {"cell": 0, "grassroots": 100_000, "above": 100_000}
    total = page.context["total"]
    assert (total.due, total.paid, total.kept["above"]) == (640_000, 480_000, 198_000)
    # the rows drawn without the template engine: labels, grouped amounts, links down the tree
    html = page.content.decode()
    assert (
        '<tr><td class="card-name" data-label="Organization">'
        '<a href="/organizations/DUK-BK/dues/?year=2026">'
        "Đảng bộ Trường Đại học Bách khoa Hà Nội</a></td>"
        '<td class="text-end" data-label="Members">3</td>'
        '<td class="text-end" data-label="Due (đồng)">440,000</td>'
    ) in html
    assert '<a href="/organizations/DUK-KT/dues/2026/1/">' in html  # a cell: its sheet
    assert (
        '<td class="text-end" data-label="Passed above">198,000</td></tr>'
        in html.split("dues-total")[1]
    )
    rows = _book(client.get(reverse("dues_summary_xlsx", args=["DUK"]) + "?year=2026"))
    assert rows[1] == (
        "DUK-BK",
        "Đảng bộ Trường Đại học Bách khoa Hà Nội",
        3,
        440_000,
        280_000,
        160_000,
        2,
        84_000,
        98_000,
        98_000,
    )
    assert rows[-1][0] == "Total" and rows[-1][3:6] == (640_000, 480_000, 160_000)


def test_summary_query_count_is_fixed(client, tree, office):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    _people(cntt, 2)
    services.open_month(tree["DUK"], MARCH)
    verified_login(client, office)
    url = reverse("dues_summary", args=["DUK"]) + "?year=2026"
    client.get(url)
    few = queries(lambda: client.get(url))
    _people(ck, 12, prefix="Khí")
    _people(tree["DUK-KT"], 5, prefix="Tế")
    services.open_month(tree["DUK"], MARCH)
    services.open_month(tree["DUK"], D(2026, 4, 1))
    assert queries(lambda: client.get(url)) == few


def test_member_page_and_steps(client, tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    a = make_member(cntt, "An")
    verified_login(client, cell_secretary)
    url = reverse("dues_member", args=[a.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("dues_member_action", args=[a.pk, "basis"]),
        {"basis-category": "salary", "basis-valid_from": "01/2026", "basis-income": "8000000",
         "basis-voluntary_extra": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    assert list(DuesBasis.objects.values_list("category", "income", "valid_from")) == [
        ("salary", 8_000_000, D(2026, 1, 1))
    ]
    services.open_month(cntt, MARCH)
    refused(
        lambda: client.post(
            reverse("dues_member_action", args=[a.pk, "payment"]),
            {
                "payment-month": "03/2026",
                "payment-amount": "80000",
                "payment-paid_on": "05/03/2026",
                "payment-channel": "portal",
                "payment-reference": "",
            },
        ),  # fmt: skip
        "needs its reference",
        status=400,
    )
    client.post(
        reverse("dues_member_action", args=[a.pk, "payment"]),
        {"payment-month": "03/2026", "payment-amount": "80000", "payment-paid_on": "05/03/2026",
         "payment-channel": "portal", "payment-reference": "DVC-9"},
    )  # fmt: skip
    row = DuesMonth.objects.get()
    assert (row.paid, row.channel, row.reference) == (80_000, "portal", "DVC-9")
    page = client.get(url + "?year=2026").content.decode()
    assert "DVC-9" in page


def test_sheet_pdf_to_print(client, tree, cell_secretary):
    """The printed list: the cell as the issuing body, each member with the amount due, what
    is paid and a column to sign, the totals; signed by the person printing it when the cell
    keeps no roster."""
    cntt = tree["DUK-BK-CNTT"]
    a, b = _people(cntt, 2)
    services.open_month(cntt, MARCH)
    services.collect_month(cntt, MARCH, paid_ids=[a.pk], paid_on=D(2026, 3, 10))
    verified_login(client, cell_secretary)
    response = client.get(reverse("dues_sheet_pdf", args=[cntt.code, 2026, 3]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="dang-phi-DUK-BK-CNTT-2026-03.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, layout=False, squeeze=True)
    assert cntt.name.upper() in text
    assert "DANH SÁCH thu đảng phí tháng 03/2026" in text
    rows = [line.split() for line in pdf_text(response.content).splitlines() if "Viên 0" in line]
    assert rows == [
        ["1", "Nguyễn", "Văn", "Viên", "00", "80.000", "80.000"],
        ["2", "Nguyễn", "Văn", "Viên", "01", "80.000"],
    ]
    assert "Tổng cộng: 2 đảng viên; phải nộp 160.000 đồng; đã nộp 80.000 đồng." in text
    assert "NGƯỜI LẬP DANH SÁCH bithu_cntt" in text


def test_sheet_pdf_is_signed_by_the_cells_secretary_on_the_roster(client, tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    _people(cntt, 1)
    boss = make_member(cntt, "Bảo", family="Trần")
    term = committee_services.open_term(
        cntt, start_year=2025, end_year=2030, congress_date=D(2025, 7, 1)
    )
    committee_services.appoint(term, boss, post="secretary", started_on=D(2025, 7, 1))
    services.open_month(cntt, MARCH)
    verified_login(client, cell_secretary)
    response = client.get(reverse("dues_sheet_pdf", args=[cntt.code, 2026, 3]))
    text = pdf_text(response.content, layout=False, squeeze=True)
    assert "T/M CHI BỘ BÍ THƯ Trần Văn Bảo" in text
    assert "NGƯỜI LẬP" not in text
