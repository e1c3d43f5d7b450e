"""Today's branch counts are cached; database triggers keep the cache exact."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coso.core.models import ChangeStamp
from coso.members import services
from coso.members.db import count_cache
from coso.members.models import Placement, member_counts_by_child
from coso.orgs import services as org_services


def counts(tree):
    by_id = member_counts_by_child(tree["DUK"], timezone.localdate())
    return {code: by_id[tree[code].pk] for code in ("DUK-BK", "DUK-KT")}


def test_second_read_is_served_from_the_cache(tree, members):
    assert counts(tree) == {"DUK-BK": 5, "DUK-KT": 2}
    with CaptureQueriesContext(connection) as ctx:
        assert counts(tree) == {"DUK-BK": 5, "DUK-KT": 2}
    # the stamp lookup and the children; no grouped count
    assert len(ctx.captured_queries) == 2
    assert not any("COUNT" in q["sql"].upper() for q in ctx.captured_queries)


def test_a_service_write_makes_the_cached_counts_stale(tree, members):
    assert counts(tree) == {"DUK-BK": 5, "DUK-KT": 2}
    services.move_member(members["an"], to=tree["DUK-KT"], date=timezone.localdate())
    assert counts(tree) == {"DUK-BK": 4, "DUK-KT": 3}


def test_a_raw_update_without_signals_makes_them_stale(tree, members):
    assert counts(tree) == {"DUK-BK": 5, "DUK-KT": 2}
    stamp = ChangeStamp.current(count_cache.STAMP)
    Placement.objects.filter(member=members["dung"]).update(valid_to=dt.date(2020, 1, 1))
    assert ChangeStamp.current(count_cache.STAMP) != stamp
    assert counts(tree) == {"DUK-BK": 5, "DUK-KT": 1}


def test_moving_an_organization_makes_them_stale(tree, members):
    assert counts(tree) == {"DUK-BK": 5, "DUK-KT": 2}
    # a cell with its 2 members leaves DUK-BK for a new grassroots committee
    new = org_services.create_organization(
        tree["DUK"], code="DUK-XD", name="Đảng bộ Trường Đại học Xây dựng",
        kind="grassroots_committee", established_on=dt.date(2020, 1, 1),
    )  # fmt: skip
    org_services.move_organization(tree["DUK-BK-CK"], new_parent=new, date=timezone.localdate())
    tree["DUK"].refresh_from_db()
    by_id = member_counts_by_child(tree["DUK"], timezone.localdate())
    assert by_id == {tree["DUK-BK"].pk: 3, tree["DUK-KT"].pk: 2, new.pk: 2}


def test_past_dates_are_not_cached(tree, members):
    day = dt.date(2016, 1, 1)
    member_counts_by_child(tree["DUK"], day)
    with CaptureQueriesContext(connection) as ctx:
        member_counts_by_child(tree["DUK"], day)
    assert any("COUNT" in q["sql"].upper() for q in ctx.captured_queries)


def test_ensure_puts_back_dropped_triggers(db):
    if connection.vendor != "sqlite":
        assert count_cache.ensure(connection) is False
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER members_placement_stamp_i")
    assert count_cache.ensure(connection) is True
    assert count_cache.ensure(connection) is False
