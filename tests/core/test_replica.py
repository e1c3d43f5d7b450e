"""Heavy reads on a read replica (coso.core.replica): against a real PostgreSQL streaming
replica of the test cluster, which scripts/replica.sh starts on 127.0.0.1:5433.

`.ci/run` starts the replica and runs this module on PostgreSQL with COSO_REPLICA_URL and
COSO_REQUIRE_REPLICA=1: there a missing replica fails these tests. Elsewhere (SQLite, or
PostgreSQL without COSO_REPLICA_URL) they are skipped, saying why; the check that the heavy
pages carry the switch runs everywhere.

The replica alias reads the primary's test database (settings: TEST MIRROR), over its own
connection to the replica server: each test here is outside a wrapping transaction (the
replica sees only what the primary committed) and waits until the replica has replayed the
primary's WAL before it reads.
"""

from __future__ import annotations

import csv
import io
import os
import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

from coso.core.replica import REPLICA, heavy_reads, replica_configured
from coso.orgs import services as org_services
from coso.orgs.models import Organization
from tests.helpers import D
from tests.plans.test_dashboard_measures import YEAR, admit, admitted  # noqa: F401 (fixture)

#: the pages and exports that read the replica (issue 14's dashboard and reports add theirs)
HEAVY_PAGES = {
    "evaluation_results",
    "evaluation_results_xlsx",
    "dues_summary",
    "dues_summary_xlsx",
    "member_export",
    "member_export_csv",
    "organization_export",
    "todo_export",
    "document_register_export",
    "plan_dashboard",
    "plan_dashboard_xlsx",
    "plan_dashboard_pdf",
    "report_overview",
    "report_overview_xlsx",
}


def _missing_replica() -> str | None:
    if connections["default"].vendor != "postgresql":
        return "a streaming replica is PostgreSQL's: not applicable on SQLite"
    if not replica_configured():
        return (
            "COSO_REPLICA_URL is not set: .ci/run starts scripts/replica.sh and runs these "
            "tests with it (COSO_REQUIRE_REPLICA=1)"
        )
    return None


@pytest.fixture
def replica(transactional_db):
    """The replica's connection, caught up with the primary; fails (not skips) when
    COSO_REQUIRE_REPLICA=1 and there is no replica."""
    missing = _missing_replica()
    if missing:
        if os.environ.get("COSO_REQUIRE_REPLICA") == "1":
            pytest.fail(f"COSO_REQUIRE_REPLICA=1 but {missing}")
        pytest.skip(missing)
    return connections[REPLICA]


def caught_up(timeout: float = 20.0) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    with connections[REPLICA].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, f"the replica has not replayed {lsn}"
            time.sleep(0.02)


