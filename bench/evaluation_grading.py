"""The grading page of a grassroots organization of 3,000 members, a cell's grading page (100
members) and the quota check (`services.quota_status`), each p95 against the login page's p95
in the same run (goal ≤ 10 ×), on PostgreSQL (issue 13's figures).

Usage (a database of its own; built on the first run and reused after):
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_eval_bench \\
        .venv/bin/python bench/evaluation_grading.py [--runs 40] [--members 3000] [--goal 10]
        [--http 1] [--port 8170]

Two tables: in this process through Django's test client (no HTTP: the bare login page costs
two milliseconds there, so the ratio is the strictest), and over HTTP through gunicorn as
`bench/pages.py` measures every page (`--http 0` skips it).

The data: a superior, one grassroots committee with `--members` official members in cells of
100 (bulk_create), the 2025 period opened through `services.open_period`, every member's
evaluation (a spread of grades and stages, bulk_create) and each cell's report.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from common import percentile, start, verified_client

D = dt.date
CELL_SIZE = 100


def build(members: int) -> None:
    from coso.accounts.services import add_user
    from coso.evaluation import services
    from coso.evaluation.models import Evaluation
    from coso.members.models import Member
    from coso.orgs import services as org_services

    t0 = time.perf_counter()
    top = org_services.create_organization(None, code="EVB", name="Đảng ủy Khối Bench",
                                           kind="superior", established_on=D(2010, 1, 1))  # fmt: skip
    unit = org_services.create_organization(top, code="EVB-G", name="Đảng bộ Trường Bench",
                                            kind="grassroots_committee",
                                            established_on=D(2010, 1, 1))  # fmt: skip
    cells = [
        org_services.create_organization(
            unit,
            code=f"EVB-G-{i:03d}",
            name=f"Chi bộ {i:03d}",
            kind="cell",
            established_on=D(2010, 1, 1),
        )  # fmt: skip
        for i in range(members // CELL_SIZE)
    ]
    given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nam"]
    rows = []
    for n in range(members):
        g = given[n % 10]
        rows.append(Member(
            family_name="Nguyễn", middle_name="Văn", given_name=g, full_name=f"Nguyễn Văn {g}",
            sex="male", birth_date=D(1980, 1, 1) + dt.timedelta(days=n), status="official",
            sort_key=f"{g.lower()} nguyen {n:05d}", search_text=f"nguyen van {g.lower()}",
            organization=cells[n // CELL_SIZE], admitted_on=D(2005, 1, 1),
            recognized_on=D(2006, 1, 1)))  # fmt: skip
    Member.objects.bulk_create(rows, batch_size=1000)
    period = services.open_period(top, kind="year", year=2025, cells_due_on=D(2025, 12, 15),
                                  grassroots_due_on=D(2026, 1, 10),
                                  superior_due_on=D(2026, 1, 20), opened_on=D(2025, 11, 15))  # fmt: skip
    rng = random.Random(1)
    evs = []
    for m in Member.objects.filter(organization__path__startswith=unit.path).only(
        "pk", "organization_id", "sort_key"
    ):
        grade = rng.choice(["excellent", "good", "good", "good", "complete"])
        score = {"excellent": 92, "good": 80, "complete": 60}[grade]
        stage = rng.choice(["self_assessed", "reviewed", "reviewed"])
        evs.append(Evaluation(
            period=period, subject_kind="member", member_id=m.pk,
            organization_id=m.organization_id, quota_unit=unit, form="2A", score=Decimal(score),
            tasks_on_time=100, tasks_beyond=35 if grade == "excellent" else 10, self_grade=grade,
            self_assessed_on=D(2025, 12, 1), stage=stage,
            proposed_grade=grade if stage == "reviewed" else "",
            reviewed_on=D(2025, 12, 10) if stage == "reviewed" else None,
            sort_key=m.sort_key, search_text=m.sort_key))  # fmt: skip
    Evaluation.objects.bulk_create(evs, batch_size=1000)
    for cell in cells:
        services.self_assess(period, organization=cell, self_grade="good", on=D(2025, 12, 1),
                             score=Decimal(80), tasks_on_time=100, tasks_beyond=10)  # fmt: skip
    add_user("evb_office", organization=top, role="staff")
    add_user("evb_secretary", organization=cells[0], role="secretary")
    print(f"built: {members:,} members, {len(evs):,} evaluations in "
          f"{time.perf_counter() - t0:.1f} s")  # fmt: skip


def main() -> None:
    args = start("PostgreSQL only: COSO_DATABASE_URL=postgres://...", runs=40, members=3000,
                 goal=10.0, http=1, port=8170)  # fmt: skip
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from coso.evaluation import services
    from coso.evaluation.models import EvaluationPeriod
    from coso.orgs.models import Organization

    call_command("migrate", verbosity=0)
    if not Organization.objects.filter(code="EVB").exists():
        build(args.members)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    users = get_user_model().objects
    office = verified_client(users.get(username="evb_office"))
    secretary = verified_client(users.get(username="evb_secretary"))
    anonymous = Client()
    unit = Organization.objects.get(code="EVB-G")
    period = EvaluationPeriod.objects.get(organization__code="EVB")
    cell = Organization.objects.filter(code__startswith="EVB-G-").order_by("code").first()
    grading = f"/organizations/EVB-G/evaluation/{period.pk}/"
    cell_page = f"/organizations/{cell.code}/evaluation/{period.pk}/"

    def page(client, path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    pages = {
        "login page": (anonymous, "/login/"),
        "grading page, grassroots of 3,000": (office, grading),
        "grading page, a cell of 100": (secretary, cell_page),
    }
    cases = {name: (lambda c=c, p=p: page(c, p)) for name, (c, p) in pages.items()}
    cases["quota check (quota_status)"] = lambda: services.quota_status(period, unit, "member")
    report("in this process (Django's test client)", measure(cases, args.runs), args.goal)
    if args.http:
        report("over HTTP (gunicorn, one worker, as bench/pages.py)",
               over_http(pages, args.runs, args.port), args.goal)  # fmt: skip


def measure(cases: dict, runs: int) -> dict[str, list[float]]:
    """Each case's times (ms), the cases taking turns within each run (a change of the
    machine's load weighs on all alike)."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for call in cases.values():
        call()  # warm up
    for _ in range(runs):
        for name, call in cases.items():
            t0 = time.perf_counter()
            call()
            samples[name].append((time.perf_counter() - t0) * 1000)
    return samples


