"""The login form: Django's, with labels, Vietnamese messages and the throttle's refusal.

Failed attempts are counted by the authentication backend (`throttle`, `backends`); this form
only tells the user when a refused login may be tried again.
"""

from __future__ import annotations

import math

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import throttle

LOCKED_MESSAGE = _(
    "Too many failed login attempts. Login is locked until %(time)s (%(minutes)d minutes "
    "from now); please try again then."
)


def locked_error(until) -> forms.ValidationError:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return forms.ValidationError(
        LOCKED_MESSAGE,
        code="locked",
        params={"time": timezone.localtime(until).strftime("%H:%M"), "minutes": minutes},
    )


class ThrottleMessageMixin:
    """A refused login says until when it is locked (and answers 429: `locked` is set)."""

    locked = False

    def get_invalid_login_error(self):
        refused = throttle.refusal(self.request)
        if refused is None:
            return super().get_invalid_login_error()
        until, after_failure = refused
        self.locked = True
        if after_failure:  # this wrong password reached the limit: say both
            return forms.ValidationError([super().get_invalid_login_error(), locked_error(until)])
        return locked_error(until)


class ThrottledAuthenticationForm(ThrottleMessageMixin, AuthenticationForm):
    """The site's login form."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is incorrect. Please check and try again."),
        "inactive": _("This account has been disabled."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-lg")


class ThrottledAdminAuthenticationForm(ThrottleMessageMixin, AdminAuthenticationForm):
    """The admin site's login form (staff only), with the same refusal message."""


class OTPCodeForm(forms.Form):
    """A code typed after the password: six digits from the app, or (``backup=True``) one of
    the backup codes."""

    code = forms.CharField(max_length=32, strip=True)

    def __init__(self, *args, backup: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = _("Backup code") if backup else _("6-digit code from the app")
        field.widget.attrs.update(
            {
                "class": "form-control form-control-lg text-center font-monospace",
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        )
        if not backup:
            field.widget.attrs.update({"inputmode": "numeric", "autofocus": True})
