"""REST API for the organization tree (read-only): /api/v1/organizations/."""

from __future__ import annotations

import django_filters
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from .models import Organization

#: organization codes in URLs: letters, digits, underscore and hyphen (e.g. DUK-BK-CNTT)
CODE_REGEX = r"[\w-]+"


def with_parent_code(qs):
    """Annotate `parent_code` in the same query (the parent's path is the child's minus one step).

    The parent's code is shown even when the parent itself lies outside the user's scope: it is
    the stable name of a node, not its data, and lets a client place its subtree in the whole tree.
    """
    parent = Organization.objects.filter(
        path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Organization.steplen)
    ).order_by()
    return qs.annotate(parent_code=Subquery(parent.values("code")[:1]))


class OrganizationFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(
        method="filter_organization",
        label=_("Organization (code)"),
        help_text=_("Only this organization and those below it."),
    )
    search = django_filters.CharFilter(
        method="filter_search", label=_("Search"), help_text=_("Part of the name or code.")
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_organization(self, qs, name, value):
        if not value:
            return qs
        org = Organization.objects.by_code(value)
        if org is None:
            return qs.none()
        return qs.subtree(org)

    def filter_search(self, qs, name, value):
        return qs.search(value)


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    parent = serializers.CharField(
        source="parent_code",
        read_only=True,
        allow_null=True,
        help_text=_("Code of the parent organization; null at the top of the tree."),
    )

    class Meta:
        model = Organization
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "parent",
            "depth",
            "established_on",
            "dissolved_on",
        ]
        read_only_fields = fields


@extend_schema(tags=["organizations"])
@extend_schema_view(
    list=extend_schema(
        summary=_("List organizations"),
        description=_(
            "Organizations the user may see, in tree order. `organization=CODE` keeps that "
            "subtree; `search` looks in the name, short name and code."
        ),
    ),
    retrieve=extend_schema(summary=_("An organization, by its code")),
)
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organizations the user may see (their role's subtree), in tree order."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX

    def get_queryset(self):
        return with_parent_code(Organization.objects.visible_to(self.request.user)).order_by("path")
