"""The HD 11 movement of a year on the small tree, by hand (reports_setup.py)."""

import datetime as dt

from coso.members.models import member_count
from coso.plans.queries.movement import balances, movement, movement_by
from tests.plans.reports_setup import BK, DUK, KT, YEAR_END, YEAR_START, figures, movement_year


def test_movement_of_a_year_by_hand(tree, members, django_assert_num_queries):
    movement_year(tree, members)
    bk, kt, duk = tree["DUK-BK"], tree["DUK-KT"], tree["DUK"]
    with django_assert_num_queries(8):
        by = movement_by(duk.path, [bk.path, kt.path], YEAR_START, YEAR_END)
    assert by == {bk.path: BK, kt.path: KT}
    assert movement(duk.path, YEAR_START, YEAR_END) == DUK
    for org, f in ((bk, BK), (kt, KT), (duk, DUK)):
        assert balances(f)
        # the member counts on those dates
        assert member_count(org, YEAR_START - dt.timedelta(days=1)) == f["members_start"]
        assert member_count(org, YEAR_END) == f["members_end"]


def test_moves_between_cells_count_for_the_cells(tree, members):
    movement_year(tree, members)
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    by = movement_by(tree["DUK-BK"].path, [cntt.path, ck.path], YEAR_START, YEAR_END)
    # CNTT: An, Đức, Hoa at the start; P1 admitted, Dũng in; An out, Đức died, Hoa struck off
    assert by[cntt.path] == figures(members_start=3, admitted=1, transferred_in=1, died=1,
                                    transferred_out=1, struck_off=1, members_end=2,
                                    official_end=1, probationary_end=1)  # fmt: skip
    # CK: Bình, Ánh, P2; An in, Ánh re-admitted; Bình out, Ánh expelled; P2 recognized
    assert by[ck.path] == figures(members_start=3, reinstated=1, transferred_in=1,
                                  transferred_out=1, expelled=1, members_end=3, official_end=2,
                                  probationary_end=1, recognized=1, badges=1)  # fmt: skip
    assert all(balances(f) for f in by.values())


def test_the_day_after_the_year_counts_next_year(tree, members):
    movement_year(tree, members)
    kt = tree["DUK-KT"]
    f = movement(kt.path, dt.date(2025, 12, 16), dt.date(2026, 12, 5))
    assert f == figures(members_start=2, resigned=1, members_end=1, official_end=1)
