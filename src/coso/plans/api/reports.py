"""The reports API: schedules (list, one, set, a period's overview with who has submitted and
the consolidated HD 11 figures) and reports (list, one, draft, refresh, narrative with its
version, submit, return, accept). The same services as the pages; out of scope is a 404, a
refusal a 400 with its message, a stale narrative a 409; nothing changed then."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.views import Conflict, run_step
from coso.core.audit import ConcurrentEditError
from coso.core.views import organization_or_404
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from .. import services
from ..choices import FIGURES, NARRATIVE, ReportKind, ReportLevel
from ..models import Report, ReportSchedule
from ..queries.reports import current_period, overview

_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_REFUSED = OpenApiResponse(description=_("Refused: messages by field; nothing was changed."))
_STALE = OpenApiResponse(description=_("The report changed since it was read: read it again."))
_TEXT = {"required": False, "allow_blank": True, "max_length": 20000}


class ScheduleSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = ReportSchedule
        fields = ["id", "organization", "kind", "level", "day", "month", "due_days", "starts_on"]


class ScheduleInput(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64)
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    level = serializers.ChoiceField(choices=ReportLevel.choices, default=ReportLevel.GRASSROOTS)
    day = serializers.IntegerField(min_value=1, max_value=31)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True,
                                     default=None)  # fmt: skip
    due_days = serializers.IntegerField(min_value=0, max_value=60, default=0)
    starts_on = serializers.DateField()


class ReportSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Report
        fields = ["id", "organization", "schedule", "label", "period_start", "period_end",
                  "due_on", "status", "version", "submitted_on", "reviewed_on", "comment",
                  "figures_on", *(n for n, _l in FIGURES), *(n for n, _l in NARRATIVE)]  # fmt: skip


class DraftInput(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64)
    schedule = serializers.IntegerField(min_value=1, max_value=2**62)
    period_end = serializers.DateField()


class NarrativeInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    political_situation = serializers.CharField(**_TEXT)
    political_tasks = serializers.CharField(**_TEXT)
    party_building = serializers.CharField(**_TEXT)
    assessment = serializers.CharField(**_TEXT)
    next_tasks = serializers.CharField(**_TEXT)
    proposals = serializers.CharField(**_TEXT)


class DateInput(serializers.Serializer):
    on = serializers.DateField()
    comment = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


def _doc(summary, request, more=None):
    return extend_schema(summary=summary, request=request,
                         responses={200: ReportSerializer, 400: _REFUSED, 404: _NOT_FOUND, **(more or {})})  # fmt: skip


@extend_schema(tags=["reports"])
class ScheduleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The report schedules set within the user's scope."""

    serializer_class = ScheduleSerializer

    def get_queryset(self):
        rows = ReportSchedule.objects.visible_to(self.request.user).select_related("organization")
        return rows.order_by("organization__path", "kind")

    @extend_schema(summary=_("Set the reports a subtree owes"), request=ScheduleInput,
                   responses={201: ScheduleSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    def create(self, request):
        data = ScheduleInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        org = organization_or_404(Organization.objects.visible_to(request.user),
                                  fields.pop("organization"))  # fmt: skip
        found = run_step(lambda: services.set_schedule(org, actor=request.user, **fields))
        return Response(ScheduleSerializer(found).data, status=201)

    @extend_schema(summary=_("Who has submitted a period's report, and the consolidated figures"),
                   parameters=[OpenApiParameter("period", dt.date)],
                   responses={200: dict, 404: _NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["get"])
    def overview(self, request, pk=None):
        found = self.get_object()
        today = timezone.localdate()
        try:
            given = request.query_params.get("period")
            period = found.period_ending(dt.date.fromisoformat(given)) if given else (
                current_period(found, today))  # fmt: skip
        except ValueError:
            period = None
        if period is None:
            raise Http404
        view = overview(found, period, today)
        return Response({
            "label": period.label, "period_start": period.start, "period_end": period.end,
            "due_on": period.due_on, "submitted": view.submitted, "late": view.late,
            "organizations": [
                {"organization": r.organization.code, "name": r.organization.name,
                 "report": r.report_id, "status": r.status, "late_days": r.late_days,
                 "figures": r.figures} for r in view.rows],
            "total": view.total,
        })  # fmt: skip


@extend_schema(tags=["reports"])
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The reports within the user's scope, the latest period first."""

    serializer_class = ReportSerializer

    def get_queryset(self):
        rows = Report.objects.visible_to(self.request.user)
        rows = rows.select_related("organization", "schedule__organization")
        return rows.order_by("-period_end", "organization__path", "pk")

    @extend_schema(summary=_("Draft an organization's report for a period"), request=DraftInput,
                   responses={201: ReportSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    def create(self, request):
        data = DraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        org = organization_or_404(Organization.objects.visible_to(request.user), d["organization"])
        schedule = get_object_or_404(ReportSchedule.objects.covering(org), pk=d["schedule"])
        report = run_step(lambda: services.draft_report(
            org, schedule=schedule, period_end=d["period_end"], actor=request.user))  # fmt: skip
        return Response(ReportSerializer(report).data, status=201)

    @_doc(_("Refresh a draft's figures from the data"), None)
    @action(detail=True, methods=["post"])
    def refresh(self, request, pk=None):
        r = self.get_object()
        done = run_step(lambda: services.draft_report(
            r.organization, schedule=r.schedule, period_end=r.period_end, actor=request.user))  # fmt: skip
        return Response(ReportSerializer(done).data)

    @_doc(_("Save the narrative (the version read; 409 when stale)"), NarrativeInput, {409: _STALE})
    @action(detail=True, methods=["post"])
    def narrative(self, request, pk=None):
        r = self.get_object()
        data = NarrativeInput(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = changes.pop("version")
        try:
            done = run_step(lambda: services.save_narrative(
                r, changes=changes, expected_version=version, actor=request.user))  # fmt: skip
        except serializers.ValidationError as exc:
            if isinstance(exc.__cause__, ConcurrentEditError):
                raise Conflict from exc
            raise
        return Response(ReportSerializer(done).data)

    def _step(self, request, name):
        r = self.get_object()
        data = DateInput(data=request.data)
        data.is_valid(raise_exception=True)
        kwargs = {"on": data.validated_data["on"], "actor": request.user}
        if name != "submit":
            kwargs["comment"] = data.validated_data["comment"]
        done = run_step(lambda: services.REPORT_STEPS[name](r, **kwargs))
        return Response(ReportSerializer(done).data)

    @_doc(_("Submit the report to the superior"), DateInput)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, "submit")

    @_doc(_("Return the report with comments (the superior)"), DateInput)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._step(request, "return")

    @_doc(_("Accept the report (the superior)"), DateInput)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(request, "accept")
