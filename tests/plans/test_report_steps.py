"""The steps of a report: draft, narrative, submit, return, accept; each refusal with nothing
changed; each step once on PostgreSQL outside a wrapping transaction."""

import datetime as dt

import pytest

from coso.core.audit import ConcurrentEditError
from coso.core.scope import OutOfScope
from coso.plans.models import Report
from coso.plans.services import (
    accept_report,
    draft_report,
    return_report,
    save_narrative,
    set_schedule,
    submit_report,
)
from tests.helpers import refused
from tests.plans.reports_setup import (
    BK,
    NARRATIVE_TEXT,
    YEAR_END,
    YEAR_START,
    movement_year,
    written_report,
    year_schedule,
)

D = dt.date


def test_schedule_periods(tree):
    monthly = set_schedule(tree["DUK"], kind="monthly", day=20, starts_on=D(2026, 1, 1))
    periods = monthly.periods(D(2026, 1, 1), D(2026, 3, 31))
    assert [(p.start, p.end, p.due_on, p.label) for p in periods] == [
        (D(2025, 12, 21), D(2026, 1, 20), D(2026, 1, 20), "Tháng 01/2026"),
        (D(2026, 1, 21), D(2026, 2, 20), D(2026, 2, 20), "Tháng 02/2026"),
        (D(2026, 2, 21), D(2026, 3, 20), D(2026, 3, 20), "Tháng 03/2026"),
    ]
    half = set_schedule(tree["DUK"], kind="half_year", day=15, due_days=5, starts_on=D(2026, 1, 1))
    assert half.month == 6
    [p] = half.periods(D(2026, 1, 1), D(2026, 12, 31))
    assert (p.start, p.end, p.due_on, p.label) == (
        D(2025, 12, 16), D(2026, 6, 15), D(2026, 6, 20), "6 tháng đầu năm 2026")  # fmt: skip
    quarterly = set_schedule(tree["DUK"], kind="quarterly", day=31, starts_on=D(2026, 1, 1))
    assert [p.end for p in quarterly.periods(D(2026, 1, 1), D(2026, 12, 31))] == [
        D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)]  # fmt: skip
    # set again: the same row changed
    again = set_schedule(tree["DUK"], kind="monthly", day=25, starts_on=D(2026, 1, 1))
    assert again.pk == monthly.pk and again.day == 25
    assert again.history.count() == 2


def test_schedule_refusals(tree):
    refused(lambda: set_schedule(tree["DUK-BK-CNTT"], kind="year", day=15, starts_on=D(2026, 1, 1)),
            "Chi bộ không có tổ chức đảng trực thuộc")  # fmt: skip
    refused(lambda: set_schedule(tree["DUK"], kind="year", day=32, starts_on=D(2026, 1, 1)),
            field="day")  # fmt: skip
    refused(lambda: set_schedule(tree["DUK"], kind="monthly", day=5, month=3,
                                 starts_on=D(2026, 1, 1)), field="month")  # fmt: skip


def test_draft_fills_the_figures_and_the_whole_way(tree, members, office, bk_secretary):
    movement_year(tree, members)
    schedule = year_schedule(tree)
    report = draft_report(tree["DUK-BK"], schedule=schedule, period_end=YEAR_END,
                          actor=bk_secretary)  # fmt: skip
    assert (report.period_start, report.due_on) == (YEAR_START, D(2025, 12, 20))
    assert report.figures == BK and report.status == "draft"
    report = save_narrative(report, changes=NARRATIVE_TEXT, expected_version=report.version,
                            actor=bk_secretary)  # fmt: skip
    assert report.version == 2 and report.assessment == "Hoàn thành tốt nhiệm vụ."
    report = submit_report(report, on=D(2025, 12, 19), actor=bk_secretary)
    assert (report.status, report.submitted_on, report.submitted_by) == (
        "submitted", D(2025, 12, 19), bk_secretary)  # fmt: skip
    report = return_report(report, comment="Bổ sung phần đánh giá.", on=D(2025, 12, 22),
                           actor=office)  # fmt: skip
    assert (report.status, report.comment, report.reviewed_by) == (
        "returned", "Bổ sung phần đánh giá.", office)  # fmt: skip
    report = save_narrative(report, changes={"assessment": "Hoàn thành xuất sắc."},
                            expected_version=report.version, actor=bk_secretary)  # fmt: skip
    report = submit_report(report, on=D(2025, 12, 23), actor=bk_secretary)
    report = accept_report(report, on=D(2025, 12, 24), actor=office)
    report.refresh_from_db()
    assert (report.status, report.reviewed_on, report.assessment) == (
        "accepted", D(2025, 12, 24), "Hoàn thành xuất sắc.")  # fmt: skip
    statuses = [h.status for h in report.history.order_by("history_date", "history_id")]
    assert statuses == ["draft", "draft", "submitted", "returned", "returned", "submitted",
                        "accepted"]  # fmt: skip


