"""A CCCD or party card number already in use is refused without saying where it is, outside
the user's scope (`members.privacy.number_in_use`), at every door: member create (page, API),
candidate create (page, API), the incoming transfer letter (page, API) and the import check.

The cell secretary of DUK-BK-CNTT sees An (CNTT); Bình is in DUK-BK-CK (the common superior is
DUK-BK), Dũng in DUK-KT (the common superior is DUK). Out of scope the refusal names the common
superior's office and neither the holder's name nor their organization; in scope it names both.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from coso.accounts.services import add_user
from coso.admission import services as admission_services
from coso.imports.models import ImportJob
from coso.imports.planning import plan_member_import
from coso.members.models import Member
from tests.helpers import (
    as_rows,
    candidate_data,
    client_for,
    member_row,
    new_member,
    new_member_data,
    snapshot,
    upload,
    xlsx_bytes,
)

BK = "Đảng bộ Trường Đại học Bách khoa Hà Nội"
DUK = "Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội"
CK = "Chi bộ Khoa Cơ khí"
KT = "Chi bộ Trường Cao đẳng Kinh tế"
CNTT = "Chi bộ Khoa Công nghệ thông tin"
URL = "/api/v1/members/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def neutral(cccd: str, office: str, label: str = "citizen ID (CCCD)") -> str:
    return f"The {label} {cccd} cannot be used here. If it is right, ask the office of {office}."


def assert_hidden(text: str, holder: Member) -> None:
    assert holder.full_name not in text
    assert holder.organization.name not in text


# --- member create: page and API ------------------------------------------------------------


def test_member_create_page(login, members, cell_secretary):
    client = login(cell_secretary)
    binh, dung, an = members["binh"], members["dung"], members["an"]
    before = snapshot()
    for holder, office in ((binh, BK), (dung, DUK)):
        response = client.post(
            reverse("member_create"), new_member_data("DUK-BK-CNTT", cccd=holder.cccd)
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {"cccd": [neutral(holder.cccd, office)]}
        assert_hidden(response.content.decode(), holder)
    response = client.post(reverse("member_create"), new_member_data("DUK-BK-CNTT", cccd=an.cccd))
    assert response.context["form"].errors == {
        "cccd": [
            f"The citizen ID (CCCD) {an.cccd} is already the record of Nguyễn Văn An ({CNTT})."
        ]
    }
    assert snapshot() == before


def test_member_create_api(members, cell_secretary):

    client = client_for(cell_secretary)
    binh, an = members["binh"], members["an"]
    before = snapshot()
    response = client.post(URL, new_member(cccd=binh.cccd), format="json")
    assert response.status_code == 400
    assert response.json() == {"cccd": [neutral(binh.cccd, BK)]}
    assert_hidden(response.content.decode(), binh)
    response = client.post(URL, new_member(cccd=an.cccd), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "cccd": [
            f"The citizen ID (CCCD) {an.cccd} is already the record of Nguyễn Văn An ({CNTT})."
        ]
    }
    assert snapshot() == before


def test_member_edit_api_with_another_members_card_number(members, cell_secretary, tree):
    from coso.members import services

    dung = members["dung"]
    services.update_member(dung, {"party_card_number": "12345678"}, expected_version=1)
    an = members["an"]
    before = snapshot()
    response = client_for(cell_secretary).patch(
        f"{URL}{an.pk}/", {"party_card_number": "12345678", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "party_card_number": [neutral("12345678", DUK, label="party card number")]
    }
    assert snapshot() == before


def test_the_command_line_is_told_precisely(members, tree):
    """No user asks (the command line, the demo): the precise message."""
    from django.core.exceptions import ValidationError

    from coso.members import services

    binh = members["binh"]
    with pytest.raises(ValidationError) as refused:
        services.register_member(
            {"family_name": "Hà", "given_name": "Yên", "sex": "female",
             "birth_date": binh.birth_date, "cccd": binh.cccd},
            organization=tree["DUK-BK-CNTT"],
        )  # fmt: skip
    assert refused.value.message_dict == {
        "cccd": [f"The citizen ID (CCCD) {binh.cccd} is already the record of Lê Văn Bình ({CK})."]
    }


# --- candidate create: page and API ---------------------------------------------------------


def _candidate_post(cccd: str) -> dict:
    return {
        "family_name": "Vũ",
        "middle_name": "Đức",
        "given_name": "Anh",
        "sex": "male",
        "birth_date": "02/09/2002",
        "cccd": cccd,
        "ethnicity": "Kinh",
        "religion": "Không",
        "education_general": "upper_secondary",
        "source": "student",
    }


def test_candidate_create_page(login, members, cell_secretary, tree):
    ck_candidate = admission_services.create_candidate(
        candidate_data(given_name="Ngọc"), cell=tree["DUK-BK-CK"]
    )
    client = login(cell_secretary)
    url = reverse("candidate_create", args=["DUK-BK-CNTT"])
    binh, dung, an = members["binh"], members["dung"], members["an"]
    before = snapshot()
    for cccd, office in ((binh.cccd, BK), (dung.cccd, DUK), (ck_candidate.cccd, BK)):
        response = client.post(url, _candidate_post(cccd))
        assert response.status_code == 200
        assert response.context["form"].errors == {"cccd": [neutral(cccd, office)]}
        html = response.content.decode()
        assert CK not in html and KT not in html and "Lê Thị Ngọc" not in html
        assert binh.full_name not in html and dung.full_name not in html
    response = client.post(url, _candidate_post(an.cccd))
    assert response.context["form"].errors == {
        "cccd": [f"A party member with the citizen ID {an.cccd} is already registered."]
    }
    assert snapshot() == before


def test_candidate_create_api(members, cell_secretary):
    client = client_for(cell_secretary)
    binh, an = members["binh"], members["an"]
    data = {**candidate_data(birth_date="2002-09-02"), "cell": "DUK-BK-CNTT"}
    before = snapshot()
    response = client.post("/api/v1/candidates/", {**data, "cccd": binh.cccd}, format="json")
    assert response.status_code == 400
    assert response.json() == {"cccd": [neutral(binh.cccd, BK)]}
    assert_hidden(response.content.decode(), binh)
    response = client.post("/api/v1/candidates/", {**data, "cccd": an.cccd}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "cccd": [f"A party member with the citizen ID {an.cccd} is already registered."]
    }
    assert snapshot() == before


# --- the incoming transfer letter: page and API ---------------------------------------------


def _letter(cccd: str) -> dict:
    return {
        "from_outside": "Đảng bộ Trường Đại học Cần Thơ",
        "letter_number": "8-GT/ĐU",
        "received_on": "02/03/2026",
        "status": "official",
        "cccd": cccd,
        "family_name": "Đinh",
        "middle_name": "Văn",
        "given_name": "Tùng",
        "sex": "male",
        "birth_date": "02/04/1990",
        "admitted_on": "19/05/2015",
        "recognized_on": "19/05/2016",
    }


def test_incoming_transfer_page(login, members, cell_secretary):
    client = login(cell_secretary)
    url = "/organizations/DUK-BK-CNTT/transfers/incoming/"
    binh, dung, an = members["binh"], members["dung"], members["an"]
    before = snapshot()
    for holder, office in ((binh, BK), (dung, DUK)):
        response = client.post(url, _letter(holder.cccd))
        assert response.status_code == 400
        assert response.context["form"].errors == {"cccd": [neutral(holder.cccd, office)]}
        html = response.content.decode()
        assert_hidden(html, holder)
        assert "still active" not in html
    response = client.post(url, _letter(an.cccd))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "cccd": [
            f"The member with this citizen ID is still active in {CNTT}: use a transfer inside "
            "the system."
        ]
    }
    assert snapshot() == before


def test_incoming_transfer_of_a_member_who_left_says_nothing_of_it(members, cell_secretary):
    """Out of scope, not even that the holder was struck off (a status is personal data)."""
    import datetime as dt

    from coso.members import services

    binh = services.remove_member(
        members["binh"], kind="struck_off", date=dt.date(2024, 1, 10), document_number="1-QĐ"
    )
    before = snapshot()
    response = client_for(cell_secretary).post(
        "/api/v1/transfers/incoming/",
        {
            "organization": "DUK-BK-CNTT",
            "from_outside": "X",
            "letter_number": "1",
            "received_on": "2026-03-02",
            "cccd": binh.cccd,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"cccd": [neutral(binh.cccd, BK)]}
    body = response.content.decode()
    assert_hidden(body, binh)
    assert "struck" not in body and "left the party" not in body
    assert snapshot() == before
    # in scope: what became of the member, precisely
    hoa = services.remove_member(
        members["hoa"], kind="struck_off", date=dt.date(2024, 1, 10), document_number="2-QĐ"
    )
    before = snapshot()
    response = client_for(cell_secretary).post(
        "/api/v1/transfers/incoming/",
        {
            "organization": "DUK-BK-CNTT",
            "from_outside": "X",
            "letter_number": "1",
            "received_on": "2026-03-02",
            "cccd": hoa.cccd,
        },
        format="json",
    )
    assert response.status_code == 400
    from coso.core.rules import rule

    basis = rule("readmission_min_months", dt.date(2026, 3, 2)).legal_basis
    assert response.json() == {
        "cccd": [
            "The member with this citizen ID left the party (struck off): coming back needs "
            f"re-admission, at least 36 months after leaving ({basis}), not a transfer letter."
        ]
    }
    assert snapshot() == before


# --- import: the check runs as the uploading user --------------------------------------------


def test_import_preview_page(login, members, cell_secretary):

    client = login(cell_secretary)
    dung, an = members["dung"], members["an"]
    rows = [
        member_row(1, cccd=dung.cccd, party_card_number=""),
        member_row(2, full_name=an.full_name, cccd=an.cccd, party_card_number=""),
    ]
    before = snapshot()
    response = upload(client, xlsx_bytes(as_rows(rows)))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.preview["errors"] == [[2, [f"Citizen ID (CCCD): {neutral(dung.cccd, DUK)}"]]]
    page = client.get(response["Location"]).content.decode()
    assert neutral(dung.cccd, DUK) in page
    assert_hidden(page, dung)
    after = snapshot()
    jobs = "imports.ImportJob"
    assert (len(before[jobs]), len(after[jobs])) == (0, 1)  # the uploaded file, nothing else
    assert {**after, jobs: []} == before


def test_import_check_in_scope_is_precise(members, office, tree, write_file):
    """The office sees Dũng's record: importing into DUK-BK, it is told precisely."""
    dung = members["dung"]
    row = member_row(1, full_name=dung.full_name, cccd=dung.cccd, party_card_number="")
    before = snapshot()
    plan = plan_member_import(
        write_file("x.xlsx", xlsx_bytes(as_rows([row]))),
        filename="x.xlsx",
        user=office,
        organization=tree["DUK-BK"],
    )
    assert [e.messages for e in plan.errors] == [
        [
            "Citizen ID (CCCD): The citizen ID (CCCD) or party card number already belongs to "
            "a member outside the part of the tree you may import into."
        ]
    ]
    assert snapshot() == before


