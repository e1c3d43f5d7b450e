"""Admission, probation and recognition services: the happy path with exact dates, deadline
flags, delegation, rule periods, candidates and yearly counts (the refusals are in
test_service_refusals.py).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coso.accounts.services import add_user
from coso.admission import services
from coso.admission.choices import CandidateStatus, ProbationOutcome, Step
from coso.admission.models import (
    STEPS,
    AdmissionStep,
    Candidate,
    Probation,
    competent_organizations,
    yearly_counts,
)
from coso.core import rules
from coso.core.scope import OutOfScope
from coso.members import services as member_services
from coso.members.models import Member, MembershipEvent, member_count
from coso.members.services import timeline
from tests.helpers import (
    BASIS_2021,
    BASIS_2025,
    PASSWORD,
    D,
    candidate_data,
    make_member,
    probationary_member,
    refused,
    snapshot,
)


def test_steps_follow_the_rule_in_force():
    assert STEPS == list(rules.value("admission_steps", D(2024, 1, 1)))
    assert STEPS == list(rules.value("admission_steps", D(2026, 1, 1)))


# --- the happy path ------------------------------------------------------------------------


def test_from_candidate_to_official_member(candidate, go, members, tree, personas):
    cell_secretary, office = personas["cell_secretary"], personas["office"]
    cntt = tree["DUK-BK-CNTT"]
    go(candidate, Step.CELL_RESOLUTION, actor=cell_secretary)
    candidate.refresh_from_db()
    assert (candidate.step, candidate.step_on, candidate.due_on) == (
        Step.CELL_RESOLUTION,
        D(2023, 7, 5),
        D(2023, 9, 29),  # 60 working days after the resolution
    )
    resolution = AdmissionStep.objects.get(candidate=candidate, step=Step.CELL_RESOLUTION)
    assert (resolution.votes_for, resolution.votes_against, resolution.official_count) == (3, 0, 3)
    assert resolution.legal_basis == BASIS_2021 and resolution.actor == cell_secretary
    introduction = AdmissionStep.objects.get(candidate=candidate, step=Step.INTRODUCTION)
    assert introduction.introducer_names == "Nguyễn Văn An, Trần Minh Đức"

    go(candidate, Step.DECISION, actor=office)
    candidate.refresh_from_db()
    assert candidate.due_on == D(2023, 10, 3)  # 30 working days after receiving it (18/08)
    decision = AdmissionStep.objects.get(candidate=candidate, step=Step.DECISION)
    assert (decision.due_on, decision.late, decision.deciding_organization) == (
        D(2023, 9, 29),
        False,
        tree["DUK"],
    )

    assert member_count(cntt, D(2023, 9, 7)) == 3
    member = go(candidate, Step.CEREMONY, actor=cell_secretary)
    assert member_count(cntt, D(2023, 9, 7)) == 3
    assert member_count(cntt, D(2023, 9, 8)) == 4
    candidate.refresh_from_db()
    assert (candidate.status, candidate.member, candidate.closed_on, candidate.due_on) == (
        CandidateStatus.ADMITTED,
        member,
        D(2023, 9, 8),
        None,
    )
    assert (member.full_name, member.status, member.admitted_on, member.recognized_on) == (
        "Lê Thị Mai",
        "probationary",
        D(2023, 8, 15),  # party age counts from the decision's date
        None,
    )
    assert (member.organization, member.admitting_organization, member.introducers) == (
        cntt,
        cntt.name,
        "Nguyễn Văn An, Trần Minh Đức",
    )
    assert member.education_general == "12/12" and member.cccd == candidate.cccd
    placement = member.placements.get()
    assert (placement.organization, placement.valid_from, placement.valid_to) == (
        cntt,
        D(2023, 9, 8),
        None,
    )
    probation = Probation.objects.get(member=member)
    assert (probation.started_on, probation.ends_on, probation.vote_due_on) == (
        D(2023, 9, 8),
        D(2024, 9, 8),
        D(2024, 10, 18),
    )

    services.record_new_member_course(
        member, date=D(2023, 12, 1), certificate_number="88-CN/TTCT", actor=cell_secretary
    )
    services.recognize(
        member,
        vote_date=D(2024, 9, 20),
        votes_for=3,
        votes_against=0,
        decision_number="567-QĐ/ĐUK",
        decision_date=D(2024, 10, 1),
        actor=cell_secretary,
    )
    member.refresh_from_db()
    assert (member.status, member.recognized_on, member.admitted_on) == (
        "official",
        D(2024, 9, 8),  # the end of the 12 months, not the vote
        D(2023, 8, 15),
    )
    probation.refresh_from_db()
    assert (probation.outcome, probation.course_on, probation.official_count, probation.late) == (
        ProbationOutcome.RECOGNIZED,
        D(2023, 12, 1),
        3,  # the probationary member does not count
        False,
    )
    assert member_count(cntt, D(2024, 10, 1)) == 4

    events = [
        (i["date"], i["title"], i["event"].document_number, i["actor"])
        for i in timeline(member)
        if i["type"] == "event"
    ]
    assert events == [
        (D(2024, 9, 8), "Recognized as official member", "567-QĐ/ĐUK", cell_secretary),
        (D(2023, 9, 8), "Admitted", "1234-QĐ/ĐUK", cell_secretary),
    ]
    recognized = MembershipEvent.objects.get(member=member, kind="recognized")
    assert recognized.to_organization == cntt
    assert recognized.note == ("Cell vote on 20/09/2024: 3 for, 0 against, of 3 official members.")
    # every step with who entered it
    assert list(
        AdmissionStep.objects.filter(candidate=candidate)
        .order_by("date", "id")
        .values_list("step", "date", "actor__username")
    ) == [
        ("awareness_course", D(2023, 3, 10), "bithu_cntt"),
        ("application", D(2023, 4, 3), "bithu_cntt"),
        ("personal_history", D(2023, 4, 10), "bithu_cntt"),
        ("background_check", D(2023, 5, 15), "bithu_cntt"),
        ("introduction", D(2023, 6, 1), "bithu_cntt"),
        ("comments", D(2023, 6, 25), "bithu_cntt"),
        ("cell_resolution", D(2023, 7, 5), "bithu_cntt"),
        ("decision", D(2023, 8, 15), "vanphong"),
        ("ceremony", D(2023, 9, 8), "bithu_cntt"),
    ]


def test_party_card_only_once_official(candidate, go):
    member = go(candidate, Step.CEREMONY)
    with pytest.raises(ValidationError) as caught:
        member_services.update_member(
            member, {"party_card_number": "12345678"}, expected_version=member.version
        )
    assert caught.value.message_dict == {
        "party_card_number": ["Only official members hold a party card."]
    }
    services.recognize(
        member,
        vote_date=D(2024, 9, 9),
        votes_for=3,
        votes_against=0,
        decision_number="1-QĐ",
        decision_date=D(2024, 9, 9),
    )
    member.refresh_from_db()
    member_services.update_member(
        member, {"party_card_number": "12345678"}, expected_version=member.version
    )
    assert Member.objects.get(pk=member.pk).party_card_number == "12345678"


# --- deadlines are flags, not refusals ------------------------------------------------------


def test_late_decision_and_ceremony_are_flagged(candidate, go, tree):
    member = go(
        candidate,
        Step.CEREMONY,
        **{
            # due by 29/09/2023
            Step.DECISION: {"date": D(2023, 10, 2), "received_on": D(2023, 10, 2)},
            # due by 30 working days after 02/10/2023 = 13/11/2023
            Step.CEREMONY: {"date": D(2023, 11, 14)},
        },
    )
    decision = AdmissionStep.objects.get(candidate=candidate, step=Step.DECISION)
    ceremony = AdmissionStep.objects.get(candidate=candidate, step=Step.CEREMONY)
    assert (decision.due_on, decision.late) == (D(2023, 9, 29), True)
    assert (ceremony.due_on, ceremony.late) == (D(2023, 11, 13), True)
    assert member.admitted_on == D(2023, 10, 2)


def test_overdue_candidates_are_queryable(candidate, go, members, cntt):
    go(candidate, Step.CELL_RESOLUTION)  # decision due 29/09/2023
    other = services.create_candidate(candidate_data(), cell=cntt)
    go(other, Step.APPLICATION)  # certificate valid until 10/03/2028
    assert list(Candidate.objects.overdue(D(2023, 9, 29))) == []
    assert list(Candidate.objects.overdue(D(2023, 9, 30))) == [candidate]
    assert candidate.is_overdue  # today is long after 2023
    assert list(Candidate.objects.at_step(Step.DECISION)) == [candidate]
    assert list(Candidate.objects.at_step(Step.PERSONAL_HISTORY)) == [other]
    assert Candidate.objects.step_counts(D(2023, 9, 30)) == {
        cntt.pk: {
            Step.DECISION: {"count": 1, "overdue": 1},
            Step.PERSONAL_HISTORY: {"count": 1, "overdue": 0},
        }
    }


# --- rules in force on the event date -------------------------------------------------------


def test_2024_follows_the_2021_rules_and_2026_the_2025_rules(members, cntt):
    def run(year: int):
        c = services.create_candidate(candidate_data(), cell=cntt)
        services.record_awareness_course(c, date=D(year, 1, 5), certificate_number="1-CN")
        for step, day in [
            (Step.APPLICATION, D(year, 1, 20)),
            (Step.PERSONAL_HISTORY, D(year, 1, 25)),
            (Step.BACKGROUND_CHECK, D(year, 2, 5)),
        ]:
            services.STEP_SERVICES[step](c, date=day)
        services.record_introduction(
            c,
            date=D(year, 3, 2),
            introducers=[(members["an"], D(year - 2, 1, 1)), (members["duc"], D(year - 2, 1, 1))],
        )
        services.record_comments(c, date=D(year, 3, 5), residence_comment_on=D(year, 3, 5))
        message = refused(
            lambda: services.record_cell_resolution(
                c, date=D(year, 3, 10), votes_for=1, votes_against=0
            )
        )["votes_for"][0]
        step = services.record_cell_resolution(c, date=D(year, 3, 10), votes_for=3, votes_against=0)
        return message, step

    message_2024, step_2024 = run(2024)
    message_2026, step_2026 = run(2026)
    assert step_2024.legal_basis == BASIS_2021 and message_2024.endswith(f"({BASIS_2021}).")
    assert step_2026.legal_basis == BASIS_2025 and message_2026.endswith(f"({BASIS_2025}).")
    assert "QĐ 24-QĐ/TW" in step_2024.legal_basis and "QĐ 294" not in step_2024.legal_basis
    assert "QĐ 294-QĐ/TW" in step_2026.legal_basis


# --- who decides admissions, who acts -------------------------------------------------------


def test_competent_level_and_delegation(candidate, go, tree, personas):
    bk, duk = tree["DUK-BK"], tree["DUK"]
    cntt = tree["DUK-BK-CNTT"]
    assert competent_organizations(cntt, D(2023, 8, 15)) == [duk]
    go(candidate, Step.CELL_RESOLUTION)
    decision = {
        "deciding_organization": bk,
        "date": D(2023, 8, 15),
        "document_number": "15-QĐ/ĐU",
        "received_on": D(2023, 8, 18),
    }
    message = (
        "Đảng bộ Trường Đại học Bách khoa Hà Nội may not decide admissions for Chi bộ Khoa "
        "Công nghệ thông tin on 15/08/2023: the superior committee decides, or a grassroots "
        f"committee to which it has delegated that power ({BASIS_2021})."
    )
    assert refused(
        lambda: services.record_decision(candidate, actor=personas["bk_secretary"], **decision)
    ) == {"deciding_organization": [message]}

    # the grassroots committee's own secretary cannot delegate to it; the superior can
    assert refused(
        lambda: services.set_admission_authority(
            bk,
            may_decide=True,
            valid_from=D(2023, 8, 1),
            decision_number="200-QĐ/ĐUK",
            actor=personas["bk_secretary"],
        )
    ) == {
        "organization": [
            "Only the committee above Đảng bộ Trường Đại học Bách khoa Hà Nội can delegate this "
            "power."
        ]
    }
    services.set_admission_authority(
        bk,
        may_decide=True,
        valid_from=D(2023, 8, 16),
        decision_number="200-QĐ/ĐUK",
        actor=personas["office"],
    )
    assert competent_organizations(cntt, D(2023, 8, 15)) == [duk]
    assert competent_organizations(cntt, D(2023, 8, 16)) == [duk, bk]
    # delegated only from 16/08: a decision dated 15/08 is still refused
    assert refused(
        lambda: services.record_decision(candidate, actor=personas["bk_secretary"], **decision)
    ) == {"deciding_organization": [message]}
    # a cell secretary holds no role in the committee
    assert refused(
        lambda: services.record_decision(
            candidate, actor=personas["cell_secretary"], **{**decision, "date": D(2023, 8, 16)}
        )
    ) == {
        "deciding_organization": [
            "You hold no role in Đảng bộ Trường Đại học Bách khoa Hà Nội that allows you to "
            "record its decisions."
        ]
    }
    step = services.record_decision(
        candidate, actor=personas["bk_secretary"], **{**decision, "date": D(2023, 8, 16)}
    )
    assert step.deciding_organization == bk
    # a withdrawal of the delegation ends it
    services.set_admission_authority(
        bk,
        may_decide=False,
        valid_from=D(2024, 1, 1),
        decision_number="300-QĐ/ĐUK",
        actor=personas["office"],
    )
    assert competent_organizations(cntt, D(2023, 12, 31)) == [duk, bk]
    assert competent_organizations(cntt, D(2024, 1, 1)) == [duk]


def test_a_cell_secretary_acts_only_on_their_cell(members, tree, personas):
    ck = tree["DUK-BK-CK"]
    other = services.create_candidate(candidate_data(), cell=ck)
    secretary = personas["cell_secretary"]
    # out of scope is a 404 that names nothing (it was a 400 naming the cell)
    before = snapshot()
    with pytest.raises(OutOfScope):
        services.record_awareness_course(
            other, date=D(2023, 3, 10), certificate_number="1-CN", actor=secretary
        )
    with pytest.raises(OutOfScope):
        services.create_candidate(candidate_data(), cell=ck, actor=secretary)
    assert snapshot() == before
    assert list(Candidate.objects.editable_by(secretary)) == []
    assert list(Candidate.objects.visible_to(secretary)) == []
    assert list(Candidate.objects.visible_to(personas["bk_secretary"])) == [other]
    viewer = add_user("dangvien_ck", organization=ck, role="member", password=PASSWORD)
    # a plain member's role shows names and cells, not candidates' records
    assert list(Candidate.objects.visible_to(viewer)) == []
    assert list(Candidate.objects.editable_by(viewer)) == []


# --- candidates -----------------------------------------------------------------------------


def test_create_candidate_checks(members, tree, cntt):
    assert refused(lambda: services.create_candidate(candidate_data(), cell=tree["DUK-BK"])) == {
        "cell": [
            "Candidates are followed by a cell; Đảng bộ Trường Đại học Bách khoa Hà Nội is not a "
            "cell."
        ]
    }
    assert refused(
        lambda: services.create_candidate(candidate_data(cccd=members["an"].cccd), cell=cntt)
    ) == {
        "cccd": [f"A party member with the citizen ID {members['an'].cccd} is already registered."]
    }
    first = services.create_candidate(candidate_data(cccd="001200000001"), cell=cntt)
    assert refused(
        lambda: services.create_candidate(candidate_data(cccd="001200000001"), cell=cntt)
    ) == {"cccd": ["Another candidate in progress has the citizen ID 001200000001."]}
    assert refused(lambda: services.create_candidate(candidate_data(cccd="12"), cell=cntt)) == {
        "cccd": ["The citizen ID (CCCD) must be exactly 12 digits."]
    }
    assert first.full_name == "Lê Thị Mai" and first.search_text.startswith("le thi mai")
    assert (first.status, first.step, first.next_step) == ("in_progress", "", "awareness_course")


def test_update_and_close_candidate(candidate, go):
    go(candidate, Step.APPLICATION)
    updated = services.update_candidate(
        candidate, {"given_name": "Mây"}, expected_version=candidate.version
    )
    assert updated.full_name == "Lê Thị Mây"
    with pytest.raises(services.ConcurrentEditError):
        services.update_candidate(
            candidate, {"given_name": "Mai"}, expected_version=candidate.version
        )
    assert refused(
        lambda: services.withdraw_candidate(updated, date=D(2023, 4, 1), reason="Chuyển đi")
    ) == {"date": ["The date cannot be before the last step (03/04/2023)."]}
    services.withdraw_candidate(updated, date=D(2023, 5, 1), reason="Chuyển đi")
    updated.refresh_from_db()
    assert (updated.status, updated.closed_on, updated.next_step) == (
        "withdrawn",
        D(2023, 5, 1),
        None,
    )
    assert refused(lambda: services.record_personal_history(updated, date=D(2023, 5, 2))) == {
        "__all__": ["The candidate's admission is closed (Withdrawn)."]
    }


def test_the_ceremony_refuses_a_citizen_id_already_registered(candidate, go, cntt):
    go(candidate, Step.DECISION)
    make_member(cntt, "Trùng", cccd=candidate.cccd)
    errors = refused(lambda: services.hold_ceremony(candidate, date=D(2023, 9, 8)))
    assert list(errors) == ["cccd"]
    assert Candidate.objects.get(pk=candidate.pk).status == "in_progress"


def test_official_count_defaults_to_the_registry(candidate, go, cntt):
    probationary_member(cntt, "Mới", family="Phan", admitted_on=D(2023, 2, 1))
    assert services.official_members_on(cntt, D(2023, 7, 5)) == 3
    assert services.official_members_on(cntt, D(2014, 12, 31)) == 0


# --- admissions and recognitions per year and organization ----------------------------------


def test_yearly_counts_by_grassroots_and_year(candidate, go, members, tree):
    member = go(candidate, Step.CEREMONY)
    services.recognize(
        member,
        vote_date=D(2024, 9, 20),
        votes_for=3,
        votes_against=0,
        decision_number="1",
        decision_date=D(2024, 9, 20),
    )
    kt = tree["DUK-KT"]
    make_member(kt, "Hải", family="Đinh")  # registered from paper: not an admission here
    probationary_member(kt, "Vy", family="Tạ", admitted_on=D(2024, 5, 2))
    rows = [
        (r["organization"].code, r["year"], r["admitted"], r["recognized"]) for r in yearly_counts()
    ]
    assert rows == [("DUK-BK", 2023, 1, 0), ("DUK-BK", 2024, 0, 1), ("DUK-KT", 2024, 1, 0)]
    assert [
        (r["organization"].code, r["year"]) for r in yearly_counts(within=tree["DUK-BK-CNTT"])
    ] == [("DUK-BK", 2023), ("DUK-BK", 2024)]
    assert [r["year"] for r in yearly_counts(years=[2024])] == [2024, 2024]
