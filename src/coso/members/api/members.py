"""REST API for the member registry: /api/v1/members/.

Every queryset starts from the permission choke point (`visible_to` to read, `editable_by` to
write); a member outside the user's scope is a 404 on read and on write. Writes go through the
registry services (`register_member`, `update_member`), so the model's `full_clean` states every
rule once and the API answers with the model's own messages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets

from coso.core.api.views import Conflict, drf_validation_error
from coso.core.audit import ConcurrentEditError
from coso.members.filters import MemberApiFilter
from coso.members.models import Member
from coso.members.privacy import NAME_FIELDS, sees_record
from coso.members.services import EDITABLE_FIELDS, register_member, update_member
from coso.orgs.models import Organization

#: serializer-side rules that the model states too; dropped so that `full_clean` in the service
#: answers with the model's messages (e.g. "The citizen ID (CCCD) must be exactly 12 digits.")
_MODEL_RULE_KWARGS = ("validators", "max_length", "min_length", "min_value", "max_value")


class EditableOrganizationField(serializers.SlugRelatedField):
    """An organization by code, among those the requesting user may edit.

    An organization outside the user's scope gets the same answer as one that does not exist,
    so the API does not reveal which codes exist elsewhere.
    """

    default_error_messages = {
        "does_not_exist": _("There is no organization with the code {value} that you may edit."),
        "invalid": _("Invalid organization code."),
    }

    def __init__(self, **kwargs):
        # the queryset is only for schema introspection; get_queryset() is what validates
        super().__init__(slug_field="code", queryset=Organization.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return Organization.objects.editable_by(getattr(request, "user", None))


class MemberSerializer(serializers.ModelSerializer):
    """A member's registry record; `organization` is written on create only."""

    organization = EditableOrganizationField(
        help_text=_("Code of the organization where the member holds official activity.")
    )

    class Meta:
        model = Member
        fields = ["id", "full_name", *EDITABLE_FIELDS, "organization", "status", "version"]
        read_only_fields = ["status"]

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        for key in _MODEL_RULE_KWARGS:
            field_kwargs.pop(key, None)
        if issubclass(field_class, serializers.CharField) and not field_kwargs.get("read_only"):
            # "This field cannot be blank." comes from the model, like every other rule
            field_kwargs["allow_blank"] = True
        return field_class, field_kwargs

    def create(self, validated_data):
        organization = validated_data.pop("organization")
        request = self.context["request"]
        try:
            return register_member(validated_data, organization=organization, actor=request.user)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc


class MemberNameSerializer(serializers.ModelSerializer):
    """What a user sees of a member whose record they may not read (a plain member's role
    shows the names and cells of fellow members): `privacy.NAME_FIELDS`."""

    organization = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        help_text=_("Code of the organization where the member holds official activity."),
    )

    class Meta:
        model = Member
        fields = list(NAME_FIELDS)
        read_only_fields = fields


class MemberNameSchema(OpenApiSerializerExtension):
    """`MemberName` admits no other field, so that a whole record (which has these three
    too) matches only `Member` in the `oneOf` of a member as read."""

    target_class = MemberNameSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        return schema


class MemberReadSerializer(MemberSerializer):
    """A member as read: the whole record if the user may read it, else names only."""

    def to_representation(self, instance):
        request = self.context.get("request")
        if not sees_record(getattr(request, "user", None), instance):
            return MemberNameSerializer(instance, context=self.context).data
        return super().to_representation(instance)


#: the schema of a member as read: one of the two, told apart by their fields
MEMBER_OR_NAME = PolymorphicProxySerializer(
    component_name="MemberOrName",
    serializers=[MemberSerializer, MemberNameSerializer],
    resource_type_field_name=None,
)