def test_import_check_two_members_one_out_of_scope(members, cell_secretary, write_file):
    from coso.members import services

    binh, an = members["binh"], members["an"]
    services.update_member(binh, {"party_card_number": "23456789"}, expected_version=1)
    row = member_row(1, full_name=an.full_name, cccd=an.cccd, party_card_number="23456789")
    before = snapshot()
    plan = plan_member_import(
        write_file("x.xlsx", xlsx_bytes(as_rows([row]))), filename="x.xlsx", user=cell_secretary
    )
    assert [e.messages for e in plan.errors] == [
        [f"Party card number: {neutral('23456789', BK, label='party card number')}"]
    ]
    assert snapshot() == before


def test_a_user_of_another_tree_is_told_the_superior_committee(members, tree):
    """No organization above both: the superior committee's office, unnamed."""
    import datetime as dt

    from coso.orgs import services as org_services

    other = org_services.create_organization(
        None, code="DUT", name="Đảng ủy Khối khác", kind="superior",
        established_on=dt.date(2015, 1, 1),
    )  # fmt: skip
    user = add_user("bithu_khac", organization=other, role="secretary")
    binh = members["binh"]
    from coso.members.privacy import cccd_in_use

    assert cccd_in_use(user, binh) == (
        f"The citizen ID (CCCD) {binh.cccd} cannot be used here. If it is right, ask the office "
        "of your superior party committee."
    )


def test_the_refusal_in_vietnamese(members, cell_secretary):

    binh = members["binh"]
    response = client_for(cell_secretary, language="vi").post(
        URL, new_member(cccd=binh.cccd), format="json"
    )
    assert response.json() == {
        "cccd": [
            f"Không dùng được số CCCD {binh.cccd} ở đây. Nếu số này đúng, xin liên hệ văn phòng "
            f"cấp ủy của {BK}."
        ]
    }
