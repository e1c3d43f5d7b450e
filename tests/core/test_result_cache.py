"""Values kept until a table they read changes (coso.core.db.result_cache, core.db.stamps).

Every test here runs outside a wrapping transaction (a value computed inside one is never kept),
on SQLite and on PostgreSQL, where the stamps are sequences and a writer in flight is seen
through its advisory lock.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.cache import caches
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coso.core.dates import add_months
from coso.core.db import result_cache, stamps
from coso.core.db.result_cache import cached, note_reads
from coso.members.models import Member
from coso.members.queries.todo import overdue_count, todo_list
from coso.orgs.models import Organization
from tests.helpers import probationary_member

pytestmark = pytest.mark.django_db(transaction=True)


class Counting:
    """A computation that counts its runs: the organizations' names, sorted."""

    def __init__(self):
        self.runs = 0

    def __call__(self):
        self.runs += 1
        return sorted(Organization.objects.values_list("name", flat=True))


def rename(org: Organization, name: str) -> None:
    Organization.objects.filter(pk=org.pk).update(name=name)


def test_every_table_has_a_stamp_and_a_write_replaces_only_its_own(tree):
    names = stamps.tables(connection)
    assert {"orgs_organization", "members_member", "members_placement"} <= set(names)
    assert not set(names) & stamps.EXCLUDED
    before = stamps.current(connection, names)
    assert set(before) == set(names)
    rename(tree["DUK-BK"], "Đảng bộ Bách khoa")
    after = stamps.current(connection, names)
    changed = {t for t in names if before[t] != after[t]}
    assert changed == {"orgs_organization"}
    # raw SQL is seen too: the triggers stand in the database
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_organization SET name = name")
    assert stamps.current(connection, ["orgs_organization"]) != {
        "orgs_organization": after["orgs_organization"]
    }


def test_a_value_is_kept_until_a_table_it_read_changes(tree, members):
    compute = Counting()
    first = cached("test", "orgs", compute)
    assert cached("test", "orgs", compute) == first
    assert compute.runs == 1
    # a table it did not read: kept
    assert Member.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE members_member SET given_name = given_name")
    Member.objects.update(family_name="Trần")
    assert cached("test", "orgs", compute) == first
    assert compute.runs == 1
    # a table it read: computed again, with the new data
    old = tree["DUK-BK"].name
    rename(tree["DUK-BK"], "Aaa")
    expected = sorted([n for n in first if n != old] + ["Aaa"])
    assert cached("test", "orgs", compute) == expected
    assert cached("test", "orgs", compute) == expected
    assert compute.runs == 2


def test_a_kept_value_costs_one_query_and_other_parts_are_other_values(tree):
    compute = Counting()
    cached("test", "a", compute)
    with CaptureQueriesContext(connection) as captured:
        cached("test", "a", compute)
    assert len(captured.captured_queries) == 1  # the stamps of its tables
    assert "core_changestamp" in captured.captured_queries[0]["sql"] or (
        connection.vendor == "postgresql" and "coso_ts_" in captured.captured_queries[0]["sql"]
    )
    cached("test", "b", compute)
    assert compute.runs == 2


def test_another_process_reads_the_value_from_the_shared_cache(tree):
    compute = Counting()
    value = cached("test", "shared", compute)
    caches["local"].clear()  # another worker: its memory is empty
    with CaptureQueriesContext(connection) as captured:
        assert cached("test", "shared", compute) == value
    assert compute.runs == 1
    assert len(captured.captured_queries) == 2  # the shared cache's row, the stamps


def test_nothing_is_kept_inside_a_transaction(tree):
    compute = Counting()
    with transaction.atomic():
        cached("test", "atomic", compute)
        rename(tree["DUK-BK"], "Zzz")
        assert "Zzz" in cached("test", "atomic", compute)
        transaction.set_rollback(True)
    assert compute.runs == 2
    assert "Zzz" not in cached("test", "atomic", compute)
    assert compute.runs == 3


def test_a_value_that_read_a_table_without_a_stamp_is_not_kept(tree, monkeypatch):
    stamped, every = result_cache._tables(connection)
    key = f"{connection.alias}:{connection.settings_dict['NAME']}"
    monkeypatch.setitem(result_cache._TABLES, key, (stamped - {"orgs_organization"}, every))
    compute = Counting()
    cached("test", "unstamped", compute)
    cached("test", "unstamped", compute)
    assert compute.runs == 2


def test_a_read_a_cache_answered_without_a_query_is_a_dependency(tree):
    runs = []

    def compute():
        runs.append(1)
        note_reads(["orgs_organization"])  # as count_cache and the calendar do on a hit
        return len(Member.objects.all()[:1])

    cached("test", "hidden", compute)
    cached("test", "hidden", compute)
    assert len(runs) == 1
    rename(tree["DUK-BK"], "Bbb")
    cached("test", "hidden", compute)
    assert len(runs) == 2


