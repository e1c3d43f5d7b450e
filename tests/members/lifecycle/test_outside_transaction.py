"""The lifecycle steps as deployed: no transaction wraps the test (`transaction=True`), so each
request commits or rolls back on its own as in production. CI runs this module on SQLite and on
PostgreSQL (where a step that is not one transaction fails at once: finding 1).

Steps through the API; a refused request leaves nothing written; 20 concurrent identical
requests apply once. (The page steps and the transfers API rerun outside a transaction sit at
the end of test_pages_api.py, beside the tests they rerun.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from coso.members.choices import EventKind
from coso.members.models import MembershipEvent, ResidenceLiaison, Transfer
from coso.members.services import statuses
from tests.helpers import concurrent_posts, make_member, refused, snapshot

pytestmark = pytest.mark.django_db(transaction=True)
D = dt.date


def test_confirm_cancel_and_end_through_the_api(tree, members, office, api):
    client = api(office)

    def post(url, data):
        response = client.post(url, data, format="json")
        assert response.status_code == 200, response.json()
        return response.json()

    an, duc, hoa = members["an"], members["duc"], members["hoa"]
    temporary = post(
        f"/api/v1/members/{an.pk}/transfer/",
        {"kind": "temporary", "to": "DUK-KT", "letter_number": "1-GT", "issued_on": "2026-01-05",
         "until": "2026-09-01"},
    )  # fmt: skip
    post(f"/api/v1/transfers/{temporary['id']}/receive/", {"received_on": "2026-01-12"})
    ended = post(f"/api/v1/transfers/{temporary['id']}/end/", {"date": "2026-03-02"})
    assert ended["closed_on"] == "2026-03-02"
    letter = post(
        f"/api/v1/members/{duc.pk}/transfer/",
        {"kind": "permanent", "to": "DUK-KT", "letter_number": "2-GT", "issued_on": "2026-01-05"},
    )
    cancelled = post(f"/api/v1/transfers/{letter['id']}/cancel/", {"date": "2026-01-20"})
    assert cancelled["status"] == "cancelled"
    out = post(
        f"/api/v1/members/{hoa.pk}/transfer/",
        {"kind": "permanent", "to_outside": "Đảng bộ tỉnh X", "letter_number": "3-GT",
         "issued_on": "2026-01-05"},
    )  # fmt: skip
    confirmed = post(f"/api/v1/transfers/{out['id']}/confirm/", {"received_on": "2026-01-26"})
    assert confirmed["status"] == "received"
    kinds = {
        m: list(MembershipEvent.objects.filter(member=m).order_by("id").values_list("kind", flat=True))[1:]
        for m in (an, duc, hoa)
    }  # fmt: skip
    assert kinds == {
        an: [EventKind.TRANSFER_ISSUED, EventKind.TEMPORARY_STARTED, EventKind.TEMPORARY_ENDED],
        duc: [EventKind.TRANSFER_ISSUED, EventKind.TRANSFER_CANCELLED],
        hoa: [
            EventKind.TRANSFER_ISSUED,
            EventKind.TRANSFERRED_OUT,
            EventKind.TRANSFER_CONFIRMED,
        ],
    }


def test_a_letter_refused_after_it_was_written_leaves_nothing(tree, cell_secretary, api):
    """A permanent letter to outside dated before the member's current placement: the letter
    and its event were written before the removal refused it (finding 1, on SQLite)."""
    lan = make_member(tree["DUK-BK-CNTT"], "Lan", active_from=D(2025, 6, 1))
    before = snapshot()
    response = api(cell_secretary).post(
        f"/api/v1/members/{lan.pk}/transfer/",
        {"kind": "permanent", "to_outside": "Đảng bộ tỉnh X", "letter_number": "4-GT",
         "issued_on": "2025-03-02"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "date": ["The date is before the member joined their current organization (01/06/2025)."]
    }
    assert snapshot() == before


# --- concurrent identical requests ------------------------------------------------------------


def test_twenty_identical_transfer_letters_at_once_issue_one(tree, members, cell_secretary):
    an = members["an"]
    answers = concurrent_posts(
        cell_secretary,
        f"/api/v1/members/{an.pk}/transfer/",
        {
            "kind": "permanent",
            "to": "DUK-BK-CK",
            "letter_number": "4-GT",
            "issued_on": "2026-03-02",
        },
    )
    assert [status for status, _ in answers] == [200] + [400] * 19
    refusal = {
        "member": ["The member already has transfer letter 4-GT in flight; receive or cancel it first."]
    }  # fmt: skip
    assert all(body == refusal for _, body in answers[1:])
    assert Transfer.objects.filter(member=an).count() == 1
    issued = MembershipEvent.objects.filter(member=an, kind=EventKind.TRANSFER_ISSUED)
    assert issued.count() == 1


def test_twenty_identical_liaisons_at_once_record_one(tree, members, cell_secretary):
    an = members["an"]
    answers = concurrent_posts(
        cell_secretary,
        f"/api/v1/members/{an.pk}/residence-liaison/",
        {"introduced_on": "2026-01-05", "residence_cell": "Chi bộ tổ dân phố 1"},
    )
    assert [status for status, _ in answers] == [200] + [400] * 19
    refusal = {
        "introduced_on": [
            "This introduction is already recorded (05/01/2026, Chi bộ tổ dân phố 1)."
        ]
    }
    assert all(body == refusal for _, body in answers[1:])
    assert ResidenceLiaison.objects.filter(member=an).count() == 1
    events = MembershipEvent.objects.filter(member=an, kind=EventKind.RESIDENCE_LIAISON)
    assert events.count() == 1


def test_death_through_the_api_and_the_end_of_a_liaison(members, cell_secretary, api):
    an, duc = members["an"], members["duc"]
    statuses.introduce_to_residence(an, introduced_on=D(2025, 1, 6), residence_cell="Chi bộ 1")
    liaison = statuses.introduce_to_residence(
        duc, introduced_on=D(2025, 1, 6), residence_cell="Chi bộ 2"
    )
    response = api(cell_secretary).post(
        f"/api/v1/members/{an.pk}/remove/",
        {"kind": "deceased", "date": "2026-02-01"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "deceased"
    assert ResidenceLiaison.objects.get(member=an).ended_on == D(2026, 2, 1)
    ended = statuses.end_residence_liaison(liaison, date=D(2026, 1, 5), actor=cell_secretary)
    assert ended.ended_on == D(2026, 1, 5)
    with translation.override("en"):  # the request above left its language active
        refused(
            lambda: statuses.end_residence_liaison(liaison, date=D(2026, 1, 6)),
            "This liaison already ended.",
            field="date",
        )
    ended_events = MembershipEvent.objects.filter(kind=EventKind.LIAISON_ENDED)
    assert list(ended_events.values_list("member", flat=True)) == [duc.pk]
