"""Export time and peak memory at 100,000 and 500,000 members (goal: ≤ 60 s for 500,000, and
memory that does not grow with the row count).

    .venv/bin/python bench/export_memory.py [--sizes 100000 500000] [--formats xlsx csv]

Fills COSO_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/coso_bench_export, dropped
and re-created) with the small demo tree and 500,000 synthetic members written by
`copy_register_members` (COPY), then, for each size and format, exports the first N members in
the member list's order in a fresh subprocess: the same code as the export views
(`export_members_xlsx` with xlsxwriter's constant_memory, `export_members_csv` streamed), to a
file, and reports the time and the child's max RSS (resource.getrusage).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

FILL = r"""
import datetime as dt, os, random, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "coso.settings"
import django
django.setup()
from django.db import transaction
from coso.members.services.bulk import RECORD_FIELDS, NewMember, copy_register_members
from coso.orgs.models import Organization
n = int(sys.argv[1])
rng = random.Random(1)
orgs = list(Organization.objects.filter(kind="cell").values_list("id", flat=True))
families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
given = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Minh", "Nga", "Sơn", "Thảo"]
t = time.perf_counter()
for start in range(0, n, 50_000):
    rows = []
    for k in range(start, min(n, start + 50_000)):
        values = dict.fromkeys(RECORD_FIELDS, "")
        values.update(
            family_name=rng.choice(families), middle_name="Văn", given_name=rng.choice(given),
            sex="male", birth_date=dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(14000)),
            cccd=f"{k:012d}", party_card_number=f"{k + 10**8}", ethnicity="Kinh",
            religion="Không", hometown="Xã Tân Lạc, Tỉnh Phú Thọ", hometown_province=1,
            permanent_province=1, permanent_ward=4, permanent_address=f"Số {k % 200}, ngõ 12",
            current_province=1, current_ward=4, current_address=f"Số {k % 200}, ngõ 12",
            phone=f"09{k:08d}", email=f"dv{k}@example.vn", occupation="Giảng viên",
            workplace="Trường Đại học Bách khoa Hà Nội", admitted_on=dt.date(2005, 5, 19),
            recognized_on=dt.date(2006, 5, 19), introducers="Nguyễn Văn A, Trần Thị B",
        )
        rows.append(NewMember([values[f] for f in RECORD_FIELDS], rng.choice(orgs)))
    with transaction.atomic():
        copy_register_members(rows)
print(f"filled {n:,} members in {time.perf_counter() - t:.0f}s", flush=True)
"""

EXPORT = r"""
import json, os, resource, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "coso.settings"
import django
django.setup()
from coso.members.exports import export_members_csv, export_members_xlsx
from coso.members.models import Member
n, fmt, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ids = Member.objects.order_by("id").values_list("id", flat=True)[n - 1 : n]
queryset = (
    Member.objects.filter(id__lte=ids[0]).select_related("organization").order_by("sort_key", "id")
)
t = time.perf_counter()
if fmt == "xlsx":
    rows = export_members_xlsx(queryset, path)
else:
    rows = 0
    with open(path, "wb") as out:
        for chunk in export_members_csv(queryset):
            out.write(chunk)
            rows += chunk.count(b"\n")
    rows -= 1
print(json.dumps({"rows": rows, "seconds": time.perf_counter() - t,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "size_mb": os.path.getsize(path) / 2**20}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 500_000])
    parser.add_argument("--formats", nargs="+", default=["xlsx", "csv"])
    parser.add_argument("--keep", action="store_true", help="reuse a filled database")
    args = parser.parse_args()
    url = os.environ.get(
        "COSO_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/coso_bench_export"
    )
    name = urlparse(url).path.lstrip("/")
    if name in ("test", "postgres", "coso"):
        sys.exit(f"refusing to use the database {name!r}")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "COSO_DATABASE_URL": url, "COSO_DATA_DIR": str(Path(tmp) / "var")}
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name])
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
            for cmd in (
                ["migrate", "--noinput", "-v0"],
                ["demo", "--size", "small", "--orgs-only"],
            ):
                subprocess.run([PYTHON, "-m", "coso.cli", *cmd], env=env, cwd=ROOT, check=True,
                               capture_output=True)  # fmt: skip
            subprocess.run([PYTHON, "-c", FILL, str(max(args.sizes))], env=env, cwd=ROOT,
                           check=True)  # fmt: skip
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", name, "-qc", "ANALYZE"])
        for fmt in args.formats:
            for n in args.sizes:
                path = Path(tmp) / f"export-{n}.{fmt}"
                out = subprocess.run([PYTHON, "-c", EXPORT, str(n), fmt, str(path)], env=env,
                                     cwd=ROOT, check=True, capture_output=True, text=True)  # fmt: skip
                r = json.loads(out.stdout.strip().splitlines()[-1])
                print(
                    f"{fmt}: {r['rows']:,} members in {r['seconds']:.1f}s "
                    f"({r['rows'] / r['seconds']:,.0f} rows/s), file {r['size_mb']:.0f} MB, "
                    f"peak memory {r['maxrss_mb']:.0f} MB max RSS",
                    flush=True,
                )
                path.unlink()


if __name__ == "__main__":
    main()
