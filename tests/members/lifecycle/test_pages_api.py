"""Lifecycle pages and API actions: every step reachable from a page and as a POST action, a
refusal answers 400 with the rule's message and changes nothing, anything outside the user's
scope is a 404 and changes nothing (a cell secretary acts only on their cell)."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.members.choices import EventKind, MemberStatus, TransferKind, TransferStatus
from coso.members.models import Member, StatusPeriod, Transfer
from coso.members.services import statuses, transfers
from coso.orgs.models import Organization
from tests.helpers import snapshot

pytestmark = pytest.mark.django_db
D = dt.date

#: action -> (form data without prefix, the event it writes)
ACTIONS = {
    "transfer": (
        {"kind": "permanent", "to": "DUK-KT", "letter_number": "4-GT", "issued_on": "02/03/2026"},
        EventKind.TRANSFER_ISSUED,
    ),
    "exempt": (
        {"reason": "ill", "decision_number": "2-QĐ", "valid_from": "02/03/2026"},
        EventKind.EXEMPTED,
    ),
    "retire": ({"retired_on": "01/03/2026", "meeting_place": "Chi bộ hưu trí"}, EventKind.RETIRED),
    "graduate_hold": ({"graduated_on": "30/06/2026"}, EventKind.GRADUATE_HOLD),
    "abroad": (
        {"purpose": "study", "country": "Pháp", "valid_from": "01/09/2025"},
        EventKind.ABROAD,
    ),
    "residence_liaison": (
        {"introduced_on": "05/01/2026", "residence_cell": "Chi bộ tổ dân phố 1"},
        EventKind.RESIDENCE_LIAISON,
    ),
    "remove": (
        {"kind": "struck_off", "date": "02/03/2026", "decision_number": "7-QĐ/ĐU"},
        EventKind.STRUCK_OFF,
    ),
}


def prefixed(action, data):
    return {f"{action}-{k}": v for k, v in data.items()}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_from_the_lifecycle_page(members, cell_secretary, login, action):
    data, event = ACTIONS[action]
    an = members["an"]
    client = login(cell_secretary)
    page = client.get(f"/members/{an.pk}/lifecycle/")
    assert page.status_code == 200
    assert f'action="/members/{an.pk}/lifecycle/{action}/"' in page.content.decode()
    response = client.post(f"/members/{an.pk}/lifecycle/{action}/", prefixed(action, data))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/members/{an.pk}/lifecycle/"
    last = an.events.order_by("-id").first()
    assert (last.kind, last.actor) == (event, cell_secretary)


def test_feedback_and_end_status_from_the_page(members, cell_secretary, login):
    an = members["an"]
    statuses.introduce_to_residence(an, introduced_on=D(2025, 1, 6), residence_cell="Chi bộ 1")
    period = statuses.record_abroad(an, purpose="work", country="Lào", valid_from=D(2025, 1, 6))
    client = login(cell_secretary)
    body = client.get(f"/members/{an.pk}/lifecycle/").content.decode()
    assert "residence_feedback" in body and "end_status" in body
    response = client.post(
        f"/members/{an.pk}/lifecycle/residence_feedback/",
        prefixed(
            "residence_feedback",
            {"year": "2025", "received_on": "20/11/2025", "assessment": "good"},
        ),
    )
    assert response.status_code == 302
    response = client.post(
        f"/members/{an.pk}/lifecycle/end_status/",
        prefixed("end_status", {"period": str(period.pk), "date": "01/06/2026"}),
    )
    assert response.status_code == 302
    assert StatusPeriod.objects.get(pk=period.pk).ended_on == D(2026, 6, 1)


def test_a_refusal_is_a_400_with_the_rule_and_changes_nothing(tree, members, cell_secretary, login):
    Organization.objects.filter(code="DUK-KT").update(dissolved_on=D(2025, 12, 31))
    an = members["an"]
    before = snapshot()
    response = login(cell_secretary).post(
        f"/members/{an.pk}/lifecycle/transfer/", prefixed("transfer", ACTIONS["transfer"][0])
    )
    assert response.status_code == 400
    assert "A transfer cannot go to a dissolved organization" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_cell_secretary_acts_only_on_their_cell(members, cell_secretary, login, action):
    binh = members["binh"]
    client = login(cell_secretary)
    assert client.get(f"/members/{binh.pk}/lifecycle/").status_code == 404
    before = snapshot()
    data = prefixed(action, ACTIONS[action][0])
    assert client.post(f"/members/{binh.pk}/lifecycle/{action}/", data).status_code == 404
    assert snapshot() == before


def test_inbox_outbox_and_receiving(tree, members, cell_secretary, bk_secretary, login):
    an = members["an"]
    letter = transfers.issue_transfer(
        an,
        kind=TransferKind.PERMANENT,
        to=tree["DUK-BK-CK"],
        letter_number="4-GT/CB",
        issued_on=D(2026, 3, 2),
        actor=cell_secretary,
    )
    outbox = login(cell_secretary).get("/organizations/DUK-BK-CNTT/transfers/?box=outbox")
    outbox = outbox.content.decode()
    assert "4-GT/CB" in outbox and f"/transfers/{letter.pk}/cancel/" in outbox
    assert f"/transfers/{letter.pk}/receive/" not in outbox
    inbox = login(bk_secretary).get("/organizations/DUK-BK-CK/transfers/").content.decode()
    assert 'id="transfers-inbox"' in inbox and f"/transfers/{letter.pk}/receive/" in inbox
    # the sending cell's secretary cannot receive a letter addressed to another cell
    before = snapshot()
    url = f"/transfers/{letter.pk}/receive/"
    assert login(cell_secretary).get(url).status_code == 404
    assert login(cell_secretary).post(url, {"received_on": "10/03/2026"}).status_code == 404
    assert snapshot() == before
    # a refusal: before the letter's date
    response = login(bk_secretary).post(url, {"received_on": "01/03/2026"})
    assert response.status_code == 400
    assert "cannot be received before it was issued" in response.content.decode()
    assert snapshot() == before
    assert login(bk_secretary).get(url).status_code == 200
    response = login(bk_secretary).post(url, {"received_on": "10/03/2026"})
    assert response.status_code == 302
    assert response["Location"] == "/organizations/DUK-BK-CK/transfers/"
    an.refresh_from_db()
    assert an.organization.code == "DUK-BK-CK"
    assert Transfer.objects.get(pk=letter.pk).received_by == bk_secretary
    response = login(bk_secretary).post(url, {"received_on": "11/03/2026"})
    assert response.status_code == 400
    assert "received only once" in response.content.decode()
    assert Transfer.objects.get(pk=letter.pk).received_on == D(2026, 3, 10)


def test_letter_in_from_outside_page(tree, members, office, cell_secretary, login):
    data = {
        "from_outside": "Đảng bộ Trường Đại học Cần Thơ",
        "letter_number": "8-GT/ĐU",
        "received_on": "02/03/2026",
        "status": "official",
        "cccd": "001090000777",
        "family_name": "Đinh",
        "middle_name": "Văn",
        "given_name": "Tùng",
        "sex": "male",
        "birth_date": "02/04/1990",
        "admitted_on": "19/05/2015",
        "recognized_on": "19/05/2016",
    }
    before = snapshot()
    assert (
        login(cell_secretary).post("/organizations/DUK-KT/transfers/incoming/", data).status_code
        == 404
    )
    assert snapshot() == before
    response = login(office).post("/organizations/DUK-KT/transfers/incoming/", data)
    assert response.status_code == 302
    member = Member.objects.get(cccd="001090000777")
    assert (member.organization.code, member.status) == ("DUK-KT", MemberStatus.OFFICIAL)
    again = login(office).post("/organizations/DUK-KT/transfers/incoming/", data)
    assert again.status_code == 400 and "still active" in again.content.decode()


def test_todo_and_transfers_in_the_navigation(members, office, login):
    body = login(office).get("/members/").content.decode()
    assert 'href="/todo/"' in body and 'href="/transfers/"' in body
    assert login(office).get("/transfers/")["Location"] == "/organizations/DUK/transfers/"


# --- API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_in_the_api(members, cell_secretary, api, action):
    data, event = ACTIONS[action]
    an = members["an"]
    client = api(cell_secretary)
    response = client.post(
        f"/api/v1/members/{an.pk}/{action.replace('_', '-')}/", data, format="json"
    )
    assert response.status_code == 200, response.json()
    assert an.events.order_by("-id").first().kind == event
    binh = members["binh"]
    before = snapshot()
    response = client.post(
        f"/api/v1/members/{binh.pk}/{action.replace('_', '-')}/", data, format="json"
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_api_refusal_is_a_400_with_field_errors(tree, members, office, api):
    Organization.objects.filter(code="DUK-KT").update(dissolved_on=D(2025, 12, 31))
    before = snapshot()
    response = api(office).post(
        f"/api/v1/members/{members['an'].pk}/transfer/", ACTIONS["transfer"][0], format="json"
    )
    assert response.status_code == 400
    assert "A transfer cannot go to a dissolved organization" in response.json()["to"][0]
    response = api(office).post(
        f"/api/v1/members/{members['an'].pk}/remove/",
        {"kind": "struck_off", "date": "2026-03-02"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"document_number": ["The decision number is required."]}
    assert snapshot() == before


def test_api_transfers_inbox_receive_and_letters_in(
    tree, members, bk_secretary, cell_secretary, office, api
):
    an = members["an"]
    response = api(cell_secretary).post(
        f"/api/v1/members/{an.pk}/transfer/",
        {
            "kind": "permanent",
            "to": "DUK-BK-CK",
            "letter_number": "5-GT",
            "issued_on": "2026-03-02",
        },
        format="json",
    )
    letter = response.json()
    assert letter["status"] == "issued" and letter["hand_in_due"] == "2026-04-13"
    assert "QĐ 294-QĐ/TW" in letter["legal_basis"]
    inbox = api(bk_secretary).get(
        "/api/v1/transfers/", {"organization": "DUK-BK-CK", "box": "inbox"}
    )
    assert [t["id"] for t in inbox.json()["results"]] == [letter["id"]]
    url = f"/api/v1/transfers/{letter['id']}/receive/"
    before = snapshot()
    assert (
        api(cell_secretary).post(url, {"received_on": "2026-03-10"}, format="json").status_code
        == 404
    )
    assert snapshot() == before
    received = api(bk_secretary).post(url, {"received_on": "2026-03-10"}, format="json")
    assert received.status_code == 200 and received.json()["status"] == TransferStatus.RECEIVED
    twice = api(bk_secretary).post(url, {"received_on": "2026-03-11"}, format="json")
    assert twice.status_code == 400
    assert "received only once" in twice.json()["received_on"][0]
    lifecycle = api(cell_secretary).get(f"/api/v1/members/{an.pk}/lifecycle/")
    assert lifecycle.status_code == 404  # the member now belongs to another cell
    assert api(bk_secretary).get(f"/api/v1/members/{an.pk}/lifecycle/").json()["organization"] == (
        "DUK-BK-CK"
    )
    incoming = api(office).post(
        "/api/v1/transfers/incoming/",
        {
            "organization": "DUK-KT",
            "from_outside": "Đảng bộ X",
            "letter_number": "9-GT",
            "received_on": "2026-03-02",
            "cccd": "001090000888",
            "family_name": "Đinh",
            "middle_name": "Thị",
            "given_name": "Hằng",
            "sex": "female",
            "birth_date": "1990-04-02",
            "admitted_on": "2015-05-19",
            "recognized_on": "2016-05-19",
        },
        format="json",
    )
    assert incoming.status_code == 201, incoming.json()
    assert incoming.json()["direction"] == "incoming"
    outside = api(cell_secretary).post(
        "/api/v1/transfers/incoming/",
        {
            "organization": "DUK-KT",
            "from_outside": "X",
            "letter_number": "1",
            "received_on": "2026-03-02",
            "cccd": "001090000999",
        },
        format="json",
    )
    assert outside.status_code == 400 and "organization" in outside.json()


# --- as deployed, outside a wrapping transaction (CI runs these on SQLite and PostgreSQL) ---


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_from_the_page(members, cell_secretary, login, action):
    """Transfer issue, exemption, retirement, graduate hold, abroad, liaison, removal."""
    test_each_action_from_the_lifecycle_page(members, cell_secretary, login, action)


@pytest.mark.django_db(transaction=True)
def test_feedback_and_end_status_from_the_page_outside_transaction(members, cell_secretary, login):
    test_feedback_and_end_status_from_the_page(members, cell_secretary, login)


@pytest.mark.django_db(transaction=True)
def test_a_refusal_on_the_page_changes_nothing(tree, members, cell_secretary, login):
    test_a_refusal_is_a_400_with_the_rule_and_changes_nothing(tree, members, cell_secretary, login)


@pytest.mark.django_db(transaction=True)
def test_issue_receive_and_letter_in_through_the_api(
    tree, members, bk_secretary, cell_secretary, office, api
):
    test_api_transfers_inbox_receive_and_letters_in(
        tree, members, bk_secretary, cell_secretary, office, api
    )
