"""The grading rules with exact values (issue 13's Done-when): the score's grades from 2025,
EXCELLENT's task conditions, discipline in the year, grades without points before 2025, and the
quota (21 GOOD or better: 4 EXCELLENT accepted, the 5th refused naming the quota and the counts).
Every refusal writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coso.evaluation import services
from coso.evaluation.models import Evaluation, GradeDecision
from coso.evaluation.services.rules import allowed_excellent
from tests.helpers import make_member, refused

from .grading import DECIDED, REVIEWED, D, assess, disciplined, open_year, reviewed

QD366 = "QĐ 366-QĐ/TW (30/8/2025); HD 43-HD/BTCTW (31/10/2025)"
QD124 = "QĐ 124-QĐ/TW (4/10/2023); HD 25-HD/BTCTW"


@pytest.mark.parametrize(
    ("score", "grade"),
    [(100, "excellent"), (90, "excellent"), (89, "good"), (70, "good"), (69, "complete"),
     (50, "complete"), (49, "incomplete"), (0, "incomplete")],
)  # fmt: skip
def test_the_score_grades_from_2025(score, grade):
    assert services.score_grade(Decimal(score), D(2025, 12, 31)) == grade


def test_a_score_of_89_proposing_excellent_is_refused_naming_the_thresholds(tree, members):
    period = open_year(tree)
    refused(lambda: assess(period, "excellent", member=members["an"], score=89),
            "A score of 89 of 100 reaches at most “Completed tasks well”", QD366,
            field="self_grade")  # fmt: skip
    ev = assess(period, "good", member=members["an"], score=89)
    assert (ev.self_grade, ev.score, ev.form, ev.stage) == ("good", Decimal(89), "2A",
                                                            "self_assessed")  # fmt: skip


def test_69_is_complete_and_49_incomplete(tree, members):
    period = open_year(tree)
    refused(lambda: assess(period, "good", member=members["an"], score=69),
            "A score of 69 of 100 reaches at most “Completed tasks”")  # fmt: skip
    refused(lambda: assess(period, "complete", member=members["duc"], score=49),
            "A score of 49 of 100 reaches at most “Did not complete tasks”")  # fmt: skip
    assert assess(period, "complete", member=members["an"], score=69).self_grade == "complete"
    assert assess(period, "incomplete", member=members["duc"], score=49).self_grade == "incomplete"


def test_90_with_only_25_percent_beyond_requirement_cannot_be_excellent(tree, members):
    period = open_year(tree)
    refused(lambda: assess(period, "excellent", member=members["an"], score=90, beyond=25),
            "“Completed tasks excellently” needs at least 30% of tasks beyond requirement; 25% "
            "are", QD366)  # fmt: skip
    assert assess(period, "good", member=members["an"], score=90, beyond=25).self_grade == "good"


def test_excellent_needs_every_task_on_time_and_the_shortcomings_fixed(tree, members):
    period = open_year(tree)
    refused(lambda: assess(period, "excellent", member=members["an"], on_time=95),
            "needs every task on time; 5% are behind")  # fmt: skip
    refused(lambda: assess(period, "excellent", member=members["an"], shortcomings_fixed=False),
            "needs every earlier shortcoming fixed")  # fmt: skip
    # more than 20% behind schedule is INCOMPLETE, whatever the score
    refused(lambda: assess(period, "complete", member=members["an"], score=80, on_time=79),
            "21% of tasks behind schedule: more than 20% is “Did not complete tasks”")  # fmt: skip
    assert assess(period, "complete", member=members["an"], score=80, on_time=80).stage


def test_a_member_disciplined_in_march_is_incomplete_whatever_the_score(tree, members):
    period = open_year(tree)
    disciplined(members["an"], tree["DUK-BK-CNTT"], D(2025, 3, 12))
    for grade in ("excellent", "good", "complete"):
        refused(lambda grade=grade: assess(period, grade, member=members["an"], score=98),
                "Disciplined in the period (Reprimand, decision 05-QĐ/CB of 12/03/2025): a "
                "member disciplined during the year is “Did not complete tasks”", QD366,
                field="self_grade")  # fmt: skip
    ev = assess(period, "incomplete", member=members["an"], score=98)
    assert ev.self_grade == "incomplete"
    # one offence counts once: a case decided the year before does not count in 2025
    disciplined(members["duc"], tree["DUK-BK-CNTT"], D(2024, 11, 5))
    assert assess(period, "excellent", member=members["duc"]).self_grade == "excellent"


def test_an_organization_with_a_disciplined_leader_cannot_be_excellent(tree, members):
    from coso.committees import services as committees

    period = open_year(tree)
    cntt = tree["DUK-BK-CNTT"]
    term = committees.open_term(cntt, start_year=2025, end_year=2030, congress_date=D(2025, 1, 10))
    committees.appoint(term, members["an"], post="secretary", started_on=D(2025, 1, 10))
    disciplined(members["an"], cntt, D(2025, 6, 2))
    refused(lambda: assess(period, "excellent", organization=cntt),
            "Nguyễn Văn An was disciplined in the period (decision 05-QĐ/CB of 02/06/2025): an "
            "organization with a disciplined sub-unit or leader cannot be")  # fmt: skip
    assert assess(period, "good", organization=cntt).self_grade == "good"
    # the sibling cell, without a disciplined leader, may
    assert assess(period, "excellent", organization=tree["DUK-BK-CK"]).self_grade == "excellent"


def test_2024_is_graded_without_points(tree, members):
    period = open_year(tree, 2024)
    refused(lambda: services.self_assess(period, member=members["an"], form="2A",
                                         self_grade="good", on=D(2024, 12, 2),
                                         score=Decimal(80)),
            "The evaluation of 2024 grades without points", QD124, field="score")  # fmt: skip
    ev = assess(period, "excellent", member=members["an"])
    assert (ev.self_grade, ev.score, ev.tasks_beyond) == ("excellent", None, None)


def test_from_2025_a_score_is_required_and_adds_up(tree, members):
    period = open_year(tree)
    refused(lambda: services.self_assess(period, member=members["an"], form="2B",
                                         self_grade="good", on=D(2025, 12, 2)),
            "From 2025 every evaluation has a score of 100 points", field="score")  # fmt: skip
    refused(lambda: services.self_assess(
        period, member=members["an"], form="2B", self_grade="good", on=D(2025, 12, 2),
        criteria_points=Decimal(31), task_points=Decimal(50)),
        "Between 0 and 30 points on the sheet", field="criteria_points")  # fmt: skip
    ev = services.self_assess(period, member=members["an"], form="2B", self_grade="good",
                              on=D(2025, 12, 2), criteria_points=Decimal(28),
                              task_points=Decimal("53.5"))  # fmt: skip
    assert (ev.score, ev.form) == (Decimal("81.5"), "2B")


@pytest.mark.parametrize(("base", "allowed"), [(21, 4), (20, 4), (19, 3), (5, 1), (4, 0)])
def test_the_quota_is_a_fifth_rounded_down(base, allowed):
    assert allowed_excellent(base, D(2025, 12, 31)) == allowed


def _cell_of(tree, n: int, period) -> list[Evaluation]:
    """CK with ``n`` members self-assessed EXCELLENT-worthy and reviewed GOOD, its own report
    first."""
    ck = tree["DUK-BK-CK"]
    assess(period, "good", organization=ck)
    people = [make_member(ck, f"Q{i:02d}") for i in range(1, n + 1)]
    return [reviewed(period, "excellent", member=m, proposed="good") for m in people]


def test_21_good_or_better_admit_4_excellent_and_the_5th_is_refused(tree):
    period = open_year(tree)
    rows = _cell_of(tree, 21, period)
    bk = tree["DUK-BK"]
    five = {ev.pk: ("excellent" if i < 5 else "good") for i, ev in enumerate(rows)}
    refused(lambda: services.decide_grades(period, bk, kind="member", on=DECIDED, grades=five,
                                           number="12-QĐ/ĐU"),
            "Quota: “Completed tasks excellently” may be at most 20% of the members graded GOOD "
            "or better in Đảng bộ Trường Đại học Bách khoa Hà Nội (" + QD366 + "): 21 are GOOD "
            "or better, so at most 4 may be EXCELLENT; this would make 5.")  # fmt: skip
    four = {ev.pk: ("excellent" if i < 4 else "good") for i, ev in enumerate(rows)}
    decision, status = services.decide_grades(period, bk, kind="member", on=DECIDED,
                                              grades=four, number="12-QĐ/ĐU")  # fmt: skip
    assert (status.base, status.allowed, status.excellent) == (21, 4, 4)
    assert str(services.quota_status(period, bk, "member")) == (
        "4 of 21 GOOD-or-better may be EXCELLENT; 4 proposed"
    )
    assert decision.number == "12-QĐ/ĐU"
    grades = sorted(Evaluation.objects.filter(decision=decision).values_list("grade", flat=True))
    assert grades == ["excellent"] * 4 + ["good"] * 17
    # the 5th, as a change of a decided grade, is refused with the same counts
    fifth = Evaluation.objects.get(pk=rows[4].pk)
    refused(lambda: services.change_grade(fifth, grade="excellent", reason="Bổ sung thành tích",
                                          on=D(2026, 2, 1)),
            "21 are GOOD or better, so at most 4 may be EXCELLENT; this would make 5.")  # fmt: skip


def test_the_live_quota_counts_proposals_before_the_decision(tree):
    period = open_year(tree)
    rows = _cell_of(tree, 21, period)
    for ev in rows[:5]:
        Evaluation.objects.filter(pk=ev.pk).update(proposed_grade="excellent")
    status = services.quota_status(period, tree["DUK-BK"], "member")
    assert str(status) == "4 of 21 GOOD-or-better may be EXCELLENT; 5 proposed"
    assert status.over
    assert GradeDecision.objects.count() == 0


def test_the_quota_counts_within_the_grassroots_organization_not_the_cell(tree):
    period = open_year(tree)
    ck_rows = _cell_of(tree, 10, period)
    cntt = tree["DUK-BK-CNTT"]
    assess(period, "good", organization=cntt)
    cntt_rows = [reviewed(period, "excellent", member=make_member(cntt, f"C{i}"),
                          proposed="excellent" if i < 3 else "good") for i in range(10)]  # fmt: skip
    assert {ev.quota_unit for ev in ck_rows + cntt_rows} == {tree["DUK-BK"]}
    # 20 GOOD or better in the grassroots organization: 4 may be EXCELLENT, 3 in CNTT + 1 in CK
    grades = {ev.pk: ev.proposed_grade for ev in cntt_rows}
    grades |= {ev.pk: "excellent" if i == 0 else "good" for i, ev in enumerate(ck_rows)}
    _, status = services.decide_grades(period, tree["DUK-BK"], kind="member", on=DECIDED,
                                       grades=grades, number="1-QĐ/ĐU")  # fmt: skip
    assert (status.base, status.allowed, status.excellent) == (20, 4, 4)
    assert REVIEWED < DECIDED
