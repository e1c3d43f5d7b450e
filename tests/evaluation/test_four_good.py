"""Four-good (DOMAIN.md §3, §17): the checklist a committee sets for its subtree, the cells'
monthly self-assessment against it and the year's title; exact values, every refusal with
nothing changed, every step once outside a wrapping transaction."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from coso.core.scope import OutOfScope
from coso.evaluation.models import Evaluation, FourGoodCheck, FourGoodCriterion
from coso.evaluation.services import four_good
from tests.helpers import refused

from .four_good_setup import checklist, evaluation, year_period

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked as their msgids (the Vietnamese catalog has them all)."""
    with translation.override("en"):
        yield


def _answer_year(org, criteria, months, *, failing=None):
    """Answer `months` of last year: every criterion met, but `failing` (pillar: months)."""
    failing = failing or {}
    for month in months:
        met = [c.pk for p, cs in criteria.items() for c in cs if month not in failing.get(p, ())]
        four_good.record_four_good_month(org, year=LAST_YEAR, month=month, met=met)


@pytest.mark.django_db(transaction=True)  # a workflow step, outside a wrapping transaction
def test_the_checklist_of_the_nearest_committee_is_in_force(tree, bk_secretary):
    bk, duk = tree["DUK-BK"], tree["DUK"]
    first = four_good.add_criterion(bk, pillar="tasks", text="  Hoàn thành chỉ tiêu  ",
                                    actor=bk_secretary)  # fmt: skip
    second = four_good.add_criterion(bk, pillar="tasks", text="Không để xảy ra sai phạm",
                                     actor=bk_secretary)  # fmt: skip
    meeting = four_good.add_criterion(bk, pillar="meetings", text="Sinh hoạt đúng kỳ", position=0)
    assert (first.text, first.position, first.organization, first.actor, first.active) == (
        "Hoàn thành chỉ tiêu", 1, bk, bk_secretary, True)  # fmt: skip
    assert second.position == 2
    owner, criteria = four_good.checklist_in_force(tree["DUK-BK-CNTT"])
    assert (owner, criteria) == (bk, [first, second, meeting])
    assert four_good.checklist_in_force(tree["DUK-KT"]) == (None, [])
    # the bloc sets its own: the grassroots cell takes it, BK's cells keep the nearest
    bloc = four_good.add_criterion(duk, pillar="unity", text="Đoàn kết")
    assert four_good.checklist_in_force(tree["DUK-KT"]) == (duk, [bloc])
    assert four_good.checklist_in_force(tree["DUK-BK-CK"])[0] == bk
    # edited, then out of use: BK's cells fall back to the bloc's once none is left
    edited = four_good.edit_criterion(second, text="Không sai phạm", pillar="unity", position=5,
                                      actor=bk_secretary)  # fmt: skip
    assert FourGoodCriterion.objects.filter(pk=second.pk).values_list(
        "text", "pillar", "position").get() == ("Không sai phạm", "unity", 5)  # fmt: skip
    assert edited.pillar == "unity"
    for c in (first, second, meeting):
        four_good.set_criterion_active(c, active=False, actor=bk_secretary)
    assert four_good.checklist_in_force(tree["DUK-BK-CK"]) == (duk, [bloc])
    assert FourGoodCriterion.objects.filter(organization=bk, active=True).count() == 0


def test_the_checklist_refusals_change_nothing(tree, cell_secretary, bk_secretary):
    refused(lambda: four_good.add_criterion(tree["DUK-BK-CNTT"], pillar="tasks", text="x"),
            "uses the checklist of its committee")  # fmt: skip
    refused(lambda: four_good.add_criterion(tree["DUK-BK"], pillar="tasks", text="  "),
            "Write the criterion.", field="text")  # fmt: skip
    refused(lambda: four_good.add_criterion(tree["DUK-BK"], pillar="nine", text="x"),
            field="pillar")  # fmt: skip
    # the bloc's checklist is out of a grassroots secretary's reach: a 404
    refused(lambda: four_good.add_criterion(tree["DUK"], pillar="tasks", text="x",
                                            actor=bk_secretary), raises=OutOfScope)  # fmt: skip
    c = four_good.add_criterion(tree["DUK-BK"], pillar="tasks", text="x")
    refused(lambda: four_good.edit_criterion(c, text="y", actor=cell_secretary),
            raises=OutOfScope)  # fmt: skip
    refused(lambda: four_good.set_criterion_active(c, active=False, actor=cell_secretary),
            raises=OutOfScope)  # fmt: skip


@pytest.mark.django_db(transaction=True)  # a workflow step, outside a wrapping transaction
def test_a_month_is_answered_at_once_and_replaced(tree, cell_secretary):
    criteria = checklist(tree["DUK-BK"])
    cntt = tree["DUK-BK-CNTT"]
    met = [criteria["tasks"][0].pk, criteria["meetings"][0].pk, criteria["meetings"][1].pk]
    rows = four_good.record_four_good_month(
        cntt,
        year=LAST_YEAR,
        month=3,
        met=met,
        notes={criteria["unity"][1].pk: " họp chậm "},
        actor=cell_secretary,
    )
    assert len(rows) == 8
    stored = FourGoodCheck.objects.filter(organization=cntt, year=LAST_YEAR, month=3)
    assert sorted(stored.values_list("criterion__text", "met", "note")) == [
        ("cadres 0", False, ""), ("cadres 1", False, ""), ("meetings 0", True, ""),
        ("meetings 1", True, ""), ("tasks 0", True, ""), ("tasks 1", False, ""),
        ("unity 0", False, ""), ("unity 1", False, "họp chậm"),
    ]  # fmt: skip
    assert set(stored.values_list("actor", flat=True)) == {cell_secretary.pk}
    assert four_good.month_grid(cntt, LAST_YEAR) == {
        3: {"tasks": False, "meetings": True, "unity": False, "cadres": False}
    }
    # answered again: the month's earlier answers replaced
    four_good.record_four_good_month(cntt, year=LAST_YEAR, month=3, met=[c.pk for cs in
                                     criteria.values() for c in cs], actor=cell_secretary)  # fmt: skip
    assert stored.count() == 8 and stored.filter(met=True).count() == 8
    assert four_good.month_grid(cntt, LAST_YEAR) == {
        3: {"tasks": True, "meetings": True, "unity": True, "cadres": True}
    }


