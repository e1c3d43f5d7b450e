"""The year's grading results by organization for the whole city (issue 13's figure): the
results page of the city's root (its children's members and organizations by decided grade,
last year's beside) and of the bloc, the API's and the Excel export's, each p95 against the
login page's p95 in the same run (goal ≤ 10 × for the pages and the API), on PostgreSQL with
the city's tree and ~500,000 members graded in two years. For information in the same run:
the city office's to-do list (all of it, and only the party badges due: `awards.todo`).

Usage (a database of its own; built on the first run and reused after):
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_eval_city \\
        .venv/bin/python bench/evaluation_city.py [--runs 40] [--goal 10]

When the database has no organizations it builds the city's tree and 10–30 members a cell
(~500,000) with `meetings_city.py`'s loaders; when it has no evaluations, a YEAR period for
last year and the year before opened by the root, and every active member's and every cell's
decided evaluation in both (the grades spread by a hash: most GOOD, about one in six
EXCELLENT, a few COMPLETE and INCOMPLETE; some cells undecided), written by PostgreSQL itself
(INSERT ... SELECT; the triggers of `evaluation.totals` count them as they are written): the
rows are the raw material, what is measured is their reading (`evaluation.queries.
year_results`). When no member was admitted before 2000 (the loader admits them 2000–2021),
one in 25 is given an admission from 1950 to 1996, so that about 20,000 are due a badge.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from common import percentile, start, verified_client
from meetings_city import build_tree, city_office, load_members, phase

GRADE = (
    "CASE WHEN h % 6 = 0 THEN 'excellent' WHEN h % 23 = 1 THEN 'complete' "
    "WHEN h % 97 = 2 THEN 'incomplete' ELSE 'good' END"
)


def load_evaluations(root, years) -> None:
    """A YEAR period for each of `years` opened by `root`, and in each every member admitted
    by the year's end and every cell and grassroots organization graded and decided."""
    from django.db import connection

    from coso.evaluation.models import EvaluationPeriod

    t0 = time.perf_counter()
    for y in years:
        period = EvaluationPeriod.objects.create(
            organization=root, kind="year", year=y, label=f"Đánh giá năm {y}",
            starts_on=dt.date(y, 1, 1), ends_on=dt.date(y, 12, 31),
            cells_due_on=dt.date(y, 12, 15), grassroots_due_on=dt.date(y, 12, 31),
            superior_due_on=dt.date(y + 1, 1, 15), opened_on=dt.date(y, 11, 1),
        )  # fmt: skip
        common = (
            "form, strengths, limitations, fixes, collective_responsibility, plan, "
            "shortcomings_fixed, self_grade, self_assessed_on, proposed_grade, reviewed_on, "
            "verification_note, grade, decided_on, legal_basis, stage, sort_key, search_text, "
            "created_at, period_id, subject_kind, member_id, organization_id, quota_unit_id"
        )
        values = (
            "'{form}', '', '', '', '', '', true, {g}, DATE '{y}-12-01', {g}, DATE '{y}-12-10', "
            "'', CASE WHEN h % 41 = 3 THEN '' ELSE {g} END, DATE '{y}-12-20', '', "
            "CASE WHEN h % 41 = 3 THEN 'reviewed' ELSE 'decided' END, '', '', now(), {p}"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO evaluation_evaluation ({common}) "
                f"SELECT {values.format(form='2A', g=GRADE, y=y, p=period.pk)}, 'member', m.id, "
                "m.organization_id, m.organization_id FROM (SELECT id, organization_id, "
                f"abs(hashtext(id::text || '{y}')) AS h FROM members_member "
                "WHERE status IN ('official', 'probationary') "
                f"AND admitted_on <= DATE '{y}-12-31') m"
            )
            members = cursor.rowcount
            cursor.execute(
                f"INSERT INTO evaluation_evaluation ({common}) "
                f"SELECT {values.format(form='01', g=GRADE, y=y, p=period.pk)}, 'organization', "
                "NULL, o.id, o.id FROM (SELECT id, abs(hashtext(code || '{y}')) AS h "
                "FROM orgs_organization WHERE kind IN ('cell', 'grassroots_cell', "
                "'grassroots_committee')) o".replace("{y}", str(y))
            )
        phase(f"evaluations {y} (INSERT ... SELECT)", t0, f"{members:,} members")


def main() -> int:
    args = start("This bench needs PostgreSQL (COSO_DATABASE_URL).", runs=40, goal=10.0)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from coso.evaluation.models import Evaluation
    from coso.members.models import Member
    from coso.orgs.models import Organization

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        build_tree()
    if not Member.objects.exists():
        load_members(10, 30)
    root = Organization.objects.filter(depth=1).order_by("path").first()
    year = dt.date.today().year - 1
    if not Evaluation.objects.exists():
        load_evaluations(root, (year - 1, year))
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        phase("ANALYZE", t0, "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM members_member WHERE admitted_on < '2000-01-01' LIMIT 1")
        if cursor.fetchone() is None:
            t0 = time.perf_counter()
            cursor.execute(
                "UPDATE members_member SET admitted_on = DATE '1950-01-01' + "
                "abs(hashtext(id::text)) % 17000 WHERE id % 25 = 0"
            )
            moved = cursor.rowcount
            cursor.execute("ANALYZE members_member")
            phase("admissions 1950–1996 for the badges", t0, f"{moved:,} members")
    call_command("demo_accounts", verbosity=0)
    office = city_office(root)
    bloc = Organization.objects.filter(depth=2).order_by("-numchild").first()
    print(
        f"database: PostgreSQL, {Organization.objects.count():,} organizations, "
        f"{Member.objects.count():,} members, {Evaluation.objects.count():,} evaluations; "
        f"{args.runs} runs per page; year {year}"
    )
    client = verified_client(office)
    pages = {
        "login (bare page)": (Client(), "/login/"),
        f"results by organization, whole city ({root.code})": (
            client, f"/organizations/{root.code}/evaluation/results/{year}/"),
        f"results by organization, {bloc.code} ({bloc.numchild} below)": (
            client, f"/organizations/{bloc.code}/evaluation/results/{year}/"),
        "API, whole city": (client, f"/api/v1/evaluation-results/?organization={root.code}"
                                    f"&year={year}"),
        "Excel export, whole city": (
            client, f"/organizations/{root.code}/evaluation/results/{year}/results.xlsx"),
        "to-do list, city office (page 1)": (client, "/todo/"),
        "to-do list, party badges due only": (client, "/todo/?kind=badge_due"),
    }  # fmt: skip
    goal_pages = set(list(pages)[1:5])
    for c, url in pages.values():
        for _ in range(2):
            assert c.get(url).status_code == 200, url
    samples: dict[str, list[float]] = {label: [] for label in pages}
    for _ in range(args.runs):
        for label, (c, url) in pages.items():
            t0 = time.perf_counter()
            r = c.get(url)
            if r.streaming:
                b"".join(r.streaming_content)
            samples[label].append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
    base = percentile(samples["login (bare page)"], 0.95)
    worst = 0.0
    print(f"{'page':60s} {'p95 ms':>8s} {'median':>8s} {'× login':>8s}")
    for label, s in samples.items():
        p = percentile(s, 0.95)
        if label in goal_pages:
            worst = max(worst, p / base)
        print(f"{label:60s} {p:8.1f} {statistics.median(s):8.1f} {p / base:8.2f}")
    print(f"worst ratio of the results (pages, API, export) {worst:.2f} (goal ≤ {args.goal:g}): "
          f"{'met' if worst <= args.goal else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
