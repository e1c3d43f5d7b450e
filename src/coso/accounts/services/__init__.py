"""Users and their role assignments."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coso.orgs.models import Organization

from ..choices import Role
from ..models import RoleAssignment


@transaction.atomic
def add_user(
    username: str,
    *,
    organization: Organization,
    role: str,
    password: str | None = None,
    full_name: str = "",
    valid_from: dt.date | None = None,
    actor=None,
):
    """Create (or reuse) a user and give them `role` on `organization` from `valid_from`.

    A password must pass AUTH_PASSWORD_VALIDATORS (length, likeness to the username and name,
    common, all digits): a refused one raises ValidationError {"password": [...]} and nothing is
    written."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    if full_name:
        parts = full_name.split()
        user.last_name = " ".join(parts[:-1])
        user.first_name = parts[-1] if parts else ""
    if password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.error_list}) from None
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    ra, _created = RoleAssignment.objects.get_or_create(
        user=user,
        organization=organization,
        role=role,
        valid_to=None,
        defaults={"valid_from": valid_from or timezone.localdate()},
    )
    return user


@transaction.atomic
def grant_role(
    user, *, organization: Organization, role: str, valid_from: dt.date, actor=None
) -> RoleAssignment:
    """Give `user` `role` on `organization` from `valid_from`; an open assignment of the same
    role there is kept (and returned) rather than doubled. The caller checks that `actor`
    may grant it (committees: from the roster)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    existing = (
        RoleAssignment.objects.select_for_update()
        .filter(user=user, organization=organization, role=role, valid_to__isnull=True)
        .order_by("valid_from", "pk")
        .first()
    )
    if existing is not None:
        return existing
    return RoleAssignment.objects.create(
        user=user, organization=organization, role=role, valid_from=valid_from
    )


@transaction.atomic
def end_role(assignment: RoleAssignment, *, valid_to: dt.date, actor=None) -> RoleAssignment:
    """End a role assignment on `valid_to` (exclusive); one already ended is left as it is."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.valid_to is not None:
        return assignment
    if assignment.valid_from is not None and valid_to < assignment.valid_from:
        valid_to = assignment.valid_from
    assignment.valid_to = valid_to
    assignment.save(update_fields=["valid_to"])
    return assignment


# --- the second factor (TOTP app + backup codes); policy and gate in accounts/otp.py ---------

#: backup codes handed out at enrolment (and on regeneration), each usable once
BACKUP_CODE_COUNT = 10
#: name of the device rows (shown in the admin)
APP_DEVICE_NAME = "app"
BACKUP_DEVICE_NAME = "backup"


def _normalize_code(code: str) -> str:
    """A typed code without spaces or dashes, lower case (backup codes are shown grouped)."""
    return re.sub(r"[\s\-]", "", code or "").lower()


def _throttle_wait(device) -> int:
    """Seconds before `device` accepts another try (django-otp doubles the wait after each
    wrong code: 1, 2, 4 … seconds)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    return max(0, int((data["locked_until"] - timezone.now()).total_seconds() + 0.999))


@transaction.atomic
def start_totp_enrolment(user) -> TOTPDevice:
    """The user's unconfirmed app device, made if there is none: its key is shown (QR code and
    text) until a code from the app confirms it. Reloading the page keeps the same key."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("id")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp_enrolment(device: TOTPDevice, code: str) -> tuple[list[str] | None, int]:
    """Confirm `device` with a code from the app and hand out new backup codes: (codes, 0), the
    codes to be shown once. A wrong code gives (None, seconds before the next try): nothing is
    confirmed, and the device's failure count (its throttle) goes up."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed:
        return None, 0
    if not device.verify_token(_normalize_code(code)):
        return None, _throttle_wait(device)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # one app device per user: older unconfirmed attempts go
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
    return regenerate_backup_codes(device.user), 0


@transaction.atomic
def regenerate_backup_codes(user) -> list[str]:
    """Replace the user's backup codes by `BACKUP_CODE_COUNT` new ones (returned, shown once)."""
    device, _created = StaticDevice.objects.select_for_update().get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def verify_code(user, code: str) -> tuple[Device | None, int]:
    """Check a code typed after the password: (the device that accepted it, 0), or (None,
    seconds before the next try is allowed). Six digits go to the app's device, anything else to
    the backup codes, so that a mistyped code of one kind does not throttle the other. A backup
    code is spent when it is accepted."""
    code = _normalize_code(code)
    model = TOTPDevice if re.fullmatch(r"\d{6}", code) else StaticDevice
    devices = list(model.objects.select_for_update().filter(user=user, confirmed=True))
    for device in devices:
        if device.verify_token(code):
            return device, 0
    return None, max((_throttle_wait(device) for device in devices), default=0)


@transaction.atomic
def reset_otp(user) -> int:
    """Remove every second-factor device of `user` (the office's step when a phone is lost):
    their sessions stop being verified, and at the next login they enrol again. Returns how many
    devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    return removed
