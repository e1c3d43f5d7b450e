"""The register as deployed, outside a wrapping transaction (`transaction=True`; CI runs it on
SQLite and PostgreSQL): each step once, and numbers issued at once never given twice.

200 requests at once get 200 distinct consecutive numbers on PostgreSQL, each thread with its
own connection (at most `PG_CONNECTIONS` open together: the server allows 100, and the suite
runs in two processes). SQLite serializes writers (BEGIN IMMEDIATE), so its run is the same
test with 20 threads."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from coso.committees.models import Term
from coso.documents import services
from coso.documents.models import RegisterEntry, Series
from tests.helpers import D, client_for, concurrent_posts, make_member, snapshot

pytestmark = pytest.mark.django_db(transaction=True)

PG_CONNECTIONS = 32
DAY = D(2025, 9, 2)


def issue_at_once(org, n: int, workers: int) -> list[int]:
    """`n` numbers asked for from `workers` threads, the first `workers` released together;
    each request on a connection of its own (closed after it)."""
    barrier = threading.Barrier(workers)

    def one(i):
        try:
            if i < workers:
                barrier.wait(timeout=60)
            return services.issue_number(
                organization=org,
                doc_type="GGT",
                issued_on=DAY,
                summary=f"Giấy giới thiệu sinh hoạt đảng số {i}",
            ).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, range(n)))


@pytest.fixture
def bk_term(tree):
    return Term.objects.create(
        organization=tree["DUK-BK"], start_year=2025, end_year=2030, congress_date=D(2025, 7, 1)
    )


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serializes writers: the 20-thread run below; 200 needs PostgreSQL's locks",
)
def test_two_hundred_requests_at_once_get_two_hundred_consecutive_numbers(tree, bk_term):
    got = issue_at_once(tree["DUK-BK"], 200, PG_CONNECTIONS)
    assert sorted(got) == list(range(1, 201))
    entries = RegisterEntry.objects.order_by("number")
    assert list(entries.values_list("number", flat=True)) == list(range(1, 201))
    assert entries.last().symbol == "200-GGT/ĐU"
    series = Series.objects.get()
    assert (series.term, series.last_number) == (bk_term, 200)


def test_twenty_requests_at_once_get_twenty_consecutive_numbers(tree, bk_term):
    got = issue_at_once(tree["DUK-BK"], 20, 20)
    assert sorted(got) == list(range(1, 21))
    assert Series.objects.get().last_number == 20
    assert RegisterEntry.objects.count() == 20


def test_each_step_once(tree, bk_term, office):
    bk = tree["DUK-BK"]
    services.set_body_code(bk, abbreviation="ĐUBK", actor=office)
    entry = services.issue_number(
        organization=bk, doc_type="QĐ", issued_on=DAY, summary="Quyết định kết nạp", actor=office
    )
    assert entry.symbol == "01-QĐ/ĐUBK"
    services.cancel_number(entry, reason="In nhầm", actor=office)
    assert RegisterEntry.objects.get(pk=entry.pk).cancel_reason == "In nhầm"
    before = snapshot()
    with pytest.raises(Exception, match="already cancelled"):
        services.cancel_number(entry, reason="Lại", actor=office)
    assert snapshot() == before


def test_the_api_issues_at_once_and_cancels(tree, bk_term, office):
    member = make_member(tree["DUK-BK-CNTT"], "Khoa")
    data = {
        "organization": "DUK-BK",
        "doc_type": "GGT",
        "issued_on": "2025-09-02",
        "summary": "Giấy giới thiệu sinh hoạt đảng",
        "subject_type": "members.member",
        "subject_id": member.pk,
    }
    answers = concurrent_posts(office, "/api/v1/register/issue/", data, n=10)
    assert [status for status, _ in answers] == [201] * 10
    assert sorted(body["number"] for _, body in answers) == list(range(1, 11))
    first = next(body for _, body in answers if body["number"] == 1)
    response = client_for(office).post(
        f"/api/v1/register/{first['id']}/cancel/", {"reason": "Sai tên"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["cancel_reason"], response.json()["cancelled_by"]) == (
        "Sai tên",
        "vanphong",
    )


def test_the_page_cancels(login, tree, bk_term, office):
    entry = services.issue_number(
        organization=tree["DUK-BK"], doc_type="TB", issued_on=DAY, summary="Thông báo"
    )
    response = login(office).post(
        f"/documents/register/{entry.pk}/cancel/", {"reason": "Không ban hành"}
    )
    assert response.status_code == 302
    assert RegisterEntry.objects.get(pk=entry.pk).cancel_reason == "Không ban hành"
