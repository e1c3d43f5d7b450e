"""One filter set for the register page, its export and the API list."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from coso.core.filters import ListFilter, ordering_filter

from .choices import DocType
from .models import RegisterEntry

ORDERINGS = {
    # the register's own order: by date, then number (newest first, as offices read it)
    "name": ("-issued_on", "-number", "-id"),
    "date": ("issued_on", "number", "id"),
}


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number a database column holds (a larger one would overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


class RegisterFilter(ListFilter):
    """search (symbol and summary, accent-insensitive), organization subtree (code), type,
    term (id), date range, cancelled or not."""

    ORDERINGS = ORDERINGS

    doc_type = django_filters.ChoiceFilter(choices=DocType.choices, label=_("Document type"))
    term = IdFilter(field_name="series__term", label=_("Term"))
    issued_from = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="gte", label=_("From")
    )
    issued_to = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte", label=_("To"))
    cancelled = django_filters.BooleanFilter(
        field_name="cancelled_on", lookup_expr="isnull", exclude=True, label=_("Cancelled")
    )
    ordering = ordering_filter(ORDERINGS)

    class Meta:
        model = RegisterEntry
        fields: list[str] = []
