"""The steps of the evaluation: opening a period, the self-assessment by the member or the
secretary, who is not graded and why, the order (the cell's report first, the secretary before
the deputy), the cell's vote at its meeting, the verification and the decision of organizations,
the lock of a decided grade and its reasoned change keeping the earlier one. Out of scope is a
404 (`OutOfScope`) with nothing written."""

from __future__ import annotations

import pytest

from coso.accounts.services import add_user
from coso.core.scope import OutOfScope
from coso.evaluation import services
from coso.evaluation.models import Evaluation, EvaluationPeriod, GradeChange
from coso.meetings import services as meetings
from tests.helpers import PASSWORD, make_member, refused

from .grading import DECIDED, D, assess, open_year, reviewed


def test_a_period_is_opened_once_with_its_calendar(tree, office):
    period = open_year(tree, actor=office)
    assert (period.label, period.starts_on, period.ends_on, period.cells_due_on,
            period.status) == ("Evaluation of 2025", D(2025, 1, 1), D(2025, 12, 31),
                               D(2025, 12, 15), "open")  # fmt: skip
    assert list(EvaluationPeriod.objects.covering(tree["DUK-BK-CK"])) == [period]
    refused(lambda: open_year(tree, actor=office), "Đảng ủy Khối các trường Đại học, Cao đẳng "
            "Hà Nội has already opened Evaluation of 2025.")  # fmt: skip
    # a grassroots committee cannot open the same year again below the bloc
    refused(lambda: services.open_period(
        tree["DUK-BK"], kind="year", year=2025, cells_due_on=D(2025, 12, 15),
        grassroots_due_on=D(2026, 1, 10), superior_due_on=D(2026, 1, 20),
        opened_on=D(2025, 11, 16)), "has already opened")  # fmt: skip
    refused(lambda: services.open_period(
        tree["DUK"], kind="quarter", year=2026, starts_on=D(2026, 1, 1), ends_on=D(2026, 3, 31),
        cells_due_on=D(2026, 4, 10), grassroots_due_on=D(2026, 4, 5),
        superior_due_on=D(2026, 4, 20), opened_on=D(2026, 3, 20)),
        "The grassroots organizations finish after the cells (10/04/2026).")  # fmt: skip


def test_a_cell_secretary_may_not_open_a_period_for_the_bloc(tree, cell_secretary):
    refused(lambda: open_year(tree, actor=cell_secretary), raises=OutOfScope)


def test_the_member_fills_their_own_form_and_no_one_elses(tree, members):
    user = add_user("an", organization=tree["DUK-BK-CNTT"], role="member", password=PASSWORD)
    members["an"].user = user
    members["an"].save(update_fields=["user"])
    period = open_year(tree)
    ev = assess(period, "good", member=members["an"], actor=user, strengths="Giảng dạy tốt")
    assert (ev.self_grade, ev.strengths, ev.actor) == ("good", "Giảng dạy tốt", user)
    refused(lambda: assess(period, "good", member=members["duc"], actor=user), raises=OutOfScope)
    # they correct it until the review
    assert assess(period, "complete", member=members["an"], actor=user, score=60).score == 60


def test_the_secretary_enters_it_out_of_scope_is_a_404(tree, members, cell_secretary):
    period = open_year(tree)
    ev = assess(period, "good", member=members["an"], actor=cell_secretary)
    assert ev.actor == cell_secretary
    refused(lambda: assess(period, "good", member=members["binh"], actor=cell_secretary),
            raises=OutOfScope)  # fmt: skip


def test_not_graded_members_are_refused_with_the_reason(tree, members):
    period = open_year(tree)
    late = make_member(tree["DUK-BK-CNTT"], "Mới", admitted_on=D(2025, 8, 1),
                       recognized_on=None, status="probationary")  # fmt: skip
    refused(lambda: assess(period, "good", member=late),
            "is not graded in Evaluation of 2025: admitted on 01/08/2025, less than 6 months "
            "before 31/12/2025: reviewed, not graded (HD 21-HD/BTCTW (18/10/2019)")  # fmt: skip
    from coso.evaluation.eligibility import graded_members, not_graded_members

    cntt = tree["DUK-BK-CNTT"]
    assert list(not_graded_members(period, cntt)) == [late]
    assert set(graded_members(period, cntt)) == {members["an"], members["duc"], members["hoa"]}


def test_the_cell_reports_before_its_members_are_reviewed(tree, members):
    period = open_year(tree)
    ev = assess(period, "good", member=members["an"])
    refused(lambda: services.review(ev, grade="good", on=D(2025, 12, 10)),
            "Collectives before individuals: Chi bộ Khoa Công nghệ thông tin's own report "
            "(form 01) comes before its members are reviewed")  # fmt: skip
    assess(period, "good", organization=tree["DUK-BK-CNTT"])
    ev = services.review(ev, grade="good", on=D(2025, 12, 10))
    assert (ev.proposed_grade, ev.stage, ev.reviewed_on) == ("good", "reviewed", D(2025, 12, 10))
    refused(lambda: assess(period, "good", member=members["an"]), "it can no longer be changed")


