"""The plan's dashboard (issue 14): its p95 against the login page's p95 in the same run, the
pages taking turns (interleaved, shuffled) over HTTP through gunicorn, as bench/pages.py times
every page: the dashboard of each persona's organization, a past year on the tree as it was,
and its two files (.xlsx, PDF). Goal: ≤ 4 × on the bloc (SQLite), ≤ 10 × on the city
(PostgreSQL, where the office at the root of the tree is a persona too).

Usage (a database with the demo: `coso migrate && coso demo --size bloc`; Plan 74-KH/ĐUK is
seeded on the tree's root when no plan covers it):
    COSO_DATA_DIR=var-bench .venv/bin/python bench/plans_dashboard.py [--runs 30]
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_plancity \\
        .venv/bin/python bench/plans_dashboard.py
Options: --runs 30 --workers 4 --threads 2 --port 8165 --goal (4 SQLite, 10 PostgreSQL)
--root-office 0|1 (default: on PostgreSQL) --seed 1.
Prints each page's p95 and median, × login p95, its queries and size; exit 1 past the goal.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
from datetime import date

from load import start_server, stop_server
from pages import Page, count_queries, log_in, prepare_personas, print_table
from pages import measure as take_turns
from web import Client

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8165)
    parser.add_argument("--goal", type=float, default=0)
    parser.add_argument("--root-office", type=int, default=-1)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def ensure_plan() -> str:
    """The plan's number covering the tree's root; Plan 74-KH/ĐUK seeded there when none."""
    from coso.orgs.models import Organization
    from coso.plans.models import Plan
    from coso.plans.services import seed_plan_74

    root = Organization.objects.get_root_nodes().order_by("path").first()
    plan = Plan.objects.covering(root).first() or seed_plan_74(root, actor=None)
    return f"{plan.number} ({plan.organization.code})"


def dashboard_pages(usernames: list[str]) -> list[Page]:
    """Each persona's dashboard (its scope's top), a past year on the tree as it was, and the
    two files of the first persona's."""
    from django.contrib.auth import get_user_model

    from coso.orgs.models import Organization

    pages = []
    year = date.today().year
    for username in usernames:
        user = get_user_model().objects.get(username=username)
        top = Organization.objects.tops_for(user).order_by("depth", "path").first()
        base = f"/organizations/{top.code}/plan/"
        first = not pages
        pages.append(Page(username, f"plan_dashboard {top.code}", base))
        pages.append(Page(username, f"plan_dashboard {top.code} {year - 1} then",
                          f"{base}?year={year - 1}&tree=then"))  # fmt: skip
        if first:
            pages += [Page(username, f"plan_dashboard_xlsx {top.code}", f"{base}xlsx/"),
                      Page(username, f"plan_dashboard_pdf {top.code}", f"{base}pdf/")]  # fmt: skip
    return pages


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the server stops in `finally`
    import django

    django.setup()
    from django.db import connection

    from coso.members.models import Member
    from coso.orgs.models import Organization

    postgresql = connection.vendor == "postgresql"
    goal = args.goal or (10.0 if postgresql else 4.0)
    root_office = postgresql if args.root_office < 0 else bool(args.root_office)
    plan = ensure_plan()
    personas = prepare_personas(root_office)
    if root_office:  # the root's office first: its dashboard is the widest
        personas.sort(key=lambda p: p.username != "bench-root-office")
    pages = [Page("", "login (bare page)", "/login/")]
    pages += dashboard_pages([p.username for p in personas])
    print(
        f"database: {connection.vendor}, {Organization.objects.count():,} organizations, "
        f"{Member.objects.count():,} members; plan {plan}; gunicorn -w {args.workers} "
        f"--threads {args.threads}; {args.runs} runs; goal ≤ {goal:g} × login p95"
    )
    connection.close()  # SQLite: no connection of ours open while the server works
    server = start_server(args.port, args.workers, args.threads)
    try:
        clients = {"": Client(args.port)}
        for persona in personas:
            clients[persona.username] = log_in(args.port, persona)
        closed = take_turns(pages, clients, args.runs, random.Random(args.seed))
    finally:
        stop_server(server)
    count_queries(pages)
    base = pages[0].p95()
    over = print_table(pages, base, goal)
    failed = [p for p in pages if p.errors]
    print(
        f"\n{len(pages) - 1} pages, {len(over)} past {goal:g} × login p95 ({base:.1f} ms), "
        f"{len(failed)} failed; {closed} answers closed their connection"
    )
    return 1 if over or failed else 0


if __name__ == "__main__":
    sys.exit(main())
