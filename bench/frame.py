"""The cost of the signed-in page's frame (the menu, the session, the user, the second factor,
the roles): each persona's everyday pages in this process, as CPU time a request against the
bare login page's in the same run, with their query counts. The password-change page is
little more than the frame: its ratio to login is the frame's price.

Usage (the database is whatever COSO_DATABASE_URL / COSO_DATA_DIR point at; build it first
with `coso migrate && coso demo --size bloc`):
    COSO_DATA_DIR=var-bench .venv/bin/python bench/frame.py [--runs 40] [--profile PAGE]

The CPU columns: the median of this process's CPU time a request and its ratio to login's
(steadier than the wall clock on a busy machine). `--profile LABEL` prints a cProfile of that
page (for the first persona that has it).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time

from common import verified_client

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")


def persona_pages(username: str) -> dict[str, str]:
    """Each page's path for `username`: their own cell's calendar (the cell of their record, or
    the first cell in their scope) and that cell's latest held meeting."""
    from django.contrib.auth import get_user_model

    from coso.meetings.models import Meeting
    from coso.orgs.models import Organization

    user = get_user_model().objects.get(username=username)
    cell = Organization.objects.visible_to(user).filter(kind="cell").order_by("path").first()
    if hasattr(user, "member") and user.member.organization.kind == "cell":
        cell = user.member.organization
    pages = {
        "password": "/account/password/",
        "home": "/",
        "member list": "/members/",
    }
    if cell is not None:
        pages["cell calendar"] = f"/organizations/{cell.code}/meetings/"
        meeting = (
            Meeting.objects.filter(organization=cell, vote_base__gt=0).order_by("-date").first()
        )
        if meeting is not None:
            pages["meeting"] = f"/meetings/{meeting.pk}/"
    return pages


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--profile", default="", help="a page's label: print its profile")
    args = ap.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coso.demo.common import PERSONAS
    from coso.demo.generator import ensure_demo_accounts

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    ensure_demo_accounts()
    User = get_user_model()
    cases: list[tuple[str, str, object, str]] = [("", "login", Client(), "/login/")]
    for username, *_rest in PERSONAS:
        client = verified_client(User.objects.get(username=username))
        for label, path in persona_pages(username).items():
            cases.append((username, label, client, path))
    counts = {}
    for username, label, client, path in cases:
        client.get(path)  # warm: templates loaded, caches filled
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(path)
        assert r.status_code == 200, (username, path, r.status_code)
        counts[(username, label)] = len(ctx.captured_queries)
    cpu: dict[tuple[str, str], list[float]] = {(u, lab): [] for u, lab, _c, _p in cases}
    rng = random.Random(1)
    for _run in range(args.runs):
        order = list(cases)
        rng.shuffle(order)
        for username, label, client, path in order:
            c0 = time.process_time()
            client.get(path)
            cpu[(username, label)].append((time.process_time() - c0) * 1000)
    base = statistics.median(cpu[("", "login")])
    print(f"{'persona':12s} {'page':15s} {'queries':>8s} {'cpu ms':>8s} {'× login':>8s}")
    for username, label, _c, _p in cases:
        c = statistics.median(cpu[(username, label)])
        print(
            f"{username or '-':12s} {label:15s} {counts[(username, label)]:8d} {c:8.2f} "
            f"{c / base:8.2f}"
        )
    if args.profile:
        for username, label, client, path in cases:
            if label == args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(20):
                    client.get(path)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(
                    os.environ.get("SORT", "cumulative")
                ).print_stats(45)
                print(f"--- profile: {username} {label} ({path}), 20 requests")
                print(out.getvalue())
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
