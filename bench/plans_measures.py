"""The plan's figures (issue 14): `figures` and `children_figures` of Plan 74-KH/ĐUK for the
tree's top organization (the bloc on the demo, the city's root on PostgreSQL) and for its first
grassroots organization, and `trend` over five years, each p95 in ms against the login page's
p95 in the same run, with the queries each runs.

Usage (the database is whatever COSO_DATABASE_URL / COSO_DATA_DIR point at):
    COSO_DATA_DIR=/tmp/bloc .venv/bin/python bench/plans_measures.py [--runs 30] [--year 2025]
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_plancity \\
        .venv/bin/python bench/plans_measures.py

Writes nothing that stays: when the database has no Plan 74, the plan is made inside a
transaction that is rolled back after the run (a database built by someone else is left as
it was; where the targets-for-information migration has not run there, those targets get a
goal of 0, which changes no query).
"""

from __future__ import annotations

import time

from common import percentile, start


class Rollback(Exception):
    pass


def _plan(root):
    from django.db import connection

    from coso.plans.models import Plan, Target
    from coso.plans.services.seed import NUMBER, _targets, seed_plan_74

    plan = Plan.objects.filter(number=NUMBER).first()
    if plan is not None:
        return plan
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Target._meta.db_table)
    if "target_has_goal" not in constraints:
        return seed_plan_74(root)
    plan = Plan.objects.create(
        organization=root, number=NUMBER, title="74", issued_on="2022-10-27",
        first_year=2022, last_year=2030,
    )  # fmt: skip
    rows = [
        {**r, "goal_min": r["goal_min"] if r["goal_min"] is not None else 0} for r in _targets()
    ]
    Target.objects.bulk_create(Target(plan=plan, **r) for r in rows)
    return plan


def _time(label, fn, runs, login_p95, results):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm
    with CaptureQueriesContext(connection) as ctx:
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    p95 = percentile(samples, 0.95)
    results.append((label, p95, percentile(samples, 0.5), p95 / login_p95, len(ctx)))


def _login_p95(runs) -> float:
    from django.test import Client

    client = Client()
    samples = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        assert client.get("/login/").status_code == 200
        samples.append((time.perf_counter() - t0) * 1000)
    return percentile(samples[1:], 0.95)


def main() -> None:
    args = start(runs=30, year=2025)
    from django.db import connection, transaction

    from coso.orgs.choices import GRASSROOTS_KINDS
    from coso.orgs.models import Organization
    from coso.plans.queries.measures import children_figures, figures, trend

    root = Organization.objects.filter(code="DUK").first() or Organization.objects.get(depth=1)
    results: list = []
    try:
        with transaction.atomic():
            plan = _plan(root)
            school = (
                Organization.objects.filter(path__startswith=root.path, kind__in=GRASSROOTS_KINDS)
                .order_by("path")
                .first()
            )
            login = _login_p95(args.runs)
            n_orgs = Organization.objects.filter(path__startswith=root.path).count()
            print(
                f"{connection.vendor}: {root.code}, {n_orgs:,} organizations; login p95 {login:.1f} ms"
            )
            y = args.year
            for org in (root, school):
                _time(
                    f"figures {org.code}",
                    lambda o=org: figures(o, y, plan=plan),
                    args.runs,
                    login,
                    results,
                )
                _time(f"children_figures {org.code}", lambda o=org: children_figures(o, y, plan=plan),
                      args.runs, login, results)  # fmt: skip
            _time(f"trend {root.code} {y - 4}-{y}",
                  lambda: trend(root, range(y - 4, y + 1), plan=plan), args.runs, login, results)  # fmt: skip
            raise Rollback
    except Rollback:
        pass
    print(f"{'what':42} {'p95 ms':>9} {'median':>9} {'x login':>8} {'queries':>8}")
    for label, p95, median, ratio, queries in results:
        print(f"{label:42} {p95:9.1f} {median:9.1f} {ratio:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
