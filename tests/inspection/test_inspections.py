"""The yearly plan, its schedule, the team, findings, conclusion and follow-up, and an
inspection opened from a supervision's signs of violation: exact stored values, each refusal
with nothing written, the handling scope (the inspection committee over its subtree)."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.core.scope import OutOfScope
from coso.inspection import services
from coso.inspection.models import Finding, FollowUp, Inspection, InspectionPlan, TeamMember
from tests.helpers import refused

from .conftest import concluded

D = dt.date


def test_adopt_plan_stores_it(plan, tree, ubkt):
    row = InspectionPlan.objects.values_list(
        "organization__code", "body", "year", "title", "adopted_on", "document_number", "actor"
    ).get(pk=plan.pk)
    assert row == ("DUK-BK", "inspection_committee", 2026, "Kế hoạch kiểm tra, giám sát năm 2026",
                   D(2025, 12, 20), "12-KH/UBKT", ubkt.pk)  # fmt: skip
    assert plan.history.get().history_user_id == ubkt.pk


def test_adopt_plan_refusals(plan, tree, ubkt, cell_secretary, an_user):
    def adopt(org, actor=ubkt, **over):
        kwargs = dict(body="committee", year=2026, title="KH", adopted_on=D(2026, 1, 5))
        return lambda: services.adopt_plan(org, **{**kwargs, **over}, actor=actor)

    refused(adopt(tree["DUK-BK"], body="inspection_committee"), "already has this plan for 2026")
    refused(adopt(tree["DUK-BK-CNTT"], body="inspection_committee"),
            "Chi bộ Khoa Công nghệ thông tin has no inspection committee", field="body")  # fmt: skip
    refused(adopt(tree["DUK-BK"], adopted_on=D(2024, 12, 1)),
            "A plan for 2026 is adopted in 2026 or late in the year before", field="adopted_on")  # fmt: skip
    refused(adopt(tree["DUK-BK"], year=2027, adopted_on=D(2027, 1, 5)), "future")
    refused(adopt(tree["DUK-BK"], title="  "), "Write the plan's title.", field="title")
    # outside the handling scope: a cell secretary for the grassroots committee, a plain member
    refused(adopt(tree["DUK-BK"], actor=cell_secretary), raises=OutOfScope)
    refused(adopt(tree["DUK-BK-CNTT"], actor=an_user), raises=OutOfScope)
    refused(adopt(tree["DUK-KT"]), raises=OutOfScope)  # the chair's subtree is DUK-BK only


def test_a_cell_adopts_its_own_plan(tree, cell_secretary):
    plan = services.adopt_plan(
        tree["DUK-BK-CNTT"], body="committee", year=2026, title="Kế hoạch của chi bộ",
        adopted_on=D(2026, 1, 10), actor=cell_secretary,
    )  # fmt: skip
    assert (plan.organization_id, plan.body, plan.document_number) == (
        tree["DUK-BK-CNTT"].pk,
        "committee",
        "",
    )


def test_schedule_stores_the_inspection(inspection, plan, tree, ubkt):
    row = Inspection.objects.values_list(
        "organization__code", "body", "plan", "activity", "kind", "subject_organization__code",
        "subject_member", "topic", "starts_on", "ends_on", "state", "concluded_on",
    ).get(pk=inspection.pk)  # fmt: skip
    assert row == ("DUK-BK", "inspection_committee", plan.pk, "inspection", "regular",
                   "DUK-BK-CNTT", None, "Việc thu, nộp đảng phí", D(2026, 3, 2), D(2026, 3, 31),
                   "planned", None)  # fmt: skip


def test_schedule_refusals(plan, tree, members, ubkt):
    def schedule(**over):
        kwargs = dict(activity="inspection", kind="regular", topic="Đảng phí",
                      starts_on=D(2026, 5, 4), ends_on=D(2026, 5, 8),
                      subject_organization=tree["DUK-BK-CK"])  # fmt: skip
        return lambda: services.schedule(plan, **{**kwargs, **over}, actor=ubkt)

    refused(schedule(kind="signs"), "A plan schedules regular or thematic", field="kind")
    refused(schedule(subject_organization=tree["DUK-KT"]),
            "inspects only its own organizations and members")  # fmt: skip
    refused(schedule(subject_organization=None, subject_member=members["dung"]),
            "inspects only its own organizations and members")  # fmt: skip
    refused(schedule(subject_member=members["an"]), "Choose one subject")
    refused(schedule(subject_organization=None), "Choose one subject")
    refused(schedule(ends_on=D(2027, 1, 8)), "The plan is for 2026", field="starts_on")
    refused(
        schedule(ends_on=D(2026, 5, 1)), "The end comes on or after the start.", field="ends_on"
    )
    refused(schedule(topic=""), "Write what is inspected.", field="topic")
    refused(schedule(activity="audit"), "Choose inspection or supervision.", field="activity")


def test_handling_scope(inspection, tree, ubkt, office, bk_secretary, cell_secretary, an_user):
    """The inspection committee of DUK-BK handles DUK-BK's inspections; the office and the
    grassroots secretary too; the cell's secretary and a member neither see nor change them."""
    for user, sees, edits in ((ubkt, True, True), (office, True, True), (bk_secretary, True, True),
                              (cell_secretary, False, False), (an_user, False, False)):  # fmt: skip
        assert Inspection.objects.visible_to(user).filter(pk=inspection.pk).exists() is sees
        assert Inspection.objects.editable_by(user).filter(pk=inspection.pk).exists() is edits
    refused(lambda: services.add_finding(inspection, finding="x", recorded_on=D(2026, 3, 3),
                                         actor=cell_secretary), raises=OutOfScope)  # fmt: skip


