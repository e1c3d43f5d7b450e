"""Documents issued from the records (issue 10, item 4): numbered by the register, signed by
the secretary on the roster on the document's date, rendered to .pdf and .docx from one
description and kept; refused with nothing written when the record does not allow it; out of
scope a 404; the page, the API and the record's own page lead to the same step."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from coso.admission import services as admission_services
from coso.admission.choices import Step
from coso.committees import services as committee_services
from coso.core.scope import OutOfScope
from coso.documents.models import IssuedDocument, RegisterEntry
from coso.documents.services import issue_document, save_body_template
from coso.members import services as member_services
from tests.helpers import (
    D,
    advance,
    candidate_data,
    client_for,
    make_member,
    pdf_text,
    refused,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(tree):
    member = make_member(tree["DUK-BK-CNTT"], "Khoa", family="Đinh")
    return member_services.issue_transfer(
        member, kind="permanent", letter_number="8-GGT", issued_on=D(2025, 3, 3),
        to=tree["DUK-KT"],
    )  # fmt: skip


@pytest.fixture
def secretary(tree):
    """Trần Văn Bảo, secretary of DUK-BK's committee from the 2025 congress."""
    bk = tree["DUK-BK"]
    boss = make_member(tree["DUK-BK-CNTT"], "Bảo", family="Trần")
    term = committee_services.open_term(
        bk, start_year=2020, end_year=2025, congress_date=D(2020, 7, 1)
    )
    committee_services.appoint(term, boss, post="secretary", started_on=D(2020, 7, 1))
    return boss


def test_a_transfer_letter_is_numbered_signed_from_the_roster_and_kept(letter, secretary, office):
    doc = issue_document("transfer_letter", letter, actor=office)
    entry = doc.entry
    assert (entry.symbol, entry.doc_type, entry.issued_on, entry.organization.code) == (
        "01-GGT/ĐU", "GGT", D(2025, 3, 3), "DUK-BK"
    )  # fmt: skip
    assert entry.subject == letter and entry.issuer == office
    assert doc.signer == "Trần Văn Bảo"
    text = pdf_text(doc.pdf.read())
    for part in ("ĐẢNG BỘ KHỐI", "ĐẢNG ỦY TRƯỜNG ĐẠI HỌC", "Số 01-GGT/ĐU", "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG",
                 "Đinh Văn Khoa", "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Trần Văn Bảo"):  # fmt: skip
        assert part in text, part
    word = docx.Document(io.BytesIO(doc.docx.read()))
    assert "Đinh Văn Khoa" in "\n".join(p.text for p in word.paragraphs)
    # the next one takes the next number
    again = issue_document("transfer_letter", letter, actor=office)
    assert again.entry.symbol == "02-GGT/ĐU"


def test_without_a_secretary_on_the_roster_the_signer_must_be_named(letter, office):
    refused(
        lambda: issue_document("transfer_letter", letter, actor=office),
        "has no secretary on its roster on 03/03/2025",
        field="signer_name",
    )
    doc = issue_document("transfer_letter", letter, signer_name="Lê Thị Hà", actor=office)
    assert doc.signer == "Lê Thị Hà"


def test_a_closed_letter_and_an_early_decision_are_refused(letter, tree, members, office):
    member_services.cancel_transfer(letter, date=D(2025, 3, 10), note="Nhầm", actor=office)
    refused(
        lambda: issue_document("transfer_letter", letter, signer_name="X", actor=office),
        "The transfer is no longer open",
    )
    candidate = admission_services.create_candidate(candidate_data(), cell=tree["DUK-BK-CNTT"])
    refused(
        lambda: issue_document("admission_decision", candidate, signer_name="X", actor=office),
        "The cell has not yet resolved on this candidate.",
    )


def test_the_admission_documents_come_from_the_steps(tree, members, office):
    candidate = admission_services.create_candidate(candidate_data(), cell=tree["DUK-BK-CNTT"])
    advance(candidate, Step.CELL_RESOLUTION, members, tree)
    refused(
        lambda: issue_document("cell_resolution", candidate, signer_name="An", actor=office),
        "Give the number of members present",
        field="present",
    )
    resolution = issue_document("cell_resolution", candidate, signer_name="Nguyễn Văn An",
                                present=3, actor=office)  # fmt: skip
    assert (resolution.entry.symbol, resolution.entry.organization.code) == (
        "01-NQ/CB",
        "DUK-BK-CNTT",
    )
    assert resolution.entry.issued_on == D(2023, 7, 5)  # the meeting's date
    text = pdf_text(resolution.pdf.read())
    assert "T/M CHI BỘ" in text and "Có mặt: 3" in text
    decision = issue_document("admission_decision", candidate, issued_on=D(2023, 8, 15),
                              signer_name="Trần Văn Bảo", actor=office)  # fmt: skip
    assert (decision.entry.symbol, decision.entry.organization.code) == ("01-QĐ/ĐU", "DUK-BK")
    assert "05-NQ/CB" in pdf_text(decision.pdf.read())  # the resolution it rests on


