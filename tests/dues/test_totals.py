"""The ledger's totals per cell and month and per cell and year, kept by triggers, agree with the
ledger whoever writes it (the services, bulk writes, raw SQL moves and deletes), and the summary
read from them equals the ledger summed directly, on a random ledger."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from coso.core.rules import rule_in_force
from coso.dues import services, totals
from coso.dues.models import DuesMonth, MonthTotal, YearTotal
from coso.dues.queries import _kept, summary
from coso.dues.services import PaymentRow
from tests.helpers import make_member, queries

D = dt.date
pytestmark = pytest.mark.django_db


def ledger_months() -> dict[tuple, tuple]:
    """(cell, month) -> (rows, due, paid, arrears, months unpaid), the slow way."""
    out: dict[tuple, list] = {}
    for org, month, due, paid, excuse in DuesMonth.objects.values_list(
        "organization_id", "month", "due", "paid", "excuse"
    ):
        s = out.setdefault((org, month), [0, 0, 0, 0, 0])
        owed = due > paid and not excuse
        for i, v in enumerate((1, due, paid, due - paid if owed else 0, 1 if owed else 0)):
            s[i] += v
    return {k: tuple(v) for k, v in out.items()}


def ledger_years() -> dict[tuple, tuple]:
    """(cell, year) -> (members of the latest month, due, paid, arrears, months unpaid)."""
    out: dict[tuple, list] = {}
    for (org, month), (rows, *sums) in sorted(ledger_months().items()):
        s = out.setdefault((org, month.year), [0, 0, 0, 0, 0])
        s[0] = rows  # months in order: the last one's rows stay
        for i, v in enumerate(sums, 1):
            s[i] += v
    return {k: tuple(v) for k, v in out.items()}


def assert_agrees() -> None:
    fields = ("members", "due", "paid", "arrears", "unpaid")
    months = MonthTotal.objects.filter(members__gt=0).values_list(
        "organization_id", "month", *fields
    )
    years = YearTotal.objects.filter(members__gt=0).values_list("organization_id", "year", *fields)
    assert {(o, m): tuple(v) for o, m, *v in months} == ledger_months()
    assert {(o, y): tuple(v) for o, y, *v in years} == ledger_years()
    # what went away leaves zeros, never a stray sum
    assert not MonthTotal.objects.filter(members=0).exclude(due=0, paid=0, arrears=0, unpaid=0)
    assert not YearTotal.objects.filter(members=0).exclude(due=0, paid=0, arrears=0, unpaid=0)


def _people(org, n, prefix, income=8_000_000):
    out = []
    for i in range(n):
        m = make_member(org, f"{prefix} {i:02d}")
        services.set_basis(m, category="salary", income=income, valid_from=D(2025, 1, 1))
        out.append(m)
    return out


def _every_kind_of_write(tree) -> None:
    cntt, ck, kt = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"], tree["DUK-KT"]
    a = _people(cntt, 3, "Viên")
    b = _people(ck, 2, "Khí", income=6_000_000)
    c = _people(kt, 2, "Tế", income=10_000_000)
    feb, mar = D(2026, 2, 1), D(2026, 3, 1)
    for month in (D(2025, 12, 1), feb, mar):
        services.open_month(tree["DUK"], month)
    assert MonthTotal.objects.get(organization=cntt, month=mar).members == 3
    assert_agrees()
    services.collect_month(cntt, mar, paid_ids=[a[0].pk, a[1].pk], paid_on=D(2026, 3, 10))
    services.collect_month(cntt, mar, paid_ids=[a[1].pk], paid_on=D(2026, 3, 10))  # one undone
    services.record_payment(b[0], feb, amount=20_000, paid_on=D(2026, 2, 5), channel="cash")
    services.excuse_month(b[1], feb, reason="Ốm")
    assert_agrees()
    services.load_payments(
        kt,
        mar,
        [PaymentRow(line=i, member_id=m.pk, paid_on=D(2026, 3, 4)) for i, m in enumerate(c)],
    )
    services.grant_relief(
        a[2], kind="reduction", reason="hardship", percent=50, months=3, valid_from=feb,
        decision_number="7-QĐ", decision_date=D(2026, 1, 20),
    )  # fmt: skip
    assert_agrees()
    year = YearTotal.objects.get(organization=kt, year=2026)
    assert (year.members, year.due, year.paid, year.arrears) == (2, 400_000, 200_000, 200_000)
    # raw SQL: a whole cell's March moved to another cell, then rows deleted
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE dues_duesmonth SET organization_id = %s WHERE organization_id = %s "
            "AND month = %s",
            [kt.pk, ck.pk, mar],
        )
    assert_agrees()
    DuesMonth.objects.filter(month=mar, organization=kt).delete()  # kt's latest month gone
    assert YearTotal.objects.get(organization=kt, year=2026).members == 2  # February's
    DuesMonth.objects.filter(member__in=b).delete()
    DuesMonth.objects.filter(month=D(2025, 12, 1)).delete()  # a whole year
    assert_agrees()
    assert YearTotal.objects.get(organization=cntt, year=2025).members == 0


def test_totals_follow_every_kind_of_write(tree):
    _every_kind_of_write(tree)


@pytest.mark.django_db(transaction=True)
def test_totals_follow_every_kind_of_write_outside_a_transaction(tree):
    _every_kind_of_write(tree)


def _random_ledger(tree, rng: random.Random) -> None:
    """Members moving between cells from month to month, months skipped, random amounts and
    excuses, written in one bulk insert."""
    cells = [tree[c] for c in ("DUK-BK-CNTT", "DUK-BK-CK", "DUK-KT")]
    people = [make_member(rng.choice(cells), f"Ngẫu {i:02d}") for i in range(12)]
    rows = []
    for m in people:
        for i in range(20):
            month = D(2025 + (i + 3) // 12, (i + 3) % 12 + 1, 1)  # April 2025 to November 2026
            if rng.random() < 0.2:
                continue
            due = rng.choice((0, 30_000, 80_000, 100_000))
            paid = rng.choice((0, due, due // 2, due + 20_000))
            excuse = "Ốm" if rng.random() < 0.15 else ""
            org = rng.choice(cells) if rng.random() < 0.2 else m.organization
            rows.append(DuesMonth(member=m, organization=org, month=month, due=due, paid=paid,
                                  excuse=excuse))  # fmt: skip
    DuesMonth.objects.bulk_create(rows)


def expected_summary(org, start, end) -> tuple[list, tuple]:
    """The summary's lines, summed from the ledger: each cell's members in its latest month of
    the range with rows."""
    width = len(org.path) + org.steplen
    shares = rule_in_force("dues_kept_shares", end).value
    latest: dict[int, dt.date] = {}
    lines: dict[str, list] = {}
    kinds: dict[str, dict] = {}
    ledger = DuesMonth.objects.filter(
        organization__path__startswith=org.path, month__gte=start, month__lte=end
    ).values_list("organization_id", "organization__path", "organization__kind", "month", "due",
                  "paid", "excuse")  # fmt: skip
    for cell, _path, _kind, month, *_ in ledger:
        latest[cell] = max(latest.get(cell, month), month)
    for cell, path, kind, month, due, paid, excuse in ledger:
        key = path[:width] if len(path) > len(org.path) else org.path
        line = lines.setdefault(key, [0, 0, 0, 0, 0])
        owed = due > paid and not excuse
        for i, v in enumerate(
            (month == latest[cell], due, paid, due - paid if owed else 0, 1 if owed else 0)
        ):
            line[i] += v
        kinds.setdefault(key, {}).setdefault(kind, 0)
        kinds[key][kind] += paid
    out = [(key, *line, _kept(kinds[key], shares)) for key, line in sorted(lines.items())]
    every: dict[str, int] = {}
    for by_kind in kinds.values():
        for kind, paid in by_kind.items():
            every[kind] = every.get(kind, 0) + paid
    total = tuple(sum(line[i] for line in lines.values()) for i in range(5))
    return out, (*total, _kept(every, shares))


def _shown(lines, total) -> tuple[list, tuple]:
    def row(x):
        return (x.members, x.due, x.paid, x.arrears, x.months_unpaid)

    return [(x.organization.path, *row(x), x.kept) for x in lines], (*row(total), total.kept)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_equals_the_ledger_summed_directly(tree, seed):
    _random_ledger(tree, random.Random(seed))
    assert_agrees()
    ranges = [
        (D(2026, 1, 1), D(2026, 12, 1)),  # a year: the years' totals
        (D(2025, 1, 1), D(2025, 12, 1)),
        (D(2026, 3, 1), D(2026, 3, 1)),  # a month
        (D(2025, 6, 1), D(2026, 2, 1)),  # months across years: each cell's latest month
    ]
    for code in ("DUK", "DUK-BK", "DUK-KT", "DUK-BK-CNTT"):
        for start, end in ranges:
            org = tree[code]
            assert _shown(*summary(org, start, end)) == expected_summary(org, start, end), (
                code, start, end,
            )  # fmt: skip


def test_summary_reads_the_totals_in_a_fixed_number_of_queries(tree):
    _random_ledger(tree, random.Random(4))
    rule_in_force("dues_kept_shares", D(2026, 12, 1))  # the rules' table read once a process
    few = queries(lambda: summary(tree["DUK"], D(2026, 1, 1), D(2026, 12, 1)))
    assert few == 2  # the grouped totals, the children
    assert queries(lambda: summary(tree["DUK"], D(2025, 6, 1), D(2026, 2, 1))) == few
    # the totals are what it reads: a changed total shows
    YearTotal.objects.filter(organization=tree["DUK-KT"], year=2026).update(due=1)
    lines, _total = summary(tree["DUK"], D(2026, 1, 1), D(2026, 12, 1))
    assert [x.due for x in lines if x.organization.code == "DUK-KT"] == [1]


def test_rebuild_sums_afresh_and_ensure_puts_back_the_sqlite_triggers(tree):
    _random_ledger(tree, random.Random(5))
    MonthTotal.objects.update(paid=7)
    YearTotal.objects.all().delete()
    totals.rebuild(connection)
    assert_agrees()
    if connection.vendor != "sqlite":
        assert totals.ensure(connection) is False  # statement triggers are never dropped
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the inserts' deferred checks
            cursor.execute("TRUNCATE dues_duesmonth")  # no delete triggers: its own
        assert not MonthTotal.objects.exists() and not YearTotal.objects.exists()
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER dues_duesmonth_totals_u")
    DuesMonth.objects.update(paid=0)  # written while the trigger was missing
    assert ledger_months() != {
        (o, m): tuple(v)
        for o, m, *v in MonthTotal.objects.filter(members__gt=0).values_list(
            "organization_id", "month", "members", "due", "paid", "arrears", "unpaid"
        )
    }
    assert totals.ensure(connection) is True
    assert_agrees()


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_cell_and_year_keep_the_year_exact(tree):
    """Two transactions write different months of one cell's year at once: the second waits
    for the first's lock on the year row, then recomputes the year with both months. (SQLite
    has one writer at a time: nothing to race.)"""
    if connection.vendor != "postgresql":
        return
    import threading

    from django.db import connections, transaction

    cntt = tree["DUK-BK-CNTT"]
    a, b = make_member(cntt, "Một"), make_member(cntt, "Hai")
    first_wrote, go = threading.Event(), threading.Event()
    errors = []

    def write(member, month, hold):
        try:
            with transaction.atomic():
                DuesMonth.objects.create(member=member, organization=cntt, month=month, due=50_000)
                if hold:
                    first_wrote.set()
                    go.wait(10)
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connections.close_all()

    one = threading.Thread(target=write, args=(a, D(2026, 2, 1), True))
    one.start()
    assert first_wrote.wait(10)
    two = threading.Thread(target=write, args=(b, D(2026, 3, 1), False))
    two.start()
    two.join(0.5)
    assert two.is_alive()  # waiting for the first writer's lock on the year
    go.set()
    one.join(10)
    two.join(10)
    assert errors == []
    year = YearTotal.objects.get(organization=cntt, year=2026)
    assert (year.members, year.due, year.arrears, year.unpaid) == (1, 100_000, 100_000, 2)
    assert_agrees()
