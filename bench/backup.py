"""Times of `coso backup`, `coso restore` and `coso move-to-postgres` on the bloc demo.

    .venv/bin/python bench/backup.py                       # scratch folder, demo made if absent
    .venv/bin/python bench/backup.py --data-dir /tmp/bloc  # reuse a folder with the bloc demo

Steps, each a `coso` command in its own process (settings are read at start-up), timed from
the outside (Python's start included):

1. SQLite: `coso demo --size bloc` into COSO_DATA_DIR (only when it holds no database yet);
2. SQLite: `coso backup` to a .tar and to a .tar.gz, then `coso restore --force` of the .tar;
3. `coso move-to-postgres` into COSO_BENCH_PG_URL (default
   postgres://postgres@127.0.0.1:5432/t_backup_bench), dropped and re-created first: never
   point it at a database you need;
4. PostgreSQL (that database): `coso backup` to a .tar, then `coso restore --force`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/t_backup_bench"


def coso(env: dict, *args: str) -> float:
    """Run `coso ARGS` (this checkout's sources) and return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "coso.cli", *args], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"coso {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def recreate(url: str) -> None:
    import psycopg  # only here: the rest of the bench needs no driver

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def rows_of(archive: Path) -> tuple[int, int]:
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    return sum(manifest["tables"].values()), manifest["tables"].get("members_member", 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--pg-url", default=os.environ.get("COSO_BENCH_PG_URL", DEFAULT_PG))
    args = parser.parse_args()
    data = Path(args.data_dir or tempfile.mkdtemp(prefix="coso-bench-backup-"))
    out = Path(tempfile.mkdtemp(prefix="coso-bench-archives-"))
    env = dict(os.environ, COSO_DATA_DIR=str(data), PYTHONPATH=str(ROOT / "src"))
    env.pop("COSO_DATABASE_URL", None)
    figures = []
    if not (data / "coso.sqlite3").exists():
        coso(env, "migrate", "-v", "0")
        figures.append(("demo --size bloc (SQLite)", coso(env, "demo", "--size", "bloc"), ""))
    db_size = (data / "coso.sqlite3").stat().st_size

    tar, tgz = out / "sqlite.tar", out / "sqlite.tar.gz"
    figures.append(("backup SQLite → .tar", coso(env, "backup", str(tar)), tar))
    figures.append(("backup SQLite → .tar.gz", coso(env, "backup", str(tgz)), tgz))
    figures.append(("restore SQLite ← .tar", coso(env, "restore", str(tar), "--force"), tar))
    recreate(args.pg_url)
    figures.append(("move-to-postgres", coso(env, "move-to-postgres", args.pg_url), ""))
    pg_env = dict(env, COSO_DATABASE_URL=args.pg_url)
    pg_tar = out / "postgres.tar"
    figures.append(("backup PostgreSQL → .tar", coso(pg_env, "backup", str(pg_tar)), pg_tar))
    figures.append(
        ("restore PostgreSQL ← .tar", coso(pg_env, "restore", str(pg_tar), "--force"), pg_tar)
    )

    rows, members = rows_of(tar)
    print(
        f"bloc demo: {members:,} members, {rows:,} rows in all; SQLite file {db_size / 1e6:.1f} MB"
    )
    print(f"{'step':<28} {'seconds':>8}  archive")
    for name, seconds, archive in figures:
        size = f"{Path(archive).stat().st_size / 1e6:.1f} MB" if archive else ""
        print(f"{name:<28} {seconds:>8.1f}  {size}")
    print(f"(archives in {out}; the PostgreSQL database {args.pg_url} is left for inspection)")


if __name__ == "__main__":
    main()
