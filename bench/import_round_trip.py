"""The bloc's whole register exported and imported back: rows/s against calamine's parse rate.

    .venv/bin/python bench/import_round_trip.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/import_round_trip.py --no-pg --data-dir /tmp/bloc  # reuse a demo

For each database:

1. the first install: `coso demo --size bloc` (SQLite: reused when `--data-dir` already holds
   a database), then its whole register exported to .xlsx (`coso.members.exports`, every
   member, those who left included);
2. the same install: that file imported back (`import_members`): every row must be unchanged
   (nothing written); timed;
3. a fresh install with the same tree (`coso demo --size bloc --orgs-only`, same seed): the
   same file imported; timed; then exported again and compared with the first export field
   by field (the rows created must be identical; rows refused are counted and their first
   messages shown).

In the same process as each import, python-calamine parses the same file
(`get_sheet_by_index(0).to_python()`, median of 3): the figure that matters is the ratio
import rate / parse rate. PostgreSQL uses COSO_BENCH_PG_URL (default
postgres://postgres@127.0.0.1:5432/coso_bench_round_trip) for the first install and the same
name with "_fresh" for the second: both are dropped and re-created, never point it at a
database you need.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

CHILD = r"""
import collections, csv, json, os, statistics, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "coso.settings"
import django
django.setup()
import python_calamine
from django.utils import translation
from coso.imports.services import ImportBlocked, import_members
from coso.members.exports import export_to_path
from coso.members.models import Member
translation.activate("vi")
mode, path, compare = sys.argv[1], sys.argv[2], sys.argv[3]
order = ("cccd", "party_card_number", "id")
if mode == "export":
    rows = export_to_path("members", Member.objects.order_by(*order), path)
    export_to_path("members", Member.objects.order_by(*order), compare)
    statuses = collections.Counter(Member.objects.values_list("status", flat=True))
    print(json.dumps({"rows": rows, "statuses": statuses}))
    sys.exit()
parse = []
for _ in range(3):
    t = time.perf_counter()
    python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    parse.append(time.perf_counter() - t)
t = time.perf_counter()
result = import_members(path, filename=os.path.basename(path), skip_invalid=True)
elapsed = time.perf_counter() - t
plan = result.plan
out = {
    "counts": plan.counts(), "created": result.created, "updated": result.updated,
    "import": elapsed, "parse": statistics.median(parse),
    "errors": collections.Counter(m.split(":")[0] + ": " + m.split(":", 1)[1][:90] for e in plan.errors for m in e.messages).most_common(3),
    "changes": [c.changes for c in plan.changes[:3]],
}
if mode == "fresh":
    again = path + ".again.csv"
    export_to_path("members", Member.objects.order_by(*order), again)
    def body(p):
        with open(p, encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        return rows[0], collections.Counter(tuple(r[1:]) for r in rows[1:])
    header, first = body(compare)
    _, second = body(again)
    out["identical"] = sum((second & first).values())
    out["differing"] = sum((second - first).values())
print(json.dumps(out))
"""


def run(*args: str, env: dict, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=ROOT, check=True, text=True, capture_output=capture)


def coso(env: dict, *args: str) -> float:
    start = time.perf_counter()
    run(PYTHON, "-m", "coso.cli", *args, env=env, capture=True)
    return time.perf_counter() - start


def fresh_database(env: dict) -> None:
    url = env.get("COSO_DATABASE_URL")
    if not url:
        return
    name = urlparse(url).path.lstrip("/")
    if name in ("test", "postgres", "coso"):
        sys.exit(f"refusing to drop the database {name!r}")
    host, user = urlparse(url).hostname or "127.0.0.1", urlparse(url).username or "postgres"
    subprocess.run(["dropdb", "--if-exists", "-h", host, "-U", user, name], check=True)
    subprocess.run(["createdb", "-h", host, "-U", user, name], check=True)


def child(env: dict, *args: str) -> dict:
    out = run(PYTHON, "-c", CHILD, *args, env=env, capture=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(name: str, first: dict, fresh: dict, tmp: Path, reuse: bool) -> None:
    if not reuse:
        fresh_database(first)
        coso(first, "migrate", "--noinput", "-v0")
        print(f"{name}: demo --size bloc {coso(first, 'demo', '--size', 'bloc'):.0f}s")
    path, compare = tmp / f"bloc-{name}.xlsx", tmp / f"bloc-{name}.csv"
    exported = child(first, "export", str(path), str(compare))
    n = exported["rows"]
    print(
        f"{name}: exported {n:,} rows ({path.stat().st_size / 2**20:.1f} MB .xlsx), "
        f"statuses {exported['statuses']}"
    )
    same = child(first, "same", str(path), str(compare))
    fresh_database(fresh)
    coso(fresh, "migrate", "--noinput", "-v0")
    coso(fresh, "demo", "--size", "bloc", "--orgs-only")
    new = child(fresh, "fresh", str(path), str(compare))
    for label, r in (("same install", same), ("fresh install", new)):
        print(
            f"  {name}, {label}: {r['counts']}; import {r['import']:.1f}s "
            f"({n / r['import']:,.0f} rows/s), calamine parse {r['parse']:.2f}s "
            f"({n / r['parse']:,.0f} rows/s), ratio {r['parse'] / r['import']:.2f}"
        )
        if r["errors"]:
            print(f"    most frequent refusals: {r['errors']}")
        if r["changes"]:
            print(f"    first changes: {r['changes']}")
    print(
        f"  {name}: rows created identical to the first export in every field: "
        f"{new['identical']:,} of {new['created']:,} (differing: {new['differing']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--data-dir", help="SQLite: a folder holding the bloc demo (reused)")
    args = parser.parse_args()
    pg_url = os.environ.get(
        "COSO_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/coso_bench_round_trip"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = {k: v for k, v in os.environ.items() if k != "COSO_DATABASE_URL"}
        base["PYTHONPATH"] = str(ROOT / "src")
        if not args.no_sqlite:
            data = Path(args.data_dir) if args.data_dir else tmp / "first"
            reuse = (data / "coso.sqlite3").exists() if args.data_dir else False
            first = {**base, "COSO_DATA_DIR": str(data)}
            fresh = {**base, "COSO_DATA_DIR": str(tmp / "fresh")}
            measure("SQLite", first, fresh, tmp, reuse)
        if not args.no_pg:
            first = {**base, "COSO_DATA_DIR": str(tmp / "pg"), "COSO_DATABASE_URL": pg_url}
            fresh = {**first, "COSO_DATABASE_URL": pg_url + "_fresh"}
            measure("PostgreSQL", first, fresh, tmp, False)


if __name__ == "__main__":
    main()