def test_team_findings_and_conclusion(inspection, members, ubkt):
    team = services.set_team(
        inspection, leader=members["binh"], members=[members["anh"]], actor=ubkt
    )
    assert [(t.member.full_name, t.role) for t in team] == [
        ("Lê Văn Bình", "leader"), ("Phạm Thị Ánh", "member")]  # fmt: skip
    # replaced as a whole
    services.set_team(inspection, leader=members["anh"], members=[members["binh"]], actor=ubkt)
    assert sorted(TeamMember.objects.filter(inspection=inspection).values_list(
        "member__given_name", "role")) == [("Bình", "member"), ("Ánh", "leader")]  # fmt: skip
    finding = services.add_finding(
        inspection, finding=" Chưa lập sổ thu đảng phí tháng 2 ", recorded_on=D(2026, 3, 10),
        violation=True, actor=ubkt,
    )  # fmt: skip
    assert Finding.objects.values_list("text", "violation", "recorded_on").get(pk=finding.pk) == (
        "Chưa lập sổ thu đảng phí tháng 2", True, D(2026, 3, 10))  # fmt: skip
    done = services.conclude(
        inspection, conclusion="Chi bộ thu chưa đủ.", concluded_on=D(2026, 4, 2), violation=True,
        proposes_discipline=True, actor=ubkt,
    )  # fmt: skip
    assert Inspection.objects.values_list(
        "state", "conclusion", "concluded_on", "violation", "proposes_discipline"
    ).get(pk=done.pk) == ("concluded", "Chi bộ thu chưa đủ.", D(2026, 4, 2), True, True)


