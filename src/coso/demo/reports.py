"""The demo's reports up the tree, through the plans' steps: the bloc's schedule (monthly by
the 20th, half-year as of 15/6, year as of 15/12, both due five days later), and for its
grassroots organizations the reports of the periods already due: most submitted and accepted,
a few late (the last month's not sent), one returned with the superior's comments. Each
report's figures are computed from the membership log as the page drafts them."""

from __future__ import annotations

import datetime as dt
import time

from django.utils import translation

from coso.orgs.choices import GRASSROOTS_KINDS
from coso.orgs.models import Organization
from coso.plans import services
from coso.plans.choices import ReportStatus

from .common import analyze

#: one grassroots organization in this many late on the last month's report (one at least)
LATE_ONE_IN = 18
MONTHS = 3  # the monthly reports asked for, back from this month

NARRATIVE = {
    "political_situation": "Tình hình chính trị, tư tưởng của cán bộ, đảng viên ổn định; "
    "đảng viên tin tưởng vào sự lãnh đạo của Đảng, chấp hành tốt chủ trương, chính sách.",
    "political_tasks": "Lãnh đạo hoàn thành kế hoạch giảng dạy, nghiên cứu khoa học trong kỳ; "
    "triển khai các nhiệm vụ trọng tâm theo nghị quyết của Đảng ủy.",
    "party_building": "Duy trì sinh hoạt chi bộ định kỳ và chuyên đề; làm tốt công tác phát "
    "triển đảng viên, quản lý đảng viên; kiểm tra, giám sát theo chương trình.",
    "assessment": "Hoàn thành tốt các nhiệm vụ đề ra trong kỳ.",
    "next_tasks": "Tiếp tục nâng cao chất lượng sinh hoạt chi bộ; chuẩn bị tổng kết năm.",
    "proposals": "Đề nghị Đảng ủy Khối tiếp tục mở lớp bồi dưỡng nghiệp vụ công tác đảng.",
}


def _schedules(root: Organization, today: dt.date):
    first_month = dt.date(today.year, today.month, 1)
    for _ in range(MONTHS):
        first_month = (first_month - dt.timedelta(days=1)).replace(day=1)
    return [
        services.set_schedule(root, kind="monthly", day=20, starts_on=first_month),
        services.set_schedule(
            root, kind="half_year", day=15, month=6, due_days=5, starts_on=dt.date(today.year, 1, 1)
        ),  # fmt: skip
        services.set_schedule(
            root, kind="year", day=15, month=12, due_days=5, starts_on=dt.date(today.year - 1, 1, 1)
        ),  # fmt: skip
    ]


def _send(org, schedule, period, gen, *, stop: str = "") -> str:
    """Draft, write, submit and review one report (stopping at `stop`); returns its state."""
    report = services.draft_report(org, schedule=schedule, period_end=period.end)
    if stop == ReportStatus.DRAFT:
        return stop
    report = services.save_narrative(report, changes=NARRATIVE, expected_version=report.version)
    late = gen.rng.random() < 0.15
    on = min(period.due_on + dt.timedelta(days=gen.rng.randint(1, 4) if late else 0), gen.today)
    on = max(on - dt.timedelta(days=0 if late else gen.rng.randint(0, 2)), period.end)
    report = services.submit_report(report, on=on)
    reviewed = min(on + dt.timedelta(days=2), gen.today)
    if stop == ReportStatus.RETURNED:
        services.return_report(report, on=reviewed, comment=(
            "Đề nghị bổ sung số liệu kết nạp đảng viên và đánh giá cụ thể hơn kết quả sinh hoạt "
            "chuyên đề trong kỳ."))  # fmt: skip
        return stop
    if stop != ReportStatus.SUBMITTED:
        services.accept_report(report, on=reviewed)
    return ReportStatus.ACCEPTED if stop != ReportStatus.SUBMITTED else stop


def fill_reports(gen) -> int:
    """Make the demo's schedules and reports; returns how many reports."""
    started = time.monotonic()
    root = Organization.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return 0
    orgs = list(Organization.objects.filter(path__startswith=root.path, kind__in=GRASSROOTS_KINDS,
                                            dissolved_on__isnull=True).order_by("path"))  # fmt: skip
    analyze()  # the figures read the whole membership log: planned on its statistics
    late = max(1, len(orgs) // LATE_ONE_IN)
    drafts = late // 2
    made = 0
    with translation.override("vi"):
        for schedule in _schedules(root, gen.today):
            periods = schedule.periods(schedule.starts_on, gen.today)
            for n, period in enumerate(periods):
                last = n == len(periods) - 1 and schedule.kind == "monthly"
                for i, org in enumerate(orgs):
                    stop = ""
                    if last and i < late:
                        continue  # late: not even drafted
                    if last and i < late + drafts:
                        stop = ReportStatus.DRAFT
                    elif last and i == late + drafts:
                        stop = ReportStatus.RETURNED
                    elif last and i % 3 == 0:
                        stop = ReportStatus.SUBMITTED  # not yet reviewed
                    _send(org, schedule, period, gen, stop=stop)
                    made += 1
    gen.log(f"  báo cáo định kỳ: {made} ({time.monotonic() - started:.1f} giây)")
    return made
