"""Load the national demo into PostgreSQL and time each phase.

    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_national \
        .venv/bin/python bench/national_load.py [--scale 1.0] [--seed 1]

Runs what `coso demo --size national` runs for the tree and the members (the tree with
`bulk_create_tree`, members through `copy_load_members`, i.e. PostgreSQL COPY), in one
transaction, then ANALYZE, and prints the time of each phase and the row counts. The demo's
other fillers (transfers, admission pipeline) are left out: they go through the workflow
services one by one and are the same few thousand rows at every size.
"""

import sys
import time

from common import start


def main() -> None:
    args = start("national_load.py needs PostgreSQL (COSO_DATABASE_URL)", scale=1.0, seed=1)
    from django.db import connection, transaction

    from coso.demo.generator import DemoGenerator, ensure_demo_accounts
    from coso.orgs.bulk import bulk_create_tree
    from coso.orgs.models import Organization

    if Organization.objects.exists():
        sys.exit("the database is not empty")
    started = time.monotonic()

    def log(msg: str) -> None:
        print(f"[{time.monotonic() - started:7.1f}s] {msg}", flush=True)

    gen = DemoGenerator("national", args.seed, scale=args.scale, log=log)
    with transaction.atomic():
        tree = gen.build_tree()
        log("tree specs built")
        gen.orgs = bulk_create_tree([tree])
    t_tree = time.monotonic() - started
    log(f"{len(gen.orgs):,} organizations written, {len(gen.cells):,} cells to fill")
    # each flush of 20,000 members commits (copy_load_members' own transaction), so a run
    # stopped half-way leaves a usable, smaller country; `coso demo` runs it all in one
    counts = gen._load_members(started)
    t_members = time.monotonic() - started
    log(f"{sum(counts.values()):,} members written")
    t_commit = time.monotonic() - started
    log("committed")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    t_analyze = time.monotonic() - started
    log("analyzed")
    ensure_demo_accounts()
    with connection.cursor() as cursor:
        for table in ("orgs_organization", "members_member", "members_historicalmember",
                      "members_placement", "members_membershipevent"):  # fmt: skip
            cursor.execute(f"SELECT count(*) FROM {table}")
            log(f"{table}: {cursor.fetchone()[0]:,} rows")
        cursor.execute("SELECT kind, count(*) FROM orgs_organization GROUP BY kind ORDER BY kind")
        for kind, n in cursor.fetchall():
            log(f"  {kind}: {n:,}")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        log(f"database size {cursor.fetchone()[0]}")
    print(
        f"RESULT scale={args.scale} tree={t_tree:.0f}s members={t_members - t_tree:.0f}s "
        f"commit={t_commit - t_members:.0f}s analyze={t_analyze - t_commit:.0f}s "
        f"total={time.monotonic() - started:.0f}s"
    )


if __name__ == "__main__":
    main()
