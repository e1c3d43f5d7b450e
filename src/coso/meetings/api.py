"""The meetings API: the calendar (list, plan), one meeting with its attendance and votes, and
the steps (record the attendance, take a vote, adopt the minutes) as POST actions calling the
same services as the pages. Out of scope is a 404; a refusal is a 400 with the rule's message.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.fields import HourMinuteField, ObjectIdField
from coso.core.api.views import run_step
from coso.core.views import organization_or_404
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from . import services
from .choices import MARKS, MeetingKind
from .models import Attendance, Meeting, MeetingVote
from .workflow import kinds as workflow_kinds

_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_REFUSED = OpenApiResponse(
    description=_("Refused: messages by field, naming the rule; nothing was changed.")
)


class VoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingVote
        fields = [
            "id", "subject", "votes_for", "votes_against", "abstaining", "vote_base", "passed",
            "legal_basis", "workflow", "workflow_subject_id",
        ]  # fmt: skip


class MeetingSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    starts_at = HourMinuteField(read_only=True, allow_null=True)
    ends_at = HourMinuteField(read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "organization", "kind", "with_thematic", "date", "starts_at", "ends_at",
            "place", "topic", "agenda", "status", "vote_base", "voters_present", "conclusion",
            "adopted_at",
        ]  # fmt: skip


class AttendanceSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["member", "member_name", "standing", "exempted", "presence", "reason"]


class MeetingDetailSerializer(MeetingSerializer):
    votes = VoteSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "votes"]


class PlanInput(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64)
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    date = serializers.DateField()
    topic = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    with_thematic = serializers.BooleanField(required=False, default=False)
    starts_at = HourMinuteField(required=False, allow_null=True, default=None)
    ends_at = HourMinuteField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    agenda = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class MarkInput(serializers.Serializer):
    member = ObjectIdField()
    presence = serializers.ChoiceField(choices=[(m, m) for m in MARKS])
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class AttendanceInput(serializers.Serializer):
    exceptions = MarkInput(
        many=True,
        required=False,
        default=list,
        help_text=_("Everyone called is present (the exempted: exempted) except these."),
    )


class VoteInput(serializers.Serializer):
    """A plain vote (``subject``), or a workflow step voted on at the meeting (``workflow`` and
    ``workflow_subject_id``: a candidate's id for "admission", a member's for "recognition");
    then the step is recorded too, dated the meeting's date, with its vote base."""

    subject = serializers.CharField(max_length=255, required=False, default="")
    workflow = serializers.ChoiceField(choices=[], required=False)
    workflow_subject_id = ObjectIdField(required=False)
    votes_for = serializers.IntegerField(min_value=0, max_value=100000)
    votes_against = serializers.IntegerField(min_value=0, max_value=100000)
    abstaining = serializers.IntegerField(min_value=0, max_value=100000, default=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the registry is filled when the apps are ready (discipline adds its kind)
        self.fields["workflow"].choices = [(k.key, str(k.label)) for k in workflow_kinds()]

    def validate(self, attrs):
        if "workflow" in attrs:
            if "workflow_subject_id" not in attrs:
                raise serializers.ValidationError(
                    {"workflow_subject_id": [_("Say which case the vote is on.")]}
                )
        elif not attrs.get("subject", "").strip():
            raise serializers.ValidationError({"subject": [_("Say what the vote is on.")]})
        return attrs


class AdoptInput(serializers.Serializer):
    starts_at = HourMinuteField()
    ends_at = HourMinuteField()
    conclusion = serializers.CharField(max_length=10000)
    chair_id = ObjectIdField(
        required=False,
        allow_null=True,
        help_text=_("A member present who chaired."),
    )
    minute_taker_id = ObjectIdField(
        required=False,
        allow_null=True,
        help_text=_("A member present who took the minutes."),
    )


class ListQuery(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64, required=False)
    year = serializers.IntegerField(min_value=1945, max_value=2200, required=False)
    kind = serializers.ChoiceField(choices=MeetingKind.choices, required=False)


@extend_schema(tags=["meetings"])
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings of the organizations the user may see, newest first."""

    serializer_class = MeetingSerializer

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("organization")
            .order_by("-date", "-pk")
        )

    def get_serializer_class(self):
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    @extend_schema(
        summary=_("Meetings, newest first"),
        parameters=[
            OpenApiParameter("organization", str, description=_("An organization's code.")),
            OpenApiParameter("year", int),
            OpenApiParameter("kind", str, enum=MeetingKind.values),
        ],
        responses={200: MeetingSerializer(many=True), 400: _REFUSED},
    )
    def list(self, request, *args, **kwargs):
        query = ListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        qs = self.get_queryset()
        found = query.validated_data
        if "organization" in found:
            org = Organization.objects.visible_to(request.user).by_code(found["organization"])
            if org is None:
                raise serializers.ValidationError(
                    {
                        "organization": [
                            _("There is no organization with the code %(code)s.")
                            % {"code": found["organization"].strip()}
                        ]
                    }
                )
            qs = qs.filter(organization=org)
        if "year" in found:
            qs = qs.in_year(found["year"])
        if "kind" in found:
            qs = qs.filter(kind=found["kind"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Plan a meeting"),
        request=PlanInput,
        responses={201: MeetingSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    def create(self, request):
        data = PlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        org = organization_or_404(
            Organization.objects.visible_to(request.user), fields.pop("organization")
        )
        meeting = run_step(lambda: services.plan_meeting(org, actor=request.user, **fields))
        return Response(MeetingSerializer(meeting).data, status=201)

    @extend_schema(
        summary=_("The attendance (GET), or record it (POST): one request for the whole roster"),
        request=AttendanceInput,
        responses={200: AttendanceSerializer(many=True), 400: _REFUSED, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def attendance(self, request, pk=None):
        meeting = self.get_object()
        if request.method == "POST":
            data = AttendanceInput(data=request.data)
            data.is_valid(raise_exception=True)
            marks = {
                m["member"]: (m["presence"], m["reason"]) for m in data.validated_data["exceptions"]
            }
            meeting = run_step(
                lambda: services.record_attendance(meeting, exceptions=marks, actor=request.user)
            )
        rows = Attendance.objects.visible_to(request.user).filter(meeting=meeting)
        rows = rows.select_related("member").order_by("member__sort_key", "member_id")
        return Response(AttendanceSerializer(rows, many=True).data)

    @extend_schema(
        summary=_(
            "Record a vote, counted against the meeting's vote base; a workflow step (an "
            "admission, a recognition) is recorded with it"
        ),
        request=VoteInput,
        responses={200: VoteSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def votes(self, request, pk=None):
        meeting = self.get_object()
        data = VoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "workflow" in fields:
            fields.pop("subject")
            fields["subject_id"] = fields.pop("workflow_subject_id")
            vote = run_step(
                lambda: services.record_workflow_vote(meeting, actor=request.user, **fields)
            )
        else:
            fields.pop("workflow_subject_id", None)
            vote = run_step(lambda: services.record_vote(meeting, actor=request.user, **fields))
        return Response(VoteSerializer(vote).data)

    @extend_schema(
        summary=_("Adopt the minutes (they are locked)"),
        request=AdoptInput,
        responses={200: MeetingDetailSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        meeting = self.get_object()
        data = AdoptInput(data=request.data)
        data.is_valid(raise_exception=True)
        run_step(lambda: services.adopt_minutes(meeting, actor=request.user, **data.validated_data))
        return Response(MeetingDetailSerializer(self.get_queryset().get(pk=meeting.pk)).data)
