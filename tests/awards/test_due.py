"""The members due a badge on an occasion: in SQL (interruptions deducted), a fixed number of
queries, the exact due dates of the rows shown."""

import datetime as dt

import pytest

from coso.awards import services
from coso.awards.queries import due_members, due_rows
from tests.awards.conftest import old_member
from tests.helpers import queries

pytestmark = pytest.mark.django_db
D = dt.date
OCCASION = D(2023, 5, 19)


@pytest.fixture
def crowd(tree, veteran):
    cntt, kt = tree["DUK-BK-CNTT"], tree["DUK-KT"]
    return {
        "veteran": veteran,  # 30 years on 11/03/2023 (1,095 days out)
        "exact": old_member(cntt, "Bảo", D(1993, 5, 19)),  # 30 years on the occasion itself
        "day_late": old_member(cntt, "Cúc", D(1993, 5, 20)),
        "forty": old_member(kt, "Đào", D(1983, 1, 2)),  # 40 years on 02/01/2023
        "awarded": old_member(kt, "Hải", D(1990, 1, 1)),  # 30-year badge already presented
        "gap_late": old_member(cntt, "Giang", D(1993, 3, 1), gap=True),  # 30 years in 2026
    }


def test_the_due_list_of_an_occasion(tree, crowd):
    services.propose_badge(crowd["awarded"], years=30, occasion=D(2020, 5, 19),
                           proposed_on=D(2020, 3, 1))  # fmt: skip
    rows = due_members(tree["DUK"], OCCASION)
    assert [m.given_name for m in rows] == ["Bảo", "Đào", "Lâm"]
    shown = due_rows(list(rows), OCCASION)
    assert [(r.member.given_name, r.years, r.due_on) for r in shown] == [
        ("Bảo", 30, D(1993 + 30, 5, 19)),
        ("Đào", 40, D(2023, 1, 2)),
        ("Lâm", 30, D(2023, 3, 11)),
    ]
    # the day before the re-admitted member's date: not yet due (SQL and Python agree)
    assert "Lâm" not in [m.given_name for m in due_members(tree["DUK"], D(2022, 11, 7))]
    assert [m.given_name for m in due_members(tree["DUK-KT"], OCCASION)] == ["Đào"]
    # once proposed, off the list
    services.propose_badge(crowd["veteran"], years=30, occasion=OCCASION, proposed_on=D(2023, 4, 1))
    assert [m.given_name for m in due_members(tree["DUK"], OCCASION)] == ["Bảo", "Đào"]


def test_the_due_page_of_rows_in_a_fixed_number_of_queries(tree, crowd):
    def page():
        rows = list(due_members(tree["DUK"], OCCASION)[:50])
        return due_rows(rows, OCCASION)

    assert queries(page) == 3  # the page, the members' badges, their events
    for i in range(5):
        old_member(tree["DUK-BK-CK"], f"Khoa{i}", D(1985, 1, 1), gap=i % 2 == 0)
    assert queries(page) == 3
    assert len(page()) == 9  # and Hải (no badge proposed here)
