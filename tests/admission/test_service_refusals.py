"""Admission and probation services refuse: each refusal names its rule, with its exact message,
and changes nothing (out of order, votes, age, education, certificate, introducers,
recognition too early, strike-off).
"""

from __future__ import annotations

from coso.admission import services
from coso.admission.choices import ProbationOutcome, Step
from coso.admission.models import (
    Probation,
)
from coso.members.models import MembershipEvent, member_count
from tests.helpers import (
    BASIS_2021,
    D,
    advance,
    candidate_data,
    happy_kwargs,
    make_member,
    probationary_member,
    refused,
)

# --- refusals: each names its rule and changes nothing --------------------------------------


def test_step_out_of_order(candidate, go, members, tree):
    go(candidate, Step.AWARENESS_COURSE)
    assert refused(
        lambda: services.record_cell_resolution(
            candidate, **happy_kwargs(Step.CELL_RESOLUTION, members, tree)
        )
    ) == {
        "__all__": [
            "Step out of order: Cell resolution comes after Comments of mass organizations and "
            "the residence cell, which is not recorded yet. The steps of an admission follow "
            f"one another in a fixed order ({BASIS_2021})."
        ]
    }
    assert refused(
        lambda: services.record_awareness_course(
            candidate, date=D(2023, 3, 11), certificate_number="x"
        )
    ) == {"__all__": ["Awareness course certificate is already recorded for this candidate."]}
    assert refused(lambda: services.record_application(candidate, date=D(2023, 3, 9))) == {
        "date": [
            "The date of this step (09/03/2023) cannot be before the previous step, Awareness "
            "course certificate (10/03/2023)."
        ]
    }


def test_vote_under_two_thirds(candidate, go, members, tree):
    go(candidate, Step.COMMENTS)
    kwargs = {**happy_kwargs(Step.CELL_RESOLUTION, members, tree), "votes_for": 1}
    assert refused(lambda: services.record_cell_resolution(candidate, **kwargs)) == {
        "votes_for": [
            "The resolution does not pass: 1 of 3 official members voted for it; at least 2/3 "
            f"of the official members (2) must vote for it ({BASIS_2021})."
        ]
    }
    kwargs.update(votes_for=3, official_count=6)
    assert refused(lambda: services.record_cell_resolution(candidate, **kwargs)) == {
        "votes_for": [
            "The resolution does not pass: 3 of 6 official members voted for it; at least 2/3 "
            f"of the official members (4) must vote for it ({BASIS_2021})."
        ]
    }
    step = services.record_cell_resolution(candidate, **{**kwargs, "votes_for": 4})
    assert (step.votes_for, step.official_count) == (4, 6)  # exactly 2/3 passes


def test_vote_needs_enough_official_members_and_counts(candidate, go, members, tree):
    go(candidate, Step.COMMENTS)
    kwargs = happy_kwargs(Step.CELL_RESOLUTION, members, tree)
    assert refused(
        lambda: services.record_cell_resolution(candidate, **{**kwargs, "official_count": 2})
    ) == {
        "official_count": [
            f"The cell has 2 official members; it needs at least 3 to hold a valid vote "
            f"({BASIS_2021})."
        ]
    }
    assert refused(
        lambda: services.record_cell_resolution(candidate, **{**kwargs, "votes_against": 1})
    ) == {"votes_for": ["There are more votes (4) than official members (3)."]}


def test_candidate_aged_17_years_11_months_on_the_consideration_date(members, cntt, go):
    # born 06/07/2005: on 05/07/2023 that is 215 months
    young = services.create_candidate(candidate_data(birth_date=D(2005, 7, 6)), cell=cntt)
    go(young, Step.COMMENTS)
    assert refused(
        lambda: services.record_cell_resolution(
            young, date=D(2023, 7, 5), votes_for=3, votes_against=0
        )
    ) == {
        "__all__": [
            "On the consideration date 05/07/2023 the candidate is 17 years 11 months old; a "
            f"candidate must be at least 18 years old, counted in months ({BASIS_2021})."
        ]
    }
    # one day later the candidate is 18 years (216 months) old
    services.record_cell_resolution(young, date=D(2023, 7, 6), votes_for=3, votes_against=0)


