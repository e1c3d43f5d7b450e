"""The dues API: the same services as the pages; out of scope is 404, refusals 400 with the
rule's message, nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.dues import services
from coso.dues.models import DuesBasis, DuesMonth
from tests.helpers import client_for, make_member, refused, results

D = dt.date
pytestmark = pytest.mark.django_db


def test_basis_open_collect_pay_excuse_and_summary(tree, cell_secretary, office):
    cntt = tree["DUK-BK-CNTT"]
    a, b = make_member(cntt, "An"), make_member(cntt, "Bình")
    api = client_for(cell_secretary)
    for m in (a, b):
        r = api.post(
            "/api/v1/dues-bases/",
            {"member": m.pk, "category": "salary", "income": 8_000_000, "valid_from": "2026-01-01"},
            format="json",
        )
        assert r.status_code == 201, r.content
    r = api.post(
        "/api/v1/dues-months/open/",
        {"organization": "DUK-BK-CNTT", "month": "2026-03-15"},
        format="json",
    )
    assert r.json() == {"written": 2, "without_basis": []}
    r = api.post(
        "/api/v1/dues-months/collect/",
        {
            "organization": "DUK-BK-CNTT",
            "month": "2026-03-01",
            "paid_on": "2026-03-10",
            "paid": [a.pk],
        },
        format="json",
    )
    assert r.json() == {"paid": 1, "undone": 0}
    row_b = DuesMonth.objects.get(member=b)
    r = api.post(f"/api/v1/dues-months/{row_b.pk}/excuse/", {"reason": "Ốm"}, format="json")
    assert (r.status_code, r.json()["excuse"]) == (200, "Ốm")
    rows = results(api.get("/api/v1/dues-months/?organization=DUK-BK-CNTT&year=2026&month=3"))
    assert [(x["member_name"], x["due"], x["paid"], x["channel"]) for x in rows] == [
        ("Nguyễn Văn An", 80_000, 80_000, "cash"),
        ("Nguyễn Văn Bình", 80_000, 0, ""),
    ]
    summary = client_for(office).get("/api/v1/dues-months/summary/?organization=DUK-BK&year=2026")
    assert [
        (x["organization"], x["due"], x["paid"], x["arrears"], x["kept"]) for x in summary.json()
    ] == [
        (
            "DUK-BK-CNTT",
            160_000,
            80_000,
            0,
            {"cell": 24_000, "grassroots": 28_000, "above": 28_000},
        ),
        ("DUK-BK", 160_000, 80_000, 0, {"cell": 24_000, "grassroots": 28_000, "above": 28_000}),
    ]


def test_refusals_and_scope(tree, cell_secretary):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    a, outsider = make_member(cntt, "An"), make_member(ck, "Khoa")
    services.set_basis(outsider, category="student", valid_from=D(2026, 1, 1))
    services.open_month(ck, D(2026, 3, 1))
    api = client_for(cell_secretary)
    r = refused(
        lambda: api.post(
            "/api/v1/dues-reliefs/",
            {
                "member": a.pk,
                "kind": "reduction",
                "reason": "hardship",
                "percent": 40,
                "months": 6,
                "valid_from": "2026-03-01",
                "decision_number": "1-QĐ",
                "decision_date": "2026-02-20",
            },
            format="json",
        ),  # fmt: skip
        "30, 50, 70",
        status=400,
    )
    assert "percent" in r.response.json()
    row = DuesMonth.objects.get(member=outsider)
    refused(
        lambda: api.post(f"/api/v1/dues-months/{row.pk}/excuse/", {"reason": "x"}, format="json"),
        status=404,
    )
    refused(
        lambda: api.post(
            "/api/v1/dues-months/open/",
            {"organization": "DUK-BK-CK", "month": "2026-04-01"},
            format="json",
        ),
        status=404,
    )
    refused(
        lambda: api.post(
            "/api/v1/dues-bases/",
            {"member": outsider.pk, "category": "student", "valid_from": "2026-04-01"},
            format="json",
        ),
        status=400,
    )
    assert results(api.get("/api/v1/dues-months/")) == []
    assert DuesBasis.objects.count() == 1
