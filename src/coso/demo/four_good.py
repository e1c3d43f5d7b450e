"""The demo's four-good (chi bộ bốn tốt; DOMAIN.md §17): the bloc sets a checklist of three
criteria a pillar for its subtree, the demo personas' grassroots committee sets its own (its
cells use it), and cells answer it month by month: every cell of that committee and every
`EVERY`-th other cell of the bloc, this year's months begun and all of last year's. Most
months meet every criterion; a cell misses one now and then, and every fifth cell misses the
meetings pillar often enough to fall short of the title.

Through the four-good steps (`add_criterion`, `record_four_good_month`), the system acting.
Called by `coso.demo.generator.DemoGenerator.run` after the grading (last year's title reads
the decided grade), inside its transaction.
"""

from __future__ import annotations

import time

from django.utils import translation

from coso.evaluation.choices import Pillar
from coso.evaluation.services import four_good
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from . import names as N
from .common import PERSONAS

#: one cell in this many (beyond the personas' committee) answers the checklist
EVERY = 25
#: a month's criterion missed: one chance in this many
MISS = 25

BLOC_CHECKLIST = {
    Pillar.TASKS: [
        "Lãnh đạo đơn vị hoàn thành kế hoạch công tác tháng",
        "Đảng viên hoàn thành nhiệm vụ được phân công",
        "Triển khai kịp thời nghị quyết, chỉ thị của cấp trên",
    ],
    Pillar.MEETINGS: [
        "Sinh hoạt chi bộ định kỳ đúng thời gian, đủ nội dung",
        "Có sinh hoạt chuyên đề theo kế hoạch",
        "Biên bản, nghị quyết chi bộ được ghi đầy đủ",
    ],
    Pillar.UNITY: [
        "Nội bộ đoàn kết, không có đơn thư khiếu nại kéo dài",
        "Đảng viên chấp hành nghiêm kỷ luật Đảng, pháp luật",
        "Thực hiện tự phê bình và phê bình nghiêm túc",
    ],
    Pillar.CADRES: [
        "Cấp ủy viên gương mẫu, nêu gương",
        "Đảng viên đóng đảng phí đầy đủ, đúng hạn",
        "Bồi dưỡng, giới thiệu quần chúng ưu tú vào Đảng",
    ],
}
#: the personas' grassroots committee's own checklist (its cells use it, not the bloc's)
COMMITTEE_CHECKLIST = {
    Pillar.TASKS: [
        "Hoàn thành nhiệm vụ giảng dạy, nghiên cứu khoa học của đơn vị",
        "Đảng viên hoàn thành nhiệm vụ được phân công",
    ],
    Pillar.MEETINGS: [
        "Sinh hoạt chi bộ định kỳ đúng thời gian, đủ nội dung",
        "Có sinh hoạt chuyên đề theo kế hoạch",
    ],
    Pillar.UNITY: [
        "Nội bộ đoàn kết, thống nhất",
        "Đảng viên chấp hành nghiêm kỷ luật Đảng, pháp luật",
    ],
    Pillar.CADRES: [
        "Cấp ủy viên gương mẫu, nêu gương",
        "Đảng viên đóng đảng phí đầy đủ, đúng hạn",
    ],
}


def _committee_code() -> str:
    return next(code for user, _r, code, _p, _t in PERSONAS if user == "bithu_bk")


def fill_four_good(gen) -> int:
    """The demo's checklists and monthly answers; returns how many answers were written."""
    started = time.monotonic()
    bloc = Organization.objects.filter(code=N.ROOT_CODE).first()
    if bloc is None:
        return 0
    committee = Organization.objects.filter(code=_committee_code(),
                                            path__startswith=bloc.path).first()  # fmt: skip
    with translation.override("vi"):
        for org, checklist in ((bloc, BLOC_CHECKLIST), (committee, COMMITTEE_CHECKLIST)):
            if org is None:
                continue
            for pillar, texts in checklist.items():
                for text in texts:
                    four_good.add_criterion(org, pillar=pillar, text=text)
        cells = _cells(bloc, committee)
        written = 0
        for i, cell in enumerate(cells):
            written += _answer_months(gen, cell, weak=i % 5 == 4)
    gen.log(f"  chi bộ bốn tốt: {len(cells)} chi bộ tự đánh giá hằng tháng, {written} câu trả "
            f"lời ({time.monotonic() - started:.1f} giây)")  # fmt: skip
    return written


def _cells(bloc: Organization, committee: Organization | None) -> list[Organization]:
    """Every cell of the committee, then every `EVERY`-th other cell of the bloc."""
    rows = Organization.objects.filter(path__startswith=bloc.path, kind__in=CELL_KINDS,
                                       dissolved_on__isnull=True).order_by("path")  # fmt: skip
    own = [c for c in rows if committee is not None and c.path.startswith(committee.path)]
    others = [c for c in rows if c not in own]
    return own + others[::EVERY]


def _answer_months(gen, cell: Organization, *, weak: bool) -> int:
    """Last year's twelve months and this year's begun, each against the checklist in force."""
    criteria = four_good.checklist_in_force(cell)[1]
    today = gen.today
    written = 0
    for year, last in ((today.year - 1, 12), (today.year, today.month)):
        for month in range(1, last + 1):
            met = []
            for c in criteria:
                missed = gen.rng.randrange(MISS) == 0
                if weak and c.pillar == Pillar.MEETINGS and gen.rng.randrange(3) == 0:
                    missed = True
                if not missed:
                    met.append(c.pk)
            rows = four_good.record_four_good_month(cell, year=year, month=month, met=met)
            written += len(rows)
    return written
