"""Import rate against the spreadsheet reader's own rate, and peak memory of a large import.

    .venv/bin/python bench/import_rate.py                 # 20,000 rows, SQLite and PostgreSQL
    .venv/bin/python bench/import_rate.py --memory 200000 # + peak RSS importing 200,000 rows

For each database: a fresh database with the small demo tree (no members), then
`coso.imports.services.import_members` on a 20,000-row .xlsx in the export's layout (every row
new: the heaviest case, everything is written). In the same process and run, python-calamine
alone parses the same file (`get_sheet_by_index(0).to_python()`); the figure that matters is

    ratio = import rate / calamine parse rate      (goal ≥ 0.5)

The database's own share (`--floor`, on by default): the members table of a finished import is
saved, a fresh database is made, and the same members are written again with no client work at
all (PostgreSQL: the saved COPY text passed through unchanged; SQLite: the saved tuples by one
`executemany`), then their history, placements and events (`bulk_copy._derive_rows`, as the
import does) and the commit. No importer can be faster than that, so

    best possible ratio = calamine parse time / floor time

Each measurement runs in its own subprocess (settings are read at start-up); PostgreSQL uses
COSO_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/coso_bench_import), which is
dropped and re-created: never point it at a database you need. Peak memory is the child's
max RSS (resource.getrusage), importing into SQLite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ORGS = ["DUK-BK-CNTT", "DUK-BK-CK", "DUK-KTQD-KTH", "DUK-XD-XDDD", "DUK-CDDL"]

CHILD = r"""
import json, os, resource, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "coso.settings"
import django
django.setup()
import python_calamine
from django.utils import translation
from coso.imports.services import import_members
translation.activate("vi")
path, repeat_parse = sys.argv[1], int(sys.argv[2])
parse = []
for _ in range(repeat_parse):
    t = time.perf_counter()
    rows = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    parse.append(time.perf_counter() - t)
    del rows
phases = {}
def progress(phase, done, total):
    phases.setdefault(phase, time.perf_counter())
