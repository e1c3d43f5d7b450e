"""coso under load: concurrent clients against gunicorn on 127.0.0.1, with one write a second.

Usage (the database is whatever COSO_DATABASE_URL / COSO_DATA_DIR point at; build it first with
`coso migrate && coso demo --size bloc`):
    COSO_DATA_DIR=var-bench .venv/bin/python bench/load.py
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_city .venv/bin/python bench/load.py
Options: --clients 50 --seconds 60 --think 5 --workers 4 --port 8150 --seed 1; `--think 0`
gives the server's capacity (every client asks again as soon as it is answered).

What it does, all on loopback, bounded in time and stopping by itself:
1. prepares, in this process: a bench user with the staff role at the root of the tree (the
   office), its API token (what `coso drf_create_token` makes), the members to read and to write;
2. starts `gunicorn coso.wsgi -w WORKERS -b 127.0.0.1:PORT` (as docs/deployment.md says) in a
   process group of its own, and stops that group at the end, whatever happens;
3. logs in through the login form (`login`: the one place that knows how, CSRF included) and
   uses the session cookie for the pages, the token for the API;
4. single client: every page of the mix, one request at a time, interleaved (`--rounds` each),
   and a few writes: the single-client p50/p95 of each page;
5. load: `--clients` threads for `--seconds`, each requesting a page of the mix (member list of
   a grassroots organization, search, member page, to-do list: `MIX`) and waiting `--think`
   seconds (± 50 %, a person reading the page) before the next; beside them one write is started every
   second, each to a member of its own, on its own thread (a slow write never delays the next):
   alternately an edit through the member's edit page (GET the form, POST it back with its
   CSRF token and `version`) and an API PATCH with the token and the `version` read;
6. afterwards, in this process: every acknowledged write is in the database (the member holds
   the write's mark, its version went up by exactly one), every member's version equals its
   history rows (before and after, over the whole table), and nothing else changed.
Prints requests, errors by status and page, p50/p95 per page under load and alone, their
ratio (goal ≤ 10), writes sent/acknowledged/landed and the checks; exit status 1 if a goal
is missed.

The clients are threads of this process (the standard library's http.client): on a machine of
two cores they share the CPU with the server, as a real office's browsers would not.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from common import percentile as pct
from web import FORM_POST, TIMEOUT, Client, form_fields, login

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")

BENCH_USER = "load-office"
SEARCHES = ["nguyen thi hoa", "tran van", "le minh", "pham thu ha", "hoang duc", "vu thi"]
#: the read mix: page -> weight. An office looks members up (a list, a search, then the
#: member's page) far more often than it opens its to-do list, the heaviest page (seven
#: screenings of the whole scope)
MIX = {"list": 30, "search": 25, "detail": 40, "todo": 5}
SINGLE_SECONDS = 180  # the single-client phase stops after this, whatever --rounds says


# --- the work -------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)

    def add(self, page: str, status, seconds: float) -> None:
        with self.lock:
            self.statuses[page][status] += 1
            if isinstance(status, int) and status < 400:
                self.times[page].append(seconds * 1000)


def read_page(client: Client, page: str, sample, rng: random.Random) -> tuple[str, int | str]:
    if page == "list":
        path = f"/members/?{urlencode({'organization': rng.choice(sample.grassroots)})}"
        path += "&ordering=name"
    elif page == "search":
        path = f"/members/?{urlencode({'search': rng.choice(SEARCHES)})}"
    elif page == "detail":
        path = f"/members/{rng.choice(sample.readable)}/"
    else:
        path = "/todo/"
    status, _h, _b = client.request("GET", path)
    # a page that answers anything but itself (a redirect to the login or the code page, an
    # error) is counted as an error, not timed
    return path, status if status == 200 else f"{status} instead of 200"


def timed(recorder: Recorder, page: str, call) -> None:
    started = time.perf_counter()
    try:
        status = call()
    except TimeoutError:
        status = "timeout"
    except OSError as error:
        status = type(error).__name__
    recorder.add(page, status, time.perf_counter() - started)


class Writes:
    """Writes to members of their own: one member per write, so none conflicts with another."""

    def __init__(self, members: list[int], port: int, cookies, token: str, run: str):
        self.members = members
        self.port, self.cookies, self.token, self.run = port, cookies, token, run
        self.lock = threading.Lock()
        self.sent: list[tuple[int, str, str]] = []  # (member id, mark, how)
        self.acknowledged: dict[int, str] = {}  # member id -> mark

    def next(self, how: str) -> tuple[int, str]:
        with self.lock:
            n = len(self.sent)
            member = self.members[n]
            mark = f"Tải thử {self.run} số {n + 1}"
            self.sent.append((member, mark, how))
            return member, mark

    def page_edit(self) -> int:
        """GET the edit page, POST its form back with the workplace changed: 302 when saved."""
        member, mark = self.next("page")
        client = Client(self.port, self.cookies)
        path = f"/members/{member}/edit/"
        status, _h, body = client.request("GET", path)
        if status != 200:  # a redirect (to the login or the code page) is a failed write
            return f"{status} instead of 200"
        fields = form_fields(body.decode(), "version")
        fields["workplace"] = mark
        status, _h, _b = client.request(
            "POST",
            path,
            urlencode(fields).encode(),
            FORM_POST,
        )
        if status == 302:
            with self.lock:
                self.acknowledged[member] = mark
        return status

    def api_patch(self) -> int:
        """GET the member from the API for its version, PATCH the workplace: 200 when saved."""
        member, mark = self.next("api")
        client = Client(self.port, token=self.token)
        path = f"/api/v1/members/{member}/"
        status, _h, body = client.request("GET", path)
        if status != 200:
            return status
        version = json.loads(body)["version"]
        payload = json.dumps({"workplace": mark, "version": version}).encode()
        status, _h, _b = client.request(
            "PATCH", path, payload, {"Content-Type": "application/json"}
        )
        if status == 200:
            with self.lock:
                self.acknowledged[member] = mark
        return status

    def one(self, recorder: Recorder, n: int) -> None:
        if n % 2:
            timed(recorder, "write (API PATCH)", self.api_patch)
        else:
            timed(recorder, "write (edit page)", self.page_edit)


# --- the database side (this process) -------------------------------------------------------


class Sample:
    """What the clients read and write, drawn from the database."""

    def __init__(self, rng: random.Random, writes: int):
        from coso.members.choices import ACTIVE_STATUSES
        from coso.members.models import Member
        from coso.orgs.models import Organization

        self.grassroots = list(
            Organization.objects.filter(kind="grassroots_committee")
            .order_by("path")
            .values_list("code", flat=True)[:200]
        )
        active = Member.objects.filter(status__in=ACTIVE_STATUSES)
        top = active.order_by("-id").values_list("id", flat=True)[:1]
        last = top[0] if top else 0
        ids = list(active.filter(id__gte=max(0, last - 20000)).values_list("id", flat=True))
        rng.shuffle(ids)
        self.writable = ids[:writes]
        self.readable = ids[writes : writes + 2000]
        assert self.grassroots and len(self.writable) == writes, "build the demo first"


def history_mismatches() -> int:
    """Members whose version differs from their number of history rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM members_member m LEFT JOIN (SELECT id, count(*) AS n FROM "
            "members_historicalmember GROUP BY id) h ON h.id = m.id "
            "WHERE m.version <> coalesce(h.n, 0)"
        )
        return cursor.fetchone()[0]


