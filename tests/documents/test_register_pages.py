"""The register's page (scope, filters, query count, cards and table, the subject's link,
who issued), its export read back, the cancel form, and the API list and refusals."""

from __future__ import annotations

import io

import openpyxl
import pytest

from coso.documents import services
from coso.documents.models import RegisterEntry
from tests.helpers import D, client_for, make_member, queries, refused, results

pytestmark = pytest.mark.django_db

URL = "/documents/register/"


SEPT_2 = D(2025, 9, 2)


def issue(org, doc_type="KH", day=SEPT_2, **extra):
    return services.issue_number(
        organization=org,
        doc_type=doc_type,
        issued_on=day,
        summary=extra.pop("summary", "Kế hoạch công tác"),
        **extra,
    )


def test_the_page_shows_the_scope_newest_first_with_subject_and_issuer(
    login, tree, terms, office, bk_secretary
):
    member = make_member(tree["DUK-BK-CNTT"], "Khoa")
    issue(tree["DUK-BK"], "KH", D(2025, 9, 1), summary="Kế hoạch một")
    issue(tree["DUK-BK"], "GGT", D(2025, 9, 2), summary="Giấy giới thiệu", subject=member,
          actor=bk_secretary)  # fmt: skip
    issue(tree["DUK-KT"], "KH", D(2025, 9, 3), summary="Kế hoạch của Kinh tế")
    page = login(bk_secretary).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert [e.symbol for e in page.context["entries"]] == ["01-GGT/ĐU", "01-KH/ĐU"]
    assert "Kế hoạch của Kinh tế" not in html
    assert f'href="/members/{member.pk}/"' in html
    assert "bithu_bk" in html  # the issuer, by name or username
    assert 'id="register-table"' in html and "table-cards" in html  # cards on a phone
    assert html.count('/cancel/"') == 2  # a cancel form per entry
    assert [e.symbol for e in login(office).get(URL).context["entries"]] == [
        "01-KH/CB", "01-GGT/ĐU", "01-KH/ĐU",
    ]  # fmt: skip


def test_filters_by_type_term_dates_and_search(login, tree, terms, office):
    bk = tree["DUK-BK"]
    issue(bk, "KH", D(2025, 6, 1), summary="Kế hoạch tổ chức Đại hội")
    issue(bk, "QĐ", D(2025, 6, 2), summary="Quyết định chuẩn y")
    issue(bk, "KH", D(2025, 8, 1), summary="Kế hoạch học tập")
    client = login(office)

    def symbols(**params):
        return [e.symbol for e in client.get(URL, params).context["entries"]]

    assert symbols(doc_type="KH") == ["01-KH/ĐU", "01-KH/ĐU"]
    assert symbols(term=terms["2025"].pk) == ["01-KH/ĐU"]
    assert symbols(term=terms["2020"].pk) == ["01-QĐ/ĐU", "01-KH/ĐU"]
    assert symbols(issued_from="2025-06-02", issued_to="2025-07-31") == ["01-QĐ/ĐU"]
    assert symbols(search="dai hoi") == ["01-KH/ĐU"]
    assert symbols(search="01-QĐ") == ["01-QĐ/ĐU"]
    assert symbols(organization="DUK-KT") == []


def test_the_page_runs_a_fixed_number_of_queries(login, tree, terms, office):
    member = make_member(tree["DUK-BK-CNTT"], "Khoa")
    client = login(office)

    def add(n):
        for i in range(n):
            issue(tree["DUK-BK" if i % 2 else "DUK-BK-CNTT"], "GGT", subject=member)
        RegisterEntry.objects.filter(number=1).update(cancelled_on=D(2025, 9, 3))
        client.get(URL)  # the session and the user's caches warm
        return queries(lambda: client.get(URL, {"page": 2} if n > 50 else {}))

    ten = add(10)
    hundred = add(90)
    assert ten == hundred


