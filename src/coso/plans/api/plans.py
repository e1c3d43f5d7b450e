"""/api/v1/plans/ (the plans the user's organizations work to, with their targets) and
/api/v1/plan-figures/?organization=CODE&year=YYYY[&plan=ID] (each target's figure for the
organization and for each of its children, as the dashboard shows them), in the user's scope."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from coso.core.scope import scope_q, user_paths
from coso.orgs.models import Organization

from ..models import Plan, Target
from ..queries.measures import Figure, children_figures, figures


def _prefixes(paths) -> set[str]:
    step = Organization.steplen
    return {p[:i] for p in paths for i in range(step, len(p) + 1, step)}


def plans_for(user):
    """The plans issued in the user's scope or above it (a cell works to the bloc's plan)."""
    paths = user_paths(user, edit=False)
    if paths is None:
        return Plan.objects.all()
    return Plan.objects.filter(
        Q(organization__path__in=_prefixes(paths)) | scope_q(user, "organization__path", edit=False)
    )


class TargetSerializer(serializers.ModelSerializer):
    measure_label = serializers.CharField(source="get_measure_display")

    class Meta:
        model = Target
        fields = ["id", "measure", "measure_label", "unit", "goal_min", "goal_min_exclusive",
                  "goal_max", "first_year", "last_year", "wording", "position"]  # fmt: skip


class PlanSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code")
    targets = TargetSerializer(many=True)

    class Meta:
        model = Plan
        fields = ["id", "number", "title", "organization", "issued_on", "basis", "first_year",
                  "last_year", "targets"]  # fmt: skip


@extend_schema(tags=["plans"])
class PlanViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Plans and their targets (Plan 74-KH/ĐUK...): a list only (a plan is read with its
    targets in the list; its figures at plan-figures)."""

    serializer_class = PlanSerializer

    def get_queryset(self):
        return (
            plans_for(self.request.user)
            .select_related("organization")
            .prefetch_related(Prefetch("targets", Target.objects.order_by("position", "id")))
            .order_by("-issued_on", "id")
        )


class FiguresQuery(serializers.Serializer):
    organization = serializers.CharField()
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    plan = serializers.IntegerField(required=False)


class FigureSerializer(serializers.Serializer):
    measure = serializers.CharField()
    unit = serializers.CharField()
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    goal_min = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    goal_min_exclusive = serializers.BooleanField()
    goal_max = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    met = serializers.BooleanField(allow_null=True)


class ChildFiguresSerializer(serializers.Serializer):
    organization = serializers.CharField()
    name = serializers.CharField()
    figures = FigureSerializer(many=True)


class PlanFiguresSerializer(serializers.Serializer):
    organization = serializers.CharField()
    year = serializers.IntegerField()
    plan = serializers.IntegerField()
    figures = FigureSerializer(many=True)
    children = ChildFiguresSerializer(many=True)


def _decimal(d) -> str | None:
    """As DRF's DecimalField writes it (a string with two decimals)."""
    return None if d is None else f"{d:.2f}"


def _figure(f: Figure) -> dict:
    return {"measure": f.measure, "unit": f.unit, "numerator": f.numerator,
            "denominator": f.denominator, "value": _decimal(f.value),
            "goal_min": _decimal(f.goal_min), "goal_min_exclusive": f.goal_min_exclusive,
            "goal_max": _decimal(f.goal_max),
            "met": f.met}  # fmt: skip


@extend_schema(tags=["plans"])
class PlanFiguresViewSet(viewsets.GenericViewSet):
    """Each target's figure for an organization and a year, and for each of its children."""

    serializer_class = PlanFiguresSerializer
    pagination_class = None

    def get_queryset(self):  # for the schema only
        return Plan.objects.none()

    @extend_schema(
        summary=_("The plan's figures of an organization and its children for a year"),
        parameters=[
            OpenApiParameter("organization", str, required=True),
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("plan", int, required=False),
        ],
        responses={200: PlanFiguresSerializer},
    )
    def list(self, request):
        query = FiguresQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        scope = Organization.objects.filter(scope_q(request.user, "path", edit=False, records=True))
        org = scope.by_code(data["organization"])
        if org is None:
            raise NotFound
        plans = Plan.objects.covering(org).filter(
            first_year__lte=data["year"], last_year__gte=data["year"]
        )
        if "plan" in data:
            plans = plans.filter(pk=data["plan"])
        plan = plans.order_by("-issued_on", "-id").first()
        if plan is None:
            raise NotFound
        year = data["year"]
        by_child = children_figures(org, year, plan=plan)
        children = Organization.objects.filter(pk__in=list(by_child)).order_by("path")
        return Response({
            "organization": org.code, "year": year, "plan": plan.pk,
            "figures": [_figure(f) for f in figures(org, year, plan=plan)],
            "children": [
                {"organization": c.code, "name": c.name,
                 "figures": [_figure(f) for f in by_child[c.pk]]}
                for c in children
            ],
        })  # fmt: skip
