"""The meeting's documents from its page and from the API (issue 11, item 4): the buttons
after adoption for those who record the meeting, the issue form with the chair and the
minute-taker, the register linking back to the meeting; out of scope a 404 that changes
nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coso.accounts.services import add_user
from coso.documents.models import IssuedDocument
from tests.helpers import PASSWORD, client_for, pdf_text, refused

from .documents_setup import adopted_meeting, cell_secretary_on_roster, held_meeting

pytestmark = pytest.mark.django_db

BUTTONS = ("/documents/issue/meeting_minutes/", "/documents/issue/meeting_resolution/")


@pytest.fixture
def adopted(tree, cell, cell_secretary):
    cell_secretary_on_roster(tree, cell)
    return adopted_meeting(tree, cell, cell_secretary)


def test_the_page_offers_the_documents_after_adoption_only(login, tree, cell, cell_secretary):
    meeting = held_meeting(tree, cell, cell_secretary)
    client = login(cell_secretary)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="documents-panel"' in page
    assert not any(b in page for b in BUTTONS)


def test_issue_from_the_meeting_page(login, adopted, cell_secretary):
    client = login(cell_secretary)
    page = client.get(reverse("meeting_detail", args=[adopted.pk])).content.decode()
    for button in BUTTONS:
        assert f"{button}{adopted.pk}/" in page
    url = reverse("document_issue", args=["meeting_minutes", adopted.pk])
    form = client.get(url).content.decode()
    assert 'name="signer_name"' in form and 'name="second_signer_name"' in form
    assert "Minute-taker" in form and 'name="present"' not in form
    done = client.post(
        url, {"issued_on": "10/11/2026", "signer_name": "", "second_signer_name": ""}
    )
    doc = IssuedDocument.objects.get()
    assert done.status_code == 302 and done.url == reverse("document_detail", args=[doc.pk])
    assert doc.entry.symbol == "01-BB/CB"
    pdf = client.get(reverse("document_pdf", args=[doc.pk]))
    assert pdf["Content-Disposition"] == 'attachment; filename="01-BB-CB.pdf"'
    assert "- Có mặt: 7 đồng chí." in pdf_text(b"".join(pdf.streaming_content), squeeze=True)
    # the meeting lists it; the register links the meeting
    page = client.get(reverse("meeting_detail", args=[adopted.pk])).content.decode()
    assert "Biên bản sinh hoạt · No. 01-BB/CB" in page
    register = client.get(reverse("document_register")).content.decode()
    assert f'href="/meetings/{adopted.pk}/"' in register


def test_a_reader_sees_no_button_and_the_issue_page_is_a_404(login, tree, adopted):
    reader = add_user("dangvien_cntt", organization=tree["DUK-BK-CNTT"], role="member",
                      password=PASSWORD)  # fmt: skip
    client = login(reader)
    page = client.get(reverse("meeting_detail", args=[adopted.pk])).content.decode()
    assert not any(b in page for b in BUTTONS)
    url = reverse("document_issue", args=["meeting_minutes", adopted.pk])
    refused(lambda: client.post(url, {"issued_on": "10/11/2026"}), status=404)


def test_out_of_scope_is_a_404(login, tree, adopted):
    outsider = add_user("bithu_ck", organization=tree["DUK-BK-CK"], role="secretary",
                        password=PASSWORD)  # fmt: skip
    client = login(outsider)
    for kind in ("meeting_minutes", "meeting_resolution"):
        url = reverse("document_issue", args=[kind, adopted.pk])
        refused(lambda u=url: client.get(u), status=404)
        refused(lambda u=url: client.post(u, {"issued_on": "10/11/2026"}), status=404)
    api = client_for(outsider)
    data = {"kind": "meeting_minutes", "subject_id": adopted.pk}
    refused(lambda: api.post(reverse("api-v1:issued-document-list"), data, format="json"),
            status=404)  # fmt: skip


def test_refused_on_the_page_for_minutes_not_adopted(login, tree, cell, cell_secretary):
    meeting = held_meeting(tree, cell, cell_secretary)
    url = reverse("document_issue", args=["meeting_minutes", meeting.pk])
    refused(
        lambda: login(cell_secretary).post(url, {"issued_on": "10/11/2026"}),
        "The minutes of this meeting are not adopted yet",
        status=400,
    )


def test_the_api_issues_both_kinds(tree, cell, adopted, cell_secretary):
    api = client_for(cell_secretary)
    url = reverse("api-v1:issued-document-list")
    made = api.post(url, {"kind": "meeting_minutes", "subject_id": adopted.pk,
                          "second_signer_name": "Lê Thị Mai"}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["kind"], body["symbol"], body["signer"], body["issued_on"]) == (
        "meeting_minutes", "01-BB/CB", "Nguyễn Văn An", "2026-11-10"
    )  # fmt: skip
    minutes = IssuedDocument.objects.get(pk=body["id"])
    assert "- Thư ký: đồng chí Lê Thị Mai." in pdf_text(minutes.pdf.read(), squeeze=True)
    made = api.post(url, {"kind": "meeting_resolution", "subject_id": adopted.pk}, format="json")
    assert (made.status_code, made.json()["symbol"]) == (201, "01-NQ/CB")
    entries = api.get(reverse("api-v1:register-entry-list")).json()["results"]
    assert [(e["symbol"], e["subject_type"], e["subject_id"]) for e in entries] == [
        ("01-NQ/CB", "meetings.meeting", adopted.pk),
        ("01-BB/CB", "meetings.meeting", adopted.pk),
    ]


def test_the_api_refuses_unadopted_minutes_by_message(tree, cell, cell_secretary):
    meeting = held_meeting(tree, cell, cell_secretary)
    api = client_for(cell_secretary)
    refused(
        lambda: api.post(reverse("api-v1:issued-document-list"),
                         {"kind": "meeting_resolution", "subject_id": meeting.pk}, format="json"),
        "The minutes of this meeting are not adopted yet",
        status=400,
    )  # fmt: skip
