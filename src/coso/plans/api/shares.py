"""/api/v1/target-shares/: the goals a superior has split its plan's targets down to (each
grassroots organization's admission quota...), in the user's scope; POST sets one through
`services.set_target_share`, the page's door too (only the child's superior; out of scope is a
404 that changes nothing)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from coso.core.api.views import run_step
from coso.core.views import organization_or_404
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from .. import services
from ..models import Target, TargetShare
from .plans import plans_for

_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_REFUSED = OpenApiResponse(description=_("Refused: messages by field; nothing was changed."))


class ShareSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code")
    measure = serializers.CharField(source="target.measure")

    class Meta:
        model = TargetShare
        fields = ["id", "target", "measure", "organization", "year", "goal_min", "goal_max"]


class ShareInput(serializers.Serializer):
    target = serializers.IntegerField(min_value=1, max_value=2**62)
    organization = serializers.RegexField(CODE_REGEX, max_length=64)
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    goal_min = serializers.DecimalField(max_digits=9, decimal_places=2, required=False,
                                        allow_null=True, default=None)  # fmt: skip
    goal_max = serializers.DecimalField(max_digits=9, decimal_places=2, required=False,
                                        allow_null=True, default=None)  # fmt: skip


@extend_schema(tags=["plans"])
class TargetShareViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The targets' shares set within the user's scope (`?year=` to keep one year's)."""

    serializer_class = ShareSerializer

    def get_queryset(self):
        rows = TargetShare.objects.visible_to(self.request.user).select_related(
            "organization", "target"
        )
        year = self.request.query_params.get("year", "")
        if year.isdigit():
            rows = rows.filter(year=int(year))
        return rows.order_by("year", "target__position", "organization__path")

    @extend_schema(summary=_("Set an organization's goal for a target in a year"),
                   request=ShareInput,
                   responses={201: ShareSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    def create(self, request):
        data = ShareInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        org = organization_or_404(Organization.objects.visible_to(request.user),
                                  fields.pop("organization"))  # fmt: skip
        target = get_object_or_404(
            Target.objects.filter(plan__in=plans_for(request.user)), pk=fields.pop("target")
        )
        share = run_step(lambda: services.set_target_share(target, org, actor=request.user,
                                                           **fields))  # fmt: skip
        return Response(ShareSerializer(share).data, status=201)
