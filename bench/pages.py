"""Every page of the menu and a detail page behind each list, for each persona, over HTTP:
p95 against the login page's p95 in the same run (issue 16, "Speed").

Usage (the database is whatever COSO_DATABASE_URL / COSO_DATA_DIR point at; build it first
with `coso migrate && coso demo --size bloc`):
    COSO_DATA_DIR=var-bench .venv/bin/python bench/pages.py
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_city .venv/bin/python bench/pages.py
Options: --runs 30 --workers 4 --threads 2 --port 8160 --goal (4 on SQLite, 10 on PostgreSQL)
--root-office/--no-root-office (default: on PostgreSQL) --profile 5 --persona NAME --list
--only REGEX (only the pages whose path matches, beside the login page).

What it does, on loopback, stopping by itself:
1. in this process: the demo personas (`coso demo_accounts`: the office `vanphong`, the
   grassroots committee's secretary `bithu_bk`, the cell's secretary `bithu_cntt`), each with
   the second factor their role requires (a confirmed app device: its key gives the code), and
   on PostgreSQL (the city) a fourth, an office user at the root of the tree, created here;
2. starts gunicorn as bench/load.py does (`-w 4`, as deployment.md says) and logs each persona
   in through the login form and the code page (bench/web.py's `login`);
3. discovers each persona's pages from what they see: every link of the menu (the navigation
   bar, the user menu included), then behind each of those pages the first row's link of its
   list (a member, an organization, a candidate's file, a transfer, a meeting, a document, a
   discipline case, an inspection, a feedback item, a to-do item's target); the inspection
   list's tabs lead to the committee's feedback page (issue 12's pages:
   `--only 'discipline|inspection|feedback'`); beside them the pages no row leads to, declared
   from the demo's data (`declared_pages`: issue 13's evaluation and awards pages and their
   exports, `--only 'evaluation|four-good|awards'`; issue 14's plan dashboard and its files,
   `--only /plan/`);
4. requests each page `--runs` times over one persistent connection per persona (reopened when
   the server closes it), the pages taking turns within each run in a shuffled order, the bare
   login page among them: a change of the machine's load weighs on every page alike;
5. after the server has stopped, in this process: each page's queries (one request through
   Django's test client under CaptureQueriesContext) and, with `--profile N`, a cProfile of the
   N pages furthest over the goal (the top functions by cumulative time).
Prints page, persona, p95 and median ms, × login p95 (a `!` past the goal), queries, size;
exit status 1 if a page is past the goal or failed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import secrets
import signal
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

from common import issued_document, percentile, verified_client
from load import start_server, stop_server
from web import Client, login

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")

#: the office user at the root of the tree (the fourth persona, on the city)
ROOT_OFFICE = "bench-root-office"
#: links that are not pages to read: exports, forms that change something, the API's docs
SKIP_SUFFIXES = (".xlsx", ".csv", ".pdf", ".docx", "/edit/", "/delete/", "/new/", "/add/")
SKIP_PREFIXES = ("/admin/", "/api/", "/logout/", "/i18n/", "/static/")


@dataclass
class Persona:
    username: str
    password: str
    otp_key: str = ""
    title: str = ""


@dataclass
class Page:
    persona: str  # username, or "" for the anonymous login page
    label: str
    path: str
    samples: list[float] = field(default_factory=list)
    size: int = 0
    errors: list[str] = field(default_factory=list)
    queries: int | None = None

    def p95(self) -> float:
        return percentile(self.samples, 0.95)

    def median(self) -> float:
        return percentile(self.samples, 0.5)


# --- what a page links to ---------------------------------------------------------------------


class Links(HTMLParser):
    """What a page links to: the navigation bar (`menu`), and in the page's main part its
    tabs (`tabs`: a nav's links), an organization page's sections (`sections`: the buttons
    whose id ends in "-link") and the links of its lists' rows (`rows`: a table's body, a list
    group, the tree), in order, each as (href, text)."""

    ROW_CLASSES = {"list-group", "org-tree"}

    def __init__(self):
        super().__init__()
        self.menu: list[tuple[str, str]] = []
        self.tabs: list[tuple[str, str]] = []
        self.sections: list[tuple[str, str]] = []
        self.rows: list[tuple[str, str]] = []
        self._nav = self._main = self._rows = 0
        self._open: list[bool] = []  # for each open ul/ol/div/tbody: whether it holds rows
        self._link: tuple[list, str] | None = None  # (where it goes, href)
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "nav" and "navbar" in classes:
            self._nav += 1
        elif tag == "main":
            self._main += 1
        elif tag in ("ul", "ol", "div", "tbody"):
            holds_rows = bool(self._main) and (tag == "tbody" or bool(classes & self.ROW_CLASSES))
            self._open.append(holds_rows)
            self._rows += holds_rows
        elif tag == "a" and a.get("href") and "navbar-brand" not in classes:
            where = None
            if self._nav:
                where = self.menu
            elif self._main and "nav-link" in classes:
                where = self.tabs
            elif self._main and (a.get("id") or "").endswith("-link"):
                where = self.sections
            elif self._rows:
                where = self.rows
            if where is not None:
                self._link, self._text = (where, a["href"]), []

    def handle_data(self, data):
        if self._link is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav:
            self._nav -= 1
        elif tag == "main" and self._main:
            self._main -= 1
        elif tag in ("ul", "ol", "div", "tbody") and self._open:
            self._rows -= self._open.pop()
        elif tag == "a" and self._link is not None:
            where, href = self._link
            where.append((href, " ".join("".join(self._text).split())))
            self._link = None


def readable(href: str, page_path: str = "") -> str | None:
    """`href` as a path to time, or None when it is not a page to read (elsewhere, an export,
    a form that changes something, the page itself or another page of its list)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
        return None
    if parts.path == urlsplit(page_path).path:
        return None  # the same list, filtered, sorted or paged
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fetch(client: Client, path: str) -> tuple[str, int, Links | None]:
    """(the page's path after its redirects, its status, its links)."""
    for _ in range(4):
        status, headers, body = client.request("GET", path)
        if status not in (301, 302, 303, 307) or not headers.get("Location"):
            break
        path = readable(headers["Location"]) or path
    if status != 200:
        return path, status, None
    links = Links()
    links.feed(body.decode("utf-8", "replace"))
    return path, status, links


