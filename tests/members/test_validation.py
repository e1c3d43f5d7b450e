"""Nothing wrong saved: the page, the API, the importer and the bulk loader (the demo's door)
refuse the same bad values with the same message, keyed to the field, and change nothing.

Messages are asserted by their English msgid (the catalog's Vietnamese is checked for a few at
the end); the importer prefixes the column's name, as it does for every cell.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from coso.core.dates import format_date
from coso.core.text import name_sort_key
from coso.imports.columns import column_label
from coso.imports.services import ImportBlocked, import_members
from coso.members.models import Member
from coso.members.services.bulk import BulkLoadError, MemberRow, bulk_load_members
from tests.helpers import (
    PHONE_ABC,
    as_rows,
    client_for,
    invisible,
    member_post_data,
    member_row,
    verified_login,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared with their English msgid (form errors render when read)."""
    with translation.override("en"):
        yield


NO_PROVINCE_99999 = "There is no province or city with the code 99999."
NO_PROVINCE_0 = "There is no province or city with the code 0."
NO_WARD = "There is no ward or commune with the code 999999999."
WARD_WITHOUT_PROVINCE = "A ward or commune needs its province or city."
HOAN_KIEM = 70  # Phường Hoàn Kiếm, Thành phố Hà Nội (province 1)
HCMC = 79
WARD_ELSEWHERE = "Phường Hoàn Kiếm is not in Thành phố Hồ Chí Minh."
BIRTH_FLOOR = "The date of birth cannot be before 01/01/1900."
BIRTH_FUTURE = "The date of birth cannot be in the future."
#: (changes, {field: exact messages}) - each a value the issue found saved through the API
BAD = {
    "province 99999": (
        {"hometown_province": 99999},
        {"hometown_province": [NO_PROVINCE_99999]},
    ),
    "province 0": ({"permanent_province": 0}, {"permanent_province": [NO_PROVINCE_0]}),
    "ward of another province": (
        {"current_province": HCMC, "current_ward": HOAN_KIEM},
        {"current_ward": [WARD_ELSEWHERE]},
    ),
    "ward 999999999": (
        {"permanent_province": 1, "permanent_ward": 999999999},
        {"permanent_ward": [NO_WARD]},
    ),
    "ward without province": (
        {"permanent_ward": HOAN_KIEM},
        {"permanent_ward": [WARD_WITHOUT_PROVINCE]},
    ),
    "birth 1800": ({"birth_date": dt.date(1800, 1, 1)}, {"birth_date": [BIRTH_FLOOR]}),
    "birth 0001": ({"birth_date": dt.date(1, 1, 1)}, {"birth_date": [BIRTH_FLOOR]}),
    "birth 9999-12-31": ({"birth_date": dt.date(9999, 12, 31)}, {"birth_date": [BIRTH_FUTURE]}),
    "phone abc": ({"phone": "abc"}, {"phone": [PHONE_ABC]}),
    "zero-width space": ({"given_name": "Hoa\u200b"}, {"given_name": [invisible("U+200B")]}),
    "BOM": ({"family_name": "\ufeffNguyễn"}, {"family_name": [invisible("U+FEFF")]}),
    "right-to-left override": (
        {"middle_name": "V\u202eăn"},
        {"middle_name": [invisible("U+202E")]},
    ),
    "soft hyphen in an address": (
        {"current_address": "Số 1 Đại\u00adCồ Việt"},
        {"current_address": [invisible("U+00AD")]},
    ),
    "left-to-right mark in a place": (
        {"hometown": "\u200eNam Định"},
        {"hometown": [invisible("U+200E")]},
    ),
}


def as_json(changes: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in changes.items()}


def as_form(changes: dict) -> dict:
    return {k: format_date(v) if isinstance(v, dt.date) else v for k, v in changes.items()}


def form_errors(response) -> dict:
    """The form's errors as text in English (lazy messages render when read)."""
    with translation.override("en"):
        return {k: [str(m) for m in v] for k, v in response.context["form"].errors.items()}


def row_state(member: Member) -> dict:
    return dict(Member.objects.filter(pk=member.pk).values().get())


