"""The API of a resolution's tasks: /api/v1/meetings/<id>/tasks/ lists the tasks that meeting's
resolution gives (GET) and gives one (POST); /api/v1/meeting-tasks/<id>/done/ marks one done. Each calls
the same service as the pages; out of scope is a 404, a refusal a 400 with the rule's message.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.fields import ObjectIdField
from coso.core.api.views import run_step
from coso.core.scope import OutOfScope

from . import services
from .api import _NOT_FOUND, _REFUSED
from .choices import TaskBody
from .models import Meeting, ResolutionTask


class TaskSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(
        source="member.full_name", read_only=True, default=None, allow_null=True
    )
    assignee = serializers.CharField(read_only=True)
    state = serializers.SerializerMethodField()

    class Meta:
        model = ResolutionTask
        fields = [
            "id", "meeting", "what", "member", "member_name", "body", "assignee", "due_on",
            "state", "done_on", "done_note", "reviewed_at", "review_note",
        ]  # fmt: skip

    def get_state(self, task) -> str:
        return task.state(timezone.localdate())


class TaskInput(serializers.Serializer):
    what = serializers.CharField(max_length=500)
    due_on = serializers.DateField()
    member = ObjectIdField(required=False, allow_null=True, default=None)
    body = serializers.ChoiceField(choices=TaskBody.choices, required=False, default="")


class DoneInput(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


@extend_schema(tags=["meetings"])
class MeetingTaskViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """/meetings/<id>/tasks/: the tasks a meeting's resolution gives, by due date (GET), and
    give one (POST)."""

    serializer_class = TaskSerializer
    queryset = ResolutionTask.objects.none()

    def meeting(self) -> Meeting:
        return get_object_or_404(
            Meeting.objects.visible_to(self.request.user).select_related("organization"),
            pk=self.kwargs["pk"],
        )

    def get_queryset(self):
        return (
            ResolutionTask.objects.filter(meeting=self.meeting())
            .select_related("member")
            .order_by("due_on", "pk")
        )

    @extend_schema(
        summary=_("The tasks of a meeting's resolution"),
        responses={200: TaskSerializer(many=True), 404: _NOT_FOUND},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary=_("Give a task of the meeting's resolution (to a member or to the committee or "
                  "whole cell)"),
        request=TaskInput,
        responses={201: TaskSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )  # fmt: skip
    def create(self, request, *args, **kwargs):
        meeting = self.meeting()
        data = TaskInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        member = None
        if fields["member"] is not None:
            member = next(
                (m for m in services.assignable(meeting) if m.pk == fields["member"]), None
            )
            if member is None:
                raise serializers.ValidationError(
                    {"member": [_("This member was not on the meeting's roster.")]}
                )
        fields["member"] = member
        task = run_step(lambda: services.add_task(meeting, actor=request.user, **fields))
        return Response(TaskSerializer(task).data, status=201)


@extend_schema(tags=["meetings"])
class TaskViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """/meeting-tasks/<id>/: one task (the user's scope, or the member's own), and mark it
    done."""

    serializer_class = TaskSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return ResolutionTask.objects.visible_or_own(self.request.user).select_related(
            "member", "meeting__organization"
        )

    @extend_schema(
        summary=_("Mark a task done (a secretary, or the member it was given to)"),
        request=DoneInput,
        responses={200: TaskSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        task = self.get_object()
        if not services.may_mark_done(request.user, task):
            raise OutOfScope
        data = DoneInput(data=request.data)
        data.is_valid(raise_exception=True)
        task = run_step(lambda: services.mark_done(task, actor=request.user, **data.validated_data))
        return Response(TaskSerializer(task).data)