def test_candidate_over_60_needs_a_decision_from_above(members, cntt, go):
    # born 04/06/1962: on 05/07/2023 that is 61 years 1 month
    old = services.create_candidate(candidate_data(birth_date=D(1962, 6, 4)), cell=cntt)
    go(old, Step.COMMENTS)
    assert refused(
        lambda: services.record_cell_resolution(
            old, date=D(2023, 7, 5), votes_for=3, votes_against=0
        )
    ) == {
        "over_age_decision": [
            "On the consideration date 05/07/2023 the candidate is 61 years 1 months old; over "
            "60 years an admission needs a decision of the level above: enter its number "
            f"({BASIS_2021})."
        ]
    }
    step = services.record_cell_resolution(
        old,
        date=D(2023, 7, 5),
        votes_for=3,
        votes_against=0,
        over_age_decision="99-QĐ/ĐUK",
    )
    assert step.note == "Decision of the level above: 99-QĐ/ĐUK"


def test_education_below_lower_secondary(members, cntt, go):
    candidate = services.create_candidate(candidate_data(education_general="primary"), cell=cntt)
    go(candidate, Step.COMMENTS)
    assert refused(
        lambda: services.record_cell_resolution(
            candidate, date=D(2023, 7, 5), votes_for=3, votes_against=0
        )
    ) == {
        "__all__": [
            "The candidate's general education (Primary school) is below the required "
            f"Lower-secondary school ({BASIS_2021})."
        ]
    }


def test_certificate_older_than_60_months(members, cntt, go):
    old = services.create_candidate(candidate_data(), cell=cntt)
    go(old, Step.COMMENTS, **{Step.AWARENESS_COURSE: {"date": D(2018, 7, 4)}})
    assert refused(
        lambda: services.record_cell_resolution(
            old, date=D(2023, 7, 5), votes_for=3, votes_against=0
        )
    ) == {
        "__all__": [
            "The awareness-course certificate of 04/07/2018 was valid until 04/07/2023: on the "
            f"consideration date 05/07/2023 it is older than 60 months ({BASIS_2021})."
        ]
    }
    # the certificate of the day after is still valid on its 60th month anniversary
    fresh = services.create_candidate(candidate_data(), cell=cntt)
    go(fresh, Step.CELL_RESOLUTION, **{Step.AWARENESS_COURSE: {"date": D(2018, 7, 5)}})


def test_probationary_introducer_is_refused(candidate, go, members, cntt):
    probationary = probationary_member(cntt, "Lan", family="Đỗ", admitted_on=D(2023, 1, 10))
    go(candidate, Step.BACKGROUND_CHECK)
    assert refused(
        lambda: services.record_introduction(
            candidate,
            date=D(2023, 6, 1),
            introducers=[(members["an"], D(2021, 9, 1)), (probationary, D(2022, 1, 15))],
        )
    ) == {
        "introducer_2": [
            "Đỗ Thị Lan is a probationary member on 01/06/2023 and cannot introduce a "
            f"candidate: introducers must be official members ({BASIS_2021})."
        ]
    }
    # an official member who was still probationary on the introduction date is refused too
    recent = make_member(
        cntt, "Nam", family="Bùi", admitted_on=D(2022, 9, 1), recognized_on=D(2023, 9, 1)
    )
    assert refused(
        lambda: services.record_introduction(
            candidate,
            date=D(2023, 6, 1),
            introducers=[(recent, D(2021, 9, 1)), (members["an"], D(2022, 1, 15))],
        )
    ) == {
        "introducer_1": [
            "Bùi Văn Nam is a probationary member on 01/06/2023 and cannot introduce a "
            f"candidate: introducers must be official members ({BASIS_2021})."
        ]
    }