def url_name(path: str) -> str:
    from django.urls import Resolver404, resolve

    try:
        return resolve(urlsplit(path).path).url_name or path
    except Resolver404:
        return path


def discover(client: Client) -> list[tuple[str, str]]:
    """(label, path) of the pages a persona reaches: the menu's (the tabs of its pages
    included), the first row's page behind each, and behind an organization's page its
    sections and their first rows."""
    found: dict[str, str] = {}  # path -> label

    def add(path: str | None, label: str) -> str | None:
        if path is None or path in found:
            return None
        found[path] = label
        return path

    menu = []
    _path, status, home = fetch(client, "/")
    assert status == 200, f"home is {status}"
    for href, text in home.menu:
        if readable(href) is None:
            continue
        path, _status, links = fetch(client, readable(href))
        if add(path, f"menu: {text}"):
            menu.append((path, text, links))
    for _path, text, links in list(menu):
        for href, tab in links.tabs if links else []:
            if readable(href) is None:
                continue
            tab_path, _status, tab_links = fetch(client, readable(href))
            if add(tab_path, f"menu: {text} › {tab}"):
                menu.append((tab_path, tab, tab_links))

    def first_row(path: str, text: str, links: Links | None) -> tuple[str, Links | None]:
        """The page of the list's first row (or of the next row to the same kind of page,
        when that one was found already); ("", None) when the page has no list."""
        rows = [p for href, _t in (links.rows if links else []) if (p := readable(href, path))]
        kind = url_name(rows[0]) if rows else ""
        for row_path in rows:
            if url_name(row_path) == kind and row_path not in found:
                row_path, _status, row_links = fetch(client, row_path)
                if add(row_path, f"{kind} ← {text}"):
                    return row_path, row_links
        return "", None

    sections = False  # the sections of the first organization's page only: the persona's own
    for path, text, links in menu:
        row_path, row_links = first_row(path, text, links)
        if url_name(row_path) != "org_detail" or sections or row_links is None:
            continue
        sections = True
        for href, section in row_links.sections:
            if readable(href) is None:
                continue
            section_path, _status, section_links = fetch(client, readable(href))
            if add(section_path, f"{url_name(section_path)}: {section} (own organization)"):
                first_row(section_path, section, section_links)
    return [(label, path) for path, label in found.items()]


# --- the database side (this process) ---------------------------------------------------------


