"""Candidates follow the member record's rules on the same values (`core.validators`): the
API, the create and edit pages and the service refuse them with the same message and write
nothing; a decomposed name is stored composed and found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from coso.admission import services
from coso.admission.models import Candidate
from coso.core.text import name_sort_key
from tests.helpers import PHONE_ABC, candidate_data, client_for, invisible

pytestmark = pytest.mark.django_db

#: (changes as the API sends them, {field: exact messages})
BAD = {
    "birth 9999-12-31": (
        {"birth_date": "9999-12-31"},
        {"birth_date": ["The date of birth cannot be in the future."]},
    ),
    "birth 1800": (
        {"birth_date": "1800-01-01"},
        {"birth_date": ["The date of birth cannot be before 01/01/1900."]},
    ),
    "birth 0001": (
        {"birth_date": "0001-01-01"},
        {"birth_date": ["The date of birth cannot be before 01/01/1900."]},
    ),
    "phone abc": ({"phone": "abc"}, {"phone": [PHONE_ABC]}),
    "zero-width space": ({"given_name": "Ma\u200bi"}, {"given_name": [invisible("U+200B")]}),
    "BOM": ({"family_name": "\ufeffLê"}, {"family_name": [invisible("U+FEFF")]}),
    "bidi isolate in the workplace": (
        {"workplace": "Trường \u2067ĐH\u2069"},
        {"workplace": [invisible("U+2067")]},
    ),
    "soft hyphen in the note": ({"note": "Ưu\u00adtú"}, {"note": [invisible("U+00AD")]}),
}


def page_data(**changes) -> dict:
    data = {
        "family_name": "Vũ", "middle_name": "Đức", "given_name": "Anh", "sex": "male",
        "birth_date": "02/09/2002", "cccd": "001202009999", "ethnicity": "Kinh",
        "religion": "Không", "education_general": "upper_secondary", "source": "student",
    }  # fmt: skip
    for key, value in changes.items():
        if key == "birth_date":  # the page takes dd/mm/yyyy
            year, month, day = value.split("-")
            value = f"{day}/{month}/{year}"
        data[key] = value
    return data


def form_errors(response) -> dict:
    with translation.override("en"):
        return {k: [str(m) for m in v] for k, v in response.context["form"].errors.items()}


@pytest.mark.parametrize("case", list(BAD))
def test_api_create_refuses(personas, members, case):
    changes, errors = BAD[case]
    data = {**candidate_data(birth_date="2002-09-02"), "cell": "DUK-BK-CNTT", **changes}
    response = client_for(personas["cell_secretary"]).post(
        "/api/v1/candidates/", data, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json() == errors
    assert Candidate.objects.count() == 0


@pytest.mark.parametrize("case", list(BAD))
def test_page_create_refuses(login, personas, members, cntt, case):
    changes, errors = BAD[case]
    response = login(personas["cell_secretary"]).post(
        reverse("candidate_create", args=[cntt.code]), {"note": "", **page_data(**changes)}
    )
    assert response.status_code == 200
    assert form_errors(response) == errors
    assert Candidate.objects.count() == 0


@pytest.mark.parametrize("case", list(BAD))
def test_page_edit_refuses_and_changes_nothing(login, personas, candidate, case):
    changes, errors = BAD[case]
    before = dict(Candidate.objects.filter(pk=candidate.pk).values().get())
    history = candidate.history.count()
    response = login(personas["cell_secretary"]).post(
        reverse("candidate_edit", args=[candidate.pk]),
        {**page_data(**changes), "version": candidate.version},
    )
    assert response.status_code == 200
    assert form_errors(response) == errors
    assert dict(Candidate.objects.filter(pk=candidate.pk).values().get()) == before
    assert candidate.history.count() == history


def test_service_refuses_before_writing(members, cntt):
    with pytest.raises(Exception) as info:
        services.create_candidate(candidate_data(phone="abc"), cell=cntt)
    assert info.value.message_dict == {"phone": [PHONE_ABC]}
    assert Candidate.objects.count() == 0


def test_decomposed_name_is_stored_composed_and_found(members, cntt):
    candidate = services.create_candidate(
        candidate_data(family_name="Tra\u0302\u0300n", middle_name="Thi\u0323",
                       given_name="Tuye\u0302\u0301t", workplace="Khoa Co\u031b khi\u0301"),
        cell=cntt,
    )  # fmt: skip
    candidate.refresh_from_db()
    assert (candidate.full_name, candidate.workplace) == ("Trần Thị Tuyết", "Khoa Cơ khí")
    assert candidate.sort_key == name_sort_key("Trần", "Thị", "Tuyết")
    for query in ("Trần Thị Tuyết", "tran thi tuyet", "Tuye\u0302\u0301t"):
        assert list(Candidate.objects.search(query)) == [candidate], query


def test_a_step_before_the_rules_names_the_date_they_are_known_from(candidate):
    from django.core.exceptions import ValidationError

    # a certificate may predate the rules (it is still valid for a while); a step may not
    services.record_awareness_course(
        candidate, date=dt.date(2020, 3, 10), certificate_number="1-CN/TTCT"
    )
    with pytest.raises(ValidationError) as info:
        services.record_application(candidate, date=dt.date(2020, 4, 3))
    assert info.value.messages == [
        "The earliest regulation coso knows for this is in force from 30/07/2021 (Điều lệ Đảng; "
        "QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021)); 03/04/2020 is before it, so it "
        "cannot be recorded here."
    ]
    assert list(candidate.steps.values_list("step", flat=True)) == ["awareness_course"]


@pytest.mark.parametrize("cccd", ["００１２０２００９９９９", "٠٠١٢٠٢٠٠٩٩٩٩"])
def test_identity_numbers_are_ascii_digits(personas, members, cccd):
    data = {**candidate_data(birth_date="2002-09-02", phone="0９１２３４５６７８", cccd=cccd),
            "cell": "DUK-BK-CNTT"}  # fmt: skip
    response = client_for(personas["cell_secretary"]).post(
        "/api/v1/candidates/", data, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "cccd": ["The citizen ID (CCCD) must be exactly 12 digits."],
        "phone": [PHONE_ABC.replace("abc", "0９１２３４５６７８")],
    }
    assert Candidate.objects.count() == 0
