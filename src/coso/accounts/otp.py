"""The second factor (TOTP, django-otp): who must have one, and the gate that enforces it.

After Django's password login a session is *authenticated* but not *verified*. Until it is
verified, a user who has a confirmed device is sent to the code page, and a user who must have
one (`otp_required`) but has none is sent to enrolment; no other page, and no API call made with
the session, is served to them. Users who need not have one and have none pass as before.

API tokens are not affected: they are issued by the office with the CLI to programs, not typed
by people, and a token request carries no session to verify.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.admin import AdminSite
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied

from coso.orgs.choices import COMMITTEE_KINDS

from .choices import Role

#: roles that require a second factor on any organization: the committee offices' staff
OTP_ROLES_ANYWHERE = frozenset({Role.STAFF})
#: roles that require it when held on a committee (superior, grassroots committee,
#: sub-committee); the same roles on a cell or a grassroots cell leave it optional
OTP_COMMITTEE_ROLES = frozenset(
    {
        Role.SECRETARY,
        Role.DEPUTY_SECRETARY,
        Role.COMMITTEE_MEMBER,
        Role.STANDING_MEMBER,
        Role.INSPECTION_CHAIR,
        Role.INSPECTION_MEMBER,
    }
)

#: what a session must do before anything else
VERIFY = "verify"
ENROL = "enrol"

#: URL names an unverified session may still open
EXEMPT_URL_NAMES = frozenset({"login", "logout", "set_language", "otp_verify", "otp_setup"})

PENDING_API_MESSAGE = _(
    "Two-step verification is not complete. Log in on the site and enter the code from "
    "your authenticator app first."
)


def _required_roles(user_ref):
    # lazy: settings name this module (MIDDLEWARE, DRF's authentication classes), which DRF
    # may import before the models are loaded
    from .models import RoleAssignment

    return (
        RoleAssignment.objects.current()
        .filter(user_id=user_ref)
        .filter(
            Q(role__in=OTP_ROLES_ANYWHERE)
            | Q(role__in=OTP_COMMITTEE_ROLES, organization__kind__in=COMMITTEE_KINDS)
        )
    )


def otp_required(user) -> bool:
    """Whether `user` must have a second factor: office staff on any organization, committee
    roles on a committee, and anyone who may open the admin site. One query, cached on `user`."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    cached = getattr(user, "_coso_otp_required", None)
    if cached is None:
        cached = user._coso_otp_required = _required_roles(user.pk).exists()
    return cached


def pending_step(user) -> str | None:
    """`VERIFY` (enter a code), `ENROL` (set up a device first) or None (nothing to do).

    A verified session costs no query here (OTPMiddleware has loaded its device); an unverified
    one costs one: whether the user has a confirmed device, and whether they must have one."""
    if not user.is_authenticated or user.is_verified():
        return None
    cached = getattr(user, "_coso_otp_pending", False)
    if cached is not False:
        return cached
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def confirmed(model):
        return Exists(model.objects.filter(user_id=OuterRef("pk"), confirmed=True))

    has_app, has_backup, required = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .values_list(
            confirmed(TOTPDevice), confirmed(StaticDevice), Exists(_required_roles(OuterRef("pk")))
        )
        .get()
    )
    if has_app or has_backup:
        step = VERIFY
    elif required or user.is_superuser or user.is_staff:
        step = ENROL
    else:
        step = None
    user._coso_otp_pending = step
    return step


def step_url(step: str, next_url: str = "") -> str:
    url = reverse("otp_verify" if step == VERIFY else "otp_setup")
    return f"{url}?next={quote(next_url)}" if next_url else url


class OTPRequiredMiddleware:
    """Sends an unverified session to the code page or to enrolment (after OTPMiddleware).

    DRF views are left to `VerifiedSessionAuthentication`: a token request is not concerned,
    and a session request gets a 403 in JSON rather than a redirect to a page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        from rest_framework.views import APIView  # not at import: DRF's settings name this module

        cls = getattr(view_func, "cls", None)
        if isinstance(cls, type) and issubclass(cls, APIView):
            return None
        if request.resolver_match.url_name in EXEMPT_URL_NAMES:
            return None
        step = pending_step(request.user)
        if step is None:
            return None
        if request.headers.get("HX-Request"):
            # a fragment request: the whole page goes to the step (htmx would swap the step's
            # page into the fragment's place)
            return HttpResponseClientRedirect(step_url(step))
        return redirect(step_url(step, request.get_full_path()))


class VerifiedSessionAuthentication(SessionAuthentication):
    """DRF's session authentication, refusing (403) a session that has not passed the second
    factor it needs."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and pending_step(result[0]) is not None:
            raise PermissionDenied(PENDING_API_MESSAGE)
        return result


class VerifiedAdminSite(AdminSite):
    """The admin site, open only to verified sessions (everyone who may open it must have a
    second factor: `otp_required` is true for `is_staff`)."""

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()
