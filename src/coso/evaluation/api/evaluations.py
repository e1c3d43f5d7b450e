"""The evaluation API: the periods covering the user's organizations (list, open, close, the
decision of a unit's grades, the live quota), the evaluations of the user's records scope and
one's own (list by period and organization, one with its changes, the self-assessment, the
review, the verification, a reasoned change). The same services as the pages; out of scope is
a 404, a refusal a 400 with the rule's message, nothing changed then."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.fields import ObjectIdField
from coso.core.api.views import run_step
from coso.core.scope import user_paths
from coso.core.views import organization_or_404
from coso.meetings.models import Meeting
from coso.members.models import Member
from coso.members.privacy import own_record
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from .. import services
from ..choices import Form, Grade, PeriodKind, Stage, SubjectKind
from ..models import Evaluation, EvaluationPeriod, GradeChange
from ..queries import evaluations_of, records_scope
from ..services.assessment import ANSWERS
from ..services.parts import verifier_of

_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_REFUSED = OpenApiResponse(
    description=_("Refused: messages by field, naming the rule; nothing was changed.")
)
_CODE = {"max_length": 64}
_TEXT = {"required": False, "allow_blank": True, "max_length": 5000}
_PERCENT = {"required": False, "allow_null": True, "min_value": 0, "max_value": 100}
_POINTS = {"required": False, "allow_null": True, "max_digits": 5, "decimal_places": 2}


class PeriodSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = EvaluationPeriod
        fields = [
            "id", "organization", "kind", "year", "label", "starts_on", "ends_on",
            "cells_due_on", "grassroots_due_on", "superior_due_on", "status", "opened_on",
            "closed_on",
        ]  # fmt: skip


class PeriodOpenInput(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, **_CODE)
    kind = serializers.ChoiceField(choices=PeriodKind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    label = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    cells_due_on = serializers.DateField()
    grassroots_due_on = serializers.DateField()
    superior_due_on = serializers.DateField()
    opened_on = serializers.DateField()


class PeriodCloseInput(serializers.Serializer):
    closed_on = serializers.DateField()


class GradesDecideInput(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, **_CODE)
    kind = serializers.ChoiceField(choices=SubjectKind.choices)
    decided_on = serializers.DateField()
    # evaluation id -> grade; empty: every reviewed one, as proposed
    grades = serializers.DictField(child=serializers.ChoiceField(choices=Grade.choices),
                                   required=False, default=None, allow_null=True)  # fmt: skip
    # empty: the decision is issued through the documents register, which numbers it
    number = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    signer_name = serializers.CharField(max_length=120, required=False, default="",
                                        allow_blank=True)  # fmt: skip


class QuotaQuery(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, **_CODE)
    kind = serializers.ChoiceField(choices=SubjectKind.choices, default=SubjectKind.MEMBER)
    decided = serializers.BooleanField(default=False)


class ChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeChange
        fields = ["old_grade", "new_grade", "reason", "changed_on", "decision_number"]


class EvaluationSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    quota_unit = serializers.CharField(source="quota_unit.code", read_only=True)
    subject_name = serializers.CharField(read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id", "period", "subject_kind", "member", "organization", "quota_unit",
            "subject_name", "form", *ANSWERS, "self_grade", "self_assessed_on", "proposed_grade",
            "reviewed_on", "meeting", "verified_on", "verification_note", "grade", "decided_on",
            "decision", "legal_basis", "stage",
        ]  # fmt: skip


class EvaluationDetailSerializer(EvaluationSerializer):
    changes = ChangeSerializer(many=True, read_only=True)

    class Meta(EvaluationSerializer.Meta):
        fields = [*EvaluationSerializer.Meta.fields, "changes"]


class AnswersInput(serializers.Serializer):
    form = serializers.ChoiceField(choices=Form.choices, required=False, default="")
    strengths = serializers.CharField(**_TEXT)
    limitations = serializers.CharField(**_TEXT)
    fixes = serializers.CharField(**_TEXT)
    collective_responsibility = serializers.CharField(**_TEXT)
    plan = serializers.CharField(**_TEXT)
    shortcomings_fixed = serializers.BooleanField(required=False)
    criteria_points = serializers.DecimalField(**_POINTS)
    task_points = serializers.DecimalField(**_POINTS)
    score = serializers.DecimalField(**_POINTS)
    tasks_on_time = serializers.IntegerField(**_PERCENT)
    tasks_beyond = serializers.IntegerField(**_PERCENT)
    self_grade = serializers.ChoiceField(choices=Grade.choices)
    on = serializers.DateField()


class SelfAssessInput(AnswersInput):
    period = ObjectIdField()
    member = ObjectIdField(required=False)
    organization = serializers.RegexField(CODE_REGEX, required=False, **_CODE)


class ReviewInput(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    on = serializers.DateField()
    meeting = ObjectIdField(required=False, allow_null=True, default=None)


class VerifyInput(serializers.Serializer):
    verified_on = serializers.DateField()
    note = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class ChangeInput(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    reason = serializers.CharField(max_length=5000)
    on = serializers.DateField()
    decision_number = serializers.CharField(max_length=50, required=False, default="",
                                            allow_blank=True)  # fmt: skip


class EvaluationListQuery(serializers.Serializer):
    period = ObjectIdField(required=False)
    organization = serializers.RegexField(CODE_REGEX, required=False, **_CODE)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    kind = serializers.ChoiceField(choices=SubjectKind.choices, required=False)
    q = serializers.CharField(max_length=100, required=False)


def _records_org(user, code: str) -> Organization:
    return organization_or_404(records_scope(user), code)


def periods_of(user):
    """The periods opened within the user's scope or above one of their organizations."""
    paths = user_paths(user, edit=False)
    rows = EvaluationPeriod.objects.select_related("organization")
    if paths is None:
        return rows
    step = Organization.steplen
    above = {p[:i] for p in paths for i in range(step, len(p) + 1, step)}
    return rows.filter(Q(organization__path__in=above) | EvaluationPeriod.objects.visible_q(user))