def over_http(pages: dict, runs: int, port: int) -> dict[str, list[float]]:
    """The pages through gunicorn over loopback, each persona on its own connection with the
    session cookie of its test client (the sessions are in the database)."""
    from load import start_server, stop_server
    from web import Client

    server = start_server(port, workers=1)
    try:
        clients = {}
        for name, (client, path) in pages.items():
            cookies = {k: v.value for k, v in client.cookies.items()}
            clients[name] = (Client(port, cookies), path)

        def get(c, path):
            status, _h, _b = c.request("GET", path)
            assert status == 200, (path, status)

        return measure({n: (lambda c=c, p=p: get(c, p)) for n, (c, p) in clients.items()}, runs)
    finally:
        stop_server(server)


def report(title: str, samples: dict[str, list[float]], goal: float) -> None:
    base = percentile(samples["login page"], 0.95)
    print(f"\n{title}")
    print(f"{'case':40s} {'p95 ms':>8s} {'median':>8s} {'× login':>8s}")
    for name, times in samples.items():
        p95 = percentile(times, 0.95)
        flag = " !" if p95 > goal * base else ""
        print(f"{name:40s} {p95:8.1f} {percentile(times, 0.5):8.1f} {p95 / base:8.1f}{flag}")


if __name__ == "__main__":
    main()
