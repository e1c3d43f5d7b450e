"""Serializer fields the API shares."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        "example": "14:00",
    }
)
class HourMinuteField(serializers.TimeField):
    """A time of day as "HH:MM" (a meeting's start and end): no seconds, no time zone, read
    and written the same way (OpenAPI's "time" format would ask for an offset)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M"], **kwargs)


class ObjectIdField(serializers.IntegerField):
    """A row's id given in a request body: a positive integer within the database's integers
    (a larger one would reach the database and fail there, a 500, instead of a 400)."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)