def member_state(ids: list[int]) -> dict[int, tuple[int, str, int]]:
    """member id -> (version, workplace, history rows)."""
    from django.db.models import Count

    from coso.members.models import Member

    history = dict(
        Member.history.filter(id__in=ids)
        .values_list("id")
        .annotate(n=Count("history_id"))
        .values_list("id", "n")
    )
    return {
        pk: (version, workplace, history.get(pk, 0))
        for pk, version, workplace in Member.objects.filter(id__in=ids).values_list(
            "id", "version", "workplace"
        )
    }


def prepare_user() -> tuple[str, str, str]:
    """The bench's office user (staff at the root: the whole tree), a fresh password, its API
    token and the key of its second-factor app (an office user must have one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    from coso.accounts.services import add_user
    from coso.orgs.models import Organization

    password = secrets.token_urlsafe(18)
    root = Organization.objects.get_root_nodes().order_by("path").first()
    user = add_user(BENCH_USER, organization=root, role="staff", password=password)
    token, _created = Token.objects.get_or_create(user=user)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return password, token.key, device.key


# --- the server -----------------------------------------------------------------------------


def start_server(port: int, workers: int, threads: int = 1) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = open(Path(os.environ.get("COSO_DATA_DIR", "var")) / "load-gunicorn.log", "ab")  # noqa: SIM115
    server = subprocess.Popen(
        [str(gunicorn), "coso.wsgi", "-w", str(workers), "--threads", str(threads)]
        + ["-b", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=log,
        start_new_session=True,  # its own process group: stopped as one, and only it
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _h, _b = Client(port).request("GET", "/login/")
            if status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped; see load-gunicorn.log")
        time.sleep(0.3)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- the run --------------------------------------------------------------------------------


def single_client(port, cookies, sample, writes, rounds, rng) -> Recorder:
    recorder = Recorder()
    client = Client(port, cookies)
    warm = Recorder()  # not reported
    for _ in range(2):  # warm every worker's caches a little
        for page in MIX:
            timed(warm, page, lambda p=page: read_page(client, p, sample, rng)[1])
    deadline = time.monotonic() + SINGLE_SECONDS
    for n in range(rounds):
        for page in MIX:
            timed(recorder, page, lambda p=page: read_page(client, p, sample, rng)[1])
        if n < 6:
            writes.one(recorder, n)
        if time.monotonic() > deadline:
            break
    return recorder


def loaded(port, cookies, sample, writes, args, rng) -> tuple[Recorder, int]:
    recorder = Recorder()
    start = time.monotonic()
    end = start + args.seconds
    pages, weights = list(MIX), list(MIX.values())

    def client_loop(seed: int) -> None:
        local = random.Random(seed)
        client = Client(port, cookies)
        time.sleep(local.uniform(0, min(args.think, 1.0) or 0.05))  # not all at once
        while time.monotonic() < end:
            page = local.choices(pages, weights)[0]
            timed(recorder, page, lambda p=page: read_page(client, p, sample, local)[1])
            if args.think:
                time.sleep(local.uniform(0.5, 1.5) * args.think)

    threads = [
        threading.Thread(target=client_loop, args=(rng.random(),), daemon=True)
        for _ in range(args.clients)
    ]
    for t in threads:
        t.start()
    writers = []
    n = 0
    while True:  # one write started each second, on its own thread
        at = start + n + 0.5
        if at >= end:
            break
        time.sleep(max(0.0, at - time.monotonic()))
        w = threading.Thread(target=writes.one, args=(recorder, n), daemon=True)
        w.start()
        writers.append(w)
        n += 1
    for t in threads + writers:
        t.join(timeout=TIMEOUT + 10)
    return recorder, n


def parse_args() -> argparse.Namespace:
    """The options; `--mix` reweighs (or drops, at 0) the pages of `MIX` in place."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument(
        "--think", type=float, default=5.0, help="seconds between a client's pages (± 50 %%)"
    )
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=1, help="gunicorn's threads per worker")
    ap.add_argument("--port", type=int, default=8150)
    ap.add_argument("--rounds", type=int, default=30, help="single-client requests per page")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--goal", type=float, default=10.0)
    ap.add_argument(
        "--mix",
        default="",
        help="page weights, e.g. list=30,search=25,detail=40,todo=0 (default: MIX)",
    )
    args = ap.parse_args()
    assert 1 <= args.clients <= 200 and 1 <= args.seconds <= 600, "bounded runs only"
    for item in filter(None, args.mix.split(",")):
        page, _, weight = item.partition("=")
        assert page in MIX, f"unknown page {page}"
        MIX[page] = int(weight)
    for page in [p for p, w in MIX.items() if not w]:
        del MIX[page]
    return args


