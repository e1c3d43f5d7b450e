"""The discipline pages: the list (search, status, Vietnamese order, Excel), opening a case,
a step through its form, a refusal shown on the page with nothing changed, the cell's vote
through the meeting, and a case outside the user's scope is a 404."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from coso.discipline.models import DisciplineCase
from tests.helpers import queries, refused

from .cell import (  # noqa: F401 (fixtures)
    ck_fixture,
    ck_secretary_fixture,
    held_meeting,
    open_member_case,
    reviewed_case,
    vote,
)

D = dt.date


def test_the_list_searches_sorts_and_exports(tree, ck, login, ck_secretary, cell_secretary):
    open_member_case(ck["An03"])
    open_member_case(ck["An01"], "warning")
    open_member_case(ck["An02"])
    client = login(ck_secretary)
    page = client.get(reverse("discipline_org_cases", args=["DUK-BK-CK"]))
    assert page.status_code == 200
    names = [c.subject_name for c in page.context["page"].object_list]
    assert names == ["Nguyễn Văn An01", "Nguyễn Văn An02", "Nguyễn Văn An03"]
    found = client.get(reverse("discipline_cases"), {"q": "an02"})
    assert [c.subject_name for c in found.context["page"].object_list] == ["Nguyễn Văn An02"]
    sheet = client.get(reverse("discipline_cases"), {"format": "xlsx"})
    assert (sheet.status_code, sheet["Content-Type"][:30]) == (
        200,
        "application/vnd.openxmlformats",
    )
    # another cell's secretary sees none of them, and the organization's page is a 404
    other = login(cell_secretary)
    assert other.get(reverse("discipline_cases")).context["page"].paginator.count == 0
    assert other.get(reverse("discipline_org_cases", args=["DUK-BK-CK"])).status_code == 404


def test_open_a_case_and_record_the_self_review(tree, ck, login, ck_secretary):
    client = login(ck_secretary)
    url = reverse("discipline_org_cases", args=["DUK-BK-CK"])
    data = {"member": ck["An05"].pk, "breach": "Không đóng đảng phí", "breach_on": "01/09/2026",
            "offence": "art9", "proposed_penalty": "reprimand", "opened_on": "01/10/2026"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    case = DisciplineCase.objects.get()
    assert response.status_code == 302
    assert (case.subject_name, case.breach_on, case.step) == (
        "Nguyễn Văn An05",
        D(2026, 9, 1),
        "opened",
    )
    step_url = reverse("discipline_case_step", args=[case.pk, "self_review"])
    # the self-review with no penalty nor refusal: refused on the page, nothing changed
    r = refused(lambda: client.post(step_url, {"self_review-date": "05/10/2026"}), status=400)
    assert "Give the penalty the self-review proposes" in r.text
    client.post(step_url, {"self_review-date": "05/10/2026", "self_review-refused": "on"})
    case.refresh_from_db()
    assert (case.step, case.self_review_refused) == ("self_review", True)
    page = client.get(reverse("discipline_case", args=[case.pk]))
    assert "step-cell_vote" in page.content.decode()


def test_the_vote_through_the_case_page(tree, ck, login, ck_secretary):
    case = reviewed_case(ck["An06"])
    meeting = held_meeting(tree, ck)
    client = login(ck_secretary)
    url = reverse("discipline_case_step", args=[case.pk, "cell_vote"])
    post = {
        "cell_vote-meeting": meeting.pk,
        "cell_vote-votes_against": 5,
        "cell_vote-abstaining": 0,
    }
    r = refused(lambda: client.post(url, {**post, "cell_vote-votes_for": 12}), status=400)
    assert "12 of 25" in r.text
    assert (
        client.post(
            url, {**post, "cell_vote-votes_for": 13, "cell_vote-votes_against": 4}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert (case.step, case.voted_penalty) == ("cell_vote", "reprimand")


def test_the_decision_through_the_case_page_issues_the_document(tree, ck, login, ck_secretary):
    case = reviewed_case(ck["An08"])
    vote(held_meeting(tree, ck), case, 17)
    client = login(ck_secretary)
    page = client.get(reverse("discipline_case", args=[case.pk]))
    # no document yet: no documents' panel
    assert 'name="decision-signer_name"' in page.text and "documents-panel" not in page.text
    assert "Điều 9 — Vi phạm về nguyên tắc tổ chức và hoạt động của Đảng" in page.text
    post = {"decision-penalty": "reprimand", "decision-decided_by": tree["DUK-BK-CK"].pk,
            "decision-body": "committee", "decision-decision_number": "",
            "decision-signer_name": "Lê Văn Bình", "decision-date": "12/11/2026"}  # fmt: skip
    url = reverse("discipline_case_step", args=[case.pk, "decision"])
    # a cell has no inspection committee: refused on the page, nothing written
    r = refused(lambda: client.post(url, {**post, "decision-body": "inspection_committee"}),
                status=400)  # fmt: skip
    assert "a cell has none" in r.text
    assert client.post(url, post).status_code == 302
    case.refresh_from_db()
    document = case.decision_document
    page = client.get(reverse("discipline_case", args=[case.pk]))
    assert "Quyết định thi hành kỷ luật · No. 01-QĐ/CB" in page.text
    docx_url = reverse("document_docx", args=[document.pk])
    assert f'href="{docx_url}"' in page.text
    assert client.get(docx_url).status_code == 200


def test_out_of_scope_case_is_404(tree, ck, login, cell_secretary):
    case = open_member_case(ck["An07"])
    client = login(cell_secretary)
    assert client.get(reverse("discipline_case", args=[case.pk])).status_code == 404
    refused(lambda: client.post(reverse("discipline_case_action", args=[case.pk, "close"]),
                                {"close-date": "02/10/2026", "close-reason": "x"}), status=404)  # fmt: skip


def test_the_list_and_a_case_in_fixed_queries(tree, ck, login, ck_secretary):
    """The list (one page of 50) and a case's page do not grow with the cases: 3, then 25."""
    first = open_member_case(ck["An01"])
    for i in (2, 3):
        open_member_case(ck[f"An{i:02d}"])
    client = login(ck_secretary)
    urls = (reverse("discipline_cases"), reverse("discipline_org_cases", args=["DUK-BK-CK"]),
            reverse("discipline_case", args=[first.pk]))  # fmt: skip
    client.get(urls[0])  # the session and the user's scope warmed
    few = [queries(lambda u=u: client.get(u)) for u in urls]
    for i in range(4, 26):
        open_member_case(ck[f"An{i:02d}"])
    assert [queries(lambda u=u: client.get(u)) for u in urls] == few
    page = client.get(urls[2]).content.decode()
    assert "Điều 9 — Vi phạm về nguyên tắc tổ chức và hoạt động của Đảng" in page
    assert client.get(urls[0]).context["page"].paginator.count == 25
