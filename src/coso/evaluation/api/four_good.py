"""The four-good API: an organization's year (its checklist in force, months × pillars, the
title with its reasons), a month's answers posted at once, and the criteria of a committee's
checklist (list, add, change, take out of use). The same services as the pages; out of scope a
404, a refusal a 400 naming the rule, nothing changed then."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.views import run_step
from coso.core.views import organization_or_404
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from ..choices import Pillar
from ..models import FourGoodCriterion
from ..services import four_good


class CriterionSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = FourGoodCriterion
        fields = ["id", "organization", "pillar", "text", "position", "active"]
        read_only_fields = ["id", "organization"]


class CriterionInput(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64)
    pillar = serializers.ChoiceField(choices=Pillar.choices)
    text = serializers.CharField(max_length=255)
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=None)


class CriterionChange(serializers.Serializer):
    pillar = serializers.ChoiceField(choices=Pillar.choices, required=False)
    text = serializers.CharField(max_length=255, required=False)
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    active = serializers.BooleanField(required=False)


class MonthInput(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    met = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class CriterionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The criteria the user sees (``?organization=CODE``: those it sets)."""

    serializer_class = CriterionSerializer

    def get_queryset(self):
        rows = FourGoodCriterion.objects.visible_to(self.request.user).select_related(
            "organization"
        )
        code = self.request.query_params.get("organization")
        if code:
            rows = rows.filter(organization__code=code)
        return rows.order_by("organization__path", "pillar", "position", "id")

    def create(self, request):
        data = run_step(lambda: _valid(CriterionInput, request.data))
        org = organization_or_404(Organization.objects.visible_to(request.user),
                                  data.pop("organization"))  # fmt: skip
        c = run_step(lambda: four_good.add_criterion(org, actor=request.user, **data))
        return Response(CriterionSerializer(c).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        c = self.get_object()
        data = _valid(CriterionChange, request.data)
        if "text" in data or "pillar" in data or "position" in data:
            c = run_step(lambda: four_good.edit_criterion(
                c, text=data.get("text", c.text), pillar=data.get("pillar"),
                position=data.get("position"), actor=request.user))  # fmt: skip
        if "active" in data:
            c = run_step(lambda: four_good.set_criterion_active(c, active=data["active"],
                                                                actor=request.user))  # fmt: skip
        return Response(CriterionSerializer(c).data)


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class FourGoodViewSet(viewsets.GenericViewSet):
    """An organization's four-good year (``?year=``, this year by default) and its months."""

    lookup_field = "code"
    lookup_value_regex = CODE_REGEX
    serializer_class = MonthInput

    def _org(self, code):
        return organization_or_404(Organization.objects.visible_to(self.request.user), code)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request, code=None):
        org = self._org(code)
        year = request.query_params.get("year", "")
        year = int(year) if year.isdigit() else timezone.localdate().year
        owner, criteria = four_good.checklist_in_force(org)
        title = four_good.four_good_title(org, year)
        return Response({
            "organization": org.code, "year": year,
            "checklist_of": owner.code if owner else None,
            "criteria": CriterionSerializer(criteria, many=True).data,
            "months": {str(m): p for m, p in sorted(four_good.month_grid(org, year).items())},
            "title": {"awarded": title.awarded, "months": title.months,
                      "min_months": title.min_months, "min_grade": title.min_grade,
                      "grade": title.grade, "reasons": title.reasons,
                      "legal_basis": title.legal_basis},
        })  # fmt: skip

    @action(detail=True, methods=["post"])
    def months(self, request, code=None):
        org = self._org(code)
        data = _valid(MonthInput, request.data)
        rows = run_step(lambda: four_good.record_four_good_month(org, actor=request.user, **data))
        return Response({"met": sorted(r.criterion_id for r in rows if r.met),
                         "answered": len(rows)}, status=status.HTTP_201_CREATED)  # fmt: skip
