"""The inspection API: plans (list, adopt, schedule), inspections (list, one, and the steps:
team, finding, conclude, follow-up, open from a supervision, open the discipline case its
conclusion proposes), a follow-up action (done), and feedback (list, one, record, send,
answer). Each step calls the same service as the pages; out
of scope is a 404, a refusal a 400 with the rule's message. A feedback item's sender is the
one field `sender`, read through `Feedback.sender_shown_to`: the name for those handling it
(and the sender), "kept confidential" for everyone else; the sender's own fields are never
serialized.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.fields import ObjectIdField
from coso.core.api.views import run_step
from coso.core.views import organization_or_404
from coso.discipline.api import DisciplineCaseSerializer
from coso.discipline.choices import Penalty
from coso.members.models import Member
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from . import services
from .choices import (
    Activity,
    InspectionKind,
    InspectionState,
    PlanBody,
)
from .models import FollowUp, Inspection, InspectionPlan

_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_REFUSED = OpenApiResponse(
    description=_("Refused: messages by field, naming the rule; nothing was changed.")
)


def _org(request, code: str) -> Organization:
    return organization_or_404(Organization.objects.visible_to(request.user), code)


def _member(org: Organization, pk: int | None, field: str) -> Member | None:
    if pk is None:
        return None
    found = Member.objects.filter(organization__path__startswith=org.path, pk=pk).first()
    if found is None:
        raise serializers.ValidationError(
            {field: [_("No member with this id in %(org)s.") % {"org": org.name}]}
        )
    return found


def _subtree_org(org: Organization, pk: int | None, field: str) -> Organization | None:
    if pk is None:
        return None
    found = Organization.objects.filter(path__startswith=org.path, pk=pk).first()
    if found is None:
        raise serializers.ValidationError(
            {field: [_("No organization with this id in %(org)s.") % {"org": org.name}]}
        )
    return found


class InspectionPlanSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = InspectionPlan
        fields = ["id", "organization", "body", "year", "title", "adopted_on", "document_number"]


class InspectionTeamSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    name = serializers.CharField(source="member.full_name")
    role = serializers.CharField()


class InspectionFindingSerializer(serializers.Serializer):
    text = serializers.CharField()
    violation = serializers.BooleanField()
    recorded_on = serializers.DateField()


class FollowUpSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = ["id", "inspection", "what", "responsible", "due_on", "done_on", "done_note",
                  "state"]  # fmt: skip

    def get_state(self, row) -> str:
        return row.state(timezone.localdate())


class InspectionSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    subject = serializers.CharField(source="subject_name", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id", "organization", "body", "plan", "activity", "kind", "subject_organization",
            "subject_member", "subject", "topic", "starts_on", "ends_on", "state",
            "opened_from", "conclusion", "concluded_on", "violation", "proposes_discipline",
            "discipline_case",
        ]  # fmt: skip


class InspectionDetailSerializer(InspectionSerializer):
    team = InspectionTeamSerializer(many=True, read_only=True)
    findings = InspectionFindingSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "team", "findings", "follow_ups"]


class InspectionPlanInput(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64)
    body = serializers.ChoiceField(choices=PlanBody.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=300)
    adopted_on = serializers.DateField()
    document_number = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )


class InspectionScheduleInput(serializers.Serializer):
    activity = serializers.ChoiceField(choices=Activity.choices)
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    topic = serializers.CharField(max_length=500)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    subject_organization = ObjectIdField(required=False, allow_null=True, default=None)
    subject_member = ObjectIdField(required=False, allow_null=True, default=None)


class InspectionTeamInput(serializers.Serializer):
    leader = ObjectIdField()
    members = serializers.ListField(
        child=ObjectIdField(), max_length=50, required=False, default=list
    )


class InspectionFindingInput(serializers.Serializer):
    finding = serializers.CharField(max_length=5000)
    recorded_on = serializers.DateField()
    violation = serializers.BooleanField(required=False, default=False)


class InspectionConcludeInput(serializers.Serializer):
    conclusion = serializers.CharField(max_length=20000)
    concluded_on = serializers.DateField()
    violation = serializers.BooleanField(required=False, default=False)
    proposes_discipline = serializers.BooleanField(required=False, default=False)


class FollowUpInput(serializers.Serializer):
    what = serializers.CharField(max_length=500)
    responsible = serializers.CharField(max_length=200)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class InspectionOpenInput(serializers.Serializer):
    topic = serializers.CharField(max_length=500)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class InspectionDisciplineInput(serializers.Serializer):
    """The case a conclusion proposes: discipline's own fields to open a case, less its subject
    (the inspection's)."""

    breach = serializers.CharField(max_length=5000)
    breach_on = serializers.DateField()
    offence = serializers.CharField(max_length=16)
    proposed_penalty = serializers.ChoiceField(choices=Penalty.choices)
    opened_on = serializers.DateField()
    holds_office = serializers.BooleanField(required=False, default=False)


class FollowUpDoneInput(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class InspectionListQuery(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64, required=False)
    activity = serializers.ChoiceField(choices=Activity.choices, required=False)
    state = serializers.ChoiceField(choices=InspectionState.choices, required=False)


def _under(request, qs, lookup: str, code: str | None):
    if code is None:
        return qs
    org = Organization.objects.visible_to(request.user).by_code(code)
    if org is None:
        raise serializers.ValidationError(
            {"organization": [_("There is no organization with the code %(code)s.")
                              % {"code": code.strip()}]}
        )  # fmt: skip
    return qs.filter(**{f"{lookup}__startswith": org.path})


@extend_schema(tags=["inspection"])
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Yearly inspection and supervision plans the user may see, latest year first."""

    serializer_class = InspectionPlanSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return (
            InspectionPlan.objects.visible_to(self.request.user)
            .select_related("organization")
            .order_by("-year", "organization__path", "body")
        )

    @extend_schema(summary=_("Adopt a yearly inspection and supervision plan"), request=InspectionPlanInput,
                   responses={201: InspectionPlanSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    def create(self, request):
        data = InspectionPlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        org = _org(request, fields.pop("organization"))
        plan = run_step(lambda: services.adopt_plan(org, actor=request.user, **fields))
        return Response(InspectionPlanSerializer(plan).data, status=201)

    @extend_schema(summary=_("Schedule an inspection or supervision in the plan"),
                   request=InspectionScheduleInput,
                   responses={201: InspectionSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        plan = self.get_object()
        services.require_handler(request.user, plan.organization)
        data = InspectionScheduleInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        org = plan.organization
        fields["subject_organization"] = _subtree_org(org, fields["subject_organization"],
                                                      "subject_organization")  # fmt: skip
        fields["subject_member"] = _member(org, fields["subject_member"], "subject_member")
        row = run_step(lambda: services.schedule(plan, actor=request.user, **fields))
        return Response(InspectionSerializer(row).data, status=201)


def _step_doc(summary, request):
    return extend_schema(summary=summary, request=request,
                         responses={200: InspectionDetailSerializer, 400: _REFUSED,
                                    404: _NOT_FOUND})  # fmt: skip


@extend_schema(tags=["inspection"])
class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inspections and supervisions the user may see, latest first, and their steps."""

    serializer_class = InspectionSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        qs = Inspection.objects.visible_to(self.request.user).select_related(
            "organization", "subject_organization", "subject_member"
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related("team__member", "findings", "follow_ups")
        return qs.order_by("-starts_on", "pk")

    def get_serializer_class(self):
        return InspectionDetailSerializer if self.action == "retrieve" else InspectionSerializer

    @extend_schema(
        summary=_("Inspections and supervisions, latest first"),
        parameters=[
            OpenApiParameter("organization", str, description=_("An organization's code.")),
            OpenApiParameter("activity", str, enum=Activity.values),
            OpenApiParameter("state", str, enum=InspectionState.values),
        ],
        responses={200: InspectionSerializer(many=True), 400: _REFUSED},
    )
    def list(self, request, *args, **kwargs):
        query = InspectionListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = query.validated_data
        qs = _under(request, self.get_queryset(), "organization__path", found.get("organization"))
        if "activity" in found:
            qs = qs.filter(activity=found["activity"])
        if "state" in found:
            qs = qs.filter(state=found["state"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(InspectionSerializer(page, many=True).data)

    def _run(self, request, form, call):
        inspection = self.get_object()
        services.require_handler(request.user, inspection.organization)
        data = form(data=request.data)
        data.is_valid(raise_exception=True)
        result = run_step(lambda: call(inspection, dict(data.validated_data)))
        target = result if isinstance(result, Inspection) else inspection
        fresh = self.get_queryset().prefetch_related("team__member", "findings", "follow_ups")
        return Response(InspectionDetailSerializer(fresh.get(pk=target.pk)).data)

    @_step_doc(_("The inspection team (replaces the team recorded)"), InspectionTeamInput)
    @action(detail=True, methods=["post"])
    def team(self, request, pk=None):
        def call(i, d):
            leader = _member(i.organization, d["leader"], "leader")
            people = [_member(i.organization, m, "members") for m in d["members"]]
            return services.set_team(i, leader=leader, members=people, actor=request.user)

        return self._run(request, InspectionTeamInput, call)

    @_step_doc(_("Record a finding"), InspectionFindingInput)
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        return self._run(request, InspectionFindingInput,
                         lambda i, d: services.add_finding(i, actor=request.user, **d))  # fmt: skip

    @_step_doc(_("Conclude"), InspectionConcludeInput)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        return self._run(request, InspectionConcludeInput,
                         lambda i, d: services.conclude(i, actor=request.user, **d))  # fmt: skip

    @_step_doc(_("Add a follow-up action"), FollowUpInput)
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        return self._run(request, FollowUpInput,
                         lambda i, d: services.add_follow_up(i, actor=request.user, **d))  # fmt: skip

    @_step_doc(
        _("Open an inspection on the signs of violation a supervision found"), InspectionOpenInput
    )
    @action(detail=True, methods=["post"], url_path="open")
    def open_inspection(self, request, pk=None):
        return self._run(request, InspectionOpenInput,
                         lambda i, d: services.open_from_supervision(i, actor=request.user, **d))  # fmt: skip

    @extend_schema(summary=_("Open the discipline case the conclusion proposes"),
                   request=InspectionDisciplineInput,
                   responses={201: DisciplineCaseSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["post"])
    def discipline(self, request, pk=None):
        """The same step as the page's: `services.open_discipline_case` (a 404 for who does not
        handle the inspection's organization or may not change its discipline records)."""
        inspection = self.get_object()
        services.require_handler(request.user, inspection.organization)
        data = InspectionDisciplineInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = run_step(lambda: services.open_discipline_case(
            inspection, actor=request.user, **data.validated_data))  # fmt: skip
        return Response(DisciplineCaseSerializer(case).data, status=201)


@extend_schema(tags=["inspection"])
class FollowUpViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One follow-up action, and mark it done."""

    serializer_class = FollowUpSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return FollowUp.objects.visible_to(self.request.user).select_related(
            "inspection__organization"
        )

    @extend_schema(summary=_("Mark a follow-up action done"), request=FollowUpDoneInput,
                   responses={200: FollowUpSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        row = self.get_object()
        data = FollowUpDoneInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = run_step(lambda: services.mark_follow_up_done(row, actor=request.user,
                                                            **data.validated_data))  # fmt: skip
        return Response(FollowUpSerializer(row).data)
