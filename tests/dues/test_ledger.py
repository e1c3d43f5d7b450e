"""The ledger: a month opened, the collection sheet saved at once, a portal payment, a month
excused, arrears flagging a member on the to-do list; out of scope and refusals change nothing;
each step once outside a wrapping transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.core.scope import OutOfScope
from coso.dues import services
from coso.dues.models import DuesMonth
from coso.dues.queries import members_in_arrears, sheet_rows
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from coso.orgs import services as org_services
from tests.helpers import make_member, plan_of, queries, refused

D = dt.date
TODAY = D(2026, 12, 6)
MARCH = D(2026, 3, 1)
pytestmark = pytest.mark.django_db


def _cell(org, n, income=8_000_000, prefix="Viên"):
    people = []
    for i in range(n):
        m = make_member(org, f"{prefix} {i:02d}")
        services.set_basis(m, category="salary", income=income, valid_from=D(2025, 1, 1))
        people.append(m)
    return people


def _row(member, month):
    return DuesMonth.objects.get(member=member, month=month)


def test_open_month_writes_one_row_per_member_and_lists_those_without_basis(tree):
    cntt = tree["DUK-BK-CNTT"]
    people = _cell(cntt, 3)
    nobody = make_member(cntt, "Chưa")
    written, missing = services.open_month(tree["DUK-BK"], D(2026, 3, 15))
    assert (written, [(m.pk, m.full_name) for m in missing]) == (3, [(nobody.pk, nobody.full_name)])
    assert (
        list(DuesMonth.objects.values_list("month", "due", "paid", "organization__code"))
        == [(D(2026, 3, 1), 80_000, 0, "DUK-BK-CNTT")] * 3
    )
    # again: nothing new
    assert services.open_month(cntt, D(2026, 3, 1))[0] == 0
    refused(lambda: services.open_month(cntt, D(2027, 1, 1)), "still to come", field="month")
    assert len(people) == DuesMonth.objects.count()


def test_collection_sheet_ticks_and_untick(tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    a, b, c = _cell(cntt, 3)
    services.open_month(cntt, D(2026, 3, 1))
    services.record_payment(
        c, D(2026, 3, 1), amount=80_000, paid_on=D(2026, 3, 3), channel="portal",
        reference="DVC-2026-000123", actor=cell_secretary,
    )  # fmt: skip
    paid, undone = services.collect_month(
        cntt, D(2026, 3, 1), paid_ids=[a.pk, b.pk], paid_on=D(2026, 3, 10), actor=cell_secretary
    )
    assert (paid, undone) == (2, 0)
    assert [(_row(m, D(2026, 3, 1)).paid, _row(m, D(2026, 3, 1)).channel) for m in (a, b, c)] == [
        (80_000, "cash"), (80_000, "cash"), (80_000, "portal"),
    ]  # fmt: skip
    # b was ticked by mistake: saved again without b; the portal payment stays
    assert services.collect_month(
        cntt, D(2026, 3, 1), paid_ids=[a.pk], paid_on=D(2026, 3, 10), actor=cell_secretary
    ) == (0, 1)
    row = _row(b, D(2026, 3, 1))
    assert (row.paid, row.paid_on, row.channel, row.balance) == (0, None, "", 80_000)
    assert _row(c, D(2026, 3, 1)).reference == "DVC-2026-000123"


def test_collection_refusals_change_nothing(tree, cell_secretary, members):
    cntt = tree["DUK-BK-CNTT"]
    (a,) = _cell(cntt, 1)
    refused(
        lambda: services.collect_month(
            cntt, D(2026, 3, 1), paid_ids=[a.pk], paid_on=D(2026, 3, 10)
        ),
        "not opened",
    )
    services.open_month(cntt, D(2026, 3, 1))
    outsider = members["binh"]  # a member of CK
    refused(
        lambda: services.collect_month(
            cntt, D(2026, 3, 1), paid_ids=[a.pk, outsider.pk], paid_on=D(2026, 3, 10)
        ),
        "not on this month's sheet",
    )
    refused(
        lambda: services.collect_month(
            cntt, D(2026, 3, 1), paid_ids=[a.pk], paid_on=D(2026, 2, 28)
        ),
        field="paid_on",
    )
    refused(
        lambda: services.record_payment(
            a, D(2026, 3, 1), amount=80_000, paid_on=D(2026, 3, 3), channel="portal"
        ),
        "needs its reference",
        field="reference",
    )
    # CK's cell is out of CNTT's secretary's scope: a 404, nothing written
    refused(
        lambda: services.open_month(tree["DUK-BK-CK"], D(2026, 3, 1), actor=cell_secretary),
        raises=OutOfScope,
    )
    refused(
        lambda: services.set_basis(
            outsider, category="student", valid_from=D(2026, 3, 1), actor=cell_secretary
        ),
        raises=OutOfScope,
    )


def test_sheet_save_runs_a_fixed_number_of_queries(tree, bk_secretary):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    small, large = _cell(cntt, 10), _cell(ck, 40, prefix="Khí")
    services.open_month(tree["DUK-BK"], D(2026, 3, 1))
    # the user's scope is read once and kept on the user object: warm it first
    services.collect_month(
        cntt, D(2026, 3, 1), paid_ids=[], paid_on=D(2026, 3, 9), actor=bk_secretary
    )
    counts = [
        queries(
            lambda org=org, people=people: services.collect_month(
                org, D(2026, 3, 1), paid_ids=[m.pk for m in people[:-1]], paid_on=D(2026, 3, 9),
                actor=bk_secretary,
            )
        )
        for org, people in ((cntt, small), (ck, large))
    ]  # fmt: skip
    assert counts[0] == counts[1]


def test_three_months_unpaid_flag_and_two_do_not(tree, office, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    three, two, excused = _cell(cntt, 3)
    for month in range(1, 12):
        services.open_month(cntt, D(2026, month, 1))
        unpaid = {three: (3, 5, 9), two: (4, 8), excused: (2, 6, 7)}
        paid = [m.pk for m, months in unpaid.items() if month not in months]
        services.collect_month(cntt, D(2026, month, 1), paid_ids=paid, paid_on=D(2026, month, 20))
    services.excuse_month(excused, D(2026, 7, 1), reason="Nằm viện dài ngày")
    assert list(members_in_arrears(2026, D(2026, 11, 1))) == [three]
    # narrowed to a subtree: the ledger is grouped for its members only (below a tree's root)
    for org, flagged in (("DUK-BK-CNTT", [three]), ("DUK-BK", [three]), ("DUK-BK-CK", []),
                         ("DUK-KT", []), ("DUK", [three])):  # fmt: skip
        within = members_in_arrears(2026, D(2026, 11, 1), within=tree[org].path)
        assert list(within) == flagged, org
    items = [
        f for f in todo_list(cell_secretary, today=TODAY).items if f.kind == TodoKind.DUES_ARREARS
    ]
    assert [(f.member_id, f.due_on, f.detail) for f in items] == [
        (
            three.pk,
            D(2026, 11, 30),
            "3 months of dues unpaid in 2026 without reason: a ground for striking off "
            "(Điều lệ Đảng; QĐ 294-QĐ/TW (26/5/2025); HD 06-HD/TW (9/6/2025)).",
        )
    ]
    assert items[0].url == f"/members/{three.pk}/dues/"
    # an office of another bloc's subtree does not see it: KT's secretary sees nothing here
    assert [f for f in todo_list(office, today=TODAY).items if f.kind == TodoKind.DUES_ARREARS]


def test_excuse_refusals(tree):
    (a,) = _cell(tree["DUK-BK-CNTT"], 1)
    services.open_month(tree["DUK-BK-CNTT"], D(2026, 3, 1))
    refused(lambda: services.excuse_month(a, D(2026, 3, 1), reason="  "), field="reason")
    refused(lambda: services.excuse_month(a, D(2026, 4, 1), reason="Ốm"), "not opened")


@pytest.mark.django_db(transaction=True)
def test_steps_outside_a_wrapping_transaction(tree, cell_secretary):
    cntt = tree["DUK-BK-CNTT"]
    a = make_member(cntt, "An", birth_date=D(1950, 1, 1), admitted_on=D(1974, 1, 1),
                    recognized_on=D(1975, 1, 1))  # fmt: skip
    b = make_member(cntt, "Bình")
    services.set_basis(a, category="pension", income=6_000_000, valid_from=D(2026, 1, 1),
                       actor=cell_secretary)  # fmt: skip
    services.set_basis(b, category="salary", income=8_000_000, valid_from=D(2026, 1, 1),
                       actor=cell_secretary)  # fmt: skip
    assert services.open_month(cntt, D(2026, 3, 1), actor=cell_secretary)[0] == 2
    services.grant_relief(
        a, kind="exemption", reason="long_membership", valid_from=D(2026, 3, 1),
        decision_number="01-QĐ/ĐU", decision_date=D(2026, 3, 1), actor=cell_secretary,
    )  # fmt: skip
    assert services.collect_month(
        cntt, D(2026, 3, 1), paid_ids=[b.pk], paid_on=D(2026, 3, 5), actor=cell_secretary
    ) == (1, 0)
    services.record_payment(
        b, D(2026, 3, 1), amount=90_000, paid_on=D(2026, 3, 6), channel="portal",
        reference="DVC-1", actor=cell_secretary,
    )  # fmt: skip
    services.open_month(cntt, D(2026, 4, 1), actor=cell_secretary)
    services.excuse_month(b, D(2026, 4, 1), reason="Công tác", actor=cell_secretary)
    rows = DuesMonth.objects.order_by("month", "member__given_name")
    assert list(rows.values_list("month", "due", "paid", "relief", "channel", "excuse")) == [
        (D(2026, 3, 1), 0, 0, "exempt", "", ""),
        (D(2026, 3, 1), 80_000, 90_000, "", "portal", ""),
        (D(2026, 4, 1), 0, 0, "exempt", "", ""),
        (D(2026, 4, 1), 80_000, 0, "", "", "Công tác"),
    ]


def test_a_partial_payment_stays_and_a_groups_members_are_on_the_cells_sheet(tree):
    cntt = tree["DUK-BK-CNTT"]
    group = org_services.create_organization(
        cntt, code="DUK-BK-CNTT-T1", name="Tổ đảng 1", kind="group", established_on=D(2015, 1, 1)
    )
    (a,) = _cell(cntt, 1)
    (g,) = _cell(group, 1, prefix="Tổ")
    services.open_month(cntt, MARCH)
    # in name order: Tổ before Viên
    assert [r.member_id for r in sheet_rows(cntt, MARCH)] == [g.pk, a.pk]
    services.record_payment(a, MARCH, amount=50_000, paid_on=D(2026, 3, 2), channel="cash")
    assert services.collect_month(cntt, MARCH, paid_ids=[a.pk, g.pk], paid_on=D(2026, 3, 9)) == (
        1,
        0,
    )
    assert [(_row(m, MARCH).paid, _row(m, MARCH).organization_id) for m in (a, g)] == [
        (50_000, cntt.pk),
        (80_000, group.pk),
    ]


def test_the_arrears_read_the_unpaid_months_index(tree):
    """The members in arrears are counted from the index of the months unpaid without reason
    (`dues_month_unpaid`), not from the whole year's ledger."""
    assert "dues_month_unpaid" in plan_of(members_in_arrears(2026, D(2026, 11, 1)))
