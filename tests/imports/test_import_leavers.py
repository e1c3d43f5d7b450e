"""Rows of members who left (issue 15, item 1): what the importer writes for them, every
problem of their departure at once with its column named (English msgids and the Vietnamese
the office reads), nothing written while a row is wrong; their numbers stay unique and the
office finds them by CCCD."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from coso.imports.planning import plan_member_import
from coso.imports.services import ImportBlocked, import_members
from coso.members import services
from coso.members.choices import EventKind, LeavingReason
from coso.members.models import Member, MembershipEvent, Placement
from tests.helpers import as_rows, listed_names, make_member, member_row, snapshot, xlsx_bytes

pytestmark = pytest.mark.django_db

D = dt.date
STRUCK = {
    "status": "Xóa tên",
    "left_on": "30/06/2021",
    "leaving_reason": "Tự bỏ sinh hoạt đảng",
    "leaving_document": "15-QĐ/ĐU",
}
DEAD = {"status": "Từ trần", "left_on": "10/02/2023"}


def errors_of(plan) -> dict[int, list[str]]:
    return {e.row: e.messages for e in plan.errors}


def test_a_struck_off_row_is_written_as_register_then_remove_would(tree, write_file):
    path = write_file("ds.xlsx", xlsx_bytes(as_rows([member_row(1), member_row(2, **STRUCK)])))
    result = import_members(path, filename="ds.xlsx")
    assert (result.created, result.updated, result.plan.invalid) == (2, 0, 0)
    member = Member.objects.get(cccd=member_row(2)["cccd"])
    assert (member.status, member.organization.code, member.admitted_on, member.recognized_on) == (
        "struck_off", "DUK-BK-CNTT", D(2015, 5, 19), D(2016, 5, 19)
    )  # fmt: skip
    assert list(member.placements.values_list("kind", "valid_from", "valid_to")) == [
        ("official", D(2015, 5, 19), D(2021, 6, 30))
    ]
    cntt = tree["DUK-BK-CNTT"].pk
    assert list(
        member.events.values_list(
            "kind", "date", "document_number", "reason", "from_organization", "to_organization",
            "note",
        )
    ) == [
        ("registered", D(2015, 5, 19), "", "", None, cntt, "Imported from ds.xlsx"),
        ("struck_off", D(2021, 6, 30), "15-QĐ/ĐU", "abandoned_activity", cntt, None,
         "Imported from ds.xlsx"),
    ]  # fmt: skip
    assert member.history.count() == 1
    # counted from admission until the day before leaving, and not today
    on = Member.objects.active_on
    assert [on(d).filter(pk=member.pk).exists() for d in (D(2015, 5, 18), D(2015, 5, 19),
            D(2021, 6, 29), D(2021, 6, 30), timezone.localdate())] == [
        False, True, True, False, False
    ]  # fmt: skip


def test_a_file_with_a_leaving_date_and_no_status_column_names_it(tree, write_file):
    headers = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Mã chi bộ", "Ngày ra khỏi Đảng"]
    rows = [["Nguyễn Văn An", "Nam", "15/03/1990", "001090000001", "DUK-KT", "01/02/2020"]]
    path = write_file("ds.xlsx", xlsx_bytes(rows, headers))
    assert errors_of(plan_member_import(path, filename="ds.xlsx")) == {
        2: ["Leaving date: Only a member who has left has a departure; the status is Official."]
    }


#: each problem of a departure, row by row, in English and as the office reads it
REFUSED = [
    (
        {"status": "Xóa tên"},
        [
            "Leaving date: Required for a member whose status is Struck off.",
            "Leaving document number: Required for a member whose status is Struck off.",
        ],
        [
            "Ngày thôi sinh hoạt: Bắt buộc với đảng viên có tình trạng Xóa tên.",
            "Số văn bản thôi sinh hoạt: Bắt buộc với đảng viên có tình trạng Xóa tên.",
        ],
    ),
    (
        {**DEAD, "left_on": "01/01/2099", "leaving_reason": "Lý do khác"},
        [
            "Leaving date: The leaving date cannot be in the future.",
            "Reason for leaving the party: A reason for leaving the party goes with Struck "
            "off, Expelled, Resigned only, not with Deceased.",
        ],
        [
            "Ngày thôi sinh hoạt: Ngày thôi sinh hoạt không được sau ngày hôm nay.",
            "Lý do ra khỏi Đảng: Lý do ra khỏi Đảng chỉ ghi cho tình trạng Xóa tên, Khai "
            "trừ, Xin ra khỏi Đảng, không ghi cho tình trạng Từ trần.",
        ],
    ),
    (
        {**STRUCK, "left_on": "18/05/2015"},
        ["Leaving date: The leaving date cannot be before the admission date (19/05/2015)."],
        ["Ngày thôi sinh hoạt: Ngày thôi sinh hoạt không được trước ngày vào Đảng (19/05/2015)."],
    ),
    (
        {**STRUCK, "left_on": "18/05/2016"},
        ["Leaving date: The leaving date cannot be before the recognition date (19/05/2016)."],
        ["Ngày thôi sinh hoạt: Ngày thôi sinh hoạt không được trước ngày chính thức (19/05/2016)."],
    ),
    (
        {**STRUCK, "left_on": "30/02/2021", "leaving_reason": "Bị bắt"},
        [
            "Leaving date: 30/02/2021 is not a valid date.",
            "Reason for leaving the party: Bị bắt is not a reason for leaving the party.",
        ],
        [
            "Ngày thôi sinh hoạt: 30/02/2021 không phải là ngày hợp lệ.",
            "Lý do ra khỏi Đảng: Bị bắt không phải là lý do ra khỏi Đảng.",
        ],
    ),
    (
        {"left_on": "01/02/2020", "leaving_document": "9-QĐ"},
        [
            "Leaving date, Leaving document number: Only a member who has left has a "
            "departure; the status is Official."
        ],
        [
            "Ngày thôi sinh hoạt, Số văn bản thôi sinh hoạt: Chỉ ghi cho đảng viên đã thôi "
            "sinh hoạt; tình trạng ở đây là Chính thức."
        ],
    ),
    (
        {**STRUCK, "leaving_document": "QĐ " + "9" * 70},
        ["Leaving document number: at most 64 characters (this one has 73)."],
        ["Số văn bản thôi sinh hoạt: tối đa 64 ký tự (ô này có 73 ký tự)."],
    ),
]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_problem_of_a_departure_is_refused_naming_its_column(tree, write_file, language):
    rows = [member_row(1, **STRUCK), member_row(2, **DEAD)]
    rows += [member_row(3 + i, **over) for i, (over, _en, _vi) in enumerate(REFUSED)]
    path = write_file("ds.xlsx", xlsx_bytes(as_rows(rows)))
    before = snapshot()
    with translation.override(language), pytest.raises(ImportBlocked):
        import_members(path, filename="ds.xlsx")
    assert snapshot() == before
    with translation.override(language):
        plan = plan_member_import(path, filename="ds.xlsx")
    column = 1 if language == "en" else 2
    assert errors_of(plan) == {4 + i: refused[column] for i, refused in enumerate(REFUSED)}
    assert plan.counts() == {
        "total": 2 + len(REFUSED), "new": 2, "updated": 0, "unchanged": 0,
        "invalid": len(REFUSED),
    }  # fmt: skip
    assert snapshot() == before


def test_a_leaver_with_an_error_elsewhere_shows_both(tree, write_file):
    row = member_row(2, **{**STRUCK, "left_on": ""}, sex="X")
    path = write_file("ds.xlsx", xlsx_bytes(as_rows([member_row(1), row])))
    assert errors_of(plan_member_import(path, filename="ds.xlsx")) == {
        3: [
            "Sex: X is not a sex (Nam or Nữ).",
            "Leaving date: Required for a member whose status is Struck off.",
        ]
    }


def test_the_numbers_of_members_who_left_stay_unique(tree, write_file):
    """A second row with a leaver's CCCD, or an active member's CCCD on a row of a member who
    left, is refused as any repeated or differing number is; nothing is written."""
    active = make_member(tree["DUK-KT"], "Sơn", cccd="001090000777")
    rows = [
        member_row(1, **STRUCK),
        member_row(2, **DEAD, cccd=member_row(1)["cccd"]),
        member_row(3, **STRUCK, cccd=active.cccd, org="DUK-KT"),
    ]
    path = write_file("ds.xlsx", xlsx_bytes(as_rows(rows)))
    before = snapshot()
    with pytest.raises(ImportBlocked):
        import_members(path, filename="ds.xlsx")
    assert snapshot() == before
    assert errors_of(plan_member_import(path, filename="ds.xlsx")) == {
        3: ["Citizen ID (CCCD): The citizen ID (CCCD) 001090000001 repeats row 2."],
        4: [
            "Status: The status differs from the registry (Official). Status changes need a "
            "decision and are made on the member's page."
        ],
    }


def test_a_second_import_of_a_member_who_left_cannot_change_the_departure(tree, write_file):
    path = write_file("ds.xlsx", xlsx_bytes(as_rows([member_row(1, **STRUCK)])))
    import_members(path, filename="ds.xlsx")
    changed = {**STRUCK, "left_on": "01/07/2021", "leaving_reason": "", "leaving_document": "16"}
    path = write_file(
        "ds2.xlsx", xlsx_bytes(as_rows([member_row(1, **changed, phone="0912345678")]))
    )
    before = snapshot()
    with pytest.raises(ImportBlocked):
        import_members(path, filename="ds2.xlsx")
    assert snapshot() == before
    assert errors_of(plan_member_import(path, filename="ds2.xlsx")) == {
        2: [
            "Leaving date: The registry records 30/06/2021; an import does not change a departure.",
            "Reason for leaving the party: The registry records Abandoned party activity; an "
            "import does not change a departure.",
            "Leaving document number: The registry records 15-QĐ/ĐU; an import does not "
            "change a departure.",
        ]
    }
    # the same departure with a new phone number: an ordinary update of the record
    path = write_file(
        "ds3.xlsx", xlsx_bytes(as_rows([member_row(1, **STRUCK, phone="0912345678")]))
    )
    result = import_members(path, filename="ds3.xlsx")
    assert (result.created, result.updated) == (0, 1)
    member = Member.objects.get()
    assert (member.phone, member.status, member.version) == ("0912345678", "struck_off", 2)
    assert MembershipEvent.objects.count() == 2 and Placement.objects.count() == 1


def test_a_member_who_left_without_a_recorded_departure_is_told_so(tree, write_file):
    """A record whose departure was never recorded (no removal event) cannot be given one by
    an import."""
    member = make_member(tree["DUK-BK-CNTT"], "Tâm", cccd=member_row(1)["cccd"])
    Member.objects.filter(pk=member.pk).update(status="struck_off")
    path = write_file("ds.xlsx", xlsx_bytes(as_rows([member_row(1, **STRUCK)])))
    assert errors_of(plan_member_import(path, filename="ds.xlsx")) == {
        2: [
            f"{column}: The registry records none; an import does not change a departure."
            for column in (
                "Leaving date",
                "Reason for leaving the party",
                "Leaving document number",
            )
        ]
    }


def test_the_office_finds_an_imported_member_who_left(tree, write_file, login, office):
    """By CCCD or card number among all the members ("Tất cả": the list's default is the
    active members, as home counts them), or by their status."""
    path = write_file("ds.xlsx", xlsx_bytes(as_rows([member_row(1), member_row(2, **STRUCK)])))
    import_members(path, filename="ds.xlsx")
    client = login(office)
    url = reverse("member_list")
    cccd, card = member_row(2)["cccd"], member_row(2)["party_card_number"]
    for query in ({"search": cccd, "status": "all"}, {"search": card, "status": "all"},
                  {"search": cccd, "status": "struck_off"}, {"status": "struck_off"}):  # fmt: skip
        assert listed_names(client.get(url, query)) == ["Nguyễn Văn Mới 2"], query
    assert listed_names(client.get(url, {"search": cccd, "status": "official"})) == []
    assert listed_names(client.get(url, {"search": cccd})) == []  # not an active member


def test_a_member_removed_in_coso_and_one_imported_have_the_same_departure(tree, write_file):
    """The departure the import writes is the one `remove_member` writes (the events' fields
    but the note, the placement)."""
    path = write_file("ds.xlsx", xlsx_bytes(as_rows([member_row(1, **STRUCK)])))
    import_members(path, filename="ds.xlsx")
    made = services.register_member(
        {"family_name": "Lê", "given_name": "Na", "sex": "female", "birth_date": D(1990, 1, 2),
         "cccd": "001190000321", "admitted_on": D(2015, 5, 19), "recognized_on": D(2016, 5, 19)},
        organization=tree["DUK-BK-CNTT"],
    )  # fmt: skip
    services.remove_member(
        made, kind=EventKind.STRUCK_OFF, date=D(2021, 6, 30), document_number="15-QĐ/ĐU",
        reason=LeavingReason.ABANDONED_ACTIVITY,
    )  # fmt: skip
    fields = ("kind", "date", "document_number", "reason", "from_organization", "to_organization")
    imported = Member.objects.get(cccd=member_row(1)["cccd"])
    assert list(imported.events.values_list(*fields)) == list(made.events.values_list(*fields))
    placement = ("organization", "kind", "valid_from", "valid_to")
    assert list(imported.placements.values_list(*placement)) == list(
        made.placements.values_list(*placement)
    )
