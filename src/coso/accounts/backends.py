"""Django's password backend behind the login throttle (`throttle`).

Every password login that comes with a request goes through `authenticate()`, whichever form
or page asks (the site's login, the admin's, any later step), so the throttle sits here rather
than in one form. Calls without a request (the test client's `login`, management commands)
are not web logins and are not counted.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if request is None or username is None or password is None:
            return super().authenticate(request, username, password, **kwargs)
        attempt = throttle.Attempt(request, username)
        until = attempt.locked_until() or attempt.reserve()
        if until:
            throttle.refuse(request, until, after_failure=False)
            return None
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            until = attempt.locked_until()
            if until:
                throttle.refuse(request, until, after_failure=True)
        else:
            attempt.succeeded()
        return user
