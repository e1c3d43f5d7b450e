"""One filter set for the candidate list page and the API list."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.orgs.models import Organization

from .choices import CandidateSource, CandidateStatus, Step
from .models import Candidate, step_before

ORDERINGS = {
    "name": ("sort_key", "id"),
    "-name": ("-sort_key", "-id"),
    "due_on": ("due_on", "sort_key", "id"),
    "-created": ("-created_at", "-id"),
}


class CandidateFilter(django_filters.FilterSet):
    """search (accent-insensitive), organization subtree (code), status, next step, overdue."""

    search = django_filters.CharFilter(method="filter_search", label=_("Search"))
    organization = django_filters.CharFilter(
        method="filter_organization", label=_("Organization (code)")
    )
    status = django_filters.ChoiceFilter(choices=CandidateStatus.choices, label=_("Status"))
    source = django_filters.ChoiceFilter(choices=CandidateSource.choices, label=_("Source"))
    next_step = django_filters.ChoiceFilter(
        choices=Step.choices, method="filter_next_step", label=_("Next step")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    ordering = django_filters.ChoiceFilter(
        choices=[(k, k) for k in ORDERINGS], method="filter_ordering", label=_("Sort")
    )

    class Meta:
        model = Candidate
        fields: list[str] = []

    def filter_search(self, qs, name, value):
        return qs.search(value) if value else qs

    def filter_organization(self, qs, name, value):
        if not value:
            return qs
        org = Organization.objects.filter(code=value).only("path").first()
        if org is None:
            return qs.none()
        return qs.filter(cell__path__startswith=org.path)

    def filter_next_step(self, qs, name, value):
        return qs.in_progress().filter(step=step_before(value)) if value else qs

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        if value:
            return qs.overdue(today)
        return qs.exclude(status=CandidateStatus.IN_PROGRESS, due_on__lt=today)

    def filter_ordering(self, qs, name, value):
        return qs.order_by(*ORDERINGS.get(value, ORDERINGS["name"]))

    @property
    def qs(self):
        qs = super().qs
        if not self.form.cleaned_data.get("ordering"):
            qs = qs.order_by(*ORDERINGS["name"])
        return qs
