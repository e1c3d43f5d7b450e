"""Dues: a cell's collection sheet saved in one request (cells of about 10 and about 40 members:
time and query count), and the yearly summary by child organization at the root (every ledger
row of the year aggregated in SQL) and at the grassroots committee with the most organizations
below, against the login page in the same run. The CPU columns: the median of this process's
CPU time a request and its ratio to login's (steadier than the wall clock on a busy machine;
the database's own time is in the wall clock only, on PostgreSQL).

Usage (the database is whatever COSO_DATABASE_URL / COSO_DATA_DIR point at; a bloc demo, with
its two years of dues, is built when it is empty):
    COSO_DATA_DIR=var-bench .venv/bin/python bench/dues.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from common import percentile, verified_client

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from coso.dues.models import DuesMonth
    from coso.orgs.models import Organization

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        call_command("demo", size="bloc", seed=1)
    setup_test_environment()
    call_command("demo_accounts", verbosity=0)
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.get(username="vanphong")
    client = verified_client(office)
    anon = Client()
    month = timezone.localdate().replace(day=1)
    sizes = (
        DuesMonth.objects.filter(month=month)
        .values("organization")
        .annotate(n=Count("pk"))
        .order_by("n", "organization")
    )

    def cell_of(size: int):
        found = sizes.filter(n__gte=size).first() or sizes.last()
        org = Organization.objects.get(pk=found["organization"])
        ids = list(
            DuesMonth.objects.filter(organization=org, month=month).values_list(
                "member_id", flat=True
            )
        )
        return org, ids

    (small, small_ids), (large, large_ids) = cell_of(10), cell_of(40)
    root = Organization.objects.filter(depth=1).order_by("path").first()
    grassroots = (
        Organization.objects.filter(kind="grassroots_committee").order_by("-numchild").first()
    )
    year = month.year
    today = timezone.localdate().strftime("%d/%m/%Y")

    def sheet(org, ids):
        url = f"/organizations/{org.code}/dues/{month.year}/{month.month}/"
        # two ways of ticking, in turn: each save pays some and undoes others
        return url, [
            {"paid_on": today, "paid": ids[::2] + ids[1::4]},
            {"paid_on": today, "paid": ids[1::2] + ids[::4]},
        ]

    cases = {
        "login (bare page)": (anon, "/login/", None),
        f"collection sheet saved, {len(small_ids)} members": (client, *sheet(small, small_ids)),
        f"collection sheet saved, {len(large_ids)} members": (client, *sheet(large, large_ids)),
        f"yearly summary of {root.code}": (client, f"/organizations/{root.code}/dues/?year={year}", None),
        f"yearly summary of {grassroots.code}": (
            client, f"/organizations/{grassroots.code}/dues/?year={year}", None
        ),
    }  # fmt: skip
    counts = {}
    for label, (c, url, data) in cases.items():
        if c is anon:
            continue
        with CaptureQueriesContext(connection) as ctx:
            r = c.post(url, data[0]) if data else c.get(url)
        assert r.status_code == (302 if data else 200), (url, r.status_code, r.content[:500])
        counts[label] = len(ctx.captured_queries)
    rows = DuesMonth.objects.filter(month__year=year).count()
    samples: dict[str, list[float]] = {label: [] for label in cases}
    cpu: dict[str, list[float]] = {label: [] for label in cases}
    for run in range(args.runs):
        for label, (c, url, sheets) in cases.items():
            t0, c0 = time.perf_counter(), time.process_time()
            r = c.get(url) if sheets is None else c.post(url, sheets[run % 2])
            samples[label].append((time.perf_counter() - t0) * 1000)
            cpu[label].append((time.process_time() - c0) * 1000)
            assert r.status_code in (200, 302), (label, r.status_code)
    base = percentile(samples["login (bare page)"], 0.95)
    cpu_base = statistics.median(cpu["login (bare page)"])
    print(f"{connection.vendor}: {rows:,} ledger rows in {year}")
    print(
        f"{'request':45s} {'p95 ms':>8s} {'median':>8s} {'× login':>8s} {'queries':>8s} "
        f"{'cpu ms':>8s} {'cpu ×':>6s}"
    )
    for label, s in samples.items():
        p, c = percentile(s, 0.95), statistics.median(cpu[label])
        print(
            f"{label:45s} {p:8.1f} {statistics.median(s):8.1f} {p / base:8.2f} "
            f"{counts.get(label, ''):>8} {c:8.1f} {c / cpu_base:6.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