def test_team_and_conclusion_refusals(inspection, supervision, members, ubkt):
    refused(lambda: services.set_team(inspection, leader=members["dung"], actor=ubkt),
            "Hoàng Văn Dũng is not a member of Đảng bộ Trường Đại học Bách khoa Hà Nội")  # fmt: skip
    refused(lambda: services.set_team(supervision, leader=members["duc"], actor=ubkt),
            "Trần Minh Đức is the member inspected and cannot be on the team.")  # fmt: skip
    refused(lambda: services.set_team(inspection, leader=members["an"],
                                      members=[members["an"]], actor=ubkt),
            "A person is on the team once.")  # fmt: skip
    refused(lambda: services.set_team(inspection, leader=None, actor=ubkt), "Name the team leader.")

    def conclude(**over):
        kwargs = dict(conclusion="Kết luận.", concluded_on=D(2026, 4, 2), violation=False)
        return lambda: services.conclude(inspection, **{**kwargs, **over}, actor=ubkt)

    refused(
        conclude(), "a leader and at least 2 people in all", "Thiết lập của coso"
    )  # fmt: skip  (the rule's basis is named)
    services.set_team(inspection, leader=members["an"], actor=ubkt)
    refused(conclude(), "a leader and at least 2 people in all")
    services.set_team(inspection, leader=members["an"], members=[members["hoa"]], actor=ubkt)
    refused(conclude(conclusion=" "), "Write the conclusion.", field="conclusion")
    refused(conclude(conclusion="Kết\x01 luận."), "U+0001", field="conclusion")
    refused(conclude(concluded_on=D(2026, 3, 1)),
            "The conclusion comes after the start of the inspection (02/03/2026).")  # fmt: skip
    refused(conclude(proposes_discipline=True),
            "Discipline is proposed only where a violation is found.")  # fmt: skip
    services.conclude(inspection, conclusion="Tốt.", concluded_on=D(2026, 4, 2), actor=ubkt)
    refused(conclude(), "This inspection is concluded")
    refused(lambda: services.add_finding(inspection, finding="x", recorded_on=D(2026, 4, 3),
                                         actor=ubkt), "This inspection is concluded")  # fmt: skip
    refused(lambda: services.set_team(inspection, leader=members["an"], actor=ubkt),
            "This inspection is concluded")  # fmt: skip


def test_finding_refusals(inspection, ubkt):
    def add(**over):
        kwargs = dict(finding="Sổ sách chưa đầy đủ", recorded_on=D(2026, 3, 5))
        return lambda: services.add_finding(inspection, **{**kwargs, **over}, actor=ubkt)

    refused(add(finding=""), "Write the finding.", field="finding")
    refused(add(recorded_on=D(2026, 3, 1)), "from the start of the inspection (02/03/2026)")
    refused(add(recorded_on=D(2099, 1, 1)), "The date cannot be in the future.")


def test_follow_ups(inspection, members, ubkt):
    refused(lambda: services.add_follow_up(inspection, what="Khắc phục", responsible="Chi bộ",
                                           actor=ubkt), "conclude first")  # fmt: skip
    concluded(inspection, members, ubkt)
    # no date given: the rule's 30 days after the conclusion (02/04/2026)
    first = services.add_follow_up(inspection, what=" Bổ sung sổ thu ", responsible="Bí thư chi bộ",
                                   actor=ubkt)  # fmt: skip
    second = services.add_follow_up(inspection, what="Báo cáo kết quả", responsible="Chi bộ",
                                    due_on=D(2026, 6, 30), actor=ubkt)  # fmt: skip
    assert list(FollowUp.objects.filter(inspection=inspection).values_list(
        "what", "responsible", "due_on", "done_on")) == [
        ("Bổ sung sổ thu", "Bí thư chi bộ", D(2026, 5, 2), None),
        ("Báo cáo kết quả", "Chi bộ", D(2026, 6, 30), None)]  # fmt: skip
    refused(lambda: services.add_follow_up(inspection, what="x", responsible="y",
                                           due_on=D(2026, 4, 1), actor=ubkt),
            "on or after the conclusion (02/04/2026)", field="due_on")  # fmt: skip
    refused(lambda: services.add_follow_up(inspection, what="x", responsible=" ", actor=ubkt),
            "Name who is responsible.", field="responsible")  # fmt: skip
    done = services.mark_follow_up_done(first, on=D(2026, 4, 20), note="Đã bổ sung", actor=ubkt)
    assert (done.done_on, done.done_note, done.state(D(2026, 12, 6))) == (
        D(2026, 4, 20),
        "Đã bổ sung",
        "done",
    )
    assert second.state(D(2026, 12, 6)) == "overdue" and second.state(D(2026, 6, 30)) == "open"
    refused(lambda: services.mark_follow_up_done(first, actor=ubkt),
            "This action was done on 20/04/2026.")  # fmt: skip
    refused(lambda: services.mark_follow_up_done(second, on=D(2026, 4, 1), actor=ubkt),
            "after the conclusion (02/04/2026)")  # fmt: skip