def test_a_nested_kept_value_passes_its_tables_to_the_outer_one(tree):
    inner_runs, outer_runs = [], []

    def inner():
        inner_runs.append(1)
        return Organization.objects.count()

    def outer():
        outer_runs.append(1)
        return cached("test", "inner", inner) + Member.objects.count()

    cached("test", "inner", inner)  # kept before the outer one runs: a hit inside it
    cached("test", "outer", outer)
    cached("test", "outer", outer)
    assert (len(inner_runs), len(outer_runs)) == (1, 1)
    rename(tree["DUK-BK"], "Ccc")
    cached("test", "outer", outer)
    assert (len(inner_runs), len(outer_runs)) == (2, 2)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_keeps_nothing_read_from_a_table_a_transaction_in_flight_wrote(tree):
    """The writer's stamp moved before its commit: a value computed now, without its rows,
    must not be kept under that stamp (it would outlive the commit)."""
    wrote, done = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                rename(tree["DUK-BK"], "Ddd")
                wrote.set()
                done.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert wrote.wait(10)
        assert stamps.busy_tables(connection, ["orgs_organization", "members_member"]) == {
            "orgs_organization"
        }
        compute = Counting()
        assert "Ddd" not in cached("test", "busy", compute)
        done.set()
        thread.join(10)
        assert "Ddd" in cached("test", "busy", compute)
        assert compute.runs == 2
        assert stamps.busy_tables(connection, ["orgs_organization"]) == set()
    finally:
        done.set()
        thread.join(10)


def test_the_to_do_list_and_the_home_count_follow_a_change_at_once(tree, office):
    """Through the to-do list's own functions: a new overdue item counts at once, and the
    second call is answered from the kept value."""
    today = timezone.localdate()
    assert overdue_count(office, today=today) == 0
    assert todo_list(office, today=today).overdue_total == 0
    probationary_member(tree["DUK-BK-CNTT"], "Lan", admitted_on=add_months(today, -16))
    assert overdue_count(office, today=today) == 1
    with CaptureQueriesContext(connection) as captured:
        listed = todo_list(office, today=today)
    assert listed.overdue_total == 1
    assert [f.member_name for f in listed.items if f.days_overdue and f.days_overdue > 0] == [
        "Nguyễn Thị Lan"
    ]
    with CaptureQueriesContext(connection) as again:
        assert todo_list(office, today=today).overdue_total == 1
    assert len(again.captured_queries) == 1 < len(captured.captured_queries)
    # another day is another list
    assert todo_list(office, today=today - dt.timedelta(days=400)).overdue_total == 0


def test_a_slow_value_is_shown_as_it_was_while_it_is_computed_again(tree):
    """`behind`: a value whose computation took at least that long is served at once after a
    write, while a thread computes it again; the call after that thread gets the new value.
    What was computed from a value served so is not kept. A fast value is computed at once."""
    counting = Counting()
    first = cached("slow", "a", counting, behind=0)
    rename(tree["DUK-BK"], "Đảng bộ Bách khoa")
    outer_runs = []

    def outer():  # a page drawn from the value
        outer_runs.append(1)
        return cached("slow", "a", counting, behind=0)

    assert cached("outer", "a", outer) == first  # the old value, at once
    result_cache.wait_for_refreshes()
    assert counting.runs == 2  # computed again behind
    new = cached("slow", "a", counting, behind=0)
    assert "Đảng bộ Bách khoa" in new and new != first and counting.runs == 2
    # the page drawn from the old value was not kept: drawn again from the new one
    assert cached("outer", "a", outer) == new and len(outer_runs) == 2
    assert cached("outer", "a", outer) == new and len(outer_runs) == 2
    # a value faster than `behind` is computed at once, as without it
    rename(tree["DUK-BK"], "Đảng bộ Trường Đại học Bách khoa Hà Nội")
    assert "Đảng bộ Bách khoa" not in cached("slow", "a", counting, behind=60)
    assert counting.runs == 3


def test_one_refresh_at_a_time_for_a_value(tree):
    counting = Counting()
    cached("slow", "b", counting, behind=0)
    rename(tree["DUK-BK"], "Đảng bộ Bách khoa")
    # another worker is computing it
    held = result_cache._holding(result_cache._key(connection, "slow", "b"))
    assert caches["default"].add(held, 1)
    assert "Đảng bộ Bách khoa" not in cached("slow", "b", counting, behind=0)
    result_cache.wait_for_refreshes()
    assert counting.runs == 1  # not computed again here
    caches["default"].delete(held)  # that worker is done (its value not kept: computed here)
    cached("slow", "b", counting, behind=0)
    result_cache.wait_for_refreshes()
    assert counting.runs == 2
    assert "Đảng bộ Bách khoa" in cached("slow", "b", counting, behind=0)


def test_a_slow_value_past_its_age_is_shown_while_it_is_computed_again(tree, monkeypatch):
    """A slow value is kept a day (`BEHIND_TTL`): past `TTL` it is served as it was and
    computed again behind; a value without `behind` past `TTL` is computed at once."""
    counting = Counting()
    cached("slow", "c", counting, behind=0)
    cached("fast", "c", counting)
    assert counting.runs == 2
    monkeypatch.setattr(result_cache, "TTL", -1)  # every value is past its age
    caches["local"].clear()  # as another worker, from the shared cache
    assert cached("slow", "c", counting, behind=0) and counting.runs == 2
    result_cache.wait_for_refreshes()
    assert counting.runs == 3
    cached("fast", "c", counting)
    assert counting.runs == 4
