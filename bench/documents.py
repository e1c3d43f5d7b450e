"""Party documents: one PDF and one .docx (median ms); a season's transfer letters as ONE batch
job (seconds and peak memory); and the same number rendered and merged from descriptions.

    .venv/bin/python bench/documents.py [--repeat 20] [--letters 500]

The medians and the merge from descriptions need no database: the descriptions are built from
plain values by `coso.documents.builders`. The batch job runs in a scratch SQLite database (a
temporary data directory, migrated here): a grassroots committee with its secretary on the
roster, `--letters` members of one cell with a transfer letter each, then one
`start_letter_batch` and the worker's task (`tasks.issue_letter_batch`): every letter numbered by
the register, rendered to .pdf and .docx, kept, then merged into one PDF and a zip of the .docx
files. Peak memory is the process's max RSS (resource.getrusage), before and after each job
(tracemalloc would slow the job fivefold); the batch runs first, so its peak is its own.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import start  # noqa: E402  (bench/ is not a package)

# the batch job's scratch database and files: SQLite in a temporary data directory
SCRATCH = tempfile.TemporaryDirectory(prefix="coso-bench-documents-")
os.environ.pop("COSO_DATABASE_URL", None)
os.environ["COSO_DATA_DIR"] = SCRATCH.name
ARGS = start(repeat=20, letters=500)

from coso.documents.builders import Person, transfer_letter  # noqa: E402  (after Django's setup)
from coso.documents.render.description import Authority, Body, Signature  # noqa: E402
from coso.documents.render.docx import to_docx  # noqa: E402
from coso.documents.render.pdf import to_pdf, to_pdf_many  # noqa: E402

D = dt.date
BLOC = Body("ĐẢNG ỦY KHỐI CÁC TRƯỜNG ĐẠI HỌC, CAO ĐẲNG HÀ NỘI", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "ĐUK")
SIGNER = Signature("BÍ THƯ", "Nguyễn Thanh Sơn", Authority.ON_BEHALF, "BAN THƯỜNG VỤ")
FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Minh", "Nga", "Sơn", "Thảo"]


def letter(n: int):
    member = Person(
        f"{FAMILIES[n % 8]} Văn {GIVEN[n % 11]}",
        D(2002, 1 + n % 12, 1 + n % 28),
        card_number=f"{1000000 + n:08d}",
        admitted_on=D(2023, 5, 19),
        recognized_on=D(2024, 5, 19),
    )
    return transfer_letter(
        issuer=BLOC,
        signer=SIGNER,
        issued_on=D(2026, 6, 3),
        place="Hà Nội",
        member=member,
        from_organization="Chi bộ Sinh viên Khoa Công nghệ thông tin",
        to_organization="Đảng ủy phường Hoàn Kiếm, thành phố Hà Nội",
        hand_in_due=D(2026, 7, 3),
        number=1 + n,
    )


def median_ms(render, doc) -> float:
    render(doc)  # the fonts are read once per process
    samples = []
    for _ in range(ARGS.repeat):
        t = time.perf_counter()
        render(doc)
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def max_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def season(n: int):
    """A scratch database with `n` transfer letters waiting in DUK-BK-CNTT; their ids."""
    # Django is set up by now (`start`): the app's models and steps are imported here
    from django.core.management import call_command

    from coso.committees import services as committees
    from coso.members import services as members
    from coso.orgs import services as orgs

    call_command("migrate", "--noinput", verbosity=0)
    day = D(2015, 1, 1)
    duk = orgs.create_organization(None, code="DUK", name="Đảng ủy Khối các trường Đại học, "
                                   "Cao đẳng Hà Nội", kind="superior", established_on=day)  # fmt: skip
    bk = orgs.create_organization(duk, code="DUK-BK", name="Đảng bộ Trường Đại học Bách khoa Hà Nội",
                                  kind="grassroots_committee", established_on=day)  # fmt: skip
    cell = orgs.create_organization(bk, code="DUK-BK-CNTT", name="Chi bộ Khoa Công nghệ thông tin",
                                    kind="cell", established_on=day)  # fmt: skip
    to = orgs.create_organization(duk, code="DUK-KT", name="Chi bộ Trường Cao đẳng Kinh tế",
                                  kind="grassroots_cell", established_on=day)  # fmt: skip

    def member(i: int):
        data = {
            "family_name": FAMILIES[i % 8], "middle_name": "Văn", "given_name": GIVEN[i % 11],
            "sex": "male", "birth_date": D(2002, 1 + i % 12, 1 + i % 28),
            "admitted_on": D(2023, 5, 19), "recognized_on": D(2024, 5, 19),
            "cccd": f"{1000000000 + (i + 1) * 7919:012d}",
        }  # fmt: skip
        return members.register_member(data, organization=cell, active_from=D(2023, 5, 19),
                                       status="official")  # fmt: skip

    term = committees.open_term(bk, start_year=2025, end_year=2030, congress_date=D(2025, 7, 1))
    committees.appoint(term, member(10_000), post="secretary", started_on=D(2025, 7, 1))
    return [
        members.issue_transfer(member(i), kind="permanent", letter_number=f"{i + 1}-GGT",
                               issued_on=D(2026, 6, 3), to=to).pk
        for i in range(n)
    ]  # fmt: skip


def batch_job() -> None:
    """`--letters` transfer letters as one batch job through the worker's task."""
    # after Django's setup (`start`), as in `season`
    from coso.documents import tasks
    from coso.documents.services import start_letter_batch

    t = time.perf_counter()
    ids = season(ARGS.letters)
    print(
        f"scratch SQLite: {ARGS.letters} members with a letter each, {time.perf_counter() - t:.0f} s"
    )
    before = max_rss_mb()
    t = time.perf_counter()
    batch = start_letter_batch(ids, actor=None)
    status = tasks.issue_letter_batch.call(batch.pk)
    seconds = time.perf_counter() - t
    batch.refresh_from_db()
    print(
        f"{ARGS.letters} transfer letters as ONE batch job ({status}: {batch.issued} issued, "
        f"{batch.refused} refused): {seconds:.1f} s ({1000 * seconds / ARGS.letters:.0f} ms a "
        f"letter); merged PDF {batch.pdf.size / 1e6:.1f} MB, .docx zip "
        f"{batch.docx_zip.size / 1e6:.1f} MB; max RSS {max_rss_mb():.0f} MB (before the job: "
        f"{before:.0f} MB)"
    )


def main() -> None:
    one = letter(0)
    print(f"one PDF:   {median_ms(to_pdf, one):.1f} ms (median of {ARGS.repeat})")
    print(f"one .docx: {median_ms(to_docx, one):.1f} ms (median of {ARGS.repeat})")
    batch_job()
    before = max_rss_mb()
    t = time.perf_counter()
    data = to_pdf_many(letter(n) for n in range(ARGS.letters))
    seconds = time.perf_counter() - t
    print(
        f"{ARGS.letters} transfer letters, one merged PDF: {seconds:.1f} s, "
        f"{len(data) / 1e6:.1f} MB; max RSS {max_rss_mb():.0f} MB (before the job: {before:.0f} MB)"
    )


if __name__ == "__main__":
    main()