def describe_database(args, run: str) -> None:
    from django.conf import settings

    from coso.members.models import Member
    from coso.orgs.models import Organization

    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{Organization.objects.count():,} organizations, {Member.objects.count():,} members; "
        f"gunicorn -w {args.workers} --threads {args.threads} on 127.0.0.1:{args.port}; {args.clients} clients for "
        f"{args.seconds} s, think {args.think:g} s; run {run}"
    )


def count_landed(sample: Sample, writes: Writes, before: dict) -> tuple[int, int]:
    """(landed, lost): each acknowledged write is in the database with its version and history
    row; an unacknowledged one may have landed too; no other member changed."""
    after = member_state(sample.writable)
    sent = {member: (mark, how) for member, mark, how in writes.sent}
    landed = lost = 0
    for member in sample.writable:
        v0, w0, h0 = before[member]
        v1, w1, h1 = after[member]
        if member in writes.acknowledged:
            ok = (w1, v1, h1) == (writes.acknowledged[member], v0 + 1, h0 + 1)
            landed += ok
            lost += not ok
        elif member in sent and w1 == sent[member][0]:
            landed += 1  # saved, but the answer did not come back in time
            assert (v1, h1) == (v0 + 1, h0 + 1)
        else:
            assert (v1, w1, h1) == (v0, w0, h0), f"member {member} changed unasked"
    return landed, lost


