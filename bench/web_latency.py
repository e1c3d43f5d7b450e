"""Server time of the main pages on demo data, as p95 and as a ratio to the bare login page.

Usage (the database is whatever COSO_DATABASE_URL / COSO_DATA_DIR point at):
    COSO_DATA_DIR=var-bench .venv/bin/python bench/web_latency.py --size bloc [--runs 60]
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_city .venv/bin/python bench/web_latency.py --size city

It migrates and builds `coso demo --size SIZE` when the database has no organizations, then times
requests through Django's test client in this process (server time: URL routing, middleware,
queries, template rendering; no network). Prints one line per page and the ratio to login.
Every page of the menu and behind it, for each persona, over HTTP against gunicorn:
bench/pages.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from common import issued_document, percentile, verified_client

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")


def p95(samples: list[float]) -> float:
    return percentile(samples, 0.95)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="bloc", choices=["small", "bloc", "city"])
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--goal", type=float, default=None, help="ratio goal (default 4 bloc, 10 city)")
    args = ap.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from coso.members.models import Member
    from coso.orgs.models import Organization

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        t0 = time.perf_counter()
        call_command("demo", size=args.size, seed=1)
        print(f"demo --size {args.size}: {time.perf_counter() - t0:.1f} s")
    setup_test_environment()
    call_command("demo_accounts", verbosity=0)

    from django.contrib.auth import get_user_model

    office = get_user_model().objects.get(username="vanphong")
    grassroots = (
        Organization.objects.filter(kind="grassroots_committee").order_by("-numchild").first()
    )
    n_members = Member.objects.count()
    n_orgs = Organization.objects.count()
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{n_orgs} organizations, {n_members} members; {args.runs} runs per page"
    )
    # a member the office may edit: their page carries the move form and its suggestions
    member = (
        Member.objects.filter(organization__path__startswith=grassroots.path, status="official")
        .order_by("pk")
        .first()
    )
    anon = Client()
    client = verified_client(office)
    # a document issued from a record (its page), so the register has an entry at least
    from coso.members.models import Transfer

    letter = Transfer.objects.filter(status="issued", from_organization__isnull=False).first()
    issued = issued_document()
    from coso.meetings.models import Meeting

    held = (
        Meeting.objects.filter(organization__path__startswith=grassroots.path, vote_base__gt=0)
        .order_by("-vote_base", "-date")
        .first()
    )
    pages = {
        "login (bare page)": (anon, "/login/"),
        "member list, 50 rows, one grassroots org, sorted": (
            client,
            f"/members/?organization={grassroots.code}&ordering=name",
        ),
        "search without accents ('nguyen thi hoa')": (client, "/members/?search=nguyen+thi+hoa"),
        "tree page": (client, "/organizations/"),
        "tree page, counts not cached (after a write)": (client, "/organizations/"),
        "member API list, 50 rows": (client, f"/api/v1/members/?organization={grassroots.code}"),
        "member detail (office: may edit, move form)": (client, f"/members/{member.pk}/"),
        "committee and terms (grassroots org)": (
            client,
            f"/organizations/{grassroots.code}/committee/",
        ),
        "register of documents issued": (client, "/documents/register/"),
        "day swaps of the year": (client, "/calendar/day-swaps/"),
        "body texts of an organization": (client, f"/documents/texts/{grassroots.code}/"),
        "meetings of a grassroots org (its cells' counts)": (
            client,
            f"/organizations/{grassroots.code}/meetings/",
        ),
    }
    if held is not None:
        pages["meetings of a cell (calendar)"] = (
            client,
            f"/organizations/{held.organization.code}/meetings/",
        )
        pages["a meeting (figures, votes)"] = (client, f"/meetings/{held.pk}/")
        pages["attendance sheet of a meeting"] = (client, f"/meetings/{held.pk}/attendance/")
    if letter is not None:
        pages["issue a transfer letter (form)"] = (
            client,
            f"/documents/issue/transfer_letter/{letter.pk}/",
        )
    if issued is not None:
        pages["document issued (detail)"] = (client, f"/documents/{issued.pk}/")
    #: the pages the issue sets the goal for; the others are reported for information
    goal_pages = {
        "member list, 50 rows, one grassroots org, sorted",
        "search without accents ('nguyen thi hoa')",
        "tree page",
        "member detail (office: may edit, move form)",
        "committee and terms (grassroots org)",
        "register of documents issued",
        "day swaps of the year",
        "body texts of an organization",
        "issue a transfer letter (form)",
        "document issued (detail)",
        "meetings of a grassroots org (its cells' counts)",
        "meetings of a cell (calendar)",
        "a meeting (figures, votes)",
        "attendance sheet of a meeting",
    }
    from django.core.cache import cache

    for c, url in pages.values():
        for _ in range(3):  # warm up
            r = c.get(url)
            assert r.status_code == 200, (url, r.status_code)
    # The pages take turns within each run, so that a change in the machine's load during the
    # measurement weighs on every page alike and the ratios to login stay comparable.
    samples: dict[str, list[float]] = {label: [] for label in pages}
    for _ in range(args.runs):
        for label, (c, url) in pages.items():
            if "not cached" in label:
                cache.clear()
            t0 = time.perf_counter()
            r = c.get(url)
            samples[label].append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
    results = {label: (p95(s), statistics.median(s)) for label, s in samples.items()}
    base = results["login (bare page)"][0]
    goal = args.goal or (10.0 if args.size == "city" else 4.0)
    worst = 0.0
    print(f"{'page':55s} {'p95 ms':>8s} {'median':>8s} {'× login':>8s}")
    for label, (p, med) in results.items():
        ratio = p / base
        if label in goal_pages:
            worst = max(worst, ratio)
        print(f"{label:55s} {p:8.1f} {med:8.1f} {ratio:8.2f}")
    print(
        f"worst ratio of the goal pages {worst:.2f} (goal ≤ {goal:g}): "
        f"{'met' if worst <= goal else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