def test_a_cell_founded_too_late_holds_no_member_back(tree, members):
    """A cell founded on 1/3/2026 is reviewed, not graded, for 2025: it has no report (form
    01) to file, so its members are reviewed without waiting for one."""
    from coso.orgs import services as org_services

    k67 = org_services.create_organization(
        tree["DUK-BK"], code="DUK-BK-K67", name="Chi bộ Sinh viên K67", kind="cell",
        established_on=D(2026, 3, 1),
    )  # fmt: skip
    student = make_member(k67, "Khoa", family="Đỗ")
    period = open_year(tree)
    refused(lambda: assess(period, "good", organization=k67), "is not graded in")
    ev = services.review(assess(period, "good", member=student), grade="good", on=D(2025, 12, 10))
    assert (ev.proposed_grade, ev.stage) == ("good", "reviewed")


def test_the_secretary_is_reviewed_before_the_deputy(tree, members):
    from coso.committees import services as committees

    cntt = tree["DUK-BK-CNTT"]
    term = committees.open_term(cntt, start_year=2025, end_year=2030, congress_date=D(2025, 1, 10))
    committees.appoint(term, members["an"], post="secretary", started_on=D(2025, 1, 10))
    committees.appoint(term, members["duc"], post="deputy_secretary", started_on=D(2025, 1, 10))
    period = open_year(tree)
    assess(period, "good", organization=cntt)
    deputy = assess(period, "good", member=members["duc"])
    head = assess(period, "good", member=members["an"])
    refused(lambda: services.review(deputy, grade="good", on=D(2025, 12, 10)),
            "Heads before deputies")  # fmt: skip
    services.review(head, grade="good", on=D(2025, 12, 10))
    assert services.review(deputy, grade="good", on=D(2025, 12, 10)).stage == "reviewed"


def _meeting(cell, day):
    meeting = meetings.plan_meeting(cell, kind="regular", date=day)
    return meetings.record_attendance(meeting, exceptions={})


def test_the_cell_votes_the_proposed_grade_at_its_meeting(tree, members):
    period = open_year(tree)
    cntt = tree["DUK-BK-CNTT"]
    assess(period, "good", organization=cntt)
    ev = assess(period, "excellent", member=members["an"])
    meeting = _meeting(cntt, D(2025, 12, 12))
    refused(lambda: meetings.record_workflow_vote(
        meeting, workflow="evaluation", subject_id=ev.pk, votes_for=1, votes_against=2),
        "1 of 3 is not more than half: the proposed grade is not adopted")  # fmt: skip
    vote = meetings.record_workflow_vote(meeting, workflow="evaluation", subject_id=ev.pk,
                                         votes_for=3, votes_against=0)  # fmt: skip
    ev.refresh_from_db()
    assert (ev.proposed_grade, ev.meeting, ev.reviewed_on, ev.stage) == (
        "excellent", meeting, D(2025, 12, 12), "reviewed")  # fmt: skip
    assert (vote.workflow, vote.workflow_subject_id, vote.subject) == (
        "evaluation", ev.pk, "Xếp loại đồng chí Nguyễn Văn An: hoàn thành xuất sắc nhiệm vụ")  # fmt: skip


def test_a_grassroots_organization_is_verified_then_decided_by_the_superior(tree, office):
    period = open_year(tree)
    bk, duk = tree["DUK-BK"], tree["DUK"]
    ev = reviewed(period, "good", organization=bk)
    assert ev.quota_unit == duk
    refused(lambda: services.decide_grades(period, duk, kind="organization", on=DECIDED,
                                           number="30-QĐ/ĐUK"),
            "has not been verified by the level above yet")  # fmt: skip
    services.verify([ev], by=duk, on=D(2025, 12, 20), note="Đúng quy trình", actor=office)
    decision, status = services.decide_grades(period, duk, kind="organization", on=DECIDED,
                                              number="30-QĐ/ĐUK", actor=office)  # fmt: skip
    ev.refresh_from_db()
    assert (ev.grade, ev.stage, ev.verified_by, ev.decision, ev.legal_basis) == (
        "good", "decided", duk, decision,
        "QĐ 366-QĐ/TW (30/8/2025); HD 43-HD/BTCTW (31/10/2025)")  # fmt: skip
    assert (status.base, status.allowed, status.excellent) == (1, 0, 0)


