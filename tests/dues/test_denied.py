"""Every dues step, page and API alike, refused with nothing changed: to a user in scope without
an editing role (a plain member, who reads names only and their own ledger; a member of the
inspection committee, who reads records) a 404; to a committee outside (another grassroots
organization's secretary) a 404, or a 400 naming the member field for a member named in the
body; an invalid input refused with the rule's message in Vietnamese. The same data is written
by the cell's secretary (the first test), so a refusal is the role's or the scope's, not the
data's. The plain member does not read the cell's sheet, summary or exports either: the ledger
is a personal record (what a member pays follows from their salary)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from coso.accounts.services import add_user
from coso.dues import services
from coso.dues.models import DuesMonth
from tests.helpers import PASSWORD, client_for, make_member, refused, results, snapshot, xlsx_bytes

D = dt.date
MARCH = D(2026, 3, 1)
CNTT = "DUK-BK-CNTT"
#: the portal's list of payments (tests/dues/test_import.py reads the same columns)
HEADERS = ["Số thẻ đảng viên", "Số tiền", "Ngày nộp", "Mã giao dịch"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def dues(tree):
    """CNTT: An and Bình on 8,000,000 đ (80,000 đ a month), March 2026 open, Bình's paid."""
    cntt = tree[CNTT]
    a = make_member(cntt, "An", party_card_number="V0000001")
    b = make_member(cntt, "Bình", party_card_number="V0000002")
    for m in (a, b):
        services.set_basis(m, category="salary", income=8_000_000, valid_from=D(2025, 1, 1))
    services.open_month(cntt, MARCH)
    services.record_payment(b, MARCH, amount=80_000, paid_on=D(2026, 3, 5), channel="cash")
    rows = {r.member_id: r for r in DuesMonth.objects.all()}
    return {"a": a, "b": b, "row_a": rows[a.pk], "row_b": rows[b.pk]}


@pytest.fixture
def users(tree, dues, cell_secretary):
    """The cell's secretary; An's own account (a plain member of CNTT); a member of DUK-BK's
    inspection committee; the secretary of another grassroots organization (DUK-KT)."""
    plain = add_user("dv_an", organization=tree[CNTT], role="member", password=PASSWORD)
    dues["a"].user = plain
    dues["a"].save(update_fields=["user"])
    return {
        "secretary": cell_secretary,
        "member": plain,
        "inspection_member": add_user(
            "ubkt_bk", organization=tree["DUK-BK"], role="inspection_member", password=PASSWORD
        ),
        "outsider": add_user(
            "bithu_kt", organization=tree["DUK-KT"], role="secretary", password=PASSWORD
        ),
    }


def _payments(card="V0000001"):
    f = io.BytesIO(xlsx_bytes([[card, 80_000, D(2026, 3, 4), "DVC-0001"]], headers=HEADERS))
    f.name = "cong-dvc.xlsx"
    return f


def _action(o, action):
    return reverse("dues_member_action", args=[o["a"].pk, action])


#: label -> (url, data, whether JSON) of a valid step, from the fixture's objects
WRITES = {
    "page: open a month": lambda o: (
        reverse("dues_open_month", args=[CNTT]), {"month": "04/2026"}, False),
    "page: save the sheet": lambda o: (
        reverse("dues_sheet", args=[CNTT, 2026, 3]),
        {"paid_on": "10/03/2026", "paid": [o["a"].pk, o["b"].pk]}, False),
    "page: import payments": lambda o: (
        reverse("dues_import", args=[CNTT, 2026, 3]), {"file": _payments()}, False),
    "page: basis": lambda o: (_action(o, "basis"), {
        "basis-category": "salary", "basis-valid_from": "04/2026", "basis-income": "9000000",
        "basis-voluntary_extra": "0"}, False),
    "page: relief": lambda o: (_action(o, "relief"), {
        "relief-kind": "reduction", "relief-reason": "hardship", "relief-percent": "50",
        "relief-months": "6", "relief-valid_from": "03/2026", "relief-decision_number": "1-QĐ",
        "relief-decision_date": "20/02/2026"}, False),
    "page: payment": lambda o: (_action(o, "payment"), {
        "payment-month": "03/2026", "payment-amount": "80000", "payment-paid_on": "05/03/2026",
        "payment-channel": "portal", "payment-reference": "DVC-9"}, False),
    "page: excuse": lambda o: (_action(o, "excuse"), {
        "excuse-month": "03/2026", "excuse-reason": "Ốm dài ngày"}, False),
    "api: open a month": lambda o: (
        "/api/v1/dues-months/open/", {"organization": CNTT, "month": "2026-04-01"}, True),
    "api: collect": lambda o: ("/api/v1/dues-months/collect/", {
        "organization": CNTT, "month": "2026-03-01", "paid_on": "2026-03-10",
        "paid": [o["a"].pk, o["b"].pk]}, True),
    "api: pay": lambda o: (f"/api/v1/dues-months/{o['row_a'].pk}/pay/", {
        "amount": 80_000, "paid_on": "2026-03-10", "channel": "cash"}, True),
    "api: excuse": lambda o: (
        f"/api/v1/dues-months/{o['row_a'].pk}/excuse/", {"reason": "Ốm dài ngày"}, True),
    "api: basis": lambda o: ("/api/v1/dues-bases/", {
        "member": o["a"].pk, "category": "salary", "income": 9_000_000,
        "valid_from": "2026-04-01"}, True),
    "api: relief": lambda o: ("/api/v1/dues-reliefs/", {
        "member": o["a"].pk, "kind": "reduction", "reason": "hardship", "percent": 50,
        "months": 6, "valid_from": "2026-03-01", "decision_number": "1-QĐ",
        "decision_date": "2026-02-20"}, True),
}  # fmt: skip

