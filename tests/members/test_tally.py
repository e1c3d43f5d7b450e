"""Today's counts from the trigger-kept tallies agree with the placement log, whoever writes
the placements (services, bulk inserts, raw SQL updates and deletes, rows dated ahead)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from coso.members import services
from coso.members.db import tally
from coso.members.models import (
    Member,
    OfficialTally,
    Placement,
    member_count,
    member_counts_by_child,
)
from tests.helpers import make_member


def log_counts(path: str, prefix_len: int, day: dt.date) -> dict[str, int]:
    """The same counts, the slow way: every official placement covering `day`."""
    counts: dict[str, int] = {}
    for p in Placement.objects.official().select_related("organization"):
        covers = p.valid_from <= day and (p.valid_to is None or p.valid_to > day)
        if covers and p.organization.path.startswith(path):
            branch = p.organization.path[:prefix_len]
            counts[branch] = counts.get(branch, 0) + 1
    return counts


def stored_tallies() -> dict[int, int]:
    return {t.organization_id: t.official for t in OfficialTally.objects.all() if t.official}


def open_placements() -> dict[int, int]:
    counts: dict[int, int] = {}
    for org_id in (
        Placement.objects.official().filter(valid_to=None).values_list("organization_id", flat=True)
    ):
        counts[org_id] = counts.get(org_id, 0) + 1
    return counts


def assert_agrees(tree) -> None:
    today = timezone.localdate()
    assert stored_tallies() == open_placements()
    for org in tree.values():
        org.refresh_from_db()
        for day in (today, today + dt.timedelta(days=40)):
            for prefix_len in (len(org.path), len(org.path) + org.steplen):
                assert Placement.objects.tallied_by_branch(org.path, prefix_len, day) == {
                    k: v for k, v in log_counts(org.path, prefix_len, day).items() if v
                }


def test_tallies_follow_every_kind_of_write(tree, members):
    today = timezone.localdate()
    assert stored_tallies() == {
        tree["DUK-BK-CNTT"].pk: 3,
        tree["DUK-BK-CK"].pk: 2,
        tree["DUK-KT"].pk: 2,
    }
    assert_agrees(tree)
    # services: a move (closes one placement, opens another) and a removal
    services.move_member(members["an"], to=tree["DUK-KT"], date=today - dt.timedelta(days=3))
    services.remove_member(
        members["binh"], kind="struck_off", date=today - dt.timedelta(days=1), document_number="1"
    )
    assert_agrees(tree)
    # (not through the services, which refuse dates ahead) a placement that starts ahead
    # and one that ends ahead
    ahead = make_member(tree["DUK-BK-CK"], "Tới", active_from=today)
    Placement.objects.filter(member=ahead).update(valid_from=today + dt.timedelta(days=30))
    Placement.objects.filter(member=members["duc"], valid_to=None).update(
        valid_to=today + dt.timedelta(days=10)
    )
    assert_agrees(tree)
    # raw SQL: a whole statement moving every open placement of a cell, then deleting some
    cntt, kt = tree["DUK-BK-CNTT"], tree["DUK-KT"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_placement SET organization_id = %s "
            "WHERE organization_id = %s AND valid_to IS NULL",
            [kt.pk, cntt.pk],
        )
    assert_agrees(tree)
    Placement.objects.filter(member=members["hoa"]).delete()
    Placement.objects.filter(organization=kt, kind="official").update(kind="temporary")
    assert_agrees(tree)
    # a bulk insert of many rows in one statement
    new = Member.objects.filter(pk__in=[m.pk for m in members.values()])
    Placement.objects.bulk_create(
        Placement(member=m, organization=cntt, valid_from=dt.date(2024, 1, 1)) for m in new
    )
    assert_agrees(tree)


def test_todays_counts_come_from_the_tallies_in_one_query(tree, members, django_assert_num_queries):
    today = timezone.localdate()
    with django_assert_num_queries(1):
        assert member_count(tree["DUK"], today) == 7
    # a tally that disagrees with the log shows that today's count reads the tallies
    OfficialTally.objects.filter(pk=tree["DUK-KT"].pk).update(official=100)
    assert member_count(tree["DUK"], today) == 105
    assert member_count(tree["DUK"], today - dt.timedelta(days=1)) == 7  # a past day: the log
    assert member_counts_by_child(tree["DUK"], today)[tree["DUK-KT"].pk] == 100


def test_ensure_puts_back_the_sqlite_triggers_and_recounts(tree, members):
    if connection.vendor != "sqlite":
        assert tally.ensure(connection) is False  # statement triggers are never dropped
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER members_placement_tally_i")
    make_member(tree["DUK-KT"], "Lỡ")  # written while the trigger was missing
    assert stored_tallies() != open_placements()
    assert tally.ensure(connection) is True
    assert stored_tallies() == open_placements()
    assert tally.ensure(connection) is False
    make_member(tree["DUK-KT"], "Sau")
    assert stored_tallies() == open_placements()