def test_a_cell_is_decided_by_its_grassroots_committee(tree, bk_secretary, cell_secretary):
    period = open_year(tree)
    ev = reviewed(period, "good", organization=tree["DUK-BK-CNTT"], actor=bk_secretary)
    assert ev.quota_unit == tree["DUK-BK"]
    refused(lambda: services.decide_grades(period, tree["DUK-BK"], kind="organization",
                                           on=DECIDED, number="2-QĐ/ĐU", actor=cell_secretary),
            raises=OutOfScope)  # fmt: skip
    decision, _ = services.decide_grades(period, tree["DUK-BK"], kind="organization",
                                         on=DECIDED, number="2-QĐ/ĐU", actor=bk_secretary)  # fmt: skip
    assert list(decision.evaluations.values_list("grade", flat=True)) == ["good"]


def test_a_decided_grade_is_locked_and_a_reasoned_change_keeps_the_old(tree, members, office):
    period = open_year(tree)
    assess(period, "good", organization=tree["DUK-BK-CNTT"])
    ev = reviewed(period, "good", member=members["an"])
    services.decide_grades(period, tree["DUK-BK"], kind="member", on=DECIDED, number="3-QĐ/ĐU")
    ev = Evaluation.objects.get(pk=ev.pk)
    assert ev.locked
    refused(lambda: assess(period, "excellent", member=members["an"]),
            "it can no longer be changed")  # fmt: skip
    refused(lambda: services.review(ev, grade="complete", on=D(2026, 1, 6)), "already reviewed")
    refused(lambda: services.decide_grades(period, tree["DUK-BK"], kind="member", on=DECIDED,
                                           grades={ev.pk: "complete"}, number="4-QĐ/ĐU"),
            "was decided on 05/01/2026: change it with a reason.")  # fmt: skip
    refused(lambda: services.change_grade(ev, grade="complete", reason=" ", on=D(2026, 2, 1)),
            "A decided grade changes only with a reason.", field="reason")  # fmt: skip
    services.change_grade(ev, grade="complete", reason="Phát hiện vi phạm sau kiểm tra",
                                   on=D(2026, 2, 1), decision_number="9-QĐ/ĐU", actor=office)  # fmt: skip
    ev.refresh_from_db()
    assert ev.grade == "complete"
    assert list(GradeChange.objects.values_list("old_grade", "new_grade", "reason",
                                                "decision_number")) == [
        ("good", "complete", "Phát hiện vi phạm sau kiểm tra", "9-QĐ/ĐU")]  # fmt: skip
    assert [h.grade for h in ev.history.order_by("history_id")][-2:] == ["good", "complete"]


def test_a_closed_period_refuses_every_step(tree, members):
    period = open_year(tree)
    ev = assess(period, "good", member=members["an"])
    services.close_period(period, closed_on=D(2026, 2, 1))
    refused(lambda: assess(period, "good", member=members["duc"]),
            "Evaluation of 2025 is closed (01/02/2026)")  # fmt: skip
    refused(lambda: services.review(ev, grade="good", on=D(2025, 12, 10)), "is closed")


# --- every step once on PostgreSQL, outside a wrapping transaction ------------------------------


@pytest.mark.django_db(transaction=True)
def test_every_step_commits_outside_a_wrapping_transaction(tree, office):
    cntt, bk, duk = tree["DUK-BK-CNTT"], tree["DUK-BK"], tree["DUK"]
    people = [make_member(cntt, f"T{i}") for i in range(3)]
    period = open_year(tree, actor=office)
    cell = assess(period, "good", organization=cntt, actor=office)
    services.review(cell, grade="good", on=D(2025, 12, 10), actor=office)
    grassroots = reviewed(period, "good", organization=bk, actor=office)
    services.verify([grassroots], by=duk, on=D(2025, 12, 20), actor=office)
    evs = [assess(period, "good", member=m, actor=office) for m in people]
    meeting = _meeting(cntt, D(2025, 12, 12))
    meetings.record_workflow_vote(meeting, workflow="evaluation", subject_id=evs[0].pk,
                                  votes_for=3, votes_against=0, actor=office)  # fmt: skip
    for ev in evs[1:]:
        services.review(ev, grade="good", on=D(2025, 12, 12), actor=office)
    services.decide_grades(period, bk, kind="member", on=DECIDED, number="1-QĐ/ĐU", actor=office)
    services.decide_grades(period, bk, kind="organization", on=DECIDED, number="2-QĐ/ĐU",
                           actor=office)  # fmt: skip
    services.decide_grades(period, duk, kind="organization", on=DECIDED, number="3-QĐ/ĐUK",
                           actor=office)  # fmt: skip
    services.change_grade(Evaluation.objects.get(pk=evs[2].pk), grade="complete",
                          reason="Điều chỉnh", on=D(2026, 2, 1), actor=office)  # fmt: skip
    services.close_period(period, closed_on=D(2026, 2, 2), actor=office)
    graded = dict(Evaluation.objects.values_list("pk", "grade"))
    assert graded == {cell.pk: "good", grassroots.pk: "good", evs[0].pk: "good",
                      evs[1].pk: "good", evs[2].pk: "complete"}  # fmt: skip
    assert EvaluationPeriod.objects.get().status == "closed"
