"""One filter set for the candidate list page and the API list."""

from __future__ import annotations

import django_filters
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.filters import ListFilter, ordering_filter

from .choices import CandidateSource, CandidateStatus, Step
from .models import Candidate, step_before

ORDERINGS = {
    "name": ("sort_key", "id"),
    "-name": ("-sort_key", "-id"),
    "birth_date": ("birth_date", "sort_key", "id"),
    "-birth_date": ("-birth_date", "-sort_key", "-id"),
    "cell": ("cell__path", "sort_key", "id"),
    "-cell": ("-cell__path", "-sort_key", "-id"),
    # the files with a deadline first, the nearest first (a file with none has no step due)
    "due_on": (F("due_on").asc(nulls_last=True), "sort_key", "id"),
    "-due_on": (F("due_on").desc(nulls_last=True), "-sort_key", "-id"),
    "-created": ("-created_at", "-id"),
}


class CandidateFilter(ListFilter):
    """search (accent-insensitive), organization subtree (code), status, next step, overdue."""

    ORDERINGS = ORDERINGS
    organization_field = "cell"

    status = django_filters.ChoiceFilter(choices=CandidateStatus.choices, label=_("Status"))
    source = django_filters.ChoiceFilter(choices=CandidateSource.choices, label=_("Source"))
    next_step = django_filters.ChoiceFilter(
        choices=Step.choices, method="filter_next_step", label=_("Next step")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    ordering = ordering_filter(ORDERINGS)

    class Meta:
        model = Candidate
        fields: list[str] = []

    def filter_next_step(self, qs, name, value):
        return qs.in_progress().filter(step=step_before(value)) if value else qs

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        if value:
            return qs.overdue(today)
        return qs.exclude(status=CandidateStatus.IN_PROGRESS, due_on__lt=today)
