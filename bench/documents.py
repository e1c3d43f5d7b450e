"""Party documents: one PDF and one .docx (median ms), and a season's transfer letters rendered
and merged into one PDF (seconds and peak memory).

    .venv/bin/python bench/documents.py [--repeat 20] [--letters 500]

No database: the descriptions are built from plain values by `coso.documents.builders`, as the
issuing steps will. Peak memory is the process's max RSS (resource.getrusage), before and after the job
(tracemalloc would slow the job fivefold).
"""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import start  # noqa: E402  (bench/ is not a package)

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


def main() -> None:
    one = letter(0)
    print(f"one PDF:   {median_ms(to_pdf, one):.1f} ms (median of {ARGS.repeat})")
    print(f"one .docx: {median_ms(to_docx, one):.1f} ms (median of {ARGS.repeat})")
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
