"""The plan's board of the tree's root when a write has made it stale (issue 14's country
figure, `result_cache`'s `behind`): a write to the placements, then the dashboard at once (the
board as it was, its refresh started), the refresh's own time, then the dashboard again (the
new board), against the login page's p95 in the same run; in process, as the office at the
tree's root (`bench/pages.py`'s persona, created when missing).

Usage (a city or the country on PostgreSQL, e.g. the databases of bench/plan_city_data.py and
bench/national_load.py):
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_national \\
        .venv/bin/python bench/behind.py [--runs 8]
"""

from __future__ import annotations

import statistics
import time

from common import percentile, start, verified_client


def main() -> int:
    args = start(runs=8)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from pages import ROOT_OFFICE, prepare_personas
    from plans_dashboard import ensure_plan

    from coso.core.db import result_cache
    from coso.orgs.models import Organization

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    ensure_plan()
    if not get_user_model().objects.filter(username=ROOT_OFFICE).exists():
        prepare_personas(root_office=True)
    root = Organization.objects.get_root_nodes().order_by("path").first()
    client = verified_client(get_user_model().objects.get(username=ROOT_OFFICE))
    anonymous = Client()
    path = f"/organizations/{root.code}/plan/"

    def timed(c, url: str) -> float:
        t0 = time.perf_counter()
        assert c.get(url).status_code == 200, url
        return (time.perf_counter() - t0) * 1000

    def touch() -> None:  # the same values: the demo does not change, the stamp does
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE members_placement SET valid_from = valid_from WHERE id = "
                "(SELECT MIN(id) FROM members_placement)"
            )

    first = timed(client, path)
    login, stale, refresh, fresh = [], [], [], []
    for _run in range(args.runs):
        login.append(timed(anonymous, "/login/"))
        touch()
        stale.append(timed(client, path))
        t0 = time.perf_counter()
        result_cache.wait_for_refreshes()
        refresh.append((time.perf_counter() - t0) * 1000)
        fresh.append(timed(client, path))
    base = percentile(login, 0.95)
    print(f"database: {connection.vendor}; {root.code}; {args.runs} runs; login p95 {base:.1f} ms")
    print(f"first read in this process: {first:.0f} ms (a board kept or not)")
    for label, xs in (
        ("after a write: the board as it was", stale),
        ("its refresh, behind", refresh),
        ("after the refresh: the new board", fresh),
    ):
        p95 = percentile(xs, 0.95)
        print(
            f"{label:36} median {statistics.median(xs):9.1f} ms  p95 {p95:9.1f} ms  "
            f"{p95 / base:8.2f} × login"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
