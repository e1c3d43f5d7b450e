"""Names matched to codes and choices exactly (issue 15, item 2): a name is taken only as the
list writes it (case and spaces aside); a name that matches only without its tone marks is
refused with a suggestion, one that matches two entries so with both; a code column wins over
the name, and a name that is not the code's own is refused. Nothing is written on a refusal."""

from __future__ import annotations

import pytest
from django.utils import translation

from coso.imports.planning import plan_member_import
from coso.imports.services import ImportBlocked, import_members
from coso.members.models import Member
from tests.helpers import as_rows, make_member, member_row, snapshot, xlsx_bytes

pytestmark = pytest.mark.django_db

HCM, HAI_PHONG = "Thành phố Hồ Chí Minh", "Thành phố Hải Phòng"
THANH_AN, THANH_AN_TONE = 25807, 27676  # "Xã Thanh An", "Xã Thạnh An" (Hồ Chí Minh City)
CAM_GIANG, CAM_GIANG_TONE = 10888, 10903  # "Xã Cẩm Giang", "Xã Cẩm Giàng" (Hải Phòng)


def at(**place):
    """A row's permanent address (ward, province and their codes) given as keyword values."""
    return {f"permanent_{k}": v for k, v in place.items()}


def plan_of(write_file, rows):
    path = write_file("ds.xlsx", xlsx_bytes(as_rows(rows)))
    return path, plan_member_import(path, filename="ds.xlsx")


def errors_of(plan) -> dict[int, list[str]]:
    return {e.row: e.messages for e in plan.errors}


def refused(path) -> None:
    """The file is refused as a whole and nothing is written."""
    before = snapshot()
    with pytest.raises(ImportBlocked):
        import_members(path, filename="ds.xlsx")
    assert snapshot() == before


def test_names_differing_by_a_tone_mark_are_two_places(tree, write_file):
    rows = [
        member_row(1, **at(ward="Xã Thanh An", province=HCM)),
        member_row(2, **at(ward="xã  THẠNH an", province="Hồ Chí Minh")),
        member_row(3, **at(ward="Xã Cẩm Giang", province=HAI_PHONG)),
        member_row(4, **at(ward="Cẩm Giàng", province=HAI_PHONG)),
    ]
    path = write_file("ds.xlsx", xlsx_bytes(as_rows(rows)))
    import_members(path, filename="ds.xlsx")
    assert list(
        Member.objects.order_by("cccd").values_list("permanent_ward", "permanent_province")
    ) == [(THANH_AN, 79), (THANH_AN_TONE, 79), (CAM_GIANG, 31), (CAM_GIANG_TONE, 31)]


def test_a_name_without_its_tone_marks_is_a_suggestion_not_applied(tree, write_file):
    rows = [
        member_row(1, sex="Nu", full_name="Trần Thị Ánh"),
        member_row(2, status="Chinh thuc", **at(ward="Phuong Ba Dinh", province="Ha Noi")),
        member_row(3, **at(ward="Phuong Ba Dinh", province="Thành phố Hà Nội")),
    ]
    path, plan = plan_of(write_file, rows)
    assert errors_of(plan) == {
        2: ["Sex: “Nu” is not written as in the list: did you mean “Nữ”?"],
        3: [
            "Status: “Chinh thuc” is not written as in the list: did you mean “Chính thức”?",
            "Permanent address: province: “Ha Noi” is not written as in the list: did you mean "
            "“Hà Nội”?",
        ],
        4: [
            "Permanent address: ward: “Phuong Ba Dinh” is not written as in the list: did you "
            "mean “Phường Ba Đình (4)”?"
        ],
    }
    assert plan.counts()["new"] == 0
    refused(path)
    with translation.override("vi"):
        plan = plan_member_import(path, filename="ds.xlsx")
    assert errors_of(plan)[2] == [
        "Giới tính: “Nu” không ghi đúng như trong danh mục: có phải là “Nữ”?"
    ]
    assert errors_of(plan)[4] == [
        "Nơi thường trú: xã, phường: “Phuong Ba Dinh” không ghi đúng như trong danh mục: có "
        "phải là “Phường Ba Đình (4)”?"
    ]


