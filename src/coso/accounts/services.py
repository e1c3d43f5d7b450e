"""Users and their role assignments."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.orgs.models import Organization

from .choices import Role
from .models import RoleAssignment


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
    """Create (or reuse) a user and give them `role` on `organization` from `valid_from`."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if full_name:
        parts = full_name.split()
        user.last_name = " ".join(parts[:-1])
        user.first_name = parts[-1] if parts else ""
    if password:
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
