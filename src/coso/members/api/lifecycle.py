"""REST API of the lifecycle: transfer letters (/api/v1/transfers/), the lifecycle actions on a
member (/api/v1/members/{id}/transfer/, …/exempt/, …) and the to-do list (/api/v1/todo/).

Each action is a POST that validates its input, calls the same service as the page
(`coso.members.services.MEMBER_ACTIONS` / `TRANSFER_ACTIONS`) and answers 400 with messages by field
when the service refuses (nothing changed), 404 when the member or letter is outside the
user's scope.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from coso.core.api.schema import SingleObjectSchema
from coso.core.api.views import drf_validation_error
from coso.members import choices
from coso.members.api.members import EditableOrganizationField
from coso.members.forms.lifecycle import (
    INCOMING_STATUSES,
    MEMBER_ACTION_FORMS,
    REMOVAL_CHOICES,
    TRANSFER_ACTION_FORMS,
    todo_filters,
)
from coso.members.models import Member, StatusPeriod, Transfer
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import todo_list
from coso.members.services import MEMBER_ACTIONS, TRANSFER_ACTIONS, receive_from_outside
from coso.orgs.models import Organization

_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_REFUSED = OpenApiResponse(description=_("Refused: messages by field; nothing was changed."))


# --- serializers --------------------------------------------------------------------------


class TransferSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    # a letter to or from outside the system has no organization on that side
    from_organization = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    to_organization = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Transfer
        fields = [
            "id", "member", "member_name", "kind", "direction", "status", "from_organization",
            "from_outside", "to_organization", "to_outside", "letter_number", "issued_on",
            "change_on", "start_due", "started_late", "hand_in_due", "until", "received_on",
            "closed_on", "legal_basis", "note",
        ]  # fmt: skip
        read_only_fields = fields


class StatusPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusPeriod
        fields = [
            "id", "kind", "valid_from", "valid_to", "ended_on", "reason", "decision_number",
            "decided_on", "purpose", "country", "meeting_place", "due_on", "first_warning_on",
            "second_warning_on", "legal_basis", "note",
        ]  # fmt: skip
        read_only_fields = fields


class IssueTransferInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=choices.TransferKind.choices)
    to = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Code of the receiving organization inside the system."),
    )
    to_outside = serializers.CharField(required=False, allow_blank=True, max_length=255)
    letter_number = serializers.CharField(max_length=64)
    issued_on = serializers.DateField()
    change_on = serializers.DateField(required=False, allow_null=True)
    until = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ExemptInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=choices.ExemptionReason.choices)
    decision_number = serializers.CharField(max_length=64)
    decided_on = serializers.DateField(required=False, allow_null=True)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class RetireInput(serializers.Serializer):
    retired_on = serializers.DateField()
    meeting_place = serializers.CharField(required=False, allow_blank=True, max_length=255)


class GraduateHoldInput(serializers.Serializer):
    graduated_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True)


class AbroadInput(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=choices.AbroadPurpose.choices)
    country = serializers.CharField(max_length=100)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=64)


class EndStatusInput(serializers.Serializer):
    period = serializers.IntegerField(help_text=_("Id of the member's status period to end."))
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True)


class ResidenceLiaisonInput(serializers.Serializer):
    introduced_on = serializers.DateField()
    residence_cell = serializers.CharField(required=False, allow_blank=True, max_length=255)
    residence_address = serializers.CharField(required=False, allow_blank=True, max_length=255)
    letter_number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    exempt_group = serializers.ChoiceField(
        choices=choices.ExemptGroup.choices, required=False, allow_blank=True
    )


class ResidenceFeedbackInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    received_on = serializers.DateField()
    assessment = serializers.ChoiceField(choices=choices.FeedbackAssessment.choices)
    content = serializers.CharField(required=False, allow_blank=True)


class RemoveInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=REMOVAL_CHOICES)
    date = serializers.DateField()
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    leaving_reason = serializers.ChoiceField(
        choices=choices.LeavingReason.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(required=False, allow_blank=True)


class ReceiveInput(serializers.Serializer):
    received_on = serializers.DateField()


class CancelInput(serializers.Serializer):
    date = serializers.DateField()
    expired = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True)


class EndTemporaryInput(serializers.Serializer):
    date = serializers.DateField()


class IncomingInput(serializers.Serializer):
    organization = EditableOrganizationField(
        help_text=_("Code of the receiving organization (one the user may edit).")
    )
    from_outside = serializers.CharField(max_length=255)
    letter_number = serializers.CharField(max_length=64)
    issued_on = serializers.DateField(required=False, allow_null=True)
    received_on = serializers.DateField()
    status = serializers.ChoiceField(
        choices=INCOMING_STATUSES, default=choices.MemberStatus.OFFICIAL.value
    )
    cccd = serializers.CharField(max_length=12)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    middle_name = serializers.CharField(required=False, allow_blank=True, max_length=80)
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    sex = serializers.ChoiceField(choices=choices.Sex.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    admitted_on = serializers.DateField(required=False, allow_null=True)
    recognized_on = serializers.DateField(required=False, allow_null=True)


class TodoItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    member_id = serializers.IntegerField(allow_null=True)  # null: an admission file
    member_name = serializers.CharField()
    organization = serializers.CharField(source="organization_code")
    organization_name = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    days_overdue = serializers.IntegerField(allow_null=True)
    overdue = serializers.BooleanField()
    due_text = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()


class TodoCountSerializer(serializers.Serializer):
    organization = serializers.CharField(allow_null=True)
    organization_name = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())


class TodoListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())
    overdue = serializers.IntegerField(help_text=_("Items past their date (listed first)."))
    by_organization = TodoCountSerializer(many=True)
    results = TodoItemSerializer(many=True)


# --- member lifecycle actions -------------------------------------------------------------


def _run(call, obj, data, actor):
    try:
        return call(obj, data, actor)
    except DjangoValidationError as exc:
        raise drf_validation_error(exc) from exc


def _member_action(name: str, input_class, output_class):
    @extend_schema(
        tags=["members"],
        summary=str(MEMBER_ACTION_FORMS[name][1]),
        request=input_class,
        responses={200: output_class, 400: _REFUSED, 404: _NOT_FOUND},
    )
    def view(self, request, pk=None):
        member = self.get_object()
        payload = input_class(data=request.data)
        payload.is_valid(raise_exception=True)
        result = _run(MEMBER_ACTIONS[name], member, payload.validated_data, request.user)
        if isinstance(result, Member):
            return Response(LifecycleSerializer(result).data)
        return Response(output_class(result).data)

    view.__name__ = name
    return action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(view)


class LifecycleSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    transfers = TransferSerializer(many=True, read_only=True)
    status_periods = StatusPeriodSerializer(many=True, read_only=True)

    class Meta:
        model = Member
        fields = ["id", "full_name", "organization", "status", "transfers", "status_periods"]
        read_only_fields = fields


class _Generic(serializers.Serializer):
    id = serializers.IntegerField()


class MemberLifecycleViewSet(viewsets.GenericViewSet):
    """Lifecycle actions on a member the user may edit (404 otherwise)."""

    serializer_class = LifecycleSerializer

    def get_queryset(self):
        user = self.request.user
        if self.action == "lifecycle":
            qs = Member.objects.visible_to(user)
        else:
            qs = Member.objects.editable_by(user)
        return qs.select_related("organization")

    @extend_schema(
        tags=["members"],
        summary=_("A member's transfers and statuses"),
        responses={200: LifecycleSerializer, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def lifecycle(self, request, pk=None):
        member = self.get_object()
        return Response(LifecycleSerializer(member).data)

    transfer = _member_action("transfer", IssueTransferInput, TransferSerializer)
    exempt = _member_action("exempt", ExemptInput, StatusPeriodSerializer)
    retire = _member_action("retire", RetireInput, StatusPeriodSerializer)
    graduate_hold = _member_action("graduate_hold", GraduateHoldInput, StatusPeriodSerializer)
    abroad = _member_action("abroad", AbroadInput, StatusPeriodSerializer)
    end_status = _member_action("end_status", EndStatusInput, StatusPeriodSerializer)
    residence_liaison = _member_action("residence_liaison", ResidenceLiaisonInput, _Generic)
    residence_feedback = _member_action("residence_feedback", ResidenceFeedbackInput, _Generic)
    remove = _member_action("remove", RemoveInput, LifecycleSerializer)


# --- transfer letters ---------------------------------------------------------------------


def _transfer_action(name: str, input_class):
    form_class, label, role = TRANSFER_ACTION_FORMS[name]
    call = TRANSFER_ACTIONS[name]

    @extend_schema(
        tags=["transfers"],
        summary=str(label),
        request=input_class,
        responses={200: TransferSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    def view(self, request, pk=None):
        transfer = get_object_or_404(Transfer.objects.actionable_by(request.user, role), pk=pk)
        payload = input_class(data=request.data)
        payload.is_valid(raise_exception=True)
        result = _run(call, transfer, payload.validated_data, request.user)
        return Response(TransferSerializer(result).data)

    view.__name__ = name
    return action(detail=True, methods=["post"])(view)


@extend_schema(
    tags=["transfers"],
    parameters=[
        OpenApiParameter("organization", str, description=_("Letters from or to this subtree.")),
        OpenApiParameter(
            "box",
            str,
            enum=["inbox", "outbox"],
            description=_("inbox: addressed here; outbox: issued here."),
        ),
        OpenApiParameter("status", str, enum=choices.TransferStatus.values),
    ],
)
class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Transfer letters the user may see (the member's, the sender's or the receiver's scope)."""

    serializer_class = TransferSerializer
    filterset_class = None
    filter_backends: list = []

    def get_queryset(self):
        qs = Transfer.objects.visible_to(self.request.user).select_related(
            "member", "from_organization", "to_organization"
        )
        params = self.request.query_params
        code = params.get("organization")
        if code:
            org = Organization.objects.visible_to(self.request.user).by_code(code)
            if org is None:
                return qs.none()
            box = params.get("box")
            if box == "inbox":
                qs = qs.filter(to_organization__path__startswith=org.path)
            elif box == "outbox":
                qs = qs.filter(from_organization__path__startswith=org.path)
            else:
                qs = qs.filter(
                    Q(to_organization__path__startswith=org.path)
                    | Q(from_organization__path__startswith=org.path)
                )
        if params.get("status") in choices.TransferStatus.values:
            qs = qs.filter(status=params["status"])
        return qs.order_by("-issued_on", "-id")

    receive = _transfer_action("receive", ReceiveInput)
    confirm = _transfer_action("confirm", ReceiveInput)
    cancel = _transfer_action("cancel", CancelInput)
    end = _transfer_action("end", EndTemporaryInput)

    @extend_schema(
        summary=_("Letter in from outside the system"),
        description=_(
            "Registers the member, or revives the record with the same CCCD that left by a "
            "transfer out."
        ),
        request=IncomingInput,
        responses={201: TransferSerializer, 400: _REFUSED},
    )
    @action(detail=False, methods=["post"])
    def incoming(self, request):
        payload = IncomingInput(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        org = data.pop("organization")
        try:
            transfer = receive_from_outside(org, data, request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


# --- Việc cần làm -------------------------------------------------------------------------


class TodoViewSet(viewsets.GenericViewSet):
    """The user's to-do list: overdue and soon-due items, with counts by kind and organization."""

    serializer_class = TodoListSerializer
    filter_backends: list = []
    pagination_class = None
    schema = SingleObjectSchema()

    @extend_schema(
        tags=["todo"],
        summary=_("To do: overdue and soon-due items in the user's scope"),
        parameters=[
            OpenApiParameter("kind", str, many=True, enum=TodoKind.values),
            OpenApiParameter("organization", str, description=_("Only this subtree (code).")),
            OpenApiParameter("overdue", bool, description=_("Only the items past their date.")),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description=_("Up to 500.")),
        ],
        responses={200: TodoListSerializer, 400: _REFUSED},
    )
    def list(self, request):
        params = request.query_params
        filters, error = todo_filters(request.user, params)
        if error:
            raise serializers.ValidationError({"organization": [error]})
        try:
            page = int(params.get("page", 1))
            page_size = min(500, max(1, int(params.get("page_size", 50))))
        except ValueError:
            page, page_size = 1, 50
        today = timezone.localdate()
        result = todo_list(request.user, today=today, page=page, page_size=page_size, **filters)
        data = {
            "count": result.total,
            "page": result.page,
            "pages": result.pages,
            "by_kind": {k: result.by_kind.get(k, 0) for k in TodoKind.values},
            "overdue": result.overdue_total,
            "by_organization": [
                {
                    "organization": c.organization.code if c.organization else None,
                    "organization_name": c.organization.name if c.organization else None,
                    "count": c.count,
                    "by_kind": c.by_kind,
                }
                for c in result.by_organization
            ],
            "results": TodoItemSerializer(result.items, many=True).data,
        }
        return Response(data)