def test_the_export_holds_what_the_page_shows(login, tree, terms, office):
    member = make_member(tree["DUK-BK-CNTT"], "Khoa")
    issue(tree["DUK-BK"], "GGT", D(2025, 9, 2), summary="=Giấy giới thiệu", subject=member)
    issue(tree["DUK-BK"], "KH", D(2025, 9, 3))
    entry = RegisterEntry.objects.get(doc_type="GGT")
    services.cancel_number(entry, reason="Sai ngày")
    response = login(office).get(URL + "export/", {"doc_type": "GGT"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == (
        "Number and symbol", "Document type", "Date", "Summary", "Issuing organization",
        "Issued by", "Subject", "Cancelled on", "Reason for cancelling",
    )  # fmt: skip
    assert len(rows) == 2
    row = rows[1]
    assert row[:2] == ("01-GGT/ĐU", "Letter of introduction")
    assert row[2].date() == D(2025, 9, 2)
    assert row[3:7] == (
        "'=Giấy giới thiệu",
        "Đảng bộ Trường Đại học Bách khoa Hà Nội",
        None,
        str(member),
    )
    assert row[8] == "Sai ngày"


def test_the_cancel_form_refuses_an_empty_reason_and_out_of_scope(
    login, tree, terms, cell_secretary, bk_secretary
):
    entry = issue(tree["DUK-BK"])
    client = login(bk_secretary)
    refusal = refused(lambda: client.post(f"{URL}{entry.pk}/cancel/", {"reason": ""}), status=400)
    assert "This field is required." in refusal.text
    refused(
        lambda: login(cell_secretary).post(f"{URL}{entry.pk}/cancel/", {"reason": "x"}), status=404
    )


def test_the_api_lists_the_scope_and_refuses(tree, terms, cell_secretary, bk_secretary):
    entry = issue(tree["DUK-BK"], "BC", D(2025, 9, 2))
    issue(tree["DUK-BK-CNTT"], "BB", D(2025, 9, 3))
    listed = results(client_for(cell_secretary).get("/api/v1/register/"))
    assert [r["symbol"] for r in listed] == ["01-BB/CB"]
    listed = results(client_for(bk_secretary).get("/api/v1/register/", {"doc_type": "BC"}))
    assert listed[0] | {"id": 0, "created_at": ""} == {
        "id": 0, "symbol": "01-BC/ĐU", "number": 1, "doc_type": "BC", "doc_type_label": "Report",
        "issued_on": "2025-09-02", "summary": "Kế hoạch công tác", "organization": "DUK-BK",
        "term": terms["2025"].pk, "year": None, "congress": False, "issuer": None,
        "subject_type": None, "subject_id": None, "cancelled_on": None, "cancel_reason": "",
        "cancelled_by": None, "created_at": "",
    }  # fmt: skip
    api = client_for(cell_secretary)
    refused(lambda: api.get(f"/api/v1/register/{entry.pk}/"), status=404)
    refused(lambda: api.post(f"/api/v1/register/{entry.pk}/cancel/", {"reason": "x"}), status=404)
    body = {"organization": "DUK-BK", "doc_type": "BC", "issued_on": "2025-09-02", "summary": "x"}
    assert refused(lambda: api.post("/api/v1/register/issue/", body, format="json"), status=400
                   ).response.json() == {
        "organization": ["There is no organization with the code DUK-BK that you may use."]
    }  # fmt: skip
    body["organization"] = "DUK-BK-CNTT"
    assert refused(
        lambda: api.post(
            "/api/v1/register/issue/", {**body, "issued_on": "2999-01-01"}, format="json"
        ),
        status=400,
    ).response.json() == {"issued_on": ["A number is given on the document's date, not before it."]}
    assert refused(
        lambda: api.post(
            "/api/v1/register/issue/", {**body, "subject_type": "members.member"}, format="json"
        ),
        status=400,
    ).response.json() == {"subject_id": ["Give both the subject's type and its id, or neither."]}


def test_a_bad_filter_is_refused_not_a_crash(login, tree, office):
    api = client_for(office)
    assert api.get("/api/v1/register/", {"term": 10**30}).status_code == 400
    assert api.get("/api/v1/register/", {"issued_from": "2025-13-01"}).status_code == 400
    assert login(office).get(URL, {"term": "abc", "doc_type": "XX"}).status_code == 200


def test_the_body_code_page(login, tree, bk_secretary, cell_secretary):
    url = "/documents/bodies/DUK-BK/"
    client = login(bk_secretary)
    page = client.get(url)
    assert page.status_code == 200
    assert "Số 01-KH/ĐU" in page.content.decode()
    refusal = refused(lambda: client.post(url, {"abbreviation": "đuk"}), status=400)
    assert "A body code is written in capital letters" in refusal.text
    assert client.post(url, {"abbreviation": "ĐUBK"}).status_code == 302
    assert issue(tree["DUK-BK"]).symbol == "01-KH/ĐUBK"
    register = client.get(URL, {"organization": "DUK-BK"}).content.decode()
    assert 'href="/documents/bodies/DUK-BK/"' in register
    refused(lambda: login(cell_secretary).get(url), status=404)
    refused(lambda: login(cell_secretary).post(url, {"abbreviation": "X"}), status=404)