def test_a_name_matching_two_places_without_tone_marks_lists_both(tree, write_file):
    rows = [
        member_row(1, **at(ward="Xa Thanh An", province=HCM)),
        member_row(2, **at(ward="Cam Giang", province=HAI_PHONG)),
    ]
    path, plan = plan_of(write_file, rows)
    assert errors_of(plan) == {
        2: [
            "Permanent address: ward: “Xa Thanh An” may mean any of “Xã Thanh An (25807)”, "
            "“Xã Thạnh An (27676)”: write the one meant as the list does."
        ],
        3: [
            "Permanent address: ward: “Cam Giang” may mean any of “Xã Cẩm Giang (10888)”, "
            "“Xã Cẩm Giàng (10903)”: write the one meant as the list does."
        ],
    }
    refused(path)
    with translation.override("vi"):
        assert errors_of(plan_member_import(path, filename="ds.xlsx"))[2] == [
            "Nơi thường trú: xã, phường: “Xa Thanh An” có thể là một trong “Xã Thanh An "
            "(25807)”, “Xã Thạnh An (27676)”: hãy ghi đúng tên như trong danh mục."
        ]


def test_the_code_wins_over_the_name_and_must_agree_with_it(tree, write_file):
    rows = [
        member_row(1, **at(ward="", ward_code=THANH_AN_TONE, province="", province_code=79)),
        member_row(2, **at(ward="Xã Thạnh An", ward_code=str(THANH_AN_TONE), province=HCM)),
        member_row(3, **at(ward="Xã Thanh An", ward_code=THANH_AN_TONE, province_code=79)),
        member_row(4, **at(ward="Xa Thanh An", ward_code=THANH_AN, province=HCM, province_code=1)),
        member_row(5, **at(ward_code="X1", province_code=79)),
    ]
    path, plan = plan_of(write_file, rows)
    assert errors_of(plan) == {
        4: [
            "Permanent address: ward, Permanent address: ward code: “Xã Thanh An” is not the "
            "name of the code 27676 (Xã Thạnh An)."
        ],
        5: [
            "Permanent address: province, Permanent address: province code: “Thành phố Hồ Chí "
            "Minh” is not the name of the code 1 (Thành phố Hà Nội).",
        ],
        6: ["Permanent address: ward code: X1 is not a code (digits only)."],
    }
    refused(path)
    with translation.override("vi"):
        assert errors_of(plan_member_import(path, filename="ds.xlsx"))[4] == [
            "Nơi thường trú: xã, phường, Nơi thường trú: mã xã, phường: “Xã Thanh An” không "
            "phải là tên của mã 27676 (Xã Thạnh An)."
        ]
    path = write_file("ok.xlsx", xlsx_bytes(as_rows(rows[:2])))
    import_members(path, filename="ok.xlsx")
    assert list(Member.objects.values_list("permanent_ward", "permanent_province")) == [
        (THANH_AN_TONE, 79),
        (THANH_AN_TONE, 79),
    ]


def test_a_member_in_the_toned_commune_is_unchanged_by_its_own_name(tree, write_file):
    """The issue's round trip: re-reading "Xã Thạnh An" keeps the member there."""
    member = make_member(
        tree["DUK-BK-CNTT"], "An", cccd="079090000001", permanent_province=79,
        permanent_ward=THANH_AN_TONE, current_province=31, current_ward=CAM_GIANG_TONE,
    )  # fmt: skip
    row = member_row(
        1, full_name=member.full_name, cccd="079090000001", party_card_number="",
        birth_date="01/01/1985", admitted_on="19/05/2010", recognized_on="19/05/2011",
        current_ward="Xã Cẩm Giàng", current_province=HAI_PHONG,
        **at(ward="Xã Thạnh An", province=HCM),
    )  # fmt: skip
    path, plan = plan_of(write_file, [row])
    assert plan.counts() == {"total": 1, "new": 0, "updated": 0, "unchanged": 1, "invalid": 0}
    path, plan = plan_of(write_file, [{**row, "current_ward": "Xã Cẩm Giang"}])
    assert [(c.row, c.changes) for c in plan.changes] == [
        (2, [("Current address: ward", "Xã Cẩm Giàng", "Xã Cẩm Giang")])
    ]
