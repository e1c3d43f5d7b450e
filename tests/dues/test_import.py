"""A month's payments imported from a spreadsheet (the portal's list): every row checked first,
all or nothing; a fixed number of queries for the write."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from coso.dues import services
from coso.dues.models import DuesMonth
from coso.dues.services import PaymentRow
from tests.helpers import make_member, queries, refused, verified_login, xlsx_bytes

D = dt.date
MARCH = D(2026, 3, 1)
HEADERS = ["Số thẻ đảng viên", "Số tiền", "Ngày nộp", "Mã giao dịch"]
pytestmark = pytest.mark.django_db


def _people(org, n, prefix="Viên"):
    out = []
    for i in range(n):
        m = make_member(org, f"{prefix} {i:02d}", party_card_number=f"{prefix[:1]}{i:07d}")
        services.set_basis(m, category="salary", income=8_000_000, valid_from=D(2025, 1, 1))
        out.append(m)
    return out


def _post(client, org, data):
    f = io.BytesIO(data)
    f.name = "cong-dvc.xlsx"
    return client.post(reverse("dues_import", args=[org.code, 2026, 3]), {"file": f})


def test_import_records_portal_and_cash_payments(client, tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    a, b, c = _people(cntt, 3)
    services.open_month(cntt, MARCH)
    verified_login(client, cell_secretary)
    data = xlsx_bytes(
        [
            ["V0000000", 80_000, D(2026, 3, 4), "DVC-0001"],
            ["V0000001", "", D(2026, 3, 10), ""],
            ["", "", "", ""],
        ],
        headers=HEADERS,
    )
    response = _post(client, cntt, data)
    assert response.status_code == 302
    rows = {r.member_id: r for r in DuesMonth.objects.all()}
    assert (rows[a.pk].paid, rows[a.pk].channel, rows[a.pk].reference) == (
        80_000,
        "portal",
        "DVC-0001",
    )
    assert (rows[b.pk].paid, rows[b.pk].channel, rows[b.pk].paid_on) == (
        80_000,
        "cash",
        D(2026, 3, 10),
    )
    assert rows[c.pk].paid == 0


def test_a_bad_row_refuses_the_whole_file(client, tree, cell_secretary, members):
    cntt = tree["DUK-BK-CNTT"]
    _people(cntt, 2)
    services.open_month(cntt, MARCH)
    verified_login(client, cell_secretary)
    client.cookies["django_language"] = "en"
    data = xlsx_bytes(
        [
            ["V0000000", 80_000, D(2026, 3, 4), "DVC-0001"],
            ["X9999999", 80_000, D(2026, 3, 4), "DVC-0002"],
            ["V0000001", 80_000, D(2026, 2, 4), ""],
        ],
        headers=HEADERS,
    )
    response = refused(lambda: _post(client, cntt, data), status=302)
    shown = client.get(response.response["Location"]).content.decode()
    assert "Row 3: no member X9999999 has this month open here." in shown
    assert "Row 4: the payment date must lie between 01/03/2026 and today." in shown


def test_load_payments_runs_a_fixed_number_of_queries(tree):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    small, large = _people(cntt, 10), _people(ck, 40, prefix="Khí")
    services.open_month(tree["DUK-BK"], MARCH)

    def rows(people):
        return [
            PaymentRow(
                line=i,
                member_id=m.pk,
                paid_on=D(2026, 3, 5 + i % 2),
                channel="portal" if i % 3 == 0 else "cash",
                reference=f"DVC-{m.pk}" if i % 3 == 0 else "",
            )  # fmt: skip
            for i, m in enumerate(people)
        ]

    counts = [
        queries(lambda o=o, p=p: services.load_payments(o, MARCH, rows(p)))
        for o, p in ((cntt, small), (ck, large))
    ]
    assert counts[0] == counts[1]
    assert DuesMonth.objects.filter(paid=80_000).count() == 50


@pytest.mark.django_db(transaction=True)
def test_load_payments_writes_each_kind_of_row_exactly(tree):
    """A portal payment without an amount pays the month's due, one with an amount that
    amount, a cash payment of another amount likewise, a cash payment of the due in full by
    day; dates and references as given (outside a wrapping transaction: PostgreSQL too)."""
    cntt = tree["DUK-BK-CNTT"]
    a, b, c, d, e = _people(cntt, 5)
    services.set_basis(b, category="salary", income=9_000_000, valid_from=D(2026, 2, 1))
    services.open_month(cntt, MARCH)
    written = services.load_payments(
        cntt,
        MARCH,
        [
            PaymentRow(1, D(2026, 3, 4), "portal", member_id=a.pk, reference=" DVC-1 "),
            PaymentRow(2, D(2026, 3, 5), "portal", member_id=b.pk, amount=100_000, reference="DVC-2"),
            PaymentRow(3, D(2026, 3, 6), "cash", member_id=c.pk, amount=50_000),
            PaymentRow(4, D(2026, 3, 7), "cash", card_number="V0000003"),
        ],
    )  # fmt: skip
    assert written == 4
    got = {
        r[0]: r[1:]
        for r in DuesMonth.objects.values_list(
            "member_id", "due", "paid", "paid_on", "channel", "reference"
        )
    }
    assert got == {
        a.pk: (80_000, 80_000, D(2026, 3, 4), "portal", "DVC-1"),
        b.pk: (90_000, 100_000, D(2026, 3, 5), "portal", "DVC-2"),
        c.pk: (80_000, 50_000, D(2026, 3, 6), "cash", ""),
        d.pk: (80_000, 80_000, D(2026, 3, 7), "cash", ""),
        e.pk: (80_000, 0, None, "", ""),
    }