def declared_pages(usernames: set[str]) -> list[tuple[str, str, str]]:
    """(persona, label, path) of the pages no menu's row leads to, from the demo's bloc data:
    issue 13's evaluation (an organization's periods, a cell's and a grassroots committee's
    grading of the open period, an evaluation, the four-good year, the results and their
    export, the grade import) and awards (the badges due and their export, a member's badges,
    the commendations and one). Exports are timed too: they are what the office downloads."""
    from django.db.models import Q

    from coso.awards.models import BadgeAward, Commendation
    from coso.demo.common import PERSONAS
    from coso.evaluation.models import Evaluation, EvaluationPeriod
    from coso.orgs.models import Organization

    homes = {u: code for u, _r, code, _p, _t in PERSONAS if u in usernames}
    periods = EvaluationPeriod.objects.filter(kind="year").order_by("-year")
    current = periods.filter(status="open").first() or periods.first()
    decided = periods.exclude(pk=getattr(current, "pk", None)).first() or current
    out = []
    for user, code in homes.items():
        org = f"/organizations/{code}"
        out.append((user, "evaluation_org (declared)", f"{org}/evaluation/"))
        out.append((user, "four_good (declared)", f"{org}/four-good/{date.today().year}/"))
        # issue 14: the plan's dashboard of the persona's organization and its two files
        out += [(user, "plan_dashboard (declared)", f"{org}/plan/"),
                (user, "plan_dashboard_xlsx (declared)", f"{org}/plan/xlsx/"),
                (user, "plan_dashboard_pdf (declared)", f"{org}/plan/pdf/")]  # fmt: skip
        if user != "bithu_cntt":  # a superior splits its targets down to its children
            out.append((user, "plan_shares (declared)", f"{org}/plan/shares/"))
        if current is not None:
            out.append((user, "evaluation_grading (declared)", f"{org}/evaluation/{current.pk}/"))
        if current is not None and user == "bithu_bk":  # a grassroots committee imports
            out.append((user, "evaluation_import (declared)",
                        f"{org}/evaluation/{current.pk}/import/"))  # fmt: skip
        if decided is not None and user != "bithu_cntt":
            results = f"{org}/evaluation/results/{decided.year}/"
            out += [(user, "evaluation_results (declared)", results),
                    (user, "evaluation_results_xlsx (declared)", results + "results.xlsx")]  # fmt: skip
        # a cell's: one of its members'; a committee's: one of the organizations it grades
        mine = Evaluation.objects.filter(period=decided).order_by("pk")
        if user == "bithu_cntt":
            evaluation = mine.filter(organization__code=code, member__isnull=False).first()
        else:
            evaluation = mine.filter(quota_unit__code=code, member__isnull=True).first()
        if evaluation is not None:
            out.append((user, "evaluation_detail (declared)", f"/evaluation/{evaluation.pk}/"))
        due = f"/awards/org/{code}/due/"
        out += [(user, "awards_due (declared)", due),
                (user, "awards_due xlsx (declared)", due + "?format=xlsx"),
                (user, "awards_commendations (declared)", f"/awards/org/{code}/commendations/")]  # fmt: skip
        path = Organization.objects.get(code=code).path
        commendation = (
            Commendation.objects.filter(
                Q(organization__path__startswith=path)
                | Q(member__organization__path__startswith=path)
            )
            .order_by("pk")
            .first()
        )
        if commendation is not None:
            out.append((user, "awards_commendation (declared)",
                        f"/awards/commendations/{commendation.pk}/"))  # fmt: skip
        badge = BadgeAward.objects.filter(member__organization__path__startswith=path)
        if (badge := badge.order_by("pk").first()) is not None:
            out.append((user, "awards_member (declared)", f"/awards/members/{badge.member_id}/"))
        # issue 14: the records behind a figure of the plan (last year's, those failing)
        plan = f"{org}/plan/{date.today().year - 1}"
        out += [(user, "plan_records members (declared)", f"{plan}/members_good/?failing=1"),
                (user, "plan_records cells (declared)", f"{plan}/thematic_meetings/")]  # fmt: skip

    out += _report_pages(homes)
    return out


def _report_pages(homes: dict[str, str]) -> list[tuple[str, str, str]]:
    """Issue 14's reports up the tree: the list, the office's view of the last monthly and of
    the year's period (the consolidated table and its export), a grassroots organization's
    report of the last month."""
    from coso.plans.models import Report, ReportSchedule

    out = [(user, "reports (declared)", "/reports/") for user in homes]
    if "vanphong" in homes:
        for schedule in ReportSchedule.objects.filter(kind__in=("monthly", "year")):
            view = f"/reports/schedules/{schedule.pk}/"
            out += [("vanphong", f"report_overview {schedule.kind} (declared)", view),
                    ("vanphong", f"report_overview_xlsx {schedule.kind} (declared)",
                     view + "xlsx/")]  # fmt: skip
    if "bithu_bk" in homes:
        report = Report.objects.filter(organization__code=homes["bithu_bk"]).first()
        if report is not None:
            out.append(("bithu_bk", "report_detail (declared)", f"/reports/{report.pk}/"))
    return out


