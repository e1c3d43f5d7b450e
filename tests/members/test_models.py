"""Member model: stored sort key and search column, invariants, and counts over the placement log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from coso.members import services
from coso.members.models import Member, member_count, member_counts_by_child
from tests.helpers import make_member


def names(qs) -> list[str]:
    return list(qs.values_list("full_name", flat=True))


# --- sort key and search column, through real saves ---------------------------------------


def test_vietnamese_order_through_saves(members):
    assert names(Member.objects.vn_ordered()) == [
        "Nguyễn Văn An",
        "Phạm Thị Ánh",
        "Vũ Văn Ân",
        "Lê Văn Bình",
        "Hoàng Văn Dũng",
        "Trần Minh Đức",
        "Nguyễn Thị Hoa",
    ]


def test_given_name_first_then_family_then_middle(tree):
    org = tree["DUK-KT"]
    make_member(org, "Anh", family="Trần", middle="Văn")
    make_member(org, "Anh", family="Lê", middle="Văn")
    make_member(org, "Anh", family="Lê", middle="Thị")
    make_member(org, "An", family="Vũ", middle="Văn")
    make_member(org, "Ánh", family="Đỗ", middle="Văn")
    make_member(org, "Ánh", family="Đinh", middle="Văn")
    make_member(org, "Ảnh", family="Bùi", middle="Văn")
    assert names(Member.objects.vn_ordered()) == [
        "Vũ Văn An",  # shorter given name first
        "Lê Thị Anh",  # same given name: family, then middle
        "Lê Văn Anh",
        "Trần Văn Anh",
        "Bùi Văn Ảnh",  # same letters: tones (hỏi before sắc)
        "Đinh Văn Ánh",  # d-i before đ-ô
        "Đỗ Văn Ánh",
    ]


def test_sort_key_follows_an_edit(members):
    member = services.update_member(members["an"], {"given_name": "Yến"}, expected_version=1)
    assert names(Member.objects.vn_ordered())[-1] == "Nguyễn Văn Yến"
    assert member.sort_key == Member.objects.get(pk=member.pk).sort_key


def test_search_text_is_folded_and_whitespace_is_normalized(tree):
    member = make_member(
        tree["DUK-KT"],
        "  Ngọc   Ánh ",
        family="Đặng",
        middle=" Thị ",
        other_names="Đặng Thị Ngọc Ảnh",
        party_card_number="01234567",
    )
    member.refresh_from_db()
    assert member.full_name == "Đặng Thị Ngọc Ánh"
    assert member.search_text == (f"dang thi ngoc anh dang thi ngoc anh {member.cccd} 01234567")
    assert names(Member.objects.search("DANG ngoc")) == ["Đặng Thị Ngọc Ánh"]
    assert names(Member.objects.search("đặng  ánh")) == ["Đặng Thị Ngọc Ánh"]
    assert names(Member.objects.search("01234567")) == ["Đặng Thị Ngọc Ánh"]
    assert names(Member.objects.search("dang hoa")) == []


def test_search_matches_the_beginning_of_words(tree):
    hoa = make_member(tree["DUK-KT"], "Hòa", family="Nguyễn", middle="Thị")
    make_member(tree["DUK-KT"], "Khoa", family="Nguyễn", middle="Văn")
    make_member(tree["DUK-KT"], "Thắng", family="Nguyễn", middle="Văn", other_names="Hai (Tư)")
    make_member(tree["DUK-KT"], "Hoàng", family="Lê", party_card_number="AB-0917")
    assert names(Member.objects.vn_ordered().search("hoa")) == ["Nguyễn Thị Hòa", "Lê Văn Hoàng"]
    assert names(Member.objects.vn_ordered().search("nguyen th")) == [
        "Nguyễn Thị Hòa",
        "Nguyễn Văn Thắng",
    ]
    assert names(Member.objects.vn_ordered().search("ng v")) == [
        "Nguyễn Văn Khoa",
        "Nguyễn Văn Thắng",
    ]
    assert names(Member.objects.vn_ordered().search("oa")) == []  # inside a word: not a match
    assert names(Member.objects.vn_ordered().search("tư")) == [
        "Nguyễn Văn Thắng"
    ]  # other names, "(Tư)"
    assert names(Member.objects.vn_ordered().search("0917")) == [
        "Lê Văn Hoàng"
    ]  # "AB-0917" is two words
    assert names(Member.objects.vn_ordered().search(hoa.cccd)) == ["Nguyễn Thị Hòa"]
    everyone = names(Member.objects.vn_ordered())
    assert names(Member.objects.vn_ordered().search(" -- ")) == everyone


def test_search_agrees_with_the_rule_on_every_query(tree):
    """Each query word begins a stored word: checked against the rule in Python for words of
    one letter, short and long runs of digits (PostgreSQL matches them differently)."""
    make_member(tree["DUK-KT"], "Hòa", family="Nguyễn", middle="Thị", cccd="001185012345")
    make_member(tree["DUK-KT"], "Khoa", family="Nguyễn", party_card_number="0917123")
    make_member(tree["DUK-BK-CK"], "Hoàng", family="Lê", middle="", cccd="001185099999")
    make_member(tree["DUK-BK-CK"], "A", family="Ô", middle="Văn", party_card_number="AB-09")
    everyone = list(Member.objects.values_list("full_name", "search_text"))
    queries = ["n", "ng", "nguyen h", "h", "ho", "hoan", "oa", "v a", "0", "0011", "001185",
               "0011850", "001185012345", "09", "0917", "0917123", "ab 09", "o van a", "xyz"]  # fmt: skip
    for query in queries:
        words = query.split()
        expected = sorted(
            name
            for name, text in everyone
            if all(any(w.startswith(q) for w in text.split()) for q in words)
        )
        assert sorted(names(Member.objects.search(query))) == expected, query
        assert expected or query == "xyz" or query == "oa", query


def test_search_follows_an_edit(members):
    services.update_member(members["duc"], {"given_name": "Đạt"}, expected_version=1)
    assert names(Member.objects.search("duc")) == []
    assert names(Member.objects.search("dat")) == ["Trần Minh Đạt"]


def test_blank_unique_numbers_are_stored_as_null(tree):
    a = make_member(tree["DUK-KT"], "A", cccd="", party_card_number="")
    b = make_member(tree["DUK-KT"], "B", cccd="", party_card_number="")
    assert (
        Member.objects.filter(pk__in=[a.pk, b.pk], cccd=None, party_card_number=None).count() == 2
    )


# --- invariants in clean() ----------------------------------------------------------------


def invalid_fields(**fields) -> set[str]:
    base = {
        "family_name": "Nguyễn",
        "given_name": "An",
        "sex": "male",
        "birth_date": dt.date(1990, 5, 1),
        "admitted_on": dt.date(2012, 5, 1),
    }
    member = Member(**{**base, **fields})
    member.compute_derived()
    try:
        member.clean()
        member.clean_fields(exclude=["organization", "sort_key", "search_text", "full_name"])
    except ValidationError as error:
        return set(error.message_dict)
    return set()


def test_clean_invariants():
    assert invalid_fields() == set()
    assert invalid_fields(cccd="00119000012") == {"cccd"}
    assert invalid_fields(cccd="001190000123") == set()
    assert invalid_fields(birth_date=dt.date(2999, 1, 1), admitted_on=None) == {"birth_date"}
    assert invalid_fields(admitted_on=dt.date(2008, 4, 30)) == {"admitted_on"}
    assert invalid_fields(admitted_on=dt.date(2008, 5, 1)) == set()  # the 18th birthday itself
    assert invalid_fields(recognized_on=dt.date(2012, 4, 30)) == {"recognized_on"}
    assert invalid_fields(status="probationary", party_card_number="1") == {"party_card_number"}
    assert invalid_fields(status="official", party_card_number="1") == set()


def test_admission_on_a_29_february_birthday():
    # born 29/02/2000: the 18th birthday is taken as 28/02/2018
    assert invalid_fields(birth_date=dt.date(2000, 2, 29), admitted_on=dt.date(2018, 2, 27)) == {
        "admitted_on"
    }
    assert (
        invalid_fields(birth_date=dt.date(2000, 2, 29), admitted_on=dt.date(2018, 2, 28)) == set()
    )


# --- the placement log: who belonged where on a past date ---------------------------------


@pytest.fixture
def history(tree, members):
    """An moves CNTT -> KT on 01/06/2020; Bình (CK) is struck off on 01/03/2022."""
    services.move_member(members["an"], to=tree["DUK-KT"], date=dt.date(2020, 6, 1))
    services.remove_member(
        members["binh"], kind="struck_off", date=dt.date(2022, 3, 1), document_number="7-QĐ/ĐU"
    )
    return members


def test_active_on_follows_moves_and_removals(tree, history):
    day_before = Member.objects.active_on(dt.date(2014, 12, 31))
    assert day_before.count() == 0  # everyone was placed from 01/01/2015
    assert Member.objects.active_on(dt.date(2015, 1, 1)).count() == 7
    kt = tree["DUK-KT"]
    assert names(Member.objects.active_on(dt.date(2020, 5, 31), kt).vn_ordered()) == [
        "Vũ Văn Ân",
        "Hoàng Văn Dũng",
    ]
    assert names(Member.objects.active_on(dt.date(2020, 6, 1), kt).vn_ordered()) == [
        "Nguyễn Văn An",
        "Vũ Văn Ân",
        "Hoàng Văn Dũng",
    ]
    cntt = tree["DUK-BK-CNTT"]
    assert "Nguyễn Văn An" in names(Member.objects.active_on(dt.date(2020, 5, 31), cntt))
    assert "Nguyễn Văn An" not in names(Member.objects.active_on(dt.date(2020, 6, 1), cntt))
    # the removal date is the first day without activity (valid_to is exclusive)
    assert "Lê Văn Bình" in names(Member.objects.active_on(dt.date(2022, 2, 28)))
    assert "Lê Văn Bình" not in names(Member.objects.active_on(dt.date(2022, 3, 1)))
    assert Member.objects.active_on(dt.date(2022, 3, 1)).count() == 6


def test_counts_on_past_dates(tree, history):
    duk, bk, kt = tree["DUK"], tree["DUK-BK"], tree["DUK-KT"]
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    assert member_counts_by_child(duk, dt.date(2019, 12, 31)) == {bk.pk: 5, kt.pk: 2}
    assert member_counts_by_child(duk, dt.date(2021, 1, 1)) == {bk.pk: 4, kt.pk: 3}
    assert member_counts_by_child(duk, dt.date(2023, 1, 1)) == {bk.pk: 3, kt.pk: 3}
    assert member_counts_by_child(bk, dt.date(2019, 12, 31)) == {cntt.pk: 3, ck.pk: 2}
    assert member_counts_by_child(bk, dt.date(2023, 1, 1)) == {cntt.pk: 2, ck.pk: 1}
    assert member_counts_by_child(duk, dt.date(2014, 1, 1)) == {bk.pk: 0, kt.pk: 0}
    assert member_count(duk, dt.date(2019, 12, 31)) == 7
    assert member_count(duk, dt.date(2023, 1, 1)) == 6
    assert member_count(bk, dt.date(2020, 5, 31)) == 5
    assert member_count(bk, dt.date(2020, 6, 1)) == 4
    assert member_count(kt, dt.date(2020, 6, 1)) == 3
    assert member_count(ck, dt.date(2022, 2, 28)) == 2
    assert member_count(ck, dt.date(2022, 3, 1)) == 1


def test_counts_are_one_query(tree, history, django_assert_num_queries):
    with django_assert_num_queries(2):  # counts, then the children
        member_counts_by_child(tree["DUK"], dt.date(2021, 1, 1))
    with django_assert_num_queries(1):
        member_count(tree["DUK"], dt.date(2021, 1, 1))
