"""Users and roles managed in the browser by the office and the secretaries, one step each.

Who may act on what (`USER_ADMIN_ROLES`, `scope.admin_paths`):

- an actor acts only inside the subtrees where they hold office staff or secretary: a role on
  an organization outside them, or a user who holds no role there, is out of scope (a 404,
  nothing written);
- on the organization where the actor's own such role sits, they may give (or end) only the
  account-administering role they hold there, or a role that administers no accounts: a staff
  member does not make the committee's secretary, and nobody gives a role above their own;
- a user's password is reset and the account deactivated only by an actor whose scope covers
  every current role of that user; nobody deactivates themselves, and the last active office
  staff of a tree's root stays.

Every step writes an `AccountChange` (who, what, when); role rows keep their field history.
The system (`actor=None`: the command line, the demo) is not limited.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from coso.core.dates import format_date
from coso.core.scope import NOTHING, OutOfScope, covers, is_system
from coso.orgs.models import Organization

from ..choices import USER_ADMIN_ROLES, AccountChangeKind, Role
from ..models import AccountChange, RoleAssignment
from ..scope import admin_paths, admin_roles_at

#: a generated password: no look-alike characters (0/O, 1/l/I), read aloud over the phone
PASSWORD_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 12


def may_manage_users(actor) -> bool:
    """Whether `actor` sees the users-and-roles pages (no query beyond the cached scope)."""
    return admin_paths(actor) != []


def users_managed_by(actor):
    """The users holding (or having held) a role in `actor`'s account scope."""
    User = get_user_model()
    paths = admin_paths(actor)
    if paths is None:
        return User.objects.all()
    return User.objects.filter(
        Exists(RoleAssignment.objects.filter(_on_paths(paths), user=OuterRef("pk")).order_by())
    )


def assignments_managed_by(actor):
    """The role assignments on organizations in `actor`'s account scope."""
    paths = admin_paths(actor)
    if paths is None:
        return RoleAssignment.objects.all()
    return RoleAssignment.objects.filter(_on_paths(paths))


def _on_paths(paths: list[str]) -> Q:
    """Role assignments on an organization under one of `paths`."""
    q = NOTHING
    for p in paths:
        q |= Q(organization__path__startswith=p)
    return q


def check_grant(actor, organization: Organization, role: str) -> None:
    """Refuse a role `actor` may not give (or end) on `organization` (see the module)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    if is_system(actor):
        return
    paths = admin_paths(actor)
    if paths is None:
        return
    if not covers(paths, organization.path):
        raise OutOfScope
    strictly_below = any(
        organization.path.startswith(p) and organization.path != p for p in _all_admin_paths(actor)
    )
    if (
        role in USER_ADMIN_ROLES
        and not strictly_below
        and role not in admin_roles_at(actor, organization.path)
    ):
        raise ValidationError(
            {
                "role": _(
                    "You cannot give or end the role “%(role)s” on %(organization)s: only a "
                    "superior committee's office does. On the organization of your own role you "
                    "manage your own role and the roles that manage no accounts."
                )
                % {"role": Role(role).label, "organization": organization.name}
            }
        )


def _all_admin_paths(actor) -> list[str]:
    return list(getattr(actor, "_coso_admin_roles", {}))


def _lock_user(user):
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def _require_visible(actor, user) -> None:
    if not is_system(actor) and not users_managed_by(actor).filter(pk=user.pk).exists():
        raise OutOfScope


def _require_whole_user(actor, user) -> None:
    """Refuse a change to an account whose current roles are not all in `actor`'s scope."""
    _require_visible(actor, user)
    if is_system(actor) or actor.is_superuser:
        return
    if user.is_superuser:
        raise ValidationError(_("Only a system administrator manages this account."))
    outside = [
        a
        for a in RoleAssignment.objects.current().filter(user=user).select_related("organization")
        if not covers(admin_paths(actor), a.organization.path)
    ]
    if outside:
        raise ValidationError(
            _(
                "This user also holds the role “%(role)s” on %(organization)s, outside your "
                "scope: ask that organization's office."
            )
            % {"role": outside[0].get_role_display(), "organization": outside[0].organization.name}
        )


def _check_dates(valid_from: dt.date, valid_to: dt.date | None) -> None:
    if valid_to is not None and valid_to <= valid_from:
        raise ValidationError(
            {"valid_to": _("The role must end after it starts (%(date)s).")
             % {"date": format_date(valid_from)}}
        )  # fmt: skip


def _log(user, kind, actor, *, assignment=None, detail: str = "") -> AccountChange:
    return AccountChange.objects.create(
        user=user,
        kind=kind,
        actor=None if is_system(actor) else actor,
        assignment=assignment,
        detail=detail[:255],
    )


def _role_detail(assignment: RoleAssignment) -> str:
    end = f" – {format_date(assignment.valid_to)}" if assignment.valid_to else ""
    return (
        f"{assignment.get_role_display()}, {assignment.organization.name} "
        f"({assignment.organization.code}), {format_date(assignment.valid_from)}{end}"
    )


def _new_assignment(user, organization, role, valid_from, valid_to, actor) -> RoleAssignment:
    overlapping = RoleAssignment.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from),
        user=user,
        organization=organization,
        role=role,
    )
    if valid_to is not None:
        overlapping = overlapping.filter(Q(valid_from__isnull=True) | Q(valid_from__lt=valid_to))
    if overlapping.exists():
        raise ValidationError(
            {"role": _("This user already holds the role “%(role)s” on %(organization)s in "
                       "that period.") % {"role": Role(role).label, "organization": organization.name}}
        )  # fmt: skip
    assignment = RoleAssignment(
        user=user, organization=organization, role=role, valid_from=valid_from, valid_to=valid_to
    )
    assignment._history_user = None if is_system(actor) else actor
    assignment.save()
    return assignment