def test_draft_refusals(tree, members, cell_secretary, bk_secretary):
    schedule = year_schedule(tree)
    refused(lambda: draft_report(tree["DUK-BK-CNTT"], schedule=schedule, period_end=YEAR_END),
            "không thuộc diện báo cáo")  # fmt: skip
    refused(lambda: draft_report(tree["DUK-BK"], schedule=schedule, period_end=D(2025, 12, 14)),
            field="period_end")  # fmt: skip
    refused(lambda: draft_report(tree["DUK-BK"], schedule=schedule, period_end=D(2027, 12, 15)),
            "chưa bắt đầu")  # fmt: skip
    # out of scope: a 404 that writes nothing
    refused(lambda: draft_report(tree["DUK-KT"], schedule=schedule, period_end=YEAR_END,
                                 actor=bk_secretary), raises=OutOfScope)  # fmt: skip


def test_narrative_is_locked_optimistically(tree, members):
    schedule = year_schedule(tree)
    report = draft_report(tree["DUK-BK"], schedule=schedule, period_end=YEAR_END)
    stale = report.version
    save_narrative(report, changes={"proposals": "A"}, expected_version=stale)
    refused(lambda: save_narrative(report, changes={"proposals": "B"}, expected_version=stale),
            "người khác sửa", raises=ConcurrentEditError)  # fmt: skip
    assert Report.objects.get(pk=report.pk).proposals == "A"


def test_submit_and_review_refusals(tree, members, bk_secretary, office):
    schedule = year_schedule(tree)
    report = draft_report(tree["DUK-BK"], schedule=schedule, period_end=YEAR_END)
    refused(lambda: submit_report(report, on=D(2025, 12, 20)), "Cần viết đủ các phần")
    report = written_report(tree, schedule)
    refused(lambda: submit_report(report, on=D(2025, 12, 14)), field="on")
    refused(lambda: accept_report(report, on=D(2025, 12, 20)), "Chỉ xem xét được báo cáo đã gửi")
    report = submit_report(report, on=D(2025, 12, 20), actor=bk_secretary)
    refused(lambda: submit_report(report, on=D(2025, 12, 21)), "không thể sửa nữa")
    refused(lambda: save_narrative(report, changes={"proposals": "X"},
                                   expected_version=report.version), "không thể sửa nữa")  # fmt: skip
    refused(lambda: draft_report(tree["DUK-BK"], schedule=schedule, period_end=YEAR_END),
            "không thể sửa nữa")  # fmt: skip
    # the reporting organization's secretary cannot review its own report (the superior does)
    refused(lambda: accept_report(report, on=D(2025, 12, 21), actor=bk_secretary),
            raises=OutOfScope)  # fmt: skip
    refused(lambda: return_report(report, comment=" ", on=D(2025, 12, 21), actor=office),
            field="comment")  # fmt: skip
    refused(lambda: accept_report(report, on=D(2025, 12, 19), actor=office), field="on")


@pytest.mark.django_db(transaction=True)
def test_each_step_outside_a_transaction(tree, members, office):
    schedule = year_schedule(tree)
    report = written_report(tree, schedule)
    report = submit_report(report, on=D(2025, 12, 20))
    report = return_report(report, comment="Sửa số liệu.", on=D(2025, 12, 21), actor=office)
    report = draft_report(tree["DUK-BK"], schedule=schedule, period_end=YEAR_END)
    report = submit_report(report, on=D(2025, 12, 22))
    report = accept_report(report, on=D(2025, 12, 23), actor=office)
    assert Report.objects.get(pk=report.pk).status == "accepted"