def server(alias: str) -> tuple[bool, int]:
    """(in recovery, port) of the server the alias's connection talks to."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        return cursor.fetchone()


def tables(captured: CaptureQueriesContext) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


#: outside a wrapping transaction, with queries allowed on the replica alias when it exists
pytestmark = pytest.mark.replica

REPLICA_DB = pytest.mark.django_db(
    transaction=True, databases=["default", REPLICA] if replica_configured() else ["default"]
)


@REPLICA_DB
def test_the_replica_is_a_standby_that_sees_the_primarys_commits(replica, tree):
    assert server("default") == (False, 5432)
    assert server(REPLICA) == (True, 5433)
    assert replica.settings_dict["NAME"] == connections["default"].settings_dict["NAME"]
    org_services.create_organization(
        tree["DUK"], code="DUK-MOI", name="Chi bộ mới", kind="grassroots_cell",
        established_on=D(2020, 1, 1),
    )  # fmt: skip
    caught_up()
    assert Organization.objects.using(REPLICA).get(code="DUK-MOI").name == "Chi bộ mới"
    # outside heavy_reads, with the replica configured, a read is the primary's
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(replica) as read,
    ):
        assert Organization.objects.count() == 6
    assert (len(primary), len(read)) == (1, 0)


#: each heavy page, and a table only its own reads touch (the middleware reads the session,
#: the user and their roles on the primary before the view runs)
PAGES = [
    ("member_export_csv", [], 'FROM "members_member"'),
    ("member_export", [], 'FROM "members_member"'),
    ("evaluation_results", ["DUK", 2025], '"evaluation_'),
    ("evaluation_results_xlsx", ["DUK", 2025], '"evaluation_'),
    ("dues_summary", ["DUK"], '"dues_'),
    ("dues_summary_xlsx", ["DUK"], '"dues_'),
    ("organization_export", ["xlsx"], '"orgs_organization"."established_on"'),
]


@REPLICA_DB
def test_the_heavy_pages_read_the_replica(replica, members, office, login):
    """Each heavy page and export runs its SELECTs on the replica, a server in recovery, and
    none on the primary; the member CSV is streamed (read after the view returns), and its rows
    come from the replica too. Without the router (DATABASE_ROUTERS) or the decorator, the
    replica runs nothing and this test fails."""
    client = login(office)
    caught_up()
    for name, args, table in PAGES:
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(replica) as read,
        ):
            response = client.get(reverse(name, args=args))
            body = b"".join(response.streaming_content) if response.streaming else b""
        assert (name, response.status_code) == (name, 200)
        assert table in tables(read), name
        assert table not in tables(primary), name
        # reads only (a standby refuses writes anyway); a streamed export reads by a cursor
        assert not [
            q for q in read.captured_queries if not q["sql"].startswith(("SELECT", "DECLARE"))
        ]
        if name == "member_export_csv":
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            assert len(rows) == 1 + 7
    assert server(REPLICA) == (True, 5433)

    # the page a write redirects to (its message pending) reads the primary, which has the write
    response = client.post(reverse("dues_open_month", args=["DUK"]), {"month": "12/2026"})
    assert (response.status_code, response.url) == (302, reverse("dues_summary", args=["DUK"]))
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(replica) as read,
    ):
        page = client.get(response.url)
    assert (page.status_code, len(read)) == (200, 0)
    assert '"dues_' in tables(primary)
    assert len(list(page.context["messages"])) == 1


@REPLICA_DB
def test_writes_inside_heavy_reads_go_to_the_primary(replica, tree, settings):
    """A write, and a step's own reads in its transaction, stay on the primary; a read after
    it, outside any transaction, goes to the replica (which has it once caught up). Without
    the router, heavy_reads reads the primary and the replica runs nothing."""
    caught_up()
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(replica) as read,
        heavy_reads(),
    ):
        org_services.create_organization(
            tree["DUK"], code="DUK-GHI", name="Chi bộ ghi", kind="grassroots_cell",
            established_on=D(2020, 1, 1),
        )  # fmt: skip
        assert len(read) == 0
        Organization.objects.filter(code="DUK").update(short_name="Khối")
        caught_up()
        assert Organization.objects.get(code="DUK-GHI").name == "Chi bộ ghi"
    assert '"orgs_organization"' in tables(read)
    assert not [q for q in read.captured_queries if "INSERT" in q["sql"] or "UPDATE" in q["sql"]]
    assert 'INSERT INTO "orgs_organization"' in tables(primary)
    assert 'UPDATE "orgs_organization"' in tables(primary)
    assert Organization.objects.using("default").get(code="DUK").short_name == "Khối"

    settings.DATABASE_ROUTERS = []
    with CaptureQueriesContext(replica) as read, heavy_reads():
        assert Organization.objects.count() == 6
    assert len(read) == 0


def _views():
    """Every URL name of the site with its view function."""

    def walk(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern)
            elif pattern.name:
                yield pattern.name, pattern.callback

    return dict(walk(get_resolver()))


def test_the_heavy_pages_carry_the_switch():
    """Each heavy page and export is decorated with heavy_reads (the mark its wrapper leaves,
    copied by the decorators above it); the pages a write redirects to and the forms are not."""
    views = _views()
    marked = {name for name, view in views.items() if getattr(view, "heavy_reads", False)}
    assert HEAVY_PAGES <= marked
    assert not marked & {"member_list", "member_detail", "dues_sheet", "evaluation_grading"}
    from coso.admission.api import AdmissionStatisticsViewSet
    from coso.dues.api import DuesMonthViewSet

    assert AdmissionStatisticsViewSet.list.heavy_reads is True
    assert DuesMonthViewSet.summary.heavy_reads is True


def test_the_router_reads_the_replica_only_inside_the_switch(monkeypatch):
    """The router alone, with and without a replica configured: outside heavy_reads, or with
    no replica (SQLite, no COSO_REPLICA_URL), every read and every write is the primary's."""
    from coso.core import replica

    router = replica.ReplicaRouter()
    for configured, inside in [(True, "replica"), (False, "default")]:
        monkeypatch.setattr(replica, "replica_configured", lambda c=configured: c)
        assert router.db_for_read(Organization) == "default"
        assert router.db_for_write(Organization) == "default"
        with heavy_reads():
            assert router.db_for_read(Organization) == inside
            assert router.db_for_write(Organization) == "default"
        assert router.db_for_read(Organization) == "default"
    assert (router.allow_migrate("default", "orgs"), router.allow_migrate("replica", "orgs")) == (
        True,
        False,
    )


@REPLICA_DB
def test_the_plans_board_is_counted_on_the_replica_and_kept(
    replica,
    tree,
    office,
    login,
    admitted,  # noqa: F811 (the fixture)
):
    """The dashboard counts its board on the replica, once it has replayed the primary's
    writes of before the count, and keeps it under the primary's stamps: the next visit counts
    nothing on either server, and an admission on the primary shows on the visit after it.
    Without the wait for the replica, a board counted before the replica had the admission
    would be kept as if it were current."""
    import re

    client = login(office)

    def admissions() -> tuple[str, str, str]:
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(replica) as read,
        ):
            html = client.get(reverse("plan_dashboard", args=["DUK"])).content.decode()
        value = re.search(r'id="value-admissions">([^<]+)<', html).group(1)
        return value, tables(primary), tables(read)

    value, primary, read = admissions()
    assert value == "4"
    assert '"members_membershipevent"' in read and '"members_membershipevent"' not in primary
    value, primary, read = admissions()  # kept: no count on either server
    assert value == "4"
    assert '"members_membershipevent"' not in read + primary
    admit(tree["DUK-BK-CNTT"], D(YEAR, 7, 1))  # on the primary; no wait for the replica here
    value, primary, read = admissions()
    assert value == "5"
    assert '"members_membershipevent"' in read and "pg_last_wal_replay_lsn" in read