#: a member named in the body of a request, outside the user's scope: the field refused (400)
BODY_MEMBER = {"api: basis", "api: relief"}


def _post(client, write):
    url, data, as_json = write
    return client.post(url, data, format="json") if as_json else client.post(url, data)


@pytest.mark.parametrize("label", list(WRITES))
def test_the_cell_secretary_writes_it(dues, users, label):
    before = snapshot()
    response = _post(client_for(users["secretary"]), WRITES[label](dues))
    assert response.status_code in (200, 201, 302), response.content.decode()[:2000]
    assert snapshot() != before


@pytest.mark.parametrize("persona", ["member", "inspection_member", "outsider"])
@pytest.mark.parametrize("label", list(WRITES))
def test_refused_without_an_editing_role_or_outside(dues, users, persona, label):
    status = 400 if persona == "outsider" and label in BODY_MEMBER else 404
    api = client_for(users[persona])
    result = refused(lambda: _post(api, WRITES[label](dues)), status=status)
    if status == 400:
        assert result.response.json() == {"member": ["There is no such member."]}


READS = {
    "sheet": lambda o: reverse("dues_sheet", args=[CNTT, 2026, 3]),
    "sheet.xlsx": lambda o: reverse("dues_sheet_xlsx", args=[CNTT, 2026, 3]),
    "summary": lambda o: reverse("dues_summary", args=[CNTT]),
    "summary.xlsx": lambda o: reverse("dues_summary_xlsx", args=[CNTT]),
    "another member's ledger": lambda o: reverse("dues_member", args=[o["b"].pk]),
    "api: a ledger row": lambda o: f"/api/v1/dues-months/{o['row_b'].pk}/",
}


@pytest.mark.parametrize("label", list(READS))
def test_a_plain_member_reads_no_one_elses_dues(dues, users, label):
    api = client_for(users["member"])
    assert api.get(READS[label](dues)).status_code == 404
    # the inspection committee's member reads them (records), and writes none (above)
    assert client_for(users["inspection_member"]).get(READS[label](dues)).status_code == 200


def test_a_plain_member_reads_their_own_ledger(dues, users):
    api = client_for(users["member"])
    door = api.get(reverse("dues_home"))
    assert door["Location"] == reverse("dues_member", args=[dues["a"].pk])
    page = api.get(door["Location"] + "?year=2026")
    assert page.status_code == 200
    assert [(r.month, r.due, r.paid) for r in page.context["ledger"]] == [(MARCH, 80_000, 0)]
    assert page.context["may"] is False
    assert 'action="' + _action(dues, "payment") not in page.content.decode()
    summary = api.get(f"/api/v1/dues-months/summary/?organization={CNTT}&year=2026")
    assert summary.status_code == 400
    assert [r["member"] for r in results(api.get("/api/v1/dues-bases/"))] == [dues["a"].pk]
    assert results(api.get("/api/v1/dues-months/")) == []
    assert results(api.get("/api/v1/dues-reliefs/")) == []


