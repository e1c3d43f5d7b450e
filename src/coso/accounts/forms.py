"""The login form, with throttling of failed attempts.

Throttling keeps counters in Django's cache framework. The project configures no CACHES, so the
default LocMemCache is used: counters live in one process's memory. That is enough for a single
process (``coso runserver`` or one gunicorn worker), but with several workers each keeps its own
counters (an attacker gets 5 tries per worker) and a restart forgets them. A deployment with
several workers should set a shared cache (database or Redis cache backend) in CACHES.
"""

from __future__ import annotations

import time

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from coso.core.text import fold

#: failed attempts allowed for one username or one IP address within the window
MAX_FAILURES = 5
#: the window in which failures are counted, and how long a lock lasts (seconds)
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60

LOCKED_MESSAGE = _(
    "Too many failed login attempts. Login is locked for %(minutes)d minutes; please try again later."
)


def client_ip(request) -> str:
    """The client address. REMOTE_ADDR only: X-Forwarded-For can be forged by anyone, so a
    deployment behind a reverse proxy must set REMOTE_ADDR from the proxy (e.g. gunicorn's
    --forwarded-allow-ips) rather than have this code trust a header."""
    if request is None:
        return "unknown"
    return request.META.get("REMOTE_ADDR") or "unknown"


def _keys(username: str, ip: str) -> list[str]:
    keys = [f"coso:login:ip:{ip}"]
    user_key = fold(username or "").replace(" ", "_")
    if user_key:
        keys.append(f"coso:login:user:{user_key}")
    return keys


def locked_for(username: str, ip: str) -> int:
    """Seconds left on the lock for this username or IP address (0 = not locked)."""
    now = time.time()
    until = max((cache.get(f"{key}:lock") or 0) for key in _keys(username, ip))
    return max(0, int(until - now + 0.999))


def record_failure(username: str, ip: str) -> None:
    """Count one failed attempt; the 5th within the window locks that username / IP.

    get-then-set is not atomic: two simultaneous failures may count as one. Acceptable for a
    throttle whose purpose is to make guessing slow, not to count exactly.
    """
    now = time.time()
    for key in _keys(username, ip):
        failures = [t for t in (cache.get(key) or []) if t > now - WINDOW_SECONDS]
        failures.append(now)
        cache.set(key, failures, WINDOW_SECONDS)
        if len(failures) >= MAX_FAILURES:
            cache.set(f"{key}:lock", now + LOCK_SECONDS, LOCK_SECONDS)


def record_success(username: str) -> None:
    """A successful login clears the username's failures (not the IP's: one valid account must
    not reset the counter of an address that is guessing other accounts' passwords)."""
    for key in _keys(username, "unknown")[1:]:
        cache.delete(key)


def reset_all(username: str, ip: str) -> None:
    """Clear counters and locks (for tests and for an administrator unlocking an account)."""
    for key in _keys(username, ip):
        cache.delete_many([key, f"{key}:lock"])


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form; refuses to check passwords while the username or IP is locked."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is incorrect. Please check and try again."),
        "inactive": _("This account has been disabled."),
        "locked": LOCKED_MESSAGE,
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.locked = False
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-lg")

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        seconds = locked_for(username, ip)
        if seconds:
            self.locked = True
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": max(1, (seconds + 59) // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            record_failure(username, ip)
            seconds = locked_for(username, ip)
            if not seconds:
                raise
            self.locked = True
            raise forms.ValidationError(
                [
                    *error.error_list,
                    forms.ValidationError(
                        self.error_messages["locked"],
                        code="locked",
                        params={"minutes": max(1, (seconds + 59) // 60)},
                    ),
                ]
            ) from None
        record_success(username)
        return cleaned


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
