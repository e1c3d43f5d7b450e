"""The transfers page (issue 16, "Speed" and "Every list"): for each demo persona, their
`/transfers/` page (the redirect followed: their top organization's letters), and for the
office a search, a filtered list and the Excel export, against the bare login page in the same
run. The CPU columns: the median of this process's CPU time a request and its ratio to
login's (steadier than the wall clock on a machine other work keeps busy); with the queries
and the page's size.

Usage (the database is whatever COSO_DATABASE_URL / COSO_DATA_DIR point at; a bloc demo is
built when it is empty):
    COSO_DATA_DIR=var-bench .venv/bin/python bench/transfers.py [--runs 30]
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
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from coso.demo.common import PERSONAS
    from coso.orgs.models import Organization

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        call_command("demo", size="bloc", seed=1)
    setup_test_environment()
    call_command("demo_accounts", verbosity=0)
    users = get_user_model().objects
    clients = {name: verified_client(users.get(username=name)) for name, *_rest in PERSONAS}
    office = PERSONAS[0][0]
    anon = Client()

    def landing(client) -> str:
        """Where `/transfers/` leads the persona (their top organization's page)."""
        return client.get("/transfers/")["Location"]

    cases = {"login (bare page)": (anon, "/login/")}
    for name, *_rest in PERSONAS:
        cases[f"transfers, {name}"] = (clients[name], landing(clients[name]))
    page = landing(clients[office])
    cases.update(
        {
            f"transfers, {office}, search 'nguyen'": (clients[office], f"{page}?search=nguyen"),
            f"transfers, {office}, all, overdue": (
                clients[office], f"{page}?box=all&overdue=true"
            ),
            f"transfers, {office}, Excel": (clients[office], f"{page}?format=xlsx"),
        }
    )  # fmt: skip
    counts, sizes = {}, {}
    for label, (client, url) in cases.items():
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        body = b"".join(r.streaming_content) if r.streaming else r.content
        counts[label], sizes[label] = len(ctx.captured_queries), len(body)
    samples: dict[str, list[float]] = {label: [] for label in cases}
    cpu: dict[str, list[float]] = {label: [] for label in cases}
    for _run in range(args.runs):
        for label, (client, url) in cases.items():
            t0, c0 = time.perf_counter(), time.process_time()
            r = client.get(url)
            if r.streaming:
                b"".join(r.streaming_content)
            samples[label].append((time.perf_counter() - t0) * 1000)
            cpu[label].append((time.process_time() - c0) * 1000)
    base = percentile(samples["login (bare page)"], 0.95)
    cpu_base = statistics.median(cpu["login (bare page)"])
    print(
        f"{'request':45s} {'p95 ms':>8s} {'median':>8s} {'× login':>8s} {'queries':>8s} "
        f"{'cpu ms':>8s} {'cpu ×':>6s} {'kB':>7s}"
    )
    for label, s in samples.items():
        p, c = percentile(s, 0.95), statistics.median(cpu[label])
        print(
            f"{label:45s} {p:8.1f} {statistics.median(s):8.1f} {p / base:8.2f} "
            f"{counts.get(label, ''):>8} {c:8.1f} {c / cpu_base:6.2f} {sizes[label] / 1000:7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
