"""Terms and the roster: each step's stored values and every refusal, with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from coso.committees import queries, services
from coso.committees.models import PostHolding, Term
from coso.core.scope import OutOfScope
from tests.committees.conftest import seat
from tests.helpers import make_member, refused

D = dt.date


def test_open_term_closes_the_running_one_and_its_posts(tree, big, term):
    secretary = seat(term, big[0], "secretary")
    new = services.open_term(
        tree["DUK-BK-CNTT"], start_year=2030, end_year=2035, congress_date=D(2030, 4, 2)
    )
    term.refresh_from_db()
    secretary.refresh_from_db()
    assert (term.ended_on, new.ended_on, new.congress_date) == (D(2030, 4, 2), None, D(2030, 4, 2))
    assert secretary.ended_on == D(2030, 4, 2)
    assert secretary.end_reason == "The term ended at the congress of 02/04/2030."
    assert list(Term.objects.filter(organization=tree["DUK-BK-CNTT"]).on(D(2030, 4, 1))) == [term]
    assert list(Term.objects.filter(organization=tree["DUK-BK-CNTT"]).on(D(2030, 4, 2))) == [new]


@pytest.mark.parametrize(
    ("start", "end", "congress", "field", "message"),
    [
        (
            2030,
            2030,
            D(2030, 4, 2),
            "end_year",
            "A term's last year (2030) must come after its first year (2030).",
        ),
        (
            2030,
            2035,
            D(2027, 4, 2),
            "congress_date",
            "The congress of the 2030–2035 term is held in 2030 or the year before, not on 02/04/2027.",
        ),
        (
            2024,
            2029,
            D(2024, 4, 2),
            "congress_date",
            "Terms follow one another: the 2025–2030 term opened at the congress of 10/05/2025, so a new term must start in 2030 or later, with a later congress.",
        ),
        (
            2026,
            2031,
            D(2025, 5, 10),
            "congress_date",
            "Terms follow one another: the 2025–2030 term opened at the congress of 10/05/2025, so a new term must start in 2030 or later, with a later congress.",
        ),
    ],
)
def test_open_term_refusals(tree, term, start, end, congress, field, message):
    refusal = refused(
        lambda: services.open_term(
            tree["DUK-BK-CNTT"], start_year=start, end_year=end, congress_date=congress
        ),
        field=field,
    )
    assert refusal[field] == [message]


def test_a_new_congress_before_a_post_of_the_running_term_began_is_refused(tree, big, term):
    seat(term, big[0], "secretary", day=D(2029, 12, 1))
    refusal = refused(
        lambda: services.open_term(
            tree["DUK-BK-CNTT"], start_year=2030, end_year=2035, congress_date=D(2029, 11, 2)
        )
    )
    assert refusal["congress_date"] == [
        "Nguyễn Văn An holds a post of the running term from 01/12/2029, on or after this "
        "congress; correct that post first."
    ]


def test_appoint_stores_the_post(big, term):
    holding = seat(term, big[1], "deputy_secretary", decision_date=D(2025, 5, 9))
    stored = PostHolding.objects.get(pk=holding.pk)
    assert (stored.term, stored.member, stored.post) == (term, big[1], "deputy_secretary")
    assert (stored.started_on, stored.ended_on) == (D(2025, 5, 10), None)
    assert (stored.decision, stored.decision_date) == ("12-QĐ/ĐUK", D(2025, 5, 9))


def test_a_cell_of_nine_or_more_elects_at_most_seven(big, term):
    for member in big[:7]:
        seat(term, member)
    refusal = refused(lambda: seat(term, big[7]))
    assert refusal["post"] == [
        "A cell committee has at most 7 members (Điều lệ Đảng; QĐ 24-QĐ/TW (30/7/2021); "
        "HD 01-HD/TW (28/9/2021)); this appointment would seat 8 at once."
    ]
    # a seat freed before the new one begins makes room; the inspection committee is apart
    services.end_post(PostHolding.objects.get(member=big[0]), ended_on=D(2026, 1, 1))
    assert seat(term, big[7], day=D(2026, 1, 1)).member == big[7]


def test_a_seat_ending_later_still_counts(big, term):
    for member in big[:7]:
        seat(term, member)
    services.end_post(PostHolding.objects.get(member=big[0]), ended_on=D(2026, 1, 2))
    refused(lambda: seat(term, big[7], day=D(2026, 1, 1)), "this appointment would seat 8 at once")


def test_a_small_cell_has_no_committee(tree, members, small_term):
    refusal = refused(lambda: seat(small_term, members["binh"], day=D(2025, 5, 12)))
    assert refusal["post"] == [
        "A cell with 2 official members (fewer than 9) elects no committee, only a secretary "
        "and, if needed, a deputy secretary (Điều lệ Đảng; QĐ 24-QĐ/TW (30/7/2021); HD "
        "01-HD/TW (28/9/2021))."
    ]


def test_a_small_cell_has_one_deputy(tree, members, small_term):
    day = D(2025, 5, 12)
    seat(small_term, members["binh"], "secretary", day=day)
    seat(small_term, members["anh"], "deputy_secretary", day=day)
    third = make_member(tree["DUK-BK-CK"], "Cường")
    refusal = refused(lambda: seat(small_term, third, "deputy_secretary", day=day))
    assert refusal["post"] == [
        "A cell with 3 official members (fewer than 9) has at most 1 deputy secretary "
        "(Điều lệ Đảng; QĐ 24-QĐ/TW (30/7/2021); HD 01-HD/TW (28/9/2021))."
    ]


def test_two_secretaries_at_once_are_refused(big, term):
    first = seat(term, big[0], "secretary")
    refusal = refused(lambda: seat(term, big[1], "secretary", day=D(2026, 3, 1)))
    assert refusal["post"] == [
        "An organization has one secretary at a time: end the current secretary's post "
        "before 01/03/2026 first."
    ]
    services.end_post(first, ended_on=D(2026, 3, 1), reason="Chuyển công tác")
    second = seat(term, big[1], "secretary", day=D(2026, 3, 1))
    assert queries.holder_on(term.organization, "secretary", D(2026, 2, 28)) == first
    assert queries.holder_on(term.organization, "secretary", D(2026, 3, 1)) == second


def test_holder_on_boundaries(tree, big, term):
    cntt = tree["DUK-BK-CNTT"]
    holding = seat(term, big[0], "secretary", day=D(2025, 6, 1))
    services.end_post(holding, ended_on=D(2027, 1, 1))
    assert queries.holder_on(cntt, "secretary", D(2025, 5, 31)) is None
    assert queries.holder_on(cntt, "secretary", D(2025, 6, 1)) == holding
    assert queries.holder_on(cntt, "secretary", D(2026, 12, 31)) == holding
    assert queries.holder_on(cntt, "secretary", D(2027, 1, 1)) is None
    assert queries.holder_on(tree["DUK-BK-CK"], "secretary", D(2026, 1, 1)) is None


def test_roster_on_orders_posts(big, term):
    member = seat(term, big[2])
    deputy = seat(term, big[1], "deputy_secretary")
    secretary = seat(term, big[0], "secretary")
    inspector = seat(term, big[0], "inspection_member")
    day = D(2025, 7, 1)
    assert queries.roster_on(term.organization, day) == [secretary, deputy, member, inspector]
    assert queries.roster_on(term.organization, D(2025, 5, 9)) == []


def test_end_post_refusals(big, term):
    holding = seat(term, big[0], "secretary", day=D(2025, 6, 1))
    refusal = refused(lambda: services.end_post(holding, ended_on=D(2025, 5, 31)))
    assert refusal["ended_on"] == [
        "A post cannot end before it began: it began on 01/06/2025, so it ends after that day, "
        "not on 31/05/2025."
    ]
    refused(lambda: services.end_post(holding, ended_on=D(2025, 6, 1)), field="ended_on")
    services.end_post(holding, ended_on=D(2026, 1, 1))
    refusal = refused(lambda: services.end_post(holding, ended_on=D(2026, 2, 1)))
    assert refusal["__all__"] == ["This post already ended on 01/01/2026."]


def test_appoint_refusals(tree, big, term, members):
    refusal = refused(lambda: seat(term, members["binh"]))
    assert refusal["member"] == [
        "Lê Văn Bình was not a member of Chi bộ Khoa Công nghệ thông tin or of an organization "
        "under it on 10/05/2025; only its own members sit on its committee."
    ]
    refusal = refused(lambda: seat(term, big[0], day=D(2025, 5, 9)))
    assert refusal["started_on"] == [
        "09/05/2025 is outside the 2025–2030 term (from its congress on 10/05/2025 to the next "
        "one)."
    ]
    seat(term, big[0])
    refusal = refused(lambda: seat(term, big[0], "deputy_secretary"))
    assert refusal["member"] == ["Nguyễn Văn An already holds a seat on this body."]
    refusal = refused(lambda: seat(term, big[1], "chair"))
    assert refusal["post"] == ["Unknown post: chair"]
    refusal = refused(lambda: seat(term, big[1], decision_date=D(2025, 5, 11)))
    assert refusal["decision_date"] == ["The decision cannot be dated after the post begins."]


def test_a_group_elects_no_committee(tree):
    from coso.orgs import services as org_services  # the tree fixture has no group

    group = org_services.create_organization(
        tree["DUK-BK-CNTT"],
        code="DUK-BK-CNTT-T1",
        name="Tổ đảng 1",
        kind="group",
        established_on=D(2016, 1, 1),
    )
    refusal = refused(
        lambda: services.open_term(
            group, start_year=2025, end_year=2030, congress_date=D(2025, 5, 1)
        )
    )
    assert refusal["__all__"] == ["A party group elects no committee; it has a group leader."]


def test_only_the_superior_changes_a_committee(tree, big, term, personas):
    cntt = tree["DUK-BK-CNTT"]
    # the cell's own secretary may not; the grassroots secretary and the office may
    refused(lambda: seat(term, big[0], actor=personas["cell_secretary"]), raises=OutOfScope)
    assert seat(term, big[0], actor=personas["bk_secretary"]).member == big[0]
    refused(
        lambda: services.grant_roles_from_roster(
            cntt, day=D(2025, 6, 1), actor=personas["cell_secretary"]
        ),
        raises=OutOfScope,
    )
    kt = tree["DUK-KT"]
    refused(
        lambda: services.open_term(
            kt,
            start_year=2025,
            end_year=2030,
            congress_date=D(2025, 5, 1),
            actor=personas["bk_secretary"],
        ),
        raises=OutOfScope,
    )
    assert (
        services.open_term(
            kt,
            start_year=2025,
            end_year=2030,
            congress_date=D(2025, 5, 1),
            actor=personas["office"],
        ).organization
        == kt
    )


def test_the_refusal_reads_in_vietnamese(big, term):
    seat(term, big[0], "secretary")
    with translation.override("vi"):
        refusal = refused(lambda: seat(term, big[1], "secretary", day=D(2026, 3, 1)))
    assert refusal["post"] == [
        "Mỗi tổ chức chỉ có một bí thư tại một thời điểm: hãy kết thúc chức vụ của bí thư hiện "
        "tại trước ngày 01/03/2026."
    ]
