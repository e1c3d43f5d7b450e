"""Meetings at city scale (issue 11's figures): the thematic-meeting count per cell for a year
over the whole city and the meetings page of a grassroots organization, each p95 against the
login page's p95 in the same run (goal ≤ 10 ×), on PostgreSQL with ~26,000 cells, ~800,000
meetings and ~12 million attendance rows.

Usage (a database of its own; it is built on the first run and reused after):
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_meetings_city \\
        .venv/bin/python bench/meetings_city.py [--runs 40] [--months 31] [--goal 10]

When the database has no organizations, it builds the city's tree (`coso demo --size city
--orgs-only`); when some cells have no members, 8–24 members in each of them (written by PostgreSQL,
`load_members`);
when it has no meetings, every cell's monthly meetings for `--months` months back and next
month's (a thematic part each quarter, one cell in seven behind: none this year, two a year
before; a few extraordinary meetings) with
their attendance, through the demo's loader `meetings.services.load_meetings` (the same checks,
rosters and counts; COPY). Each phase prints its wall time and the process's peak RSS; then
ANALYZE, then the pages, interleaved, through Django's test client (server time).
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import statistics
import time

from common import percentile, start, verified_client


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase(label: str, started: float, rows: str) -> None:
    print(f"{label}: {time.perf_counter() - started:.1f} s, {rows}; peak RSS {rss_mb():.0f} MB")


def build_tree() -> None:
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("demo", size="city", seed=1, orgs_only=True)
    phase("tree (coso demo --size city --orgs-only)", t0, "")


def load_members(fewest: int = 8, most: int = 24) -> None:
    """`fewest`–`most` official members in every cell that has none (8–24: ~400,000 in the
    city), written by PostgreSQL itself (one INSERT ... SELECT over generate_series, and their
    open placements): the members are the rosters' raw material here, not what is measured.
    Their registry history and events are left out."""
    from django.db import connection

    t0 = time.perf_counter()
    cells = """
        SELECT o.id, o.code FROM orgs_organization o
        WHERE o.kind IN ('cell', 'grassroots_cell') AND o.dissolved_on IS NULL
          AND NOT EXISTS (SELECT 1 FROM members_member m WHERE m.organization_id = o.id)"""
    given = "(ARRAY['An','Bình','Chi','Dũng','Giang','Hà','Khánh','Lan','Minh','Nam','Oanh'])"
    family = "(ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Vũ','Đặng','Bùi','Đỗ','Ngô'])"
    with connection.cursor() as cursor:
        # the cells without members listed first: read inside the INSERT, the anti-join ran as
        # a scan of the growing member table per cell (the table analysed empty), still going
        # after 3 minutes at 120,000 of 400,000 members (all of it in visibility checks)
        cursor.execute(f"CREATE TEMPORARY TABLE bench_cells AS {cells}")
        cursor.execute(
            f"""
            INSERT INTO members_member (
                family_name, middle_name, given_name, full_name, other_names, sex, birth_date,
                ethnicity, religion, hometown, permanent_address, current_address, phone, email,
                education_general, education_professional, political_theory, foreign_language,
                it_level, occupation, workplace, position, record_number,
                admitting_organization, introducers, status, sort_key, search_text, version,
                created_at, updated_at, organization_id, admitted_on, recognized_on)
            SELECT f, 'Văn', g, f || ' Văn ' || g, '', 'male', DATE '1960-01-01' + (n * 37) %% 14000,
                'Kinh', 'Không', 'Hà Nội', 'Hà Nội', 'Hà Nội', '', '', '12/12', '', '', '', '',
                '', '', '', '', '', '', 'official', lower(g || ' ' || f), lower(f || ' van ' || g),
                1, now(), now(), c.id, DATE '2000-01-01' + (n * 53) %% 8000,
                DATE '2001-01-01' + (n * 53) %% 8000
            FROM bench_cells c,
                 LATERAL generate_series(1, %s + abs(hashtext(c.code)) %% %s) n,
                 LATERAL (SELECT {family}[1 + (n + c.id) %% 10] AS f,
                                 {given}[1 + (n * 7 + c.id) %% 11] AS g) names
            """,
            [fewest, most - fewest + 1],
        )
        made = cursor.rowcount
        cursor.execute("DROP TABLE bench_cells")
        cursor.execute("ANALYZE members_member, members_placement")
        # an anti-join, not a loop: with the placement table analysed empty, one run's insert
        # of 400,000 placements was still going after 15 minutes of CPU (a scan of the
        # growing table per member)
        cursor.execute("SET enable_nestloop = off")
        cursor.execute(
            """
            INSERT INTO members_placement (member_id, organization_id, kind, valid_from)
            SELECT m.id, m.organization_id, 'official', m.admitted_on FROM members_member m
            WHERE NOT EXISTS (SELECT 1 FROM members_placement p WHERE p.member_id = m.id)
            """
        )
        cursor.execute("RESET enable_nestloop")
    phase("members (INSERT ... SELECT)", t0, f"{made:,} members")


def city_office(root):
    """The city's office: a staff role on the root (the demo's office sits on the bloc)."""
    from django.contrib.auth import get_user_model

    from coso.accounts.services import add_user

    return get_user_model().objects.filter(username="vanphong_city").first() or add_user(
        "vanphong_city", organization=root, role="staff", password="thu-nghiem-thanh-pho"
    )


def load_city_meetings(seed: int, months: int) -> None:
    from django.utils import timezone

    from coso.core.dates import add_months
    from coso.demo.meetings import BEHIND_EVERY, cell_plans
    from coso.meetings.models import Attendance, Meeting
    from coso.meetings.services import load_meetings
    from coso.orgs.choices import CELL_KINDS
    from coso.orgs.models import Organization

    t0 = time.perf_counter()
    rng = random.Random(seed)
    today = timezone.localdate()
    first = add_months(today.replace(day=1), -months)
    root = Organization.objects.filter(depth=1).order_by("path").first()
    cells = Organization.objects.filter(kind__in=CELL_KINDS, dissolved_on__isnull=True)
    plans, marks = [], {}
    for index, org in enumerate(cells.order_by("path")):
        for plan, mark in cell_plans(
            org,
            rng,
            first=first,
            months=months,
            today=today,
            behind=index % BEHIND_EVERY == 0,
            truant=rng.random() < 0.1,
        ):
            plans.append(plan)
            marks[id(plan)] = mark
    phase("meeting plans (Python)", t0, f"{len(plans):,} plans")
    t1 = time.perf_counter()
    made = load_meetings(plans, within=root, mark=lambda line, plan: marks[id(plan)](line))
    phase(
        "meetings and attendance (load_meetings, COPY)",
        t1,
        f"{made:,} meetings, {Attendance.objects.count():,} attendance rows "
        f"({Meeting.objects.count():,} meetings in the database)",
    )


def main() -> int:
    args = start(
        "This bench needs PostgreSQL (COSO_DATABASE_URL).",
        runs=40,
        months=31,
        goal=10.0,
        seed=1,
    )
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from coso.meetings.models import Meeting
    from coso.members.models import Member
    from coso.orgs.choices import CELL_KINDS
    from coso.orgs.models import Organization

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    built = False
    if not Organization.objects.exists():
        build_tree()
        built = True
    if not Meeting.objects.exists():
        load_members()
        built = True
    if not Meeting.objects.exists():
        load_city_meetings(args.seed, args.months)
        built = True
    if built:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        phase("ANALYZE", t0, "")
    call_command("demo_accounts", verbosity=0)
    root = Organization.objects.filter(depth=1).order_by("path").first()
    office = city_office(root)
    year = dt.date.today().year - 1  # a whole year of meetings
    grassroots = (
        Organization.objects.filter(kind="grassroots_committee").order_by("-numchild").first()
    )
    cells = Organization.objects.filter(path__startswith=root.path, kind__in=CELL_KINDS).count()
    print(
        f"database: PostgreSQL, {Organization.objects.count():,} organizations ({cells:,} cells), "
        f"{Member.objects.count():,} members, {Meeting.objects.count():,} meetings; "
        f"{args.runs} runs per page; year {year}"
    )
    client = verified_client(office)
    pages = {
        "login (bare page)": (Client(), "/login/"),
        f"thematic count per cell, whole city ({root.code}, page 1)": (
            client,
            f"/organizations/{root.code}/meetings/?year={year}",
        ),
        "the same, page 200": (
            client,
            f"/organizations/{root.code}/meetings/?year={year}&cells=200",
        ),
        f"meetings of a grassroots org ({grassroots.code}, {grassroots.numchild} below)": (
            client,
            f"/organizations/{grassroots.code}/meetings/?year={year}",
        ),
    }
    goal_pages = set(list(pages)[1:])
    for c, url in pages.values():
        for _ in range(3):
            r = c.get(url)
            assert r.status_code == 200, (url, r.status_code)
    samples: dict[str, list[float]] = {label: [] for label in pages}
    for _ in range(args.runs):
        for label, (c, url) in pages.items():
            t0 = time.perf_counter()
            r = c.get(url)
            samples[label].append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
    base = percentile(samples["login (bare page)"], 0.95)
    worst = 0.0
    print(f"{'page':70s} {'p95 ms':>8s} {'median':>8s} {'× login':>8s}")
    for label, s in samples.items():
        p = percentile(s, 0.95)
        if label in goal_pages:
            worst = max(worst, p / base)
        print(f"{label:70s} {p:8.1f} {statistics.median(s):8.1f} {p / base:8.2f}")
    print(
        f"worst ratio {worst:.2f} (goal ≤ {args.goal:g}): "
        f"{'met' if worst <= args.goal else 'NOT met'}"
    )
    # the whole city's counts at once, for information: the spreadsheet of every cell
    t0 = time.perf_counter()
    r = client.get(f"/organizations/{root.code}/meetings/?year={year}&export=cells")
    body = b"".join(r.streaming_content) if r.streaming else r.content
    print(
        f"export of every cell's counts ({cells:,} cells, .xlsx {len(body) / 1e6:.1f} MB): "
        f"{(time.perf_counter() - t0) * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
