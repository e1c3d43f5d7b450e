"""A transfer dated before the earliest transfer rule coso knows (QĐ 24-QĐ/TW, in force from
30/07/2021) is refused with a message naming that date, on the page, in the API and in the
service, and changes nothing (it was an HTTP 500: no rule in force)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from coso.members.models import Transfer
from coso.members.services import transfers
from tests.helpers import refused, snapshot

pytestmark = pytest.mark.django_db
D = dt.date

BEFORE_RULES = (
    "The earliest regulation coso knows for this is in force from 30/07/2021 (Điều lệ Đảng; "
    "QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021)); {date} is before it, so it cannot be "
    "recorded here."
)


def test_service_refuses_a_letter_before_the_rules(members, tree):
    error = refused(
        lambda: transfers.issue_transfer(
            members["an"],
            kind="permanent",
            letter_number="1-GT",
            issued_on=D(2020, 1, 15),
            to=tree["DUK-KT"],
        ),  # fmt: skip
    )
    assert error == {"issued_on": [BEFORE_RULES.format(date="15/01/2020")]}


def test_service_refuses_a_job_change_before_the_rules(members, tree):
    error = refused(
        lambda: transfers.issue_transfer(
            members["an"],
            kind="permanent",
            letter_number="1-GT",
            issued_on=D(2021, 8, 2),
            to=tree["DUK-KT"],
            change_on=D(2021, 7, 29),
        ),  # fmt: skip
    )
    assert error == {"change_on": [BEFORE_RULES.format(date="29/07/2021")]}


def test_the_first_day_of_the_rules_is_accepted(members, tree):
    letter = transfers.issue_transfer(
        members["an"], kind="permanent", letter_number="1-GT", issued_on=D(2021, 7, 30),
        to=tree["DUK-KT"], change_on=D(2021, 7, 30),
    )  # fmt: skip
    assert (letter.issued_on, letter.legal_basis) == (
        D(2021, 7, 30),
        "Điều lệ Đảng; QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021)",
    )


def test_api_answers_400_on_the_date(members, cell_secretary, api):
    before = snapshot()
    response = api(cell_secretary).post(
        f"/api/v1/members/{members['an'].pk}/transfer/",
        {"kind": "permanent", "to": "DUK-BK-CK", "letter_number": "5-GT",
         "issued_on": "2020-01-15"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"issued_on": [BEFORE_RULES.format(date="15/01/2020")]}
    assert snapshot() == before


def test_api_answers_in_vietnamese(members, cell_secretary, api):
    client = api(cell_secretary)
    client.cookies["django_language"] = "vi"
    response = client.post(
        f"/api/v1/members/{members['an'].pk}/transfer/",
        {"kind": "permanent", "to": "DUK-BK-CK", "letter_number": "5-GT",
         "issued_on": "2021-07-29"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "issued_on": [
            "Quy định sớm nhất mà coso có cho việc này có hiệu lực từ ngày 30/07/2021 (Điều lệ "
            "Đảng; QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021)); ngày 29/07/2021 sớm hơn "
            "nên không thể ghi nhận ở đây."
        ]
    }


def test_page_shows_the_error_on_the_date(members, cell_secretary, login):
    an = members["an"]
    before = snapshot()
    response = login(cell_secretary).post(
        f"/members/{an.pk}/lifecycle/transfer/",
        {"transfer-kind": "permanent", "transfer-to": "DUK-KT", "transfer-letter_number": "4-GT",
         "transfer-issued_on": "15/01/2020"},
    )  # fmt: skip
    assert response.status_code == 400
    with translation.override("en"):
        errors = {k: [str(m) for m in v] for k, v in response.context["form"].errors.items()}
    assert errors == {"issued_on": [BEFORE_RULES.format(date="15/01/2020")]}
    assert snapshot() == before
    assert Transfer.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_refusal_outside_a_wrapping_transaction_writes_nothing(members, cell_secretary, api):
    """As in production: no test transaction around the request (PostgreSQL in CI)."""
    before = snapshot()
    response = api(cell_secretary).post(
        f"/api/v1/members/{members['an'].pk}/transfer/",
        {"kind": "temporary", "to": "DUK-BK-CK", "letter_number": "6-GT",
         "issued_on": "2019-09-02", "until": "2020-06-30"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"issued_on": [BEFORE_RULES.format(date="02/09/2019")]}
    assert snapshot() == before