#: label -> (url, invalid data, whether JSON), the status, the Vietnamese message
INVALID = {
    "page: open a month, not a month": (lambda o: (
        reverse("dues_open_month", args=[CNTT]), {"month": "13/2026"}, False),
        302, "Hãy nhập tháng theo dạng mm/yyyy."),
    "page: open a month to come": (lambda o: (
        reverse("dues_open_month", args=[CNTT]), {"month": "01/2099"}, False),
        302, "Không thể ghi sổ đảng phí cho tháng chưa đến."),
    "page: the sheet paid before the month": (lambda o: (
        reverse("dues_sheet", args=[CNTT, 2026, 3]),
        {"paid_on": "28/02/2026", "paid": [o["a"].pk]}, False),
        400, "Ngày nộp không thể trước tháng thu (01/03/2026)."),
    "page: import without a file": (lambda o: (
        reverse("dues_import", args=[CNTT, 2026, 3]), {}, False),
        302, "Hãy chọn tệp cần nhập."),
    "page: import an unknown card": (lambda o: (
        reverse("dues_import", args=[CNTT, 2026, 3]), {"file": _payments("X9999999")}, False),
        302, "Dòng 2: không có đảng viên X9999999 có sổ thu tháng này tại đây."),
    "page: basis on a salary without it": (lambda o: (_action(o, "basis"), {
        "basis-category": "salary", "basis-valid_from": "04/2026", "basis-income": "",
        "basis-voluntary_extra": "0"}, False),
        400, "Hãy nhập thu nhập hằng tháng làm căn cứ tính đảng phí."),
    "page: a reduction of 13 months": (lambda o: (_action(o, "relief"), {
        "relief-kind": "reduction", "relief-reason": "hardship", "relief-percent": "50",
        "relief-months": "13", "relief-valid_from": "03/2026",
        "relief-decision_number": "1-QĐ", "relief-decision_date": "20/02/2026"}, False),
        400, "Thời gian giảm từ 1 đến 12 tháng"),
    "page: a portal payment without its reference": (lambda o: (_action(o, "payment"), {
        "payment-month": "03/2026", "payment-amount": "80000", "payment-paid_on": "05/03/2026",
        "payment-channel": "portal", "payment-reference": ""}, False),
        400, "Khoản nộp qua Cổng Dịch vụ công quốc gia cần có mã giao dịch."),
    "page: excuse a month not opened": (lambda o: (_action(o, "excuse"), {
        "excuse-month": "02/2026", "excuse-reason": "Ốm"}, False),
        400, "Sổ thu tháng 02/2026 của đảng viên này chưa được mở."),
    "api: open a month to come": (lambda o: (
        "/api/v1/dues-months/open/", {"organization": CNTT, "month": "2099-01-01"}, True),
        400, "Không thể ghi sổ đảng phí cho tháng chưa đến."),
    "api: collect before the month": (lambda o: ("/api/v1/dues-months/collect/", {
        "organization": CNTT, "month": "2026-03-01", "paid_on": "2026-02-28",
        "paid": [o["a"].pk]}, True),
        400, "Ngày nộp không thể trước tháng thu (01/03/2026)."),
    "api: collect a member not on the sheet": (lambda o: ("/api/v1/dues-months/collect/", {
        "organization": CNTT, "month": "2026-03-01", "paid_on": "2026-03-10",
        "paid": [o["a"].pk, 10**6]}, True),
        400, "Có đảng viên được đánh dấu nhưng không có trong bảng thu tháng này."),
    "api: a portal payment without its reference": (lambda o: (
        f"/api/v1/dues-months/{o['row_a'].pk}/pay/",
        {"amount": 80_000, "paid_on": "2026-03-10", "channel": "portal"}, True),
        400, "Khoản nộp qua Cổng Dịch vụ công quốc gia cần có mã giao dịch."),
    "api: excuse a paid month": (lambda o: (
        f"/api/v1/dues-months/{o['row_b'].pk}/excuse/", {"reason": "Ốm"}, True),
        400, "Tháng này đã nộp đủ: không cần ghi lý do."),
    "api: basis on a salary without it": (lambda o: ("/api/v1/dues-bases/", {
        "member": o["a"].pk, "category": "salary", "valid_from": "2026-04-01"}, True),
        400, "Hãy nhập thu nhập hằng tháng làm căn cứ tính đảng phí."),
    "api: a reduction of 40%": (lambda o: ("/api/v1/dues-reliefs/", {
        "member": o["a"].pk, "kind": "reduction", "reason": "hardship", "percent": 40,
        "months": 6, "valid_from": "2026-03-01", "decision_number": "1-QĐ",
        "decision_date": "2026-02-20"}, True),
        400, "Mức giảm là một trong các mức 30, 50, 70 phần trăm"),
}  # fmt: skip


@pytest.mark.parametrize("label", list(INVALID))
def test_an_invalid_input_is_refused_in_vietnamese(dues, users, label):
    write, status, message = INVALID[label]
    api = client_for(users["secretary"], language="vi")
    result = refused(lambda: _post(api, write(dues)), status=status)
    shown = result.text
    if status == 302:  # the step's page shows the message after the redirect
        shown = api.get(result.response["Location"]).content.decode()
    assert message in shown
