"""Roles from the roster: granted in one step, ended with the post; each step once as deployed."""

from __future__ import annotations

import datetime as dt

import pytest

from coso.accounts.models import RoleAssignment
from coso.accounts.services import add_user
from coso.committees import queries, services
from coso.committees.models import PostHolding, Term
from coso.members.models import Member
from tests.committees.conftest import seat
from tests.helpers import PASSWORD, snapshot

D = dt.date


def _user_for(member, username):
    user = add_user(username, organization=member.organization, role="member", password=PASSWORD)
    Member.objects.filter(pk=member.pk).update(user=user)
    member.refresh_from_db()
    return user


def test_roles_are_granted_from_the_roster_and_end_with_the_post(tree, big, term, office):
    cntt = tree["DUK-BK-CNTT"]
    secretary = seat(term, big[0], "secretary", day=D(2025, 6, 1))
    deputy = seat(term, big[1], "deputy_secretary")
    seat(term, big[2], "committee_member", day=D(2025, 9, 1))  # not yet held on the day
    user = _user_for(big[0], "bithu_moi")
    _user_for(big[2], "uyvien")
    result = services.grant_roles_from_roster(cntt, day=D(2025, 7, 1), actor=office)
    assert (result.granted, result.already, result.without_user) == ([secretary], [], [deputy])
    granted = RoleAssignment.objects.get(user=user, organization=cntt, role="secretary")
    assert (granted.role, granted.valid_from, granted.valid_to) == (
        "secretary",
        D(2025, 6, 1),
        None,
    )
    assert PostHolding.objects.get(pk=secretary.pk).role_assignment == granted

    # a second grant changes nothing
    before = snapshot()
    again = services.grant_roles_from_roster(cntt, day=D(2025, 7, 1), actor=office)
    assert (again.granted, again.already) == ([], [secretary])
    assert snapshot() == before

    services.end_post(secretary, ended_on=D(2026, 2, 1), actor=office)
    granted.refresh_from_db()
    assert granted.valid_to == D(2026, 2, 1)
    assert (
        not RoleAssignment.objects.filter(user=user, role="secretary")
        .current(D(2026, 2, 1))
        .filter(organization=cntt)
        .exists()
    )


def test_a_new_term_ends_the_roles_of_the_old_one(tree, big, term):
    cntt = tree["DUK-BK-CNTT"]
    seat(term, big[0], "secretary")
    user = _user_for(big[0], "bithu_cu")
    services.grant_roles_from_roster(cntt, day=D(2025, 5, 10))
    services.open_term(cntt, start_year=2030, end_year=2035, congress_date=D(2030, 3, 1))
    assert RoleAssignment.objects.get(user=user, organization=cntt, role="secretary").valid_to == D(
        2030, 3, 1
    )


@pytest.mark.django_db(transaction=True)
def test_every_step_once_as_deployed(tree, big, office):
    cntt = tree["DUK-BK-CNTT"]
    term = services.open_term(
        cntt, start_year=2025, end_year=2030, congress_date=D(2025, 5, 10), actor=office
    )
    holding = services.appoint(
        term,
        big[0],
        post="secretary",
        started_on=D(2025, 5, 10),
        decision="3-QĐ/ĐU",
        decision_date=D(2025, 5, 10),
        actor=office,
    )
    user = _user_for(big[0], "bithu_tx")
    result = services.grant_roles_from_roster(cntt, day=D(2025, 5, 10), actor=office)
    assert result.granted == [holding]
    services.end_post(holding, ended_on=D(2026, 1, 1), actor=office, reason="Nghỉ hưu")
    stored = PostHolding.objects.get(pk=holding.pk)
    assert (stored.ended_on, stored.end_reason) == (D(2026, 1, 1), "Nghỉ hưu")
    assert RoleAssignment.objects.get(user=user, organization=cntt, role="secretary").valid_to == D(
        2026, 1, 1
    )
    assert Term.objects.get(pk=term.pk).ended_on is None
    assert queries.holder_on(cntt, "secretary", D(2025, 12, 31)) == holding
