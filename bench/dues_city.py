"""Dues at city scale (issue 12's figure): the city's yearly dues summary by child organization,
and a grassroots organization's, each p95 against the login page's p95 in the same run (goal
≤ 10 ×), on PostgreSQL with ~26,000 organizations, ~400,000 members and a year of ledger (one
row per member per month, ~5 million rows).

Usage (a database of its own; it is built on the first run and reused after):
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_dues_city \\
        .venv/bin/python bench/dues_city.py [--runs 40] [--goal 10]

When the database has no organizations, it builds the city's tree (`coso demo --size city
--orgs-only`); when it has no members, 8–24 members in each cell (`meetings_city.load_members`);
when it has no ledger for the measured year (last year), its twelve months, written by
PostgreSQL one month at a time (INSERT ... SELECT over the members: varied amounts, most paid,
some half, some unpaid, a few excused), so the ledger's triggers keep the totals as they do
in production. Each phase prints its wall time; then ANALYZE, then the pages, interleaved,
through Django's test client (server time).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from common import percentile, start, verified_client
from meetings_city import build_tree, city_office, load_members, phase

#: a member's month (r: 0–99 from a hash of the member and month): paid in full below 80,
#: half below 85, an accepted reason from 97, otherwise unpaid
LEDGER_MONTH = """
    INSERT INTO dues_duesmonth (member_id, organization_id, month, due, paid, paid_on, channel,
                                reference, relief, excuse)
    SELECT m.id, m.organization_id, %(month)s, d.due,
        CASE WHEN h.r < 80 THEN d.due WHEN h.r < 85 THEN d.due / 2 ELSE 0 END,
        CASE WHEN h.r < 85 THEN %(month)s::date + 9 END,
        CASE WHEN h.r >= 85 THEN '' WHEN h.r %% 4 = 0 THEN 'portal' ELSE 'cash' END,
        CASE WHEN h.r < 85 AND h.r %% 4 = 0 THEN 'DVC-' || m.id || '-' || %(n)s ELSE '' END,
        '', CASE WHEN h.r >= 97 THEN 'Ốm' ELSE '' END
    FROM members_member m,
         LATERAL (SELECT abs(hashtext(m.id || '-' || %(n)s)) %% 100 AS r) h,
         LATERAL (SELECT (6 + abs(hashtext(m.id::text)) %% 30) * 5000 AS due) d
    WHERE m.status = 'official' AND m.organization_id IS NOT NULL
"""


def load_ledger(year: int) -> None:
    from django.db import connection, transaction

    t0 = time.perf_counter()
    made = 0
    for n in range(1, 13):
        t1 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(LEDGER_MONTH, {"month": dt.date(year, n, 1), "n": n})
            made += cursor.rowcount
        phase(f"  ledger {n:02d}/{year} (INSERT ... SELECT, triggers)", t1, f"{made:,} rows")
    phase("ledger", t0, f"{made:,} rows")


def main() -> int:
    args = start("This bench needs PostgreSQL (COSO_DATABASE_URL).", runs=40, goal=10.0)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coso.dues.models import DuesMonth, MonthTotal, YearTotal
    from coso.members.models import Member
    from coso.orgs.models import Organization

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    phase("migrate", t0, "")
    year = dt.date.today().year - 1  # a whole year of dues
    built = False
    if not Organization.objects.exists():
        build_tree()
        built = True
    if not Member.objects.exists():
        load_members()
        built = True
    if not DuesMonth.objects.filter(month=dt.date(year, 12, 1)).exists():
        load_ledger(year)
        built = True
    if built:
        # VACUUM too: the load rewrote each year total twelve times (autovacuum's work, later,
        # in production)
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        phase("VACUUM ANALYZE", t0, "")
    call_command("demo_accounts", verbosity=0)
    root = Organization.objects.filter(depth=1).order_by("path").first()
    grassroots = (
        Organization.objects.filter(kind="grassroots_committee").order_by("-numchild").first()
    )
    rows = DuesMonth.objects.filter(month__year=year).count()
    print(
        f"database: PostgreSQL, {Organization.objects.count():,} organizations, "
        f"{Member.objects.count():,} members, {rows:,} ledger rows in {year} "
        f"({MonthTotal.objects.filter(month__year=year).count():,} month totals, "
        f"{YearTotal.objects.filter(year=year).count():,} year totals); {args.runs} runs per page"
    )
    client = verified_client(city_office(root))
    pages = {
        "login (bare page)": (Client(), "/login/"),
        f"yearly summary, whole city ({root.code}, {root.numchild} below)": (
            client,
            f"/organizations/{root.code}/dues/?year={year}",
        ),
        f"yearly summary of a grassroots org ({grassroots.code}, {grassroots.numchild} below)": (
            client,
            f"/organizations/{grassroots.code}/dues/?year={year}",
        ),
        "monthly summary, whole city (December)": (
            client,
            f"/organizations/{root.code}/dues/?year={year}&month=12",
        ),
    }
    goal_pages = set(list(pages)[1:3])
    counts = {}
    for label, (c, url) in pages.items():
        for _ in range(3):
            with CaptureQueriesContext(connection) as ctx:
                r = c.get(url)
            assert r.status_code == 200, (url, r.status_code)
        counts[label] = len(ctx.captured_queries)
    samples: dict[str, list[float]] = {label: [] for label in pages}
    for _ in range(args.runs):
        for label, (c, url) in pages.items():
            t0 = time.perf_counter()
            r = c.get(url)
            samples[label].append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
    base = percentile(samples["login (bare page)"], 0.95)
    worst = 0.0
    print(f"{'page':75s} {'p95 ms':>8s} {'median':>8s} {'× login':>8s} {'queries':>8s}")
    for label, s in samples.items():
        p = percentile(s, 0.95)
        if label in goal_pages:
            worst = max(worst, p / base)
        print(
            f"{label:75s} {p:8.1f} {statistics.median(s):8.1f} {p / base:8.2f} {counts[label]:>8}"
        )
    print(
        f"worst ratio {worst:.2f} (goal ≤ {args.goal:g}): "
        f"{'met' if worst <= args.goal else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
