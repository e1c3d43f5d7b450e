"""Shared building blocks of the REST API: how service errors become HTTP answers.

Services raise Django's ValidationError (rule 7: the model's and the service's own messages);
the API must answer 400 with the same messages keyed by field, never 500, and must not invent
messages of its own for rules the model already states. A stale optimistic lock is 409.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings


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
