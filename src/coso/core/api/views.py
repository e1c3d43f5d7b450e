"""Shared building blocks of the REST API: how service and framework errors become HTTP answers.

Services raise Django's ValidationError (rule 7: the model's and the service's own messages);
the API must answer 400 with the same messages keyed by field, never 500, and must not invent
messages of its own for rules the model already states. A stale optimistic lock is 409.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .parsers import PayloadTooLarge


class Conflict(APIException):
    """409: the record changed since the client read it (optimistic locking)."""

    status_code = 409
    default_detail = _("Someone else changed this record after you opened it.")
    default_code = "conflict"


def drf_validation_error(exc: DjangoValidationError) -> serializers.ValidationError:
    """A DRF 400 carrying a Django ValidationError's messages by field.

    Errors not tied to a field (`__all__` or a plain message) go under `non_field_errors`.
    """
    detail = serializers.as_serializer_error(exc)
    if NON_FIELD_ERRORS in detail:
        detail.setdefault(api_settings.NON_FIELD_ERRORS_KEY, [])
        detail[api_settings.NON_FIELD_ERRORS_KEY] += detail.pop(NON_FIELD_ERRORS)
    return serializers.ValidationError(detail)


def run_step(call):
    """Call a service step; its refusal (a Django ValidationError) becomes a DRF 400."""
    try:
        return call()
    except DjangoValidationError as exc:
        raise drf_validation_error(exc) from exc


def exception_handler(exc, context):
    """DRF's handler, with Django's own exceptions answered in the user's language.

    DRF keeps the message of a Django Http404 ("No Transfer matches the given query.", English
    and naming the model) and of a PermissionDenied; the API answers its own translated
    "not found" and "not allowed" instead. A body over DATA_UPLOAD_MAX_MEMORY_SIZE met while
    reading a form (session authentication's CSRF check reads it) is a 413, not a 400 page.
    Anything else unexpected is left to Django: a 500, in JSON under /api/ (core.errors).
    """
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    return drf_exception_handler(exc, context)
