"""The member record (1-HSĐV) through the probation page and the API, and the recognition
vote's date and lateness on the probation list (page, API, Excel export).

The happy path's member: ceremony 8/9/2023, member record due 20/10/2023, probation ends
8/9/2024, vote due 18/10/2024 (tests/admission/test_pages.py); the vote of 1/11/2024 is late.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.admission import services
from coso.admission.choices import Step
from coso.admission.models import Probation
from tests.helpers import client_for, probationary_member, refused, results

pytestmark = pytest.mark.django_db

D = dt.date


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _recognize_late(member) -> None:
    services.recognize(
        member,
        vote_date=D(2024, 11, 1),
        votes_for=3,
        votes_against=0,
        official_count=3,
        decision_number="7-QĐ/ĐUK",
        decision_date=D(2024, 11, 5),
    )


def test_the_page_records_it_and_refuses_a_date_before_the_ceremony(login, personas, candidate, go):
    member = go(candidate, Step.CEREMONY)
    client = login(personas["cell_secretary"])
    detail = reverse("probation_detail", args=[member.pk])
    page = text(client.get(detail))
    assert "Record the member record (1-HSĐV)" in page
    assert "due by 20/10/2023" in page
    url = reverse("probation_member_record", args=[member.pk])
    refused(
        lambda: client.post(url, {"record-date": "07/09/2023"}),
        "The member record (1-HSĐV) cannot be dated before the admission ceremony (08/09/2023).",
        status=200,
    )
    response = client.post(url, {"record-date": "02/10/2023", "record-note": "Đủ hồ sơ"})
    assert response.status_code == 302
    assert Probation.objects.get(member=member).member_record_on == D(2023, 10, 2)
    page = text(client.get(detail))
    assert "Record the member record (1-HSĐV)" not in page
    assert "02/10/2023" in page and "Đủ hồ sơ" in page


def test_the_api_records_it_and_refuses_a_second_time(personas, candidate, go):
    member = go(candidate, Step.CEREMONY)
    api = client_for(personas["cell_secretary"])
    url = f"/api/v1/probations/{member.pk}/member-record/"
    response = api.post(url, {"date": "2023-10-02"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["member_record_due_on"], body["member_record_on"]) == ("2023-10-20", "2023-10-02")
    refused(
        lambda: api.post(url, {"date": "2023-10-03"}, format="json"),
        "The member record (1-HSĐV) was already completed on 02/10/2023.",
        status=400,
    )
    # outside the user's scope: 404, nothing changed
    refused(
        lambda: client_for(personas["cell_secretary"]).post(
            "/api/v1/probations/999999/member-record/", {"date": "2023-10-02"}, format="json"
        ),
        status=404,
    )


def test_the_list_shows_the_vote_date_and_that_it_was_late(login, personas, candidate, go, cntt):
    member = go(candidate, Step.CEREMONY)
    probationary_member(cntt, "Lan", family="Đỗ", admitted_on=D(2024, 1, 10))
    _recognize_late(member)
    client = login(personas["cell_secretary"])
    page = text(client.get(reverse("probation_list")))
    assert "1 probationary member" in page and "Lê Thị Mai" not in page
    page = text(client.get(reverse("probation_list"), {"outcome": "recognized"}))
    assert "1 member" in page and "Lê Thị Mai" in page and "Đỗ Thị Lan" not in page
    assert "01/11/2024" in page and "Vote held late" in page

    rows = results(
        client_for(personas["cell_secretary"]).get("/api/v1/probations/", {"outcome": "recognized"})
    )
    assert [(r["full_name"], r["vote_date"], r["late"], r["vote_due_on"]) for r in rows] == [
        ("Lê Thị Mai", "2024-11-01", True, "2024-10-18")
    ]
    rows = results(client_for(personas["cell_secretary"]).get("/api/v1/probations/"))
    assert [(r["full_name"], r["vote_date"], r["late"]) for r in rows] == [
        ("Đỗ Thị Lan", None, False)
    ]

    response = client.get(reverse("probation_list"), {"outcome": "recognized", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][6:8] == ("Date of the cell's vote", "Vote held late")
    assert len(values) == 2
    row = values[1]
    assert row[0] == "Lê Thị Mai"
    assert [v.date() if isinstance(v, dt.datetime) else v for v in row[5:11]] == [
        D(2024, 10, 18), D(2024, 11, 1), "Yes", None, D(2023, 10, 20), None,
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_page_door_in_its_own_transaction(login, personas, candidate, go):
    member = go(candidate, Step.CEREMONY)
    client = login(personas["cell_secretary"])
    url = reverse("probation_member_record", args=[member.pk])
    assert client.post(url, {"record-date": "02/10/2023"}).status_code == 302
    assert Probation.objects.get(member=member).member_record_on == D(2023, 10, 2)
