"""The users-and-roles steps (`accounts.services.users`): exact results, every refusal with
nothing written, the scope (404), and each step once on a real transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.utils import timezone, translation

from coso.accounts.models import AccountChange, RoleAssignment
from coso.accounts.services import add_user
from coso.accounts.services import users as services
from coso.core.scope import OutOfScope
from tests.helpers import PASSWORD, refused

D = dt.date
User = get_user_model()


@pytest.fixture(autouse=True)
def _english():
    """Messages asserted by msgid."""
    with translation.override("en"):
        yield


def _new(actor, tree, org="DUK-BK-CNTT", role="member", username="moi", **extra):
    return services.create_user(
        username=username,
        full_name="Nguyễn Thị Thu Hà",
        organization=tree[org],
        role=role,
        valid_from=D(2025, 1, 1),
        actor=actor,
        **extra,
    )


def test_create_user_gives_the_role_and_a_password_shown_once(tree, cell_secretary):
    user, password = _new(cell_secretary, tree)
    assert (user.last_name, user.first_name, user.is_active) == ("Nguyễn Thị Thu", "Hà", True)
    assert len(password) == services.PASSWORD_LENGTH
    assert set(password) <= set(services.PASSWORD_CHARS)
    assert authenticate(username="moi", password=password) == user
    assert list(user.role_assignments.values_list("organization__code", "role", "valid_from",
                                                  "valid_to")) == [
        ("DUK-BK-CNTT", "member", D(2025, 1, 1), None)
    ]  # fmt: skip
    change = AccountChange.objects.get(user=user)
    assert (change.kind, change.actor, change.detail) == (
        "created",
        cell_secretary,
        "Member, Chi bộ Khoa Công nghệ thông tin (DUK-BK-CNTT), 01/01/2025",
    )
    history = RoleAssignment.history.get(user=user)
    assert history.history_user == cell_secretary


def test_create_user_with_a_set_password_checks_it(tree, office):
    user, password = _new(office, tree, password="mot-mat-khau-dai-9")
    assert password == "mot-mat-khau-dai-9"
    refused(lambda: _new(office, tree, username="khac", password="12345678"), field="password")


def test_a_taken_username_is_refused(tree, office, cell_secretary):
    refused(
        lambda: _new(office, tree, username="BITHU_CNTT"), "“BITHU_CNTT” is taken", field="username"
    )


def test_a_username_holds_letters_digits_and_at_dot_plus_dash_only(tree, office):
    """Found by schemathesis: a private-use character was taken as a username, which the user
    model's own validator (and the API's schema) refuse."""
    for bad in ("tên người", "\U00108470º", "a?b"):
        refused(
            lambda b=bad: _new(office, tree, username=b),
            "Enter a valid username",
            field="username",
        )
    assert _new(office, tree, username="lan.nguyen+cb@dhbk")[0].username == "lan.nguyen+cb@dhbk"


def test_nobody_gives_a_role_above_their_scope(tree, cell_secretary, bk_secretary):
    # a cell secretary cannot create office staff of the bloc: outside their scope
    refused(lambda: _new(cell_secretary, tree, org="DUK", role="staff"), raises=OutOfScope)
    refused(lambda: _new(cell_secretary, tree, org="DUK-BK-CK"), raises=OutOfScope)
    # the grassroots secretary may make a cell's secretary below them ...
    user, _p = _new(bk_secretary, tree, role="secretary")
    assert user.role_assignments.get().role == "secretary"


def test_on_their_own_organization_only_their_own_managing_role(tree, office, bk_secretary):
    refused(
        lambda: _new(bk_secretary, tree, org="DUK-BK", role="staff", username="x1"),
        "You cannot give or end the role “Office staff” on Đảng bộ Trường Đại học Bách khoa",
        field="role",
    )
    refused(lambda: _new(office, tree, org="DUK", role="secretary", username="x2"), field="role")
    assert _new(office, tree, org="DUK", role="staff", username="x3")[0].is_active
    assert _new(bk_secretary, tree, org="DUK-BK", role="committee_member", username="x4")[0]


def test_grant_and_end_a_role_with_dates(tree, office, cell_secretary):
    user, _p = _new(office, tree)
    a = services.grant_user_role(
        user,
        role="committee_member",
        organization=tree["DUK-BK-CNTT"],
        valid_from=D(2025, 2, 1),
        valid_to=D(2030, 2, 1),
        actor=cell_secretary,
    )
    assert (a.valid_from, a.valid_to) == (D(2025, 2, 1), D(2030, 2, 1))
    refused(
        lambda: services.grant_user_role(
            user, role="committee_member", organization=tree["DUK-BK-CNTT"],
            valid_from=D(2029, 1, 1), actor=cell_secretary,
        ),
        "already holds the role “Committee member” on Chi bộ Khoa Công nghệ thông tin",
    )  # fmt: skip
    refused(
        lambda: services.grant_user_role(
            user, role="group_leader", organization=tree["DUK-BK-CNTT"],
            valid_from=D(2025, 2, 1), valid_to=D(2025, 2, 1), actor=cell_secretary,
        ),
        "The role must end after it starts (01/02/2025).", field="valid_to",
    )  # fmt: skip
    refused(
        lambda: services.end_user_role(a, ended_on=D(2025, 2, 1), actor=cell_secretary),
        "The role must end after it starts (01/02/2025).",
        field="ended_on",
    )
    ended = services.end_user_role(a, ended_on=D(2026, 1, 1), actor=cell_secretary)
    assert ended.valid_to == D(2026, 1, 1)
    assert list(AccountChange.objects.filter(user=user).values_list("kind", "actor__username")) == [
        ("role_ended", "bithu_cntt"),
        ("role_granted", "bithu_cntt"),
        ("created", "vanphong"),
    ]
    assert [h.valid_to for h in RoleAssignment.history.filter(id=a.pk).order_by("history_id")] == [
        D(2030, 2, 1),
        D(2026, 1, 1),
    ]
    refused(
        lambda: services.end_user_role(ended, ended_on=D(2026, 6, 1), actor=cell_secretary),
        "This role already ended on 01/01/2026.",
    )


def test_a_user_outside_the_scope_does_not_exist(tree, cell_secretary, bk_secretary):
    other = add_user("ck", organization=tree["DUK-BK-CK"], role="member", password=PASSWORD)
    refused(lambda: services.reset_password(other, actor=cell_secretary), raises=OutOfScope)
    refused(lambda: services.deactivate_user(other, actor=cell_secretary), raises=OutOfScope)
    refused(
        lambda: services.grant_user_role(
            other, role="member", organization=tree["DUK-BK-CNTT"], valid_from=D(2025, 1, 1),
            actor=cell_secretary,
        ),
        raises=OutOfScope,
    )  # fmt: skip
    assignment = other.role_assignments.get()
    refused(
        lambda: services.end_user_role(assignment, ended_on=D(2026, 1, 1), actor=cell_secretary),
        raises=OutOfScope,
    )
    assert set(services.users_managed_by(cell_secretary)) == {cell_secretary}
    assert set(services.users_managed_by(bk_secretary)) == {bk_secretary, cell_secretary, other}


def test_reset_password(tree, office, cell_secretary):
    password = services.reset_password(cell_secretary, actor=office)
    assert authenticate(username="bithu_cntt", password=PASSWORD) is None
    assert authenticate(username="bithu_cntt", password=password) == cell_secretary
    assert services.reset_password(cell_secretary, password="mot-mat-khau-moi-7", actor=office) == (
        "mot-mat-khau-moi-7"
    )
    refused(
        lambda: services.reset_password(cell_secretary, password="bithu_cntt", actor=office),
        field="password",
    )
    refused(
        lambda: services.reset_password(office, actor=office),
        "Change your own password on the “Change password” page.",
    )
    kinds = AccountChange.objects.filter(user=cell_secretary).values_list("kind", flat=True)
    assert list(kinds) == ["password_reset", "password_reset"]


def test_a_user_with_a_role_above_is_managed_from_above_only(tree, office, cell_secretary):
    # the office's staff member also sits in the cell: the cell secretary may not lock them out
    add_user("vanphong", organization=tree["DUK-BK-CNTT"], role="member")
    refused(
        lambda: services.reset_password(office, actor=cell_secretary),
        "This user also holds the role “Office staff” on Đảng ủy Khối các trường Đại học",
    )
    refused(lambda: services.deactivate_user(office, actor=cell_secretary), "outside your scope")


def test_deactivate(tree, office, bk_secretary, cell_secretary):
    services.deactivate_user(cell_secretary, actor=bk_secretary)
    cell_secretary.refresh_from_db()
    assert cell_secretary.is_active is False
    assert authenticate(username="bithu_cntt", password=PASSWORD) is None
    refused(
        lambda: services.deactivate_user(cell_secretary, actor=bk_secretary),
        "This account is already deactivated.",
    )
    refused(
        lambda: services.grant_user_role(
            cell_secretary, role="member", organization=tree["DUK-BK-CNTT"],
            valid_from=D(2025, 1, 1), actor=bk_secretary,
        ),
        "This account is deactivated",
    )  # fmt: skip
    refused(
        lambda: services.deactivate_user(bk_secretary, actor=bk_secretary),
        "You cannot deactivate your own account.",
    )
    assert AccountChange.objects.get(user=cell_secretary).kind == "deactivated"


def test_the_last_office_user_of_the_root_stays(tree, office):
    root = User.objects.create_superuser("quantri", password=PASSWORD)
    message = "vanphong is the last active office staff of Đảng ủy Khối các trường Đại học"
    refused(lambda: services.deactivate_user(office, actor=root), message)
    staff_role = office.role_assignments.get()
    refused(
        lambda: services.end_user_role(
            staff_role, ended_on=timezone.localdate() + dt.timedelta(days=1), actor=root
        ),
        message,
    )
    second, _p = _new(office, tree, org="DUK", role="staff", username="vanphong2")
    services.deactivate_user(office, actor=second)
    refused(lambda: services.deactivate_user(second, actor=root), "vanphong2 is the last")


@pytest.mark.django_db(transaction=True)
def test_each_step_on_a_real_transaction(tree, office, cell_secretary):
    user, password = _new(cell_secretary, tree)
    role = services.grant_user_role(
        user, role="group_leader", organization=tree["DUK-BK-CNTT"], valid_from=D(2025, 3, 1),
        actor=cell_secretary,
    )  # fmt: skip
    services.end_user_role(role, ended_on=D(2026, 3, 1), actor=cell_secretary)
    new_password = services.reset_password(user, actor=cell_secretary)
    services.deactivate_user(user, actor=office)
    user.refresh_from_db()
    assert (user.is_active, user.check_password(new_password), new_password != password) == (
        False,
        True,
        True,
    )
    assert list(
        AccountChange.objects.filter(user=user).order_by("pk").values_list("kind", flat=True)
    ) == ["created", "role_granted", "role_ended", "password_reset", "deactivated"]
    refused(lambda: services.deactivate_user(office, actor=office), "your own account")
