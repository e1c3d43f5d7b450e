"""The pages whose figures are kept until a table they read changes (core.db.result_cache): each
one's time when its value is kept (a hit) and when a write has just made it stale (a miss), as
the median and p95 wall time in this process against the bare login page's in the same run.

A miss is made the way the office's day makes it: a member's row is written (the same values,
through SQL, so the demo does not change), which replaces the members table's stamp; every
page below reads that table. The hits are the next requests.

Usage (the database is whatever COSO_DATABASE_URL / COSO_DATA_DIR point at; build it first
with `coso migrate && coso demo --size bloc`):
    COSO_DATA_DIR=var-bench .venv/bin/python bench/kept.py [--runs 15]
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_plancity \\
        .venv/bin/python bench/kept.py --root_office 1   # the city: its root's office too
"""

from __future__ import annotations

import statistics
import time

from common import percentile, start, verified_client

PAGES = [
    ("vanphong", "to-do list (the bloc)", "/todo/"),
    ("vanphong", "home (the bloc)", "/"),
    ("vanphong", "plan dashboard (the bloc)", "/organizations/DUK/plan/"),
    ("vanphong", "plan dashboard PDF (the bloc)", "/organizations/DUK/plan/pdf/"),
    ("vanphong", "reports' overview (the bloc)", "/reports/schedules/1/"),
    ("vanphong", "badges due (the bloc)", "/awards/org/DUK/due/"),
    ("vanphong", "organization (the bloc's root)", "/organizations/DUK/"),
    ("bithu_bk", "to-do list (DUK-BK)", "/todo/"),
    ("bithu_cntt", "to-do list (a cell)", "/todo/"),
]


def main() -> int:
    args = start(runs=15, root_office=0)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from coso.demo.generator import ensure_demo_accounts

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    ensure_demo_accounts()
    pages = list(PAGES)
    if args.root_office:  # the office at the tree's root (the city's), and
        # the bloc's pages but the reports' overview and the badges due (the city has no schedule)
        from pages import ROOT_OFFICE, prepare_personas

        from coso.orgs.models import Organization

        prepare_personas(root_office=True)
        root = Organization.objects.get_root_nodes().order_by("path").first().code
        pages = [
            (ROOT_OFFICE, f"to-do list ({root})", "/todo/"),
            (ROOT_OFFICE, f"home ({root})", "/"),
            (ROOT_OFFICE, f"plan dashboard ({root})", f"/organizations/{root}/plan/"),
            (ROOT_OFFICE, f"plan dashboard PDF ({root})", f"/organizations/{root}/plan/pdf/"),
            *[p for p in PAGES if "/reports/" not in p[2] and "/awards/" not in p[2]],
        ]
    users = get_user_model().objects
    clients = {u: verified_client(users.get(username=u)) for u in {p[0] for p in pages}}
    anonymous = Client()

    def timed(client, path: str) -> float:
        t0 = time.perf_counter()
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200, (path, response.status_code)
        return (time.perf_counter() - t0) * 1000

    def touch() -> None:  # a write to the members table: its stamp changes
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE members_member SET given_name = given_name WHERE id = "
                "(SELECT MIN(id) FROM members_member)"
            )

    for user, _label, path in pages:  # warm: the process's own first-time costs
        timed(clients[user], path)
    login: list[float] = []
    hits: dict[str, list[float]] = {p[2] + p[0]: [] for p in pages}
    misses: dict[str, list[float]] = {p[2] + p[0]: [] for p in pages}
    for _run in range(args.runs):
        for user, _label, path in pages:
            login.append(timed(anonymous, "/login/"))
            touch()
            misses[path + user].append(timed(clients[user], path))
            for _hit in range(3):
                hits[path + user].append(timed(clients[user], path))
    base = percentile(login, 0.95)
    print(
        f"database: {connection.vendor}; {args.runs} runs; login p95 {base:.1f} ms "
        f"(median {statistics.median(login):.1f})"
    )
    print(
        f"{'page':34} {'persona':17} {'kept p95':>9} {'× login':>8} "
        f"{'stale median':>13} {'stale p95':>10} {'× login':>8}"
    )
    for user, label, path in pages:
        hit, miss = percentile(hits[path + user], 0.95), percentile(misses[path + user], 0.95)
        middle = statistics.median(misses[path + user])
        print(
            f"{label:34} {user:17} {hit:9.1f} {hit / base:8.2f} "
            f"{middle:13.1f} {miss:10.1f} {miss / base:8.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
