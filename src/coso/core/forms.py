"""Form helpers the apps' views share: a service's refusal shown on the form, and the end of an
edit that a service saves under optimistic locking (`core.audit.save_versioned`)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .audit import ConcurrentEditError


def add_service_error(form: forms.BaseForm, error: ValidationError, field_map: dict | None = None):
    """Show a ValidationError raised by a service on the form, on the field it names if the form has it."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = field_map.get(field, field)
        if name not in form.fields or name == NON_FIELD_ERRORS:
            name = None
        form.add_error(name, errors)


def save_edit(
    request: HttpRequest,
    form: forms.BaseForm,
    changes: dict,
    save: Callable[..., object],
    done_url: str,
) -> HttpResponse | None:
    """Save a valid edit form's `changes` with `save(changes, expected_version=, actor=)`.

    Nothing changed: say so and go to `done_url`. Saved: say so and go there. Refused by the
    service (a stale version: someone else saved first; or a rule): its message goes on the
    form and None is returned, for the view to show the form again with `form_status(form)`
    (409 Conflict for a stale version, as the API answers).
    """
    if not changes:
        messages.info(request, _("Nothing was changed."))
        return redirect(done_url)
    try:
        save(changes, expected_version=form.cleaned_data["version"], actor=request.user)
    except ValidationError as error:
        add_service_error(form, error)
        form.stale_edit = isinstance(error, ConcurrentEditError)
        return None
    messages.success(request, _("The record was saved."))
    return redirect(done_url)


def form_status(form: forms.BaseForm) -> int:
    """The status of a page showing `form` again: 409 when `save_edit` found the edit stale."""
    return 409 if getattr(form, "stale_edit", False) else 200