def test_introducers_known_12_months_and_youth_union(candidate, go, members, tree, cntt):
    go(candidate, Step.BACKGROUND_CHECK)
    assert refused(
        lambda: services.record_introduction(
            candidate,
            date=D(2023, 6, 1),
            introducers=[(members["an"], D(2022, 6, 2)), (members["duc"], D(2021, 1, 15))],
        )
    ) == {
        "introducer_1_known_since": [
            "Nguyễn Văn An has worked or studied with the candidate for 11 months; an "
            f"introducer must have done so for at least 12 months ({BASIS_2021})."
        ]
    }
    assert refused(
        lambda: services.record_introduction(
            candidate, date=D(2023, 6, 1), introducers=[(members["an"], D(2021, 6, 2))]
        )
    ) == {
        "introducers": [
            "Two official members introduce the candidate, or for a Youth Union member the "
            f"Youth Union committee and one official member ({BASIS_2021})."
        ]
    }
    assert refused(
        lambda: services.record_introduction(
            candidate,
            date=D(2023, 6, 1),
            introducers=[(members["an"], D(2021, 6, 2))],
            youth_union_committee=True,
            document_number="3-NQ/ĐTN",
        )
    ) == {
        "youth_union_committee": [
            "Only a Youth Union member can be introduced by the Youth Union committee "
            f"({BASIS_2021})."
        ]
    }
    youth = services.create_candidate(candidate_data(source="youth_union"), cell=cntt)
    advance(youth, Step.BACKGROUND_CHECK, members, tree)
    step = services.record_introduction(
        youth,
        date=D(2023, 6, 1),
        introducers=[(members["hoa"], D(2022, 6, 1))],
        youth_union_committee=True,
        document_number="3-NQ/ĐTN",
    )
    assert (step.youth_union_committee, step.introducer_names, step.introducer_2) == (
        True,
        "Youth Union committee, Nguyễn Thị Hoa",
        None,
    )


def test_recognition_before_12_months(candidate, go):
    member = go(candidate, Step.CEREMONY)
    assert refused(
        lambda: services.recognize(
            member,
            vote_date=D(2024, 9, 6),
            votes_for=3,
            votes_against=0,
            decision_number="1-QĐ/ĐUK",
            decision_date=D(2024, 9, 20),
        )
    ) == {
        "vote_date": [
            "The recognition vote cannot be held before the probation ends on 08/09/2024: "
            "probation lasts 12 months from the admission ceremony of 08/09/2023 "
            f"({BASIS_2021})."
        ]
    }
    assert refused(
        lambda: services.recognize(
            member,
            vote_date=D(2024, 9, 10),
            votes_for=1,
            votes_against=2,
            decision_number="1-QĐ/ĐUK",
            decision_date=D(2024, 9, 20),
        )
    ) == {
        "votes_for": [
            "The resolution does not pass: 1 of 3 official members voted for it; at least 2/3 "
            f"of the official members (2) must vote for it ({BASIS_2021})."
        ]
    }


def test_a_late_recognition_still_dates_from_the_end_of_probation(candidate, go):
    member = go(candidate, Step.CEREMONY)
    services.recognize(
        member,
        vote_date=D(2024, 12, 2),  # the vote was due by 18/10/2024
        votes_for=2,
        votes_against=1,
        decision_number="9-QĐ/ĐUK",
        decision_date=D(2024, 12, 10),
    )
    member.refresh_from_db()
    assert (member.status, member.recognized_on) == ("official", D(2024, 9, 8))
    assert Probation.objects.get(member=member).late is True
    event = MembershipEvent.objects.get(member=member, kind="recognized")
    assert event.date == D(2024, 9, 8)
    assert event.note.endswith("The vote was due by 18/10/2024.")
    assert refused(
        lambda: services.recognize(
            member,
            vote_date=D(2024, 12, 2),
            votes_for=3,
            votes_against=0,
            decision_number="9-QĐ/ĐUK",
            decision_date=D(2024, 12, 10),
        )
    ) == {"member": ["Lê Thị Mai is not a probationary member (Official)."]}


def test_strike_off_probationary(candidate, go, cntt):
    member = go(candidate, Step.CEREMONY)
    services.strike_off_probationary(
        member,
        decision_number="77-QĐ/ĐUK",
        decision_date=D(2024, 9, 30),
        reason="Không đủ tư cách đảng viên",
        vote_date=D(2024, 9, 20),
        votes_for=1,
        votes_against=2,
    )
    member.refresh_from_db()
    assert member.status == "struck_off"
    assert member_count(cntt, D(2024, 9, 29)) == 4
    assert member_count(cntt, D(2024, 9, 30)) == 3
    event = member.events.order_by("-date").first()
    assert (event.kind, event.date, event.document_number, event.note) == (
        "struck_off",
        D(2024, 9, 30),
        "77-QĐ/ĐUK",
        "Không đủ tư cách đảng viên",
    )
    probation = Probation.objects.get(member=member)
    assert (probation.outcome, probation.votes_for, probation.votes_against) == (
        ProbationOutcome.STRUCK_OFF,
        1,
        2,
    )