def test_a_member_list_on_a_date(tree, members, office):
    doc = issue_document("member_list", tree["DUK-BK-CNTT"], issued_on=D(2025, 6, 1),
                         signer_name="Nguyễn Văn An", actor=office)  # fmt: skip
    assert doc.entry.symbol == "01-DS/CB"
    text = pdf_text(doc.pdf.read())
    assert "Tổng số: 3 đảng viên." in text
    assert text.index("Nguyễn Văn An") < text.index("Trần Minh Đức")


def test_out_of_scope_is_a_404_and_nothing_is_written(letter, tree, members, cell_secretary):
    # a cell's secretary does not issue the grassroots committee's letter or decision
    refused(lambda: issue_document("transfer_letter", letter, signer_name="X", actor=cell_secretary),
            raises=OutOfScope)  # fmt: skip
    refused(lambda: issue_document("member_list", tree["DUK-KT"], signer_name="X",
                                   actor=cell_secretary), raises=OutOfScope)  # fmt: skip


def test_the_page_issues_and_serves_the_files(login, letter, secretary, office, cell_secretary):
    url = reverse("document_issue", args=["transfer_letter", letter.pk])
    refused(lambda: login(cell_secretary).post(url, {"issued_on": "03/03/2025"}), status=404)
    client = login(office)
    form = client.get(url)
    assert form.status_code == 200 and 'value="03/03/2025"' in form.content.decode()
    done = client.post(url, {"issued_on": "03/03/2025"})
    doc = IssuedDocument.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("document_detail", args=[doc.pk])
    page = client.get(done["Location"]).content.decode()
    assert "01-GGT/ĐU" in page
    pdf = client.get(reverse("document_pdf", args=[doc.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # the member's page lists the letter's button; the register links the document's subject
    assert RegisterEntry.objects.get().subject == letter


def test_the_api_issues_and_lists(letter, secretary, office, cell_secretary):
    url = reverse("api-v1:issued-document-list")
    data = {"kind": "transfer_letter", "subject_id": letter.pk}
    refused(lambda: client_for(cell_secretary).post(url, data, format="json"), status=404)
    made = client_for(office).post(url, data, format="json")
    assert made.status_code == 201, made.content
    assert (made.json()["symbol"], made.json()["signer"]) == ("01-GGT/ĐU", "Trần Văn Bảo")
    listed = client_for(office).get(url).json()["results"]
    assert [d["symbol"] for d in listed] == ["01-GGT/ĐU"]
    assert client_for(cell_secretary).get(url).json()["results"] == []


def test_a_signer_name_with_a_control_character_is_refused(letter, office):
    """The name goes into the .docx: a control character is a 400 naming it, nothing issued."""
    url = reverse("api-v1:issued-document-list")
    data = {"kind": "transfer_letter", "subject_id": letter.pk, "signer_name": "Tr\x01n"}
    refused(lambda: client_for(office).post(url, data, format="json"), "U+0001", status=400)


@pytest.mark.django_db(transaction=True)
def test_issuing_outside_a_wrapping_transaction(tree, office):
    member = make_member(tree["DUK-BK-CNTT"], "Khoa", family="Đinh")
    letter = member_services.issue_transfer(
        member, kind="permanent", letter_number="8-GGT", issued_on=D(2025, 3, 3), to=tree["DUK-KT"]
    )
    refused(lambda: issue_document("transfer_letter", letter, actor=office), "has no secretary")
    doc = issue_document("transfer_letter", letter, signer_name="Lê Thị Hà", actor=office)
    assert doc.entry.symbol == "01-GGT/ĐU"


def test_the_office_text_in_force_is_the_one_issued(letter, secretary, office, tree):
    save_body_template(
        tree["DUK-BK"],
        "transfer_letter",
        "Trân trọng giới thiệu đồng chí {{ member.full_name }} đến {{ to_organization }}.",
        actor=office,
    )
    doc = issue_document("transfer_letter", letter, actor=office)
    text = pdf_text(doc.pdf.read())
    assert "Trân trọng giới thiệu đồng chí Đinh Văn Khoa đến" in text
    assert "Số 01-GGT/ĐU" in text and "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" in text  # the frame