def test_a_month_refused_changes_nothing(tree, cell_secretary):
    cntt, today = tree["DUK-BK-CNTT"], timezone.localdate()
    refused(lambda: four_good.record_four_good_month(cntt, year=LAST_YEAR, month=1, met=[]),
            "No four-good checklist is set for Chi bộ Khoa Công nghệ thông tin")  # fmt: skip
    criteria = checklist(tree["DUK-BK"])
    other = four_good.add_criterion(tree["DUK"], pillar="tasks", text="của khối")
    record = four_good.record_four_good_month
    nxt = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    refused(lambda: record(cntt, year=nxt[0], month=nxt[1], met=[]), "has not come yet")
    refused(lambda: record(cntt, year=LAST_YEAR - 1, month=12, met=[]),
            f"{LAST_YEAR - 1} is not open", field="year")  # fmt: skip
    refused(lambda: record(cntt, year=LAST_YEAR, month=13, met=[]), field="month")
    refused(lambda: record(cntt, year=LAST_YEAR, month=2, met=[criteria["tasks"][0].pk, other.pk]),
            f"Criteria {other.pk} are not of the checklist of Đảng bộ Trường Đại học Bách khoa",
            field="met")  # fmt: skip
    # another cell's month is out of the secretary's reach: a 404
    refused(lambda: record(tree["DUK-BK-CK"], year=LAST_YEAR, month=2, met=[],
                           actor=cell_secretary), raises=OutOfScope)  # fmt: skip


def test_the_title_needs_the_months_and_the_grade(tree):
    cntt = tree["DUK-BK-CNTT"]
    criteria = checklist(tree["DUK-BK"])
    # 9 months answered; the cadres pillar fails in 2 of them, unity in month 10 only
    _answer_year(cntt, criteria, range(1, 10), failing={"cadres": (1, 2), "unity": (3,)})
    title = four_good.four_good_title(cntt, LAST_YEAR)
    assert (title.awarded, title.months, title.min_months, title.min_grade, title.grade) == (
        False, {"tasks": 9, "meetings": 9, "unity": 8, "cadres": 7}, 9, "good", "")  # fmt: skip
    assert title.reasons == [
        "Good unity and discipline: met in 8 months, the title needs 9.",
        "Good cadres and members: met in 7 months, the title needs 9.",
        f"The grade of {LAST_YEAR} is not decided yet.",
    ]
    assert title.legal_basis.endswith("Chỉ thị 50-CT/TW (23/7/2025)")
    _answer_year(cntt, criteria, range(10, 13))
    period = year_period(tree["DUK"], LAST_YEAR)
    ev = evaluation(period, cntt, grade="complete", quota_unit=tree["DUK-BK"])
    title = four_good.four_good_title(cntt, LAST_YEAR)
    assert (title.months, title.grade) == (
        {"tasks": 12, "meetings": 12, "unity": 11, "cadres": 10}, "complete")  # fmt: skip
    assert title.reasons == [
        f"Graded “Completed tasks” for {LAST_YEAR}; the title needs “Completed tasks well” "
        "or better."
    ]
    Evaluation.objects.filter(pk=ev.pk).update(grade="excellent")
    title = four_good.four_good_title(cntt, LAST_YEAR)
    assert (title.awarded, title.reasons, title.grade_label) == (
        True, [], "Completed tasks excellently")  # fmt: skip


@pytest.mark.django_db(transaction=True)  # a workflow step, outside a wrapping transaction
def test_the_title_is_recorded_on_the_decided_evaluation(tree, bk_secretary):
    cntt, ck = tree["DUK-BK-CNTT"], tree["DUK-BK-CK"]
    criteria = checklist(tree["DUK-BK"])
    _answer_year(cntt, criteria, range(1, 10))
    period = year_period(tree["DUK"], LAST_YEAR)
    good = evaluation(period, cntt, grade="good", quota_unit=tree["DUK-BK"])
    short = evaluation(period, ck, grade="good", quota_unit=tree["DUK-BK"])
    assert four_good.record_four_good_title(good, actor=bk_secretary).awarded is True
    assert four_good.record_four_good_title(short, actor=bk_secretary).awarded is False
    assert dict(Evaluation.objects.values_list("organization__code", "four_good")) == {
        "DUK-BK-CNTT": True, "DUK-BK-CK": False}  # fmt: skip


def test_the_title_refusals_change_nothing(tree, members, cell_secretary):
    period = year_period(tree["DUK"], LAST_YEAR)
    cntt = tree["DUK-BK-CNTT"]
    member = evaluation(period, cntt, member=members["an"], grade="good",
                        quota_unit=tree["DUK-BK"])  # fmt: skip
    open_ = evaluation(period, cntt, quota_unit=tree["DUK-BK"])
    record = four_good.record_four_good_title
    refused(lambda: record(member), "an organization's, not a member's")
    refused(lambda: record(open_), f"The grade of {LAST_YEAR} is not decided yet")
    # decided by the grassroots committee: out of the cell secretary's reach
    refused(lambda: record(open_, actor=cell_secretary), raises=OutOfScope)