t = time.perf_counter()
result = import_members(path, filename=os.path.basename(path), progress=progress)
elapsed = time.perf_counter() - t
print(json.dumps({
    "rows": result.plan.total, "created": result.created, "invalid": result.plan.invalid,
    "parse": parse, "import": elapsed,
    "phases": {k: v - t for k, v in phases.items()},
    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


SAVE = r"""
import os, pickle, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "coso.settings"
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        with open(sys.argv[1], "wb") as out, cursor.cursor.copy("COPY members_member TO STDOUT") as copy:
            for block in copy:
                out.write(block)
    else:
        cursor.execute("SELECT * FROM members_member ORDER BY id")
        names = [d[0] for d in cursor.description]
        with open(sys.argv[1], "wb") as out:
            pickle.dump((names, cursor.fetchall()), out)
"""

FLOOR = r"""
import json, os, pickle, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "coso.settings"
import django
django.setup()
import python_calamine
from django.db import connection, transaction
from django.utils import timezone
from coso.members.db.bulk_copy import _derive_rows
from coso.members.choices import EventKind
saved, path = sys.argv[1], sys.argv[2]
data = open(saved, "rb").read()
t = time.perf_counter()
with transaction.atomic():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids = [int(line.split(b"\t", 1)[0]) for line in data.splitlines()]
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('members_member', 'id'), %s)", [max(ids)]
            )
            with cursor.cursor.copy("COPY members_member FROM STDIN") as copy:
                copy.write(data)
        else:
            names, rows = pickle.loads(data)
            ids = [r[0] for r in rows]
            raw = connection.connection.cursor()
            cols = ", ".join(f'"{n}"' for n in names)
            raw.execute(f"CREATE TEMP TABLE stage AS SELECT {cols} FROM members_member WHERE 0")
            raw.executemany(f"INSERT INTO stage VALUES ({', '.join('?' * len(names))})", rows)
            raw.execute(f"INSERT INTO members_member ({cols}) SELECT {cols} FROM stage")
            raw.execute("DROP TABLE stage")
    members = time.perf_counter() - t
    _derive_rows(ids, now=timezone.now(), today=timezone.localdate(), actor_id=None,
                 change_reason="import", history_type="+", event_kind=EventKind.REGISTERED)
floor = time.perf_counter() - t
parse = []
for _ in range(3):
    s = time.perf_counter()
    python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    parse.append(time.perf_counter() - s)
print(json.dumps({"members": members, "floor": floor, "parse": parse, "rows": len(ids)}))
"""


def run(*args: str, env: dict, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=ROOT, check=True, text=True, capture_output=capture)


def fresh_database(env: dict) -> None:
    url = env.get("COSO_DATABASE_URL")
    if url:
        name = urlparse(url).path.lstrip("/")
        if name in ("test", "postgres", "coso"):
            sys.exit(f"refusing to drop the database {name!r}")
        host = urlparse(url).hostname or "127.0.0.1"
        user = urlparse(url).username or "postgres"
        subprocess.run(["dropdb", "--if-exists", "-h", host, "-U", user, name], check=True)
        subprocess.run(["createdb", "-h", host, "-U", user, name], check=True)
    run(PYTHON, "-m", "coso.cli", "migrate", "--noinput", "-v0", env=env)
    run(PYTHON, "-m", "coso.cli", "demo", "--size", "small", "--orgs-only", env=env, capture=True)


def make_file(path: Path, rows: int, env: dict) -> None:
    code = (
        "import os,sys; os.environ['DJANGO_SETTINGS_MODULE']='coso.settings'; import django;"
        "django.setup(); from coso.demo.samples import write_member_file;"
        f"write_member_file(sys.argv[1], {rows}, {ORGS!r})"
    )
    run(PYTHON, "-c", code, str(path), env=env)


def measure(path: Path, env: dict, repeat_parse: int = 3) -> dict:
    out = run(PYTHON, "-c", CHILD, str(path), str(repeat_parse), env=env, capture=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3, help="imports per database")
    parser.add_argument("--memory", type=int, default=0, help="also: peak RSS for N rows")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-floor", action="store_true", help="skip the database's floor")
    args = parser.parse_args()
    pg_url = os.environ.get(
        "COSO_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/coso_bench_import"
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = {k: v for k, v in os.environ.items() if k != "COSO_DATABASE_URL"}
        base["COSO_DATA_DIR"] = str(Path(tmp) / "var")
        fresh_database(base)
        path = Path(tmp) / f"members-{args.rows}.xlsx"
        make_file(path, args.rows, base)
        print(f"file: {args.rows:,} rows, {path.stat().st_size / 2**20:.1f} MB")
        targets = [("SQLite", base)]
        if not args.no_pg:
            targets.append(("PostgreSQL", {**base, "COSO_DATABASE_URL": pg_url}))
        for name, env in targets:
            ratios, rates, parse_rates = [], [], []
            for _ in range(args.runs):
                if name == "SQLite":
                    env = {**env, "COSO_DATA_DIR": tempfile.mkdtemp(dir=tmp)}
                fresh_database(env)
                r = measure(path, env)
                assert r["created"] == args.rows and r["invalid"] == 0, r
                parse = statistics.median(r["parse"])
                parse_rates.append(args.rows / parse)
                rates.append(args.rows / r["import"])
                ratios.append(parse / r["import"])
                phases = ", ".join(f"{k} from {v:.2f}s" for k, v in r["phases"].items())
                print(
                    f"  {name}: import {r['import']:.2f}s ({args.rows / r['import']:,.0f} rows/s), "
                    f"calamine parse {parse:.2f}s ({args.rows / parse:,.0f} rows/s), "
                    f"ratio {parse / r['import']:.2f} [{phases}]"
                )
            if not rates:
                continue
            if not args.no_floor:
                saved = Path(tmp) / f"saved-{name}"
                run(PYTHON, "-c", SAVE, str(saved), env=env)
                floors, best = [], []
                for _ in range(args.runs):
                    if name == "SQLite":
                        env = {**env, "COSO_DATA_DIR": tempfile.mkdtemp(dir=tmp)}
                    fresh_database(env)
                    out = run(PYTHON, "-c", FLOOR, str(saved), str(path), env=env, capture=True)
                    f = json.loads(out.stdout.strip().splitlines()[-1])
                    assert f["rows"] == args.rows, f
                    parse = statistics.median(f["parse"])
                    floors.append(f["floor"])
                    best.append(parse / f["floor"])
                    print(
                        f"  {name} floor: members {f['members']:.2f}s, with history, placements, "
                        f"events and commit {f['floor']:.2f}s; calamine parse {parse:.2f}s; best "
                        f"possible ratio {parse / f['floor']:.2f}"
                    )
                print(
                    f"{name}: the database's own work for these rows takes "
                    f"{statistics.median(floors):.2f}s; best possible ratio (median of "
                    f"{args.runs}) {statistics.median(best):.2f}"
                )
            print(
                f"{name}: import {statistics.median(rates):,.0f} rows/s, calamine "
                f"{statistics.median(parse_rates):,.0f} rows/s, ratio (median of {args.runs}) "
                f"{statistics.median(ratios):.2f} (goal >= 0.5)"
            )
        if args.memory:
            big = Path(tmp) / f"members-{args.memory}.xlsx"
            make_file(big, args.memory, base)
            env = {**base, "COSO_DATA_DIR": tempfile.mkdtemp(dir=tmp)}
            fresh_database(env)
            r = measure(big, env, repeat_parse=0)
            assert r["created"] == args.memory, r
            print(
                f"peak memory importing {args.memory:,} rows ({big.stat().st_size / 2**20:.0f} MB "
                f".xlsx) into SQLite: {r['maxrss_mb']:.0f} MB max RSS, {r['import']:.1f}s "
                f"(goal <= 500 MB)"
            )


if __name__ == "__main__":
    main()
