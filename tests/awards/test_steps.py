"""Each step of commendations and badges: exact stored values, refusals naming the rule with
nothing changed, out of scope a 404, and every step once outside a wrapping transaction."""

import datetime as dt

import pytest

from coso.awards import services
from coso.awards.models import BadgeAward, Commendation
from coso.core.scope import OutOfScope
from coso.members import services as member_services
from coso.members.models import Member
from tests.awards.conftest import old_member
from tests.helpers import refused

D = dt.date
HD01 = "HD 01-HD/TW (28/9/2021) §18"
HD06 = "HD 06-HD/TW (9/6/2025) [check]"
COMMENDATION = {
    "level": "bloc", "kind": "merit", "reason": "Hoàn thành xuất sắc nhiệm vụ", "year": 2025,
    "decision_number": "15-QĐ/ĐUK", "decision_on": D(2026, 1, 10), "issued_by": "Đảng ủy Khối",
}  # fmt: skip


def _propose(member, **kw):
    args = {"years": 30, "occasion": D(2023, 5, 19), "proposed_on": D(2023, 4, 1)}
    return services.propose_badge(member, **{**args, **kw})


@pytest.mark.django_db
def test_a_proposal_not_yet_due_is_refused_naming_the_rule(veteran):
    refused(lambda: _propose(veteran, occasion=D(2022, 11, 7)),
            "Not yet due: the 30-year badge is due on 11/03/2023 (" + HD01 + ")", field="years")  # fmt: skip
    refused(lambda: _propose(veteran, occasion=D(2023, 5, 20)), "19/5", field="occasion")
    refused(lambda: _propose(veteran, years=35), "There is no 35-year badge", field="years")
    award = _propose(veteran)
    assert (award.status, award.due_on, award.legal_basis, award.organization.code) == (
        "proposed",
        D(2023, 3, 11),
        HD01,
        "DUK-BK-CNTT",
    )
    refused(lambda: _propose(veteran), "already has the 30-year badge (proposed)", field="years")


@pytest.mark.django_db
def test_an_early_award_for_illness_within_the_rule(tree):
    # 30 years on 02/09/2026: 12 months early at most, from 02/09/2025
    m = old_member(tree["DUK-KT"], "Ốm", D(1996, 9, 2))
    refused(lambda: _propose(m, occasion=D(2025, 5, 19), proposed_on=D(2025, 5, 1), early=True,
                             early_reason="Ung thư giai đoạn cuối"),
            "at most 12 months early, from 02/09/2025 (" + HD01 + ")", field="early")  # fmt: skip
    refused(lambda: _propose(m, occasion=D(2025, 9, 2), proposed_on=D(2025, 8, 1), early=True),
            "State the illness", field="early_reason")  # fmt: skip
    award = _propose(m, occasion=D(2025, 9, 2), proposed_on=D(2025, 8, 1), early=True,
                     early_reason="Ung thư giai đoạn cuối")  # fmt: skip
    assert (award.early, award.due_on, award.legal_basis) == (True, D(2026, 9, 2), HD06)
    # 70 years: 24 months early
    old = old_member(tree["DUK-KT"], "Thọ", D(1957, 2, 3), birth_date=D(1935, 1, 1))
    award = _propose(old, years=70, occasion=D(2025, 2, 3), proposed_on=D(2025, 1, 2),
                     early=True, early_reason="Ốm nặng")  # fmt: skip
    assert award.due_on == D(2027, 2, 3)


@pytest.mark.django_db
def test_out_of_scope_is_a_404_and_nothing_changes(tree, veteran, cell_secretary):
    other = old_member(tree["DUK-KT"], "Khác", D(1990, 1, 1))
    refused(lambda: _propose(other, actor=cell_secretary), raises=OutOfScope)
    refused(lambda: services.record_commendation(member=other, actor=cell_secretary,
                                                 **COMMENDATION), raises=OutOfScope)  # fmt: skip
    award = _propose(veteran, actor=cell_secretary)
    assert award.actor == cell_secretary