def _checked_password(user, password: str | None) -> str:
    if not password:
        password = get_random_string(PASSWORD_LENGTH, PASSWORD_CHARS)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None
    return password


@transaction.atomic
def create_user(
    *,
    username: str,
    full_name: str,
    organization: Organization,
    role: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    password: str | None = None,
    actor=None,
):
    """A new account with its first role. Returns (user, the password to hand over once): the
    one given (checked by the password validators) or a generated one."""
    User = get_user_model()
    username = (username or "").strip()
    check_grant(actor, organization, role)
    _check_dates(valid_from, valid_to)
    if not username:
        raise ValidationError({"username": _("Enter a username.")})
    try:  # letters, digits and @ . + - _ only, at most 150 (the user model's own rules)
        User._meta.get_field("username").run_validators(username)
    except ValidationError as error:
        raise ValidationError({"username": error.messages}) from error
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("The username “%(username)s” is taken: choose another one.")
             % {"username": username}}
        )  # fmt: skip
    family, *rest = full_name.split() or [""]
    user = User(username=username, last_name=" ".join([family, *rest[:-1]]).strip())
    user.first_name = rest[-1] if rest else ""
    if not rest:
        user.last_name, user.first_name = "", family
    password = _checked_password(user, password)
    user.set_password(password)
    user.save()
    assignment = _new_assignment(user, organization, role, valid_from, valid_to, actor)
    _log(user, AccountChangeKind.CREATED, actor, assignment=assignment,
         detail=_role_detail(assignment))  # fmt: skip
    return user, password


@transaction.atomic
def grant_user_role(
    user,
    *,
    role: str,
    organization: Organization,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    actor=None,
) -> RoleAssignment:
    """Give `user` `role` on `organization` from `valid_from` (to `valid_to`, exclusive)."""
    _require_visible(actor, user)
    check_grant(actor, organization, role)
    _check_dates(valid_from, valid_to)
    user = _lock_user(user)  # one grant at a time for a user: no doubled period
    if not user.is_active:
        raise ValidationError(_("This account is deactivated: it gets no new role."))
    assignment = _new_assignment(user, organization, role, valid_from, valid_to, actor)
    _log(user, AccountChangeKind.ROLE_GRANTED, actor, assignment=assignment,
         detail=_role_detail(assignment))  # fmt: skip
    return assignment


def _root_staff(organization: Organization):
    return RoleAssignment.objects.current().filter(organization=organization, role=Role.STAFF)


def _keep_last_office_user(user, actor, roles) -> None:
    """Refuse to take away the last active office staff of a root among `roles` (locked)."""
    for assignment in roles:
        org = assignment.organization
        if assignment.role != Role.STAFF or org.depth != 1:
            continue
        staff_ids = list(
            get_user_model()
            .objects.select_for_update()
            # is_active on the locked rows: re-read after a concurrent deactivation commits
            .filter(pk__in=_root_staff(org).values("user_id"), is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if set(staff_ids) <= {user.pk}:
            raise ValidationError(
                _("%(name)s is the last active office staff of %(organization)s: give the role "
                  "to someone else first.") % {"name": user.get_username(), "organization": org.name}
            )  # fmt: skip


@transaction.atomic
def end_user_role(assignment: RoleAssignment, *, ended_on: dt.date, actor=None) -> RoleAssignment:
    """End a role on `ended_on` (exclusive: the last day is the day before)."""
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("organization", "user")
        .get(pk=assignment.pk)
    )
    check_grant(actor, assignment.organization, assignment.role)
    if assignment.valid_to is not None and assignment.valid_to <= timezone.localdate():
        raise ValidationError(
            _("This role already ended on %(date)s.") % {"date": format_date(assignment.valid_to)}
        )
    if assignment.valid_from is not None and ended_on <= assignment.valid_from:
        raise ValidationError(
            {"ended_on": _("The role must end after it starts (%(date)s).")
             % {"date": format_date(assignment.valid_from)}}
        )  # fmt: skip
    if assignment.user.is_active:
        _keep_last_office_user(assignment.user, actor, [assignment])
    assignment.valid_to = ended_on
    assignment._history_user = None if is_system(actor) else actor
    assignment.save(update_fields=["valid_to"])
    _log(assignment.user, AccountChangeKind.ROLE_ENDED, actor, assignment=assignment,
         detail=_role_detail(assignment))  # fmt: skip
    return assignment


@transaction.atomic
def reset_password(user, *, password: str | None = None, actor=None) -> str:
    """Give `user` a new password (the one given, checked, or a generated one), returned to be
    handed over once; their open sessions end (Django ties a session to the password)."""
    if not is_system(actor) and actor.pk == user.pk:
        raise ValidationError(_("Change your own password on the “Change password” page."))
    _require_whole_user(actor, user)
    user = _lock_user(user)
    password = _checked_password(user, password)
    user.set_password(password)
    user.save(update_fields=["password"])
    _log(user, AccountChangeKind.PASSWORD_RESET, actor)
    return password


@transaction.atomic
def deactivate_user(user, *, actor=None):
    """Switch the account off: no more logins, its sessions and API tokens refused; roles and
    history are kept."""
    if not is_system(actor) and actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    _require_whole_user(actor, user)
    roles = RoleAssignment.objects.current().filter(user=user).select_related("organization")
    # the root's office staff are locked first, then the user (the same order everywhere)
    _keep_last_office_user(user, actor, list(roles))
    user = _lock_user(user)
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    _log(user, AccountChangeKind.DEACTIVATED, actor)
    return user
