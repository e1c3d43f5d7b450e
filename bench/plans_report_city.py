"""The HD 11 report of a year for the whole city (issue 14: ≤ 1 s), on PostgreSQL: the
membership movement of the city's subtree from the membership log, restated on today's tree
(`coso.plans.queries.movement.movement`, seven queries), and the same figures for each of the
city's grassroots organizations at once (`movement_by`, the consolidated table of a schedule
owed by the grassroots organizations). Read only: it writes nothing.

Usage (a city database: ~2,000 grassroots organizations, ~25,000 cells, ~500,000 members with
their placements and events, e.g. the one built for the plans' dashboard):
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_plancity \\
        .venv/bin/python bench/plans_report_city.py [--runs 7] [--year 2025] [--goal 1.0]

Prints each measure's median and worst wall time of `--runs` runs (after one warm-up), the
figures, whether start + increases − decreases = end, and the member counts on the two dates
(`members.models.member_count`) they must equal. Exit status 1 past the goal or on a mismatch.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

from common import start


def timed(call, runs: int) -> tuple[object, list[float]]:
    result = call()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - t)
    return result, times


def main() -> int:
    args = start("PostgreSQL only: set COSO_DATABASE_URL.", runs=7, year=2025, goal=1.0)
    from coso.members.models import member_count
    from coso.orgs.choices import GRASSROOTS_KINDS
    from coso.orgs.models import Organization
    from coso.plans.queries.movement import balances, movement, movement_by

    root = Organization.objects.filter(depth=1).order_by("path").first()
    if root is None:
        sys.exit("The database has no organization tree.")
    end = dt.date(args.year, 12, 15)
    begin = dt.date(args.year - 1, 12, 16)
    grassroots = list(
        Organization.objects.filter(path__startswith=root.path, kind__in=GRASSROOTS_KINDS)
        .order_by("path")
        .values_list("path", flat=True)
    )
    print(f"{root.code}: {len(grassroots):,} grassroots organizations; year {args.year} "
          f"({begin:%d/%m/%Y}–{end:%d/%m/%Y}), {args.runs} runs after a warm-up")  # fmt: skip
    figures, times = timed(lambda: movement(root.path, begin, end), args.runs)
    by, by_times = timed(lambda: movement_by(root.path, grassroots, begin, end), args.runs)
    failed = False
    for label, t in (("city report (movement)", times), ("per grassroots (movement_by)", by_times)):
        over = max(t) > args.goal
        failed |= over
        print(f"{label:32} median {statistics.median(t):.3f} s, worst {max(t):.3f} s"
              f"{'  ! past the goal' if over else ''}")  # fmt: skip
    for name, value in figures.items():
        print(f"  {name:18} {value:>9,}")
    start_count = member_count(root, begin - dt.timedelta(days=1))
    end_count = member_count(root, end)
    ok = (balances(figures) and figures["members_start"] == start_count
          and figures["members_end"] == end_count)  # fmt: skip
    sums_ok = all(balances(f) for f in by.values())
    print(f"start + increases − decreases = end: {balances(figures)}; member counts on "
          f"{begin - dt.timedelta(days=1):%d/%m/%Y} {start_count:,} and {end:%d/%m/%Y} "
          f"{end_count:,}: {'equal' if ok else 'MISMATCH'}; every grassroots balances: {sums_ok}")  # fmt: skip
    return 1 if failed or not ok or not sums_ok else 0


if __name__ == "__main__":
    sys.exit(main())
