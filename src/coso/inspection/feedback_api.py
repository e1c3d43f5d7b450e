"""The feedback API: /feedback/ lists what the user may see (or sent) and records a letter or
comment (the office); /feedback/send/ is a member's own; /feedback/<id>/answer/ answers. The
sender is the one field `sender` (`Feedback.sender_shown_to`): never the sender's own fields."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.fields import ObjectIdField
from coso.core.api.views import run_step
from coso.core.scope import OutOfScope, scope_q
from coso.members.models import Member
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from . import services
from .api import _NOT_FOUND, _REFUSED
from .choices import RECEIVED_CHANNELS, FeedbackOutcome, FeedbackState, SenderKind
from .models import Feedback
from .scope import handler_paths


class FeedbackSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.code", read_only=True)
    about_organization = serializers.CharField(source="about_organization.code", read_only=True)
    about = serializers.CharField(read_only=True)
    sender = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = [
            "id", "committee", "about_organization", "about_member", "about", "channel",
            "sender_kind", "anonymous", "sender", "summary", "content", "received_on",
            "answer_due_on", "state", "answered_on", "answer", "outcome", "inspection",
        ]  # fmt: skip

    def get_sender(self, row) -> str:
        return row.sender_shown_to(self.context["request"].user)

    def get_state(self, row) -> str:
        return row.state(timezone.localdate())


class FeedbackReceiveInput(serializers.Serializer):
    about_organization = serializers.RegexField(CODE_REGEX, max_length=64, required=False)
    about_member = ObjectIdField(required=False, allow_null=True, default=None)
    channel = serializers.ChoiceField(choices=RECEIVED_CHANNELS)
    sender_kind = serializers.ChoiceField(choices=SenderKind.choices)
    anonymous = serializers.BooleanField(required=False, default=False)
    sender_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    sender_contact = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                           default="")  # fmt: skip
    summary = serializers.CharField(max_length=300)
    content = serializers.CharField(max_length=20000)
    received_on = serializers.DateField()


class FeedbackSendInput(serializers.Serializer):
    about_organization = serializers.RegexField(CODE_REGEX, max_length=64, required=False)
    about_member = ObjectIdField(required=False, allow_null=True, default=None)
    summary = serializers.CharField(max_length=300)
    content = serializers.CharField(max_length=20000)
    anonymous = serializers.BooleanField(required=False, default=False)


class FeedbackAnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=20000)
    answered_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=FeedbackOutcome.choices)
    inspection_ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class FeedbackListQuery(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64, required=False)
    state = serializers.ChoiceField(choices=FeedbackState.choices, required=False)


def _subject(request, fields) -> dict:
    """The organization (by code) and the member (by id) the feedback is about, among those
    whose names the user sees; else a 404."""
    names = scope_q(request.user, "path", edit=False)
    code = fields.pop("about_organization", None)
    org = None
    if code is not None:
        org = Organization.objects.filter(names).by_code(code)
        if org is None:
            raise OutOfScope
    member_id = fields.pop("about_member", None)
    member = None
    if member_id is not None:
        member = Member.objects.filter(
            scope_q(request.user, "organization__path", edit=False), pk=member_id
        ).first()
        if member is None:
            raise OutOfScope
    return {"about_organization": org, "about_member": member}


@extend_schema(tags=["inspection"])
class FeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Feedback the user may see (or sent), by answer date."""

    serializer_class = FeedbackSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        handler_paths(self.request.user)  # read once: every row's sender asks it
        return (
            Feedback.objects.visible_or_own(self.request.user)
            .select_related("committee", "about_organization", "about_member", "sender_member")
            .order_by("answer_due_on", "pk")
        )

    @extend_schema(
        summary=_("Feedback, by answer date"),
        parameters=[
            OpenApiParameter("organization", str, description=_("An organization's code.")),
            OpenApiParameter("state", str, enum=FeedbackState.values),
        ],
        responses={200: FeedbackSerializer(many=True), 400: _REFUSED},
    )
    def list(self, request, *args, **kwargs):
        query = FeedbackListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = query.validated_data
        qs = self.get_queryset()
        if "organization" in found:
            org = Organization.objects.visible_to(request.user).by_code(found["organization"])
            if org is None:
                raise serializers.ValidationError(
                    {"organization": [_("There is no organization with the code %(code)s.")
                                      % {"code": found["organization"].strip()}]}
                )  # fmt: skip
            qs = qs.filter(
                Q(committee__path__startswith=org.path)
                | Q(about_organization__path__startswith=org.path)
            )
        if "state" in found:
            qs = qs.in_state(found["state"], timezone.localdate())
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary=_("Record a letter or comment (the office)"), request=FeedbackReceiveInput,
                   responses={201: FeedbackSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    def create(self, request):
        data = FeedbackReceiveInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.update(_subject(request, fields))
        row = run_step(lambda: services.receive_feedback(actor=request.user, **fields))
        return Response(self.get_serializer(row).data, status=201)

    @extend_schema(summary=_("Send feedback (a member, named or anonymous)"), request=FeedbackSendInput,
                   responses={201: FeedbackSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    @action(detail=False, methods=["post"])
    def send(self, request):
        data = FeedbackSendInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.update(_subject(request, fields))
        row = run_step(lambda: services.send_feedback(request.user, **fields))
        return Response(self.get_serializer(row).data, status=201)

    @extend_schema(summary=_("Answer the feedback"), request=FeedbackAnswerInput,
                   responses={200: FeedbackSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        row = self.get_object()
        services.require_handler(request.user, row.committee)
        data = FeedbackAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = run_step(lambda: services.answer_feedback(row, actor=request.user,
                                                        **data.validated_data))  # fmt: skip
        return Response(self.get_serializer(row).data)
