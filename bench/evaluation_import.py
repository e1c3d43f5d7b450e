"""Importing a grassroots organization's grades (issue 13's figure: 3,000 grades ≤ 5 s): a
grassroots committee of `--members` members in `--cells` cells, its cells' reports done, then
the filled template (self-assessment, the cell's proposal and the decision on every row, the
2025 score sheet) read and written through `coso.evaluation.services.grade_members`, all or
nothing. Prints the time to read the file, to check and write it, and the total; then the same
file uploaded through the import page by an office user (the whole request); then, the members'
self-assessments imported first, the full file written over them (3,000 updates, not inserts).
Each figure on the data as built (rolled back between them).

Usage (SQLite or PostgreSQL; a database of its own, built afresh in a transaction rolled back):
    COSO_DATA_DIR=/tmp/bench-eval .venv/bin/python bench/evaluation_import.py [--members 3000]
    COSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_bench_eval \\
        .venv/bin/python bench/evaluation_import.py
"""

from __future__ import annotations

import datetime as dt
import io
import time

from common import start, verified_client


class Rollback(Exception):
    pass


def build(members: int, cells: int):
    from coso.core.text import fold, name_sort_key
    from coso.evaluation import services
    from coso.members.models import Member
    from coso.orgs import services as org_services

    d = dt.date(2015, 1, 1)
    root = org_services.create_organization(
        None, code="BENCH", name="Đảng ủy Khối thử", kind="superior", established_on=d
    )
    unit = org_services.create_organization(
        root, code="BENCH-GR", name="Đảng bộ thử", kind="grassroots_committee", established_on=d
    )
    orgs = [
        org_services.create_organization(
            unit, code=f"BENCH-C{i:03d}", name=f"Chi bộ {i}", kind="cell", established_on=d
        )
        for i in range(cells)
    ]
    rows = []
    for n in range(members):
        given, family = ("An", "Bình", "Chi", "Dũng", "Hà")[n % 5], "Nguyễn"
        full = f"{family} Văn {given} {n}"
        rows.append(Member(
            family_name=family, middle_name="Văn", given_name=f"{given} {n}", full_name=full,
            sex="male", birth_date=dt.date(1980, 1, 1), status="official",
            organization=orgs[n % cells], admitted_on=dt.date(2010, 1, 1),
            recognized_on=dt.date(2011, 1, 1), party_card_number=f"{90000000 + n}",
            sort_key=name_sort_key(family, "Văn", f"{given} {n}"), search_text=fold(full),
        ))  # fmt: skip
    Member.objects.bulk_create(rows, batch_size=1000)
    period = services.open_period(
        root, kind="year", year=2025, cells_due_on=dt.date(2025, 12, 15),
        grassroots_due_on=dt.date(2025, 12, 31), superior_due_on=dt.date(2026, 1, 15),
        opened_on=dt.date(2025, 11, 1),
    )  # fmt: skip
    for org in orgs:
        services.self_assess(period, organization=org, on=dt.date(2025, 12, 1),
                             self_grade="good", score=80)  # fmt: skip
    return unit, period


def filled(unit, period) -> bytes:
    """The template filled in: a fifth of the GOOD ones EXCELLENT (the quota), a few COMPLETE."""
    import openpyxl

    from coso.imports.grades.sheet import write_template

    out = io.BytesIO()
    write_template(out, period, unit)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    ws = wb.active
    for i, row in enumerate(ws.iter_rows(min_row=2), start=0):
        grade, score, beyond = ("excellent", 95, 40) if i % 6 == 0 else (
            ("complete", 60, 0) if i % 25 == 1 else ("good", 82, 10))  # fmt: skip
        values = [score, 25, score - 25, 100, beyond, grade, grade, grade]
        for cell, value in zip(row[4:], values, strict=True):
            cell.value = value
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


def self_only(data: bytes) -> bytes:
    """The filled template with the cells' proposals and the decisions emptied."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    for row in wb.active.iter_rows(min_row=2):
        row[10].value = row[11].value = None
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


DATES = {"self_assessed_on": dt.date(2025, 12, 2), "reviewed_on": dt.date(2025, 12, 10),
         "decided_on": dt.date(2025, 12, 20)}  # fmt: skip


def through_the_page(unit, period, data: bytes) -> float:
    """The upload by an office user of ``unit``: the whole request, in seconds."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from coso.accounts.services import add_user

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    client = verified_client(add_user("bench_grades", organization=unit, role="staff"))
    form = {k: v.strftime("%d/%m/%Y") for k, v in DATES.items()}
    upload = SimpleUploadedFile("xep-loai.xlsx", data)
    url = reverse("evaluation_import", args=[unit.code, period.pk])
    t0 = time.perf_counter()
    response = client.post(url, {"file": upload, "number": "1-QĐ/ĐU", **form})
    took = time.perf_counter() - t0
    assert response.status_code == 200, response.content.decode()[-2000:]
    return took


def main() -> int:
    args = start(members=3000, cells=60)
    from django.core.management import call_command
    from django.db import connection, transaction

    from coso.evaluation.models import Evaluation
    from coso.evaluation.services import Dates, grade_members
    from coso.imports.grades.sheet import read_grades

    call_command("migrate", verbosity=0)

    def imported(unit, period, data: bytes):
        read = read_grades(data, "xep-loai.xlsx", unit)
        assert not read.errors, read.errors[:3]
        return grade_members(period, unit, read.rows, number="1-QĐ/ĐU", dates=Dates(**DATES))

    try:
        with transaction.atomic():
            unit, period = build(args.members, args.cells)
            data = filled(unit, period)
            sid = transaction.savepoint()
            t0 = time.perf_counter()
            read = read_grades(data, "xep-loai.xlsx", unit)
            t1 = time.perf_counter()
            assert not read.errors, read.errors[:3]
            done = grade_members(period, unit, read.rows, number="1-QĐ/ĐU", dates=Dates(**DATES))
            t2 = time.perf_counter()
            decided = Evaluation.objects.filter(period=period, stage="decided").count()
            print(
                f"{connection.vendor}: {len(read.rows):,} rows; read {t1 - t0:.2f} s, checked and "
                f"written {t2 - t1:.2f} s, total {t2 - t0:.2f} s (goal ≤ 5 s); {decided:,} "
                f"decided, {done.quota}"
            )
            transaction.savepoint_rollback(sid)
            sid = transaction.savepoint()
            page = through_the_page(unit, period, data)
            decided = Evaluation.objects.filter(period=period, stage="decided").count()
            print(f"  through the page (upload, check, write, answer): {page:.2f} s; "
                  f"{decided:,} decided")  # fmt: skip
            transaction.savepoint_rollback(sid)
            imported(unit, period, self_only(data))
            t0 = time.perf_counter()
            done = imported(unit, period, data)
            t1 = time.perf_counter()
            print(f"  over {done.updated:,} self-assessments already imported: {t1 - t0:.2f} s "
                  f"({done.created} new)")  # fmt: skip
            raise Rollback
    except Rollback:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
