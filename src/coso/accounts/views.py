"""Login (throttled), the home page (the user's scope and headline counts), and the user's own
account: change of password, second factor (code page, enrolment, backup codes)."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from . import otp, services
from .forms import OTPCodeForm, ThrottledAuthenticationForm
from .models import RoleAssignment


class LoginView(auth_views.LoginView):
    """Django's login view with the throttled form; a locked attempt answers 429."""

    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "locked", False):
            response.status_code = 429
        return response


def _counts(qs, field: str, choices) -> list[tuple[str, str, int]]:
    """(value, label, count) of the active rows of `qs` by `field`, in the order of `choices`,
    for the values present: one aggregate query."""
    rows = dict(qs.active().order_by().values_list(field).annotate(n=Count("id")))
    return [(value, label, rows[value]) for value, label in choices if value in rows]


@login_required
def home(request):
    """The user's scope (current role assignments) and counts for it: three aggregate queries."""
    user = request.user
    assignments = (
        RoleAssignment.objects.current()
        .filter(user=user)
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    org_counts = _counts(Organization.objects.visible_to(user), "kind", OrgKind.choices)
    member_counts = _counts(Member.objects.visible_to(user), "status", MemberStatus.choices)
    return render(
        request,
        "accounts/home.html",
        {
            "assignments": assignments,
            "org_counts": org_counts,
            "org_total": sum(n for _value, _label, n in org_counts),
            "member_counts": member_counts,
            "member_total": sum(n for _value, _label, n in member_counts),
        },
    )


# --- own account: password and the second factor (the gate is accounts/otp.py) ---------------

#: new backup codes, kept in the session from the step that made them to the one page that
#: shows them (then dropped: they are shown once)
BACKUP_CODES_SESSION_KEY = "coso_new_backup_codes"


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("home")


def _mark_verified(request, device) -> None:
    """The session passed the second factor with `device` (a new session key: the elevated
    session does not reuse the identifier of the password-only one)."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _wrong_code(wait: int) -> str:
    if wait > 1:
        return ngettext(
            "The code is wrong or already used. Try again in %(seconds)d second.",
            "The code is wrong or already used. Try again in %(seconds)d seconds.",
            wait,
        ) % {"seconds": wait}
    return gettext("The code is wrong or already used.")


@login_required
def otp_verify(request):
    """After the password: the 6-digit code from the app, or a backup code."""
    next_url = _next_url(request)
    step = otp.pending_step(request.user)
    if step is None:
        return redirect(next_url)
    if step == otp.ENROL:
        return redirect(otp.step_url(otp.ENROL, next_url))
    posted = request.POST if request.method == "POST" else None
    backup = bool(posted) and posted.get("kind") == "backup"
    form = OTPCodeForm(None if backup else posted)
    backup_form = OTPCodeForm(posted if backup else None, backup=True, auto_id="backup_%s")
    used = backup_form if backup else form
    if posted is not None and used.is_valid():
        device, wait = services.verify_code(request.user, used.cleaned_data["code"])
        if device is not None:
            _mark_verified(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    ngettext(
                        "You logged in with a backup code; %(count)d code is left.",
                        "You logged in with a backup code; %(count)d codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
        used.add_error("code", _wrong_code(wait))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "backup_form": backup_form, "backup": backup, "next": next_url},
    )


@login_required
def otp_setup(request):
    """Enrolment: the app's key as a QR code (SVG drawn here) and as text; a code confirms it."""
    next_url = _next_url(request)
    step = otp.pending_step(request.user)
    if step == otp.VERIFY:
        return redirect(otp.step_url(otp.VERIFY, next_url))
    if request.user.is_verified():
        messages.info(request, gettext("Two-step verification is already on for your account."))
        return redirect("account_security")
    device = services.start_totp_enrolment(request.user)
    form = OTPCodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        codes, wait = services.confirm_totp_enrolment(device, form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            _mark_verified(request, device)
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            messages.success(request, gettext("Two-step verification is on."))
            return redirect(f"{reverse('account_security')}?{urlencode({'next': next_url})}")
        form.add_error("code", _wrong_code(wait))
    secret = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "next": next_url,
            "required": step == otp.ENROL,
            "qr_svg": mark_safe(  # noqa: S308 - drawn here from the device's key URI
                qr.svg_inline(scale=5, border=4, title=gettext("QR code for the authenticator app"))
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@login_required
def account_security(request):
    """The user's own account: password, second factor, backup codes (regenerated on POST)."""
    user = request.user
    if request.method == "POST":
        if user.is_verified():
            request.session[BACKUP_CODES_SESSION_KEY] = services.regenerate_backup_codes(user)
            messages.success(
                request, gettext("New backup codes were made; the old ones no longer work.")
            )
        return redirect("account_security")
    app_device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    backup_left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return render(
        request,
        "accounts/security.html",
        {
            "app_device": app_device,
            "backup_left": backup_left,
            "new_codes": request.session.pop(BACKUP_CODES_SESSION_KEY, None),
            "required": otp.otp_required(user),
            "next": request.GET.get("next") and _next_url(request),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change-password page (old password, validators, session kept) in the layout."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account_security")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-lg")
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, gettext("Your password has been changed."))
        return response
