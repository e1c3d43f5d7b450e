"""The value rules person records share (core.validators, core.text, core.dates), one by one."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import unicodedata

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from coso.core import rules
from coso.core.dates import (
    EARLIEST_DATE,
    add_months,
    add_years,
    check_not_future,
    date_floor_error,
)
from coso.core.rules import rule_in_force, rule_or_earliest
from coso.core.text import fold, invisible_character, name_sort_key, nfc, repair_text
from coso.core.validators import (
    phone_error,
    province_error,
    text_error,
    ward_error,
)

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- text ------------------------------------------------------------------------------------

VIETNAMESE = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)


def test_every_format_character_of_unicode_is_invisible():
    missed = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) == "Cf" and invisible_character(chr(cp)) is None
    ]
    assert missed == []


@pytest.mark.parametrize(
    "char",
    ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a", "\u202e",
     "\u2066", "\u2069", "\u061c", "\u2060", "\x00", "\x1b", "\x85", "\u2028", "\ufe0f",
     "\u034f", "\u3164", "\U000e0041"],
)  # fmt: skip
def test_invisible_characters(char):
    assert invisible_character(f"Nguy{char}ễn") == char
    assert text_error(f"An{char}") == (
        f"This text contains an invisible or text-direction control character "
        f"(U+{ord(char):04X}), usually pasted from another document; type it again without it."
    )


def test_what_people_type_is_visible():
    for text in (VIETNAMESE, VIETNAMESE.upper(), "H'Hen Niê", "Số 1, ngõ 2/3 (tầng 4)\nHà Nội",
                 "Nguyễn\tVăn", "Ê-đê", "Ðoàn", "İ", "日本", ""):  # fmt: skip
        assert invisible_character(text) is None, text
        assert text_error(text) is None


@given(st.text())
def test_nfc_is_idempotent_and_keeps_sort_and_search(text):
    composed = nfc(text)
    assert unicodedata.is_normalized("NFC", composed)
    assert nfc(composed) == composed
    assert fold(composed) == fold(text)
    assert name_sort_key(text, "", composed) == name_sort_key(composed, "", text)


def test_decomposed_vietnamese_composes():
    decomposed = unicodedata.normalize("NFD", VIETNAMESE)
    assert decomposed != VIETNAMESE and nfc(decomposed) == VIETNAMESE


def test_repair_text_drops_what_is_invisible_and_composes():
    assert repair_text("\ufeffNguye\u0302\u0303n\u200b V\u202ean") == "Nguyễn Van"
    assert repair_text("Hà Nội\nViệt Nam") == "Hà Nội\nViệt Nam"


def test_fold_ignores_format_characters_inside_words():
    assert fold("Ng\u200buy\u00adễn\ufeff Văn") == "nguyen van"


# --- phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    ["0912345678", "0912 345 678", "0912.345.678", "0912-345-678", "+84912345678",
     "+84 912 345 678", "02438692222", "024 3869 2222", "(024) 3869 2222", "+842438692222",
     "0321234567", ""],
)  # fmt: skip
def test_vietnamese_phone_numbers(phone):
    assert phone_error(phone) is None


@pytest.mark.parametrize(
    "phone",
    ["abc", "0901", "912345678", "09123456789", "+8409123456789", "+840912345678",
     "0012345678", "84912345678", "+1 415 555 0100", "091234567x", "０９１２３４５６７８"],
)  # fmt: skip
def test_other_phone_numbers_are_refused(phone):
    assert phone_error(phone) == (
        f"{phone} is not a Vietnamese phone number: 10 digits starting with 0 (11 for a "
        "landline starting with 02), or +84 followed by the number without its first 0."
    )


# --- provinces and wards ---------------------------------------------------------------------


def test_provinces():
    assert province_error(None) is None
    assert province_error(1) is None and province_error(96) is None
    assert province_error(2) == "There is no province or city with the code 2."  # pre-2025
    assert province_error(0) == "There is no province or city with the code 0."
    assert province_error(99999) == "There is no province or city with the code 99999."


def test_wards():
    assert ward_error(None, None) is None and ward_error(None, 1) is None
    assert ward_error(70, 1) is None  # Phường Hoàn Kiếm, Thành phố Hà Nội
    assert ward_error(70, None) == "A ward or commune needs its province or city."
    assert ward_error(70, 79) == "Phường Hoàn Kiếm is not in Thành phố Hồ Chí Minh."
    assert ward_error(999999999, 1) == "There is no ward or commune with the code 999999999."
    assert ward_error(0, None) == "There is no ward or commune with the code 0."
    # an unknown province is the province field's error, not the ward's
    assert ward_error(70, 99999) is None


# --- dates -----------------------------------------------------------------------------------


def test_date_arithmetic_saturates_instead_of_overflowing():
    assert add_years(D(9999, 12, 31), 18) == dt.date.max
    assert add_years(D(1, 1, 1), -1) == dt.date.min
    assert add_months(D(9999, 12, 31), 216) == dt.date.max
    assert add_months(D(1, 1, 1), -1) == dt.date.min
    assert add_years(D(2000, 2, 29), 18) == D(2018, 2, 28)


def test_dates_before_1900_are_not_plausible():
    assert EARLIEST_DATE == D(1900, 1, 1)
    assert date_floor_error(D(1900, 1, 1)) is None
    assert date_floor_error(D(1899, 12, 31)) == (
        "The date 31/12/1899 is not plausible: coso records dates from 01/01/1900 on."
    )
    assert date_floor_error(D(1, 1, 1)) == (
        "The date 01/01/0001 is not plausible: coso records dates from 01/01/1900 on."
    )
    with pytest.raises(ValidationError) as info:
        check_not_future(D(1800, 1, 1), "received_on")
    assert info.value.message_dict == {
        "received_on": [
            "The date 01/01/1800 is not plausible: coso records dates from 01/01/1900 on."
        ]
    }


# --- rules in force --------------------------------------------------------------------------


def test_rule_in_force_refuses_a_date_before_every_version():
    found = rule_in_force("transfer_hand_in_deadline_working_days", D(2021, 7, 30))
    assert found.value == 30
    with pytest.raises(ValidationError) as info:
        rule_in_force("transfer_hand_in_deadline_working_days", D(1995, 4, 30), "issued_on")
    assert info.value.message_dict == {
        "issued_on": [
            "The earliest regulation coso knows for this is in force from 30/07/2021 (Điều lệ "
            "Đảng; QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021)); 30/04/1995 is before "
            "it, so it cannot be recorded here."
        ]
    }
    with pytest.raises(ValidationError) as info:
        rule_in_force("probation_months", D(2000, 1, 1))
    assert not hasattr(info.value, "error_dict")
    with pytest.raises(rules.RuleNotFound):  # a programming error stays one
        rule_in_force("no_such_rule", D(2024, 1, 1))


def test_rule_or_earliest_bounds_older_records():
    assert rule_or_earliest("admission_min_age_months", D(1975, 4, 30)).effective_from == D(
        2021, 7, 30
    )
    assert rule_or_earliest("admission_min_age_months", D(2026, 1, 1)).effective_from == D(
        2025, 7, 1
    )


# --- the data migrations ---------------------------------------------------------------------


@pytest.mark.django_db
def test_migrations_compose_text_and_recompute_names(members, cntt_candidate):
    from coso.admission.models import Candidate
    from coso.members.models import Member

    an, candidate = members["an"], cntt_candidate
    Member.objects.filter(pk=an.pk).update(
        family_name="Nguye\u0302\u0303n", middle_name="\u200bVa\u0306n", given_name="A\ufeffn",
        workplace="Khoa Co\u031b khi\u0301", full_name="x", sort_key="0", search_text="x",
    )  # fmt: skip
    Candidate.objects.filter(pk=candidate.pk).update(
        given_name="Ma\u0300i\u200b", note="Ghi\u202e chú", full_name="x", search_text="x"
    )
    untouched = dict(Member.objects.filter(pk=members["hoa"].pk).values().get())
    history = Member.history.count()
    importlib.import_module("coso.members.migrations.0007_nfc_text").forwards(apps, None)
    importlib.import_module("coso.admission.migrations.0002_nfc_text").forwards(apps, None)
    an = Member.objects.get(pk=an.pk)
    assert (an.family_name, an.middle_name, an.given_name, an.full_name, an.workplace) == (
        "Nguyễn", "Văn", "An", "Nguyễn Văn An", "Khoa Cơ khí",
    )  # fmt: skip
    assert an.sort_key == name_sort_key("Nguyễn", "Văn", "An")
    assert an.search_text == f"nguyen van an {an.cccd}"
    assert list(Member.objects.search("Nguyễn Văn An")) == [an]
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert (candidate.given_name, candidate.full_name, candidate.note) == (
        "Mài", "Lê Thị Mài", "Ghi chú",
    )  # fmt: skip
    assert candidate.search_text == f"le thi mai {candidate.cccd}"
    assert dict(Member.objects.filter(pk=members["hoa"].pk).values().get()) == untouched
    assert Member.history.count() == history


@pytest.fixture
def cntt_candidate(members, tree):
    from coso.admission import services

    return services.create_candidate(
        {"family_name": "Lê", "middle_name": "Thị", "given_name": "Mai", "sex": "female",
         "birth_date": D(2000, 3, 15), "cccd": "001100000001",
         "education_general": "upper_secondary", "source": "staff"},
        cell=tree["DUK-BK-CNTT"],
    )  # fmt: skip