def test_supervision_opens_an_inspection(supervision, inspection, members, ubkt):
    def open_(target, **over):
        kwargs = dict(topic="Kiểm tra khi có dấu hiệu vi phạm", starts_on=D(2026, 5, 4),
                      ends_on=D(2026, 5, 29))  # fmt: skip
        return lambda: services.open_from_supervision(target, **{**kwargs, **over}, actor=ubkt)

    refused(open_(supervision), "Only a concluded supervision that found signs of violation")
    refused(open_(inspection), "An inspection is opened from a supervision.")
    concluded(supervision, members, ubkt, on=D(2026, 4, 30))
    refused(open_(supervision, starts_on=D(2026, 4, 29)),
            "after the supervision's conclusion (30/04/2026)")  # fmt: skip
    opened = open_(supervision)()
    assert Inspection.objects.values_list(
        "organization__code", "plan", "activity", "kind", "subject_member", "opened_from",
        "starts_on", "ends_on", "state",
    ).get(pk=opened.pk) == ("DUK-BK", None, "inspection", "signs", members["duc"].pk,
                            supervision.pk, D(2026, 5, 4), D(2026, 5, 29), "planned")  # fmt: skip
    refused(open_(supervision), "An inspection was already opened from this supervision.")


def test_supervision_without_signs_opens_nothing(supervision, members, ubkt):
    concluded(supervision, members, ubkt, on=D(2026, 4, 30), violation=False)
    refused(lambda: services.open_from_supervision(
        supervision, topic="x", starts_on=D(2026, 5, 4), ends_on=D(2026, 5, 5), actor=ubkt),
        "Only a concluded supervision that found signs of violation")  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_each_step_outside_a_wrapping_transaction(tree, members, ubkt):
    plan = services.adopt_plan(tree["DUK-BK"], body="committee", year=2026, title="KH 2026",
                               adopted_on=D(2026, 1, 5), actor=ubkt)  # fmt: skip
    sup = services.schedule(plan, activity="supervision", kind="regular", topic="Sinh hoạt",
                            starts_on=D(2026, 2, 2), ends_on=D(2026, 2, 27),
                            subject_organization=tree["DUK-BK-CK"], actor=ubkt)  # fmt: skip
    services.set_team(sup, leader=members["an"], members=[members["hoa"]], actor=ubkt)
    services.add_finding(sup, finding="Sinh hoạt chưa đều", recorded_on=D(2026, 2, 10),
                         violation=True, actor=ubkt)  # fmt: skip
    services.conclude(sup, conclusion="Có dấu hiệu vi phạm.", concluded_on=D(2026, 3, 2),
                      violation=True, actor=ubkt)  # fmt: skip
    action = services.add_follow_up(sup, what="Chấn chỉnh", responsible="Chi bộ", actor=ubkt)
    services.mark_follow_up_done(action, on=D(2026, 3, 20), actor=ubkt)
    opened = services.open_from_supervision(sup, topic="Kiểm tra dấu hiệu", starts_on=D(2026, 3, 9),
                                            ends_on=D(2026, 4, 10), actor=ubkt)  # fmt: skip
    assert (Inspection.objects.count(), opened.opened_from_id, FollowUp.objects.get().done_on) == (
        2,
        sup.pk,
        D(2026, 3, 20),
    )