def prepare_personas(root_office: bool) -> list[Persona]:
    """The demo users (created or their passwords reset, as `coso demo_accounts` does), each
    with the app device its role requires, and the root's office user when asked for."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from coso.accounts.otp import otp_required
    from coso.accounts.services import add_user
    from coso.demo.common import PERSONAS
    from coso.demo.generator import ensure_demo_accounts
    from coso.orgs.models import Organization

    ensure_demo_accounts()
    issued_document()  # the register has a row
    personas = [Persona(u, password, title=title) for u, _r, _c, password, title in PERSONAS]
    if root_office:
        root = Organization.objects.get_root_nodes().order_by("path").first()
        password = secrets.token_urlsafe(18)
        add_user(ROOT_OFFICE, organization=root, role="staff", password=password)
        personas.append(Persona(ROOT_OFFICE, password, title=f"Văn phòng, {root.code}"))
    User = get_user_model()
    for persona in personas:
        user = User.objects.get(username=persona.username)
        if otp_required(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            persona.otp_key = device.key
    return personas


def django_client(username: str):
    """Django's test client logged in as `username` (anonymous for ""), past the second factor
    if they have one."""
    from django.contrib.auth import get_user_model
    from django.test import Client as DjangoClient
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not username:
        return DjangoClient()
    user = get_user_model().objects.get(username=username)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return verified_client(user)
    client = DjangoClient()
    client.force_login(user)
    return client


def count_queries(pages: list[Page]) -> None:
    """Each page's queries, from one request in this process."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    clients = {}
    for page in pages:
        if page.errors:
            continue
        if page.persona not in clients:
            clients[page.persona] = django_client(page.persona)
        client = clients[page.persona]
        client.get(page.path)  # warm: the first request fills per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        if response.status_code == 200:
            page.queries = len(captured.captured_queries)


