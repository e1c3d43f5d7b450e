"""View helpers the apps share: the door and the end of an action view (a form posted to one
step), a stored attachment as a download, a built .xlsx as a download, and a user's name as
pages show it."""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Callable
from typing import IO, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ..db.result_cache import cached
from ..forms import add_service_error
from ..sheets.writer import XLSX_CONTENT_TYPE


def form_action(
    request: HttpRequest,
    form: forms.BaseForm,
    perform: Callable[[dict[str, Any]], Any],
    *,
    success: Callable[[Any], str],
    done_url: str | Callable[[Any], str],
    show_again: Callable[[forms.BaseForm], HttpResponse],
) -> HttpResponse:
    """Run a posted action form through its service step.

    Valid: `perform(form.cleaned_data)` calls the service; done, `success(its result)` is the
    message and the answer goes to `done_url` (or to `done_url(result)`, when the place depends
    on what the step made). Invalid, or refused by the service (its message
    goes on the form, `add_service_error`): `show_again(form)` renders the page with the form
    and its errors. The object itself was looked up by the view first (out of scope: 404).
    """
    if form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success(result))
            return redirect(done_url(result) if callable(done_url) else done_url)
    return show_again(form)


def organization_step(
    lookup: Callable[[HttpRequest, str], Any], require: Callable[[Any, Any], None]
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """The door of an action view posted on the organization of its URL (`code`): logged in
    and POST only; `lookup(request, code)` finds the organization among those the user may
    see (else a 404) and `require(user, organization)` lets through only who may act on it
    (else it raises: `OutOfScope`, a 404). The view is then called as
    `view(request, organization)`."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @require_POST
        @functools.wraps(view)
        def door(request: HttpRequest, code: str) -> HttpResponse:
            organization = lookup(request, code)
            require(request.user, organization)
            return view(request, organization)

        return door

    return decorate


def person_name(user) -> str:
    """A user's name in Vietnamese order (family and middle names, then given name)."""
    if user is None:
        return ""
    return " ".join(p for p in (user.last_name, user.first_name) if p) or user.get_username()


def attachment_response(field) -> FileResponse:
    """A stored file (a `FileField`'s value) as a download; no file, or a lost one: 404."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


def xlsx_download(write: Callable[[IO[bytes]], Any], filename: str) -> FileResponse:
    """An .xlsx built by `write(file)` as a download named `filename`.

    xlsx is a zip whose index comes last, so it is built in a temporary file (rows flushed as
    they are written) and then streamed; the file disappears when the response is closed (or at
    once, when `write` fails).
    """
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        write(spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def kept_xlsx_download(
    name: str, parts: str, write: Callable[[IO[bytes]], Any], filename: str
) -> FileResponse:
    """`xlsx_download` of a file kept until a table it read changes (`result_cache`; `name`
    and `parts` as there): for files of a few hundred kilobytes, not whole registries."""

    def written() -> bytes:
        out = io.BytesIO()
        write(out)
        return out.getvalue()

    data = cached(name, parts, written)
    return xlsx_download(lambda f: f.write(data), filename)


def organization_or_404(queryset, code: str):
    """The organization of `queryset` (scoped by the caller) with the code of a URL, read as
    everywhere (`by_code`: letter case and spaces do not matter); else a 404."""
    found = queryset.by_code(code)
    if found is None:
        raise Http404
    return found