class MemberUpdateSerializer(MemberSerializer):
    """An edit of registry fields; `version` is the one the client read (optimistic locking)."""

    organization = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        help_text=_("Changes only through a transfer, not through an edit."),
    )
    version = serializers.IntegerField(
        help_text=_(
            "The version the client read. If the record changed since, the answer is 409 and "
            "nothing is saved."
        )
    )

    def validate(self, attrs):
        if "version" not in attrs:  # PATCH makes every field optional, but not this one
            raise serializers.ValidationError(
                {"version": [self.fields["version"].error_messages["required"]]}
            )
        errors = {}
        sent_org = self.initial_data.get("organization")
        if sent_org is not None and sent_org != self.instance.organization.code:
            errors["organization"] = [
                _("The organization changes only through a transfer, not through an edit.")
            ]
        sent_status = self.initial_data.get("status")
        if sent_status is not None and sent_status != self.instance.status:
            errors["status"] = [
                _("The status changes only through a workflow step, not through an edit.")
            ]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def update(self, instance, validated_data):
        expected = validated_data.pop("version")
        request = self.context["request"]
        try:
            member = update_member(
                instance, validated_data, expected_version=expected, actor=request.user
            )
        except ConcurrentEditError as exc:
            raise Conflict(exc.messages[0]) from exc
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        if member.organization_id == instance.organization_id:
            member.organization = instance.organization  # already loaded: no query for its code
        return member


_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_INVALID = OpenApiResponse(description=_("Invalid data: messages by field; nothing was saved."))
_STALE = OpenApiResponse(
    description=_(
        "The record changed after the client read it (stale `version`); nothing was saved."
    )
)
#: a full and a partial edit answer alike
_EDIT_RESPONSES = {200: MemberUpdateSerializer, 400: _INVALID, 404: _NOT_FOUND, 409: _STALE}


@extend_schema(tags=["members"])
@extend_schema_view(
    list=extend_schema(
        summary=_("List members"),
        description=_(
            "Members the user may see. `organization=CODE` keeps that subtree; `search` ignores "
            "accents and đ/d; the default order is the Vietnamese name order (`ordering=name`). "
            "A member whose record the user may not read (a plain member's role shows fellow "
            "members' names and cells) comes as `MemberName`: id, full name, organization."
        ),
        responses={
            200: PolymorphicProxySerializer(
                component_name="MemberOrName",
                serializers=[MemberSerializer, MemberNameSerializer],
                resource_type_field_name=None,
                many=True,
            )
        },
    ),
    retrieve=extend_schema(
        summary=_("A member's record"),
        description=_(
            "The whole record, or `MemberName` (id, full name, organization) for a member whose "
            "record the user may not read."
        ),
        responses={200: MEMBER_OR_NAME, 404: _NOT_FOUND},
    ),
    create=extend_schema(
        summary=_("Enter a member into the registry"),
        description=_(
            "The organization must be one the user may edit; any other code is refused as "
            "unknown (400 on `organization`)."
        ),
        responses={201: MemberSerializer, 400: _INVALID},
    ),
    update=extend_schema(
        summary=_("Edit a member's record"),
        responses=_EDIT_RESPONSES,
    ),
    partial_update=extend_schema(
        summary=_("Edit some fields of a member's record"),
        description=_("`version` is required, as the client read it."),
        responses=_EDIT_RESPONSES,
    ),
)
class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Members the user may see; create and edit those in organizations the user may edit.

    The list runs a fixed number of queries whatever the page size (organization joined).
    Default order is the Vietnamese name order (`ordering=name`).
    """

    filterset_class = MemberApiFilter

    def get_queryset(self):
        user = self.request.user
        if self.action in ("update", "partial_update"):
            qs = Member.objects.editable_by(user)
        elif self.action in ("list", "retrieve"):
            qs = Member.objects.listed_for(user)  # names only where the role shows no records
        else:
            qs = Member.objects.visible_to(user)
        return qs.select_related("organization")

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return MemberUpdateSerializer
        if self.action in ("list", "retrieve"):
            return MemberReadSerializer
        return MemberSerializer