def _doc(summary, request, response=None):
    return extend_schema(summary=summary, request=request,
                         responses={200: response or EvaluationDetailSerializer, 400: _REFUSED,
                                    404: _NOT_FOUND})  # fmt: skip


@extend_schema(tags=["evaluation"])
class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Evaluation periods covering the user's organizations, the latest first."""

    serializer_class = PeriodSerializer

    def get_queryset(self):
        return periods_of(self.request.user).order_by("-ends_on", "-pk")

    @extend_schema(summary=_("Open an evaluation period"), request=PeriodOpenInput,
                   responses={201: PeriodSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    def create(self, request):
        data = PeriodOpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        org = _records_org(request.user, fields.pop("organization"))
        period = run_step(lambda: services.open_period(org, actor=request.user, **fields))
        return Response(PeriodSerializer(period).data, status=201)

    @_doc(_("Close the period"), PeriodCloseInput, PeriodSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        period = self.get_object()
        data = PeriodCloseInput(data=request.data)
        data.is_valid(raise_exception=True)
        done = run_step(lambda: services.close_period(period, actor=request.user,
                                                      **data.validated_data))  # fmt: skip
        return Response(PeriodSerializer(done).data)

    @extend_schema(summary=_("Decide a unit's grades in one decision"), request=GradesDecideInput,
                   responses={200: EvaluationSerializer(many=True), 400: _REFUSED,
                              404: _NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        period = self.get_object()
        data = GradesDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        unit = _records_org(request.user, d.pop("organization"))
        grades = d.pop("grades")
        if grades is not None:
            try:
                grades = {int(k): v for k, v in grades.items()}
            except ValueError as error:
                raise serializers.ValidationError({"grades": [_("Evaluation ids.")]}) from error
        decision, _status = run_step(lambda: services.decide_grades(
            period, unit, kind=d["kind"], on=d["decided_on"], grades=grades, number=d["number"],
            signer_name=d["signer_name"], actor=request.user))  # fmt: skip
        rows = decision.evaluations.select_related("organization", "quota_unit", "member")
        return Response(EvaluationSerializer(rows.order_by("sort_key", "pk"), many=True).data)

    @extend_schema(summary=_("The quota now"), parameters=[
        OpenApiParameter("organization", str), OpenApiParameter("kind", str,
                                                                enum=SubjectKind.values),
        OpenApiParameter("decided", bool)], responses={200: dict, 404: _NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["get"])
    def quota(self, request, pk=None):
        period = self.get_object()
        query = QuotaQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        unit = _records_org(request.user, q["organization"])
        status = services.quota_status(period, unit, q["kind"], decided=q["decided"])
        return Response({
            "organization": unit.code, "kind": q["kind"], "base": status.base,
            "allowed": status.allowed, "excellent": status.excellent, "over": status.over,
            "text": str(status), "legal_basis": status.legal_basis,
        })  # fmt: skip


@extend_schema(tags=["evaluation"])
class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):  # fmt: skip
    """Evaluations of the user's records scope and their own, in Vietnamese name order."""

    serializer_class = EvaluationSerializer

    def get_queryset(self):
        rows = evaluations_of(self.request.user).select_related(
            "organization", "quota_unit", "member", "period__organization"
        )
        if self.action != "list":
            rows = rows.prefetch_related("changes")
        return rows.vn_ordered()

    def get_serializer_class(self):
        return EvaluationSerializer if self.action == "list" else EvaluationDetailSerializer

    @extend_schema(summary=_("Evaluations"), parameters=[
        OpenApiParameter("period", int), OpenApiParameter("organization", str),
        OpenApiParameter("stage", str, enum=Stage.values),
        OpenApiParameter("kind", str, enum=SubjectKind.values), OpenApiParameter("q", str)],
        responses={200: EvaluationSerializer(many=True), 400: _REFUSED})  # fmt: skip
    def list(self, request, *args, **kwargs):
        query = EvaluationListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        found, qs = query.validated_data, self.get_queryset()
        if "period" in found:
            qs = qs.filter(period_id=found["period"])
        if "organization" in found:
            qs = qs.in_subtree(_records_org(request.user, found["organization"]))
        if "stage" in found:
            qs = qs.filter(stage=found["stage"])
        if "kind" in found:
            qs = qs.filter(subject_kind=found["kind"])
        if found.get("q"):
            qs = qs.search(found["q"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(EvaluationSerializer(page, many=True).data)

    @_doc(_("Self-assess (or correct it until the review)"), SelfAssessInput)
    def create(self, request):
        data = SelfAssessInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        period = periods_of(request.user).filter(pk=d.pop("period")).first()
        if period is None:
            raise serializers.ValidationError({"period": [_("No such period.")]})
        member_id, code = d.pop("member", None), d.pop("organization", None)
        subject = {}
        if member_id is not None:
            own, scope = own_record(request.user), Member.objects.visible_q(request.user)
            if scope and own is not None:  # an empty Q is every member
                scope |= Q(pk=own[0])
            member = Member.objects.filter(scope, pk=member_id).first()
            if member is None:
                raise serializers.ValidationError({"member": [_("No such member.")]})
            subject["member"] = member
        if code:
            subject["organization"] = _records_org(request.user, code)
        on, grade = d.pop("on"), d.pop("self_grade")
        ev = run_step(lambda: services.self_assess(period, on=on, self_grade=grade,
                                                   actor=request.user, **subject, **d))  # fmt: skip
        return Response(EvaluationDetailSerializer(self._fresh(ev)).data, status=201)

    def _fresh(self, ev):
        return self.get_queryset().get(pk=ev.pk)

    def _run(self, request, input_class, call):
        ev = self.get_object()  # out of scope: a 404 before the body is read
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        run_step(lambda: call(ev, dict(data.validated_data)))
        return Response(EvaluationDetailSerializer(self._fresh(ev)).data)

    @_doc(_("The review: the grade proposed"), ReviewInput)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        def call(ev, d):
            meeting_id = d.pop("meeting")
            meeting = None
            if meeting_id is not None:
                meeting = Meeting.objects.visible_to(request.user).filter(pk=meeting_id).first()
                if meeting is None:
                    raise serializers.ValidationError({"meeting": [_("No such meeting.")]})
            return services.review(ev, meeting=meeting, actor=request.user, **d)

        return self._run(request, ReviewInput, call)

    @_doc(_("The verification by the level above"), VerifyInput)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._run(request, VerifyInput, lambda ev, d: services.verify(
            [ev], by=verifier_of(ev), on=d["verified_on"], note=d["note"],
            actor=request.user))  # fmt: skip

    @_doc(_("Change a decided grade with a reason"), ChangeInput)
    @action(detail=True, methods=["post"])
    def change(self, request, pk=None):
        return self._run(request, ChangeInput, lambda ev, d: services.change_grade(
            ev, actor=request.user, **d))  # fmt: skip
