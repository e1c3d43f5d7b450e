"""The organization API with what members add to it: each child's member count.

`coso.orgs.api.OrganizationViewSet` serves the tree as the orgs app knows it; this subclass adds
`/api/v1/organizations/{code}/children/`, which counts members, and is the one the API mounts
(members stand above organizations: an organization never reads its members).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.views import organization_or_404
from coso.members.models import member_counts_by_child
from coso.orgs.api import OrganizationSerializer, OrganizationViewSet


class OrganizationChildSerializer(OrganizationSerializer):
    member_count = serializers.SerializerMethodField(
        help_text=_("Official members in the child's whole subtree on the date.")
    )

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "member_count"]
        read_only_fields = fields

    def get_member_count(self, obj) -> int:
        return self.context["member_counts"].get(obj.pk, 0)


class DateQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False)


class OrganizationWithCountsViewSet(OrganizationViewSet):
    """Organizations the user may see (their role's subtree), in tree order."""

    @extend_schema(
        summary=_("Direct sub-organizations with their member counts"),
        parameters=[
            OpenApiParameter(
                "date",
                OpenApiTypes.DATE,
                description=_("Count members on this date (default today)."),
            ),
        ],
        responses=OrganizationChildSerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def children(self, request, code=None):
        """The direct sub-organizations with their official member counts (one query for the level)."""
        query = DateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day: dt.date = query.validated_data.get("date") or timezone.localdate()
        parent = organization_or_404(self.get_queryset(), code)
        self.check_object_permissions(request, parent)
        children = self.get_queryset().filter(path__startswith=parent.path, depth=parent.depth + 1)
        counts = member_counts_by_child(parent, day)
        context = {**self.get_serializer_context(), "member_counts": counts}
        page = self.paginate_queryset(children)
        if page is not None:
            data = OrganizationChildSerializer(page, many=True, context=context).data
            return self.get_paginated_response(data)
        return Response(OrganizationChildSerializer(children, many=True, context=context).data)