def profile(page: Page, top: int = 12) -> str:
    """Where one request of `page` in this process spends its time: wall time, the queries'
    count and time and the slowest three, and the project's functions by cumulative time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = django_client(page.persona)
    client.get(page.path)  # warm
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        t0 = time.perf_counter()
        profiler.enable()
        client.get(page.path)
        profiler.disable()
        wall = (time.perf_counter() - t0) * 1000
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    sql = sum(float(q["time"]) for q in queries) * 1000
    lines = [f"{wall:.0f} ms under the profiler; {len(queries)} queries, {sql:.0f} ms of SQL"]
    lines += [f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:150]}" for q in queries[:3]]
    # the project's functions by cumulative time, then any function by its own time (the
    # database driver's fetches, the template engine, Python's own work)
    for sort, restriction, n in (
        ("cumulative", r"/coso/(?!.*(middleware|otp)\.py)", top),
        ("tottime", "", 8),
    ):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(restriction, n)
        text = out.getvalue()
        lines.append(text[text.find("   ncalls") :].rstrip() if "   ncalls" in text else text)
    return re.sub(r"/\S*/src/coso/", "coso/", "\n".join(lines))


# --- the run ----------------------------------------------------------------------------------


def log_in(port: int, persona: Persona) -> Client:
    """A client with the persona's session; a code refused because the same code was just used
    (the app's code changes every 30 s) is tried again with the next one."""
    try:
        cookies = login(port, persona.username, persona.password, persona.otp_key)
    except AssertionError as error:
        if "code refused" not in str(error):
            raise
        time.sleep(31)
        cookies = login(port, persona.username, persona.password, persona.otp_key)
    return Client(port, cookies)


def measure(pages: list[Page], clients: dict[str, Client], runs: int, rng: random.Random) -> int:
    """Time the pages, taking turns in a shuffled order in each run; returns how many answers
    closed their connection (gunicorn's sync workers close each one; threads keep them open)."""
    for page in pages:  # warm every worker a little, and learn the page's size
        for _ in range(2):
            status, _h, body = clients[page.persona].request("GET", page.path)
            page.size = len(body)
            if status != 200:
                page.errors.append(str(status))
    order = [p for p in pages if not p.errors]
    closed = 0
    for n in range(runs):
        rng.shuffle(order)
        for page in order:
            t0 = time.perf_counter()
            status, headers, _b = clients[page.persona].request("GET", page.path)
            elapsed = (time.perf_counter() - t0) * 1000
            closed += headers.get("Connection", "").lower() == "close"
            if status == 200:
                page.samples.append(elapsed)
            else:
                page.errors.append(str(status))
        if n % 10 == 9:
            print(f"  run {n + 1}/{runs}", file=sys.stderr, flush=True)
    return closed


def print_table(pages: list[Page], base: float, goal: float) -> list[Page]:
    """The table; returns the pages past the goal, worst first."""
    over = []
    print(
        f"\n{'page':48s} {'persona':18s} {'p95 ms':>8s} {'median':>8s} {'× login':>8s} "
        f"{'queries':>7s} {'KB':>6s}  path"
    )
    for page in pages:
        if not page.samples:
            print(
                f"{page.label[:48]:48s} {page.persona:18s} failed: "
                f"{', '.join(page.errors[:3])}  {page.path}"
            )
            continue
        ratio = page.p95() / base
        mark = "!" if ratio > goal else " "
        if ratio > goal:
            over.append(page)
        queries = "" if page.queries is None else str(page.queries)
        print(
            f"{page.label[:48]:48s} {page.persona or '(anonymous)':18s} {page.p95():8.1f} "
            f"{page.median():8.1f} {ratio:7.2f}{mark} {queries:>7s} {page.size / 1024:6.0f}  "
            f"{page.path}"
        )
    return sorted(over, key=lambda p: -p.p95())


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument(
        "--threads",
        type=int,
        default=2,
        help="gunicorn threads per worker (1: sync, no keep-alive)",
    )
    ap.add_argument("--port", type=int, default=8160)
    ap.add_argument("--goal", type=float, default=None, help="× login (4 SQLite, 10 PostgreSQL)")
    ap.add_argument(
        "--root-office",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a fourth persona, office staff at the tree's root (default: on PostgreSQL)",
    )
    ap.add_argument("--persona", action="append", help="only these personas (repeatable)")
    ap.add_argument("--profile", type=int, default=0, help="profile the N worst pages")
    ap.add_argument("--list", action="store_true", help="list the pages found, time nothing")
    ap.add_argument(
        "--only", metavar="REGEX", help="time only the pages whose path matches (and login)"
    )
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    assert 1 <= args.runs <= 500, "bounded runs only"
    return args


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the server stops in `finally`

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from coso.members.models import Member
    from coso.orgs.models import Organization

    postgresql = connection.vendor == "postgresql"
    goal = args.goal or (10.0 if postgresql else 4.0)
    root_office = postgresql if args.root_office is None else args.root_office
    personas = prepare_personas(root_office)
    if args.persona:
        personas = [p for p in personas if p.username in args.persona]
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{Organization.objects.count():,} organizations, {Member.objects.count():,} members; "
        f"gunicorn -w {args.workers} --threads {args.threads}; {args.runs} runs; "
        f"personas: {', '.join(p.username for p in personas)}; goal ≤ {goal:g} × login p95"
    )
    declared = declared_pages({p.username for p in personas})
    connection.close()  # SQLite: no connection of ours open while the server works

    server = start_server(args.port, args.workers, args.threads)
    try:
        clients = {"": Client(args.port)}
        pages = [Page("", "login (bare page)", "/login/")]
        for persona in personas:
            clients[persona.username] = log_in(args.port, persona)
            for label, path in discover(clients[persona.username]):
                pages.append(Page(persona.username, label, path))
        seen = {(p.persona, p.path) for p in pages}
        pages += [Page(u, label, path) for u, label, path in declared
                  if (u, path) not in seen]  # fmt: skip
        if args.only:
            pages = pages[:1] + [p for p in pages[1:] if re.search(args.only, p.path)]
        print(f"{len(pages)} pages", file=sys.stderr)
        if args.list:
            for page in pages:
                print(f"{page.persona:18s} {page.label:48s} {page.path}")
            return 0
        closed = measure(pages, clients, args.runs, random.Random(args.seed))
    finally:
        stop_server(server)

    count_queries(pages)
    base = pages[0].p95()
    over = print_table(pages, base, goal)
    failed = [p for p in pages if p.errors]
    timed = [p for p in pages if p.samples]
    print(
        f"\n{len(timed) - 1} pages timed, {len(over)} past {goal:g} × login p95 "
        f"({base:.1f} ms), {len(failed)} failed; {closed} of "
        f"{sum(len(p.samples) for p in pages)} answers closed their connection"
    )
    for page in over[: args.profile]:
        print(f"\n--- {page.label.strip()} ({page.persona}, {page.path}), one request in-process:")
        print(profile(page))
    return 1 if over or failed else 0


if __name__ == "__main__":
    sys.exit(main())