# --- API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(BAD))
def test_api_patch_refuses_with_the_message_and_changes_nothing(personas, members, case):
    changes, errors = BAD[case]
    an = members["an"]
    before, history = row_state(an), an.history.count()
    response = client_for(personas["office"]).patch(
        f"/api/v1/members/{an.pk}/", {**as_json(changes), "version": an.version}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json() == errors
    assert row_state(an) == before and an.history.count() == history


@pytest.mark.parametrize("case", list(BAD))
def test_api_create_refuses_with_the_message(personas, members, case):
    changes, errors = BAD[case]
    data = {
        "family_name": "Đỗ", "middle_name": "Thị", "given_name": "Mai", "sex": "female",
        "birth_date": "1990-03-08", "cccd": "001190012345", "organization": "DUK-BK-CNTT",
        **as_json(changes),
    }  # fmt: skip
    count = Member.objects.count()
    response = client_for(personas["office"]).post("/api/v1/members/", data, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == errors
    assert Member.objects.count() == count


def test_api_answers_in_vietnamese(personas, members):
    an = members["an"]
    response = client_for(personas["office"], language="vi").patch(
        f"/api/v1/members/{an.pk}/",
        {"birth_date": "9999-12-31", "phone": "abc", "given_name": "A\u200bn", "version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "birth_date": ["Ngày sinh không được sau ngày hôm nay."],
        "phone": [
            "abc không phải là số điện thoại Việt Nam: 10 chữ số bắt đầu bằng 0 (máy cố "
            "định: 11 chữ số bắt đầu bằng 02), hoặc +84 rồi đến số điện thoại bỏ chữ số 0 "
            "ở đầu."
        ],
        "given_name": [
            "Nội dung có ký tự ẩn hoặc ký tự điều khiển chiều viết (U+200B), thường do sao "
            "chép từ tài liệu khác; xin vui lòng gõ lại mà không có ký tự đó."
        ],
    }


def test_api_refuses_a_member_younger_than_the_rule(personas, members):
    an = members["an"]
    young = timezone.localdate().replace(year=timezone.localdate().year - 17)
    response = client_for(personas["office"]).patch(
        f"/api/v1/members/{an.pk}/",
        {"birth_date": young.isoformat(), "admitted_on": None, "recognized_on": None,
         "version": 1},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "birth_date": [
            "A party member is at least 18 years old (Điều lệ Đảng; QĐ 294-QĐ/TW (26/5/2025); "
            "HD 06-HD/TW (9/6/2025)); with this date of birth the member would be younger."
        ]
    }
    assert Member.objects.get(pk=an.pk).birth_date == dt.date(1985, 1, 1)


def test_api_accepts_vietnamese_phone_numbers_as_typed(personas, members):
    an = members["an"]
    client = client_for(personas["office"])
    for version, phone in enumerate(
        ["0912 345 678", "+84 912.345.678", "024 3869 2222", "+84-24-3869-2222"], start=1
    ):
        response = client.patch(
            f"/api/v1/members/{an.pk}/", {"phone": phone, "version": version}, format="json"
        )
        assert response.status_code == 200, response.content
        assert Member.objects.get(pk=an.pk).phone == phone


def test_api_accepts_addresses_that_agree(personas, members):
    an = members["an"]
    response = client_for(personas["office"]).patch(
        f"/api/v1/members/{an.pk}/",
        {"permanent_province": 1, "permanent_ward": HOAN_KIEM, "hometown_province": HCMC,
         "version": 1},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    an.refresh_from_db()
    assert (an.permanent_province, an.permanent_ward, an.hometown_province) == (1, 70, 79)


# --- pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(BAD))
def test_page_edit_shows_the_error_and_saves_nothing(login, personas, members, case):
    changes, errors = BAD[case]
    an = members["an"]
    before, history = row_state(an), an.history.count()
    response = login(personas["office"]).post(
        reverse("member_edit", args=[an.pk]), member_post_data(an, **as_form(changes))
    )
    assert response.status_code == 200
    assert form_errors(response) == errors
    assert row_state(an) == before and an.history.count() == history


@pytest.mark.parametrize("case", list(BAD))
def test_page_create_shows_the_error_and_saves_nothing(login, personas, members, case):
    changes, errors = BAD[case]
    data = {
        "organization": "DUK-BK-CNTT", "status": "official", "active_from": "",
        "family_name": "Đặng", "middle_name": "Thị Ngọc", "given_name": "Lan", "sex": "female",
        "birth_date": "08/03/1990", "ethnicity": "Kinh", "religion": "Không",
        "cccd": "001190000123", "admitted_on": "03/02/2015", "recognized_on": "03/02/2016",
        **as_form(changes),
    }  # fmt: skip
    count = Member.objects.count()
    response = login(personas["office"]).post(reverse("member_create"), data)
    assert response.status_code == 200
    assert form_errors(response) == errors
    assert Member.objects.count() == count


# --- the importer -----------------------------------------------------------------------------


#: the same values as spreadsheet cells: (cells, exact row messages)
def import_bad() -> dict:
    return {
        "province 99999": (
            {"hometown_province": 99999},
            [f"{column_label('hometown_province')}: {NO_PROVINCE_99999}"],
        ),
        "province 0": (
            {"permanent_province": "0"},
            [f"{column_label('permanent_province')}: {NO_PROVINCE_0}"],
        ),
        "ward of another province": (
            {"current_province": "Thành phố Hồ Chí Minh", "current_ward": "70"},
            [f"{column_label('current_ward')}: {WARD_ELSEWHERE}"],
        ),
        "ward 999999999": (
            {"permanent_province": "Hà Nội", "permanent_ward": "999999999"},
            [f"{column_label('permanent_ward')}: {NO_WARD}"],
        ),
        "ward without province": (
            {"permanent_ward": "70"},
            [f"{column_label('permanent_ward')}: {WARD_WITHOUT_PROVINCE}"],
        ),
        "birth 1800": (
            {"birth_date": "01/01/1800"},
            [f"{column_label('birth_date')}: {BIRTH_FLOOR}"],
        ),
        "birth 0001": (
            {"birth_date": "0001-01-01"},
            [f"{column_label('birth_date')}: {BIRTH_FLOOR}"],
        ),
        "birth 9999-12-31": (
            {"birth_date": "31/12/9999"},
            [f"{column_label('birth_date')}: {BIRTH_FUTURE}"],
        ),
        "phone abc": ({"phone": "abc"}, [f"{column_label('phone')}: {PHONE_ABC}"]),
        "zero-width space": (
            {"full_name": "Nguyễn Văn Hoa\u200b"},
            [f"{column_label('full_name')}: {invisible('U+200B')}"],
        ),
        "BOM": (
            {"full_name": "\ufeffNguyễn Văn Hoa"},
            [f"{column_label('full_name')}: {invisible('U+FEFF')}"],
        ),
        "right-to-left override": (
            {"full_name": "Nguyễn V\u202eăn Hoa"},
            [f"{column_label('full_name')}: {invisible('U+202E')}"],
        ),
        "soft hyphen in an address": (
            {"current_address": "Số 1 Đại\u00adCồ Việt"},
            [f"{column_label('current_address')}: {invisible('U+00AD')}"],
        ),
        "left-to-right mark in a place": (
            {"hometown": "\u200eNam Định"},
            [f"{column_label('hometown')}: {invisible('U+200E')}"],
        ),
    }


def test_import_covers_every_bad_value():
    assert set(import_bad()) == set(BAD)


@pytest.mark.parametrize("case", list(BAD))
def test_import_row_error_and_nothing_written(tree, write_file, case):
    cells, messages = import_bad()[case]
    row = member_row(2, recognized_on="", admitted_on="", **cells)
    path = write_file("ds.xlsx", xlsx_bytes(as_rows([member_row(1), row])))
    count = Member.objects.count()
    with pytest.raises(ImportBlocked):
        import_members(path, filename="ds.xlsx")
    assert Member.objects.count() == count
    plan = import_members(path, filename="ds.xlsx", dry_run=True).plan
    assert {e.row: e.messages for e in plan.errors} == {3: messages}


def test_import_stores_decomposed_names_composed(tree, write_file):
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Ho\u0300a"
    path = write_file("ds.xlsx", xlsx_bytes(as_rows([member_row(1, full_name=decomposed)])))
    import_members(path, filename="ds.xlsx")
    member = Member.objects.get()
    assert member.full_name == "Nguyễn Thị Hòa" and len(member.full_name) == 14
    assert list(Member.objects.search("Nguyễn Thị Hòa")) == [member]


# --- the bulk loader (the demo generator's door) ---------------------------------------------


@pytest.mark.parametrize("case", list(BAD))
def test_bulk_loader_refuses_the_same_values(tree, case):
    changes, errors = BAD[case]
    values = {
        "family_name": "Đỗ", "middle_name": "Thị", "given_name": "Mai", "sex": "female",
        "birth_date": dt.date(1990, 3, 8), "cccd": "001190012345", "status": "official",
    }  # fmt: skip
    member = Member(organization=tree["DUK-KT"], **{**values, **changes})
    with pytest.raises(BulkLoadError) as info:
        bulk_load_members([MemberRow.registered(member, active_from=dt.date(2015, 1, 1))])
    assert info.value.row_errors == [(0, m) for msgs in errors.values() for m in msgs]
    assert Member.objects.count() == 0


# --- names: composed, and found ---------------------------------------------------------------


def test_decomposed_name_is_stored_composed_and_found(personas, members):
    decomposed = {"family_name": "Nguye\u0302\u0303n", "middle_name": "Thi\u0323",
                  "given_name": "Huye\u0302\u0300n"}  # fmt: skip
    assert decomposed["family_name"] != "Nguyễn"
    response = client_for(personas["office"]).post(
        "/api/v1/members/",
        {**decomposed, "sex": "female", "birth_date": "1990-03-08", "cccd": "001190012345",
         "organization": "DUK-BK-CNTT", "other_names": "Tu\u031b"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    member = Member.objects.get(cccd="001190012345")
    assert (member.family_name, member.middle_name, member.given_name, member.full_name) == (
        "Nguyễn", "Thị", "Huyền", "Nguyễn Thị Huyền",
    )  # fmt: skip
    assert member.other_names == "Tư"
    assert response.json()["full_name"] == "Nguyễn Thị Huyền"
    assert member.sort_key == name_sort_key("Nguyễn", "Thị", "Huyền")
    assert member.search_text == "nguyen thi huyen tu 001190012345"
    for query in ("Nguyễn Thị Huyền", "nguyen thi huyen", decomposed["given_name"], "Tư"):
        assert list(Member.objects.search(query)) == [member], query
    listed = client_for(personas["office"]).get("/api/v1/members/", {"search": "Huyền"}).json()
    assert [m["id"] for m in listed["results"]] == [member.pk]


def test_search_ignores_zero_width_characters_in_the_query(members):
    found = list(Member.objects.search("Hoa").order_by("pk"))
    assert found == [members["hoa"], members["dung"]]  # Hoa, and Hoàng Văn Dũng
    assert list(Member.objects.search("Ho\u200ba").order_by("pk")) == found
    assert list(Member.objects.search("\ufeffhoa").order_by("pk")) == found


def test_page_error_in_vietnamese(client, personas, members):
    an = members["an"]
    verified_login(client, personas["office"])
    client.cookies["django_language"] = "vi"
    response = client.post(
        reverse("member_edit", args=[an.pk]),
        member_post_data(an, permanent_province="79", permanent_ward="70"),
    )
    with translation.override("vi"):
        assert response.context["form"].errors == {
            "permanent_ward": ["Phường Hoàn Kiếm không thuộc Thành phố Hồ Chí Minh."]
        }


@pytest.mark.django_db(transaction=True)
def test_refusals_outside_a_wrapping_transaction_write_nothing(personas, members):
    """As in production: no test transaction around the request (PostgreSQL in CI)."""
    an = members["an"]
    before, history = row_state(an), an.history.count()
    client = client_for(personas["office"])
    for changes, errors in BAD.values():
        response = client.patch(
            f"/api/v1/members/{an.pk}/", {**as_json(changes), "version": 1}, format="json"
        )
        assert (response.status_code, response.json()) == (400, errors)
    assert row_state(an) == before and an.history.count() == history
