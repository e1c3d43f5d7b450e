"""Error answers in Vietnamese: pages in the site's layout, JSON under /api/.

Django's own 400, 403, 404, 500 and CSRF-failure pages are short English texts with no way
back. These views (handler400/403/404/500 in coso/urls.py, CSRF_FAILURE_VIEW in settings)
say in the user's language what happened and offer the way back: the previous page when the
browser came from this site, and the home page. Under /api/ the same errors are JSON
`{"detail": "…"}` as the rest of the API answers them.

The 500 page is rendered without the request: no session, no user, no database, so it still
renders when the database is what failed.
"""

from __future__ import annotations

from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    400: (
        _("Bad request"),
        _("The request could not be understood. Check what you entered and try again."),
    ),
    403: (
        _("Access denied"),
        _(
            "You do not have the right to see this page or do this. If you think you should, "
            "ask the office of your party committee."
        ),
    ),
    404: (
        _("Page not found"),
        _(
            "The page you asked for does not exist, or is outside the organizations you "
            "manage. Check the address, or go back and choose again."
        ),
    ),
    413: (
        _("The request is too large"),
        _(
            "What you sent is larger than the server accepts. Send a smaller file, or fewer "
            "rows at a time."
        ),
    ),
    500: (
        _("Server error"),
        _(
            "Something went wrong on the server and nothing was saved by this request. The "
            "error has been recorded; please try again in a few minutes."
        ),
    ),
    "csrf": (
        _("The form could not be sent"),
        _(
            "For your security the form was refused: the page stayed open too long, you "
            "logged in again in another tab, or this browser blocks cookies. Go back, reload "
            "the page and send the form again."
        ),
    ),
}


# under /api/ the short messages the API's own errors carry (DRF's, translated)
API_MESSAGES = {
    400: _("Malformed request."),
    403: _("You do not have permission to perform this action."),
    404: _("Not found."),
    413: _("The request is larger than the server accepts."),
    "csrf": _("You do not have permission to perform this action."),
}


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def _back_url(request) -> str:
    """The page the browser came from, when it is a page of this site (never an open redirect)."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return ""
    try:
        host, here = request.get_host(), request.build_absolute_uri()
    except DisallowedHost:  # the 400 for a Host header not in ALLOWED_HOSTS
        return ""
    if referer != here and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _answer(request, key, status: int):
    if is_api(request):
        return JsonResponse({"detail": str(API_MESSAGES[key])}, status=status)
    title, message = MESSAGES[key]
    context = {"status": status, "title": title, "message": message, "back": _back_url(request)}
    return render(request, "error.html", context, status=status)


def bad_request(request, exception=None):
    """handler400; a body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 (Payload Too Large)."""
    if isinstance(exception, RequestDataTooBig):
        return _answer(request, 413, 413)
    return _answer(request, 400, 400)


def permission_denied(request, exception=None):
    return _answer(request, 403, 403)


def page_not_found(request, exception=None):
    return _answer(request, 404, 404)


def csrf_failure(request, reason=""):
    return _answer(request, "csrf", 403)


def server_error(request):
    """handler500: nothing here may touch the database, the session or the user."""
    title, message = MESSAGES[500]
    if is_api(request):
        return JsonResponse({"detail": str(message)}, status=500)
    context = {"status": 500, "title": title, "message": message, "back": _back_url(request)}
    return HttpResponseServerError(loader.get_template("500.html").render(context))