@pytest.mark.django_db
def test_commendation_refusals(tree, veteran):
    refused(lambda: services.record_commendation(member=veteran, **{**COMMENDATION, "year": 2020}),
            "other than that of the decision", field="year")  # fmt: skip
    refused(lambda: services.record_commendation(member=veteran, **{**COMMENDATION,
                                                                    "decision_number": " "}),
            "The decision number is required.", field="decision_number")  # fmt: skip
    c = services.record_commendation(member=veteran, **COMMENDATION)
    refused(lambda: services.correct_commendation(c, change_reason="", year=2026),
            "State the reason for the change.")  # fmt: skip
    services.correct_commendation(c, change_reason="Sai số quyết định", decision_number="16-QĐ/ĐUK")
    c.refresh_from_db()
    assert (c.decision_number, c.change_reason) == ("16-QĐ/ĐUK", "Sai số quyết định")
    assert [h.decision_number for h in c.history.order_by("history_date")] == [
        "15-QĐ/ĐUK", "16-QĐ/ĐUK"]  # fmt: skip
    services.revoke_commendation(c, change_reason="Quyết định bị hủy")
    refused(lambda: services.revoke_commendation(c, change_reason="x"), "already revoked")


@pytest.mark.django_db(transaction=True)
def test_record_correct_revoke_outside_a_transaction(tree, veteran):
    c = services.record_commendation(member=veteran, **COMMENDATION)
    services.correct_commendation(c, change_reason="Sửa", title="Bằng khen năm 2025")
    services.revoke_commendation(c, change_reason="Hủy")
    o = services.record_commendation(organization=tree["DUK-KT"], **COMMENDATION)
    assert list(Commendation.objects.order_by("pk").values_list("status", "subject_kind")) == [
        ("revoked", "member"), ("valid", "organization")]  # fmt: skip
    assert o.organization == tree["DUK-KT"]


@pytest.mark.django_db(transaction=True)
def test_propose_decide_present_reissue_outside_a_transaction(veteran):
    award = _propose(veteran)
    refused(lambda: services.present_badge(award, presented_on=D(2023, 5, 19)),
            "this step does not apply")  # fmt: skip
    refused(lambda: services.decide_badge(award, decision_number="1-QĐ", decision_on=D(2023, 3, 1),
                                          issued_by="BTV"), "before the proposal")  # fmt: skip
    services.decide_badge(award, decision_number="1-QĐ", decision_on=D(2023, 5, 5), issued_by="BTV")
    services.present_badge(award, presented_on=D(2023, 5, 19))
    services.reissue_badge(award, date=D(2024, 1, 5), note="Mất khi chuyển nhà")
    award.refresh_from_db()
    assert (award.status, award.decision_on, award.presented_on, award.reissued_on) == (
        "presented", D(2023, 5, 5), D(2023, 5, 19), D(2024, 1, 5))  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_propose_due_and_withdraw_outside_a_transaction(tree, veteran):
    old_member(tree["DUK-BK-CK"], "Bảo", D(1993, 5, 19))
    made = services.propose_due(tree["DUK-BK"], list(Member.objects.all()),
                                occasion=D(2023, 5, 19), proposed_on=D(2023, 4, 1))  # fmt: skip
    assert sorted(a.member.given_name for a in made) == ["Bảo", "Lâm"]
    services.withdraw_badge(made[0], note="Chưa đủ hồ sơ")
    assert BadgeAward.objects.filter(status="withdrawn").count() == 1


@pytest.mark.django_db(transaction=True)
def test_return_and_family_outside_a_transaction(tree, veteran):
    award = _propose(veteran)
    services.decide_badge(award, decision_number="1-QĐ", decision_on=D(2023, 5, 5), issued_by="BTV")
    refused(lambda: services.return_badge(award, date=D(2024, 1, 1)), "Only an expelled member")
    refused(lambda: services.family_keeps_badge(award), "has died")
    member_services.remove_member(veteran, kind="deceased", date=D(2024, 2, 1))
    services.family_keeps_badge(award, note="Con trai giữ")
    other = old_member(tree["DUK-KT"], "Hưng", D(1990, 1, 1))
    a2 = _propose(other)
    services.decide_badge(a2, decision_number="2-QĐ", decision_on=D(2023, 5, 5), issued_by="BTV")
    member_services.remove_member(
        other, kind="expelled", date=D(2024, 3, 1), document_number="9-QĐ"
    )
    services.return_badge(a2, date=D(2024, 3, 10))
    assert list(BadgeAward.objects.order_by("pk").values_list("status", "family_keeps")) == [
        ("decided", True), ("returned", False)]  # fmt: skip