def failures(recorder: Recorder) -> collections.Counter:
    """(page, status) -> count of the requests that failed."""
    errors = collections.Counter()
    for page, counter in recorder.statuses.items():
        for status, n in counter.items():
            if not (isinstance(status, int) and status < 400):
                errors[(page, status)] += n
    return errors


def print_times(under_load: Recorder, alone: Recorder, elapsed: float) -> float:
    """The requests, errors and p50/p95 of each page under load and alone; returns the worst
    p95 ratio."""
    total = sum(sum(c.values()) for c in under_load.statuses.values())
    errors = failures(under_load)
    print(
        f"\nunder load: {total:,} requests in {elapsed:.1f} s ({total / elapsed:.1f}/s), "
        f"errors: {sum(errors.values())}"
        + "".join(f"\n  {page}: {status} × {n}" for (page, status), n in sorted(errors.items()))
    )
    print(
        f"\n{'page':22s} {'n':>6s} {'p50 ms':>8s} {'p95 ms':>8s} {'alone p50':>10s} "
        f"{'alone p95':>10s} {'p95 ratio':>10s}"
    )
    worst = 0.0
    for page in [*MIX, "write (edit page)", "write (API PATCH)"]:
        loaded_ms = under_load.times.get(page, [])
        alone_ms = alone.times.get(page, [])
        ratio = pct(loaded_ms, 0.95) / pct(alone_ms, 0.95) if loaded_ms and alone_ms else 0
        worst = max(worst, ratio)
        print(
            f"{page:22s} {len(loaded_ms):6d} {pct(loaded_ms, 0.5):8.1f} "
            f"{pct(loaded_ms, 0.95):8.1f} {pct(alone_ms, 0.5):10.1f} {pct(alone_ms, 0.95):10.1f} "
            f"{ratio:10.2f}"
        )
    return worst


def main() -> int:
    args = parse_args()
    # a stop from outside (timeout, Ctrl-C) still stops the server: see `finally` below
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    import django

    django.setup()
    from django.db import connection

    rng = random.Random(args.seed)
    sample = Sample(rng, writes=args.seconds + 20)
    password, token, otp_key = prepare_user()
    run = secrets.token_hex(3)
    mismatches_before = history_mismatches()
    before = member_state(sample.writable)
    describe_database(args, run)
    connection.close()  # SQLite: no connection of ours open while the server writes

    server = start_server(args.port, args.workers, args.threads)
    try:
        cookies = login(args.port, BENCH_USER, password, otp_key)
        writes = Writes(sample.writable, args.port, cookies, token, run)
        alone = single_client(args.port, cookies, sample, writes, args.rounds, rng)
        started = time.monotonic()
        under_load, started_writes = loaded(args.port, cookies, sample, writes, args, rng)
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)

    landed, lost = count_landed(sample, writes, before)
    mismatches_after = history_mismatches()
    worst = print_times(under_load, alone, elapsed)
    print(
        f"\nwrites: {len(writes.sent)} sent ({started_writes} under load, one a second), "
        f"{len(writes.acknowledged)} acknowledged, {landed} landed in the database, {lost} lost; "
        f"members whose version differs from their history rows: {mismatches_before} before, "
        f"{mismatches_after} after"
    )
    met = (
        not failures(under_load)
        and not failures(alone)
        and lost == 0
        and landed == len(writes.sent)
        and mismatches_after == mismatches_before
        and worst <= args.goal
    )
    print(
        f"goal (0 errors, every write landed, none lost, p95 ≤ {args.goal:g} × alone): "
        f"{'met' if met else 'NOT met'} (worst ratio {worst:.2f})"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
