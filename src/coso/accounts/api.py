"""/api/v1/users/ and /api/v1/roles/: the users-and-roles steps for programs, the same
services and the same scope as the pages (`user_views`): outside it, 404."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.schema import NOT_FOUND, post_action
from coso.core.api.views import run_step
from coso.core.scope import OutOfScope
from coso.orgs.models import Organization

from .choices import Role
from .models import RoleAssignment
from .scope import admin_paths
from .services import users as services

_REFUSED = OpenApiResponse(description=_("Refused by a rule; nothing was written."))


class RoleSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "organization", "role", "valid_from", "valid_to"]


class UserSerializer(serializers.ModelSerializer):
    roles = RoleSerializer(source="all_roles", many=True, read_only=True)

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "last_name", "first_name", "is_active", "roles"]


class ScopedOrganizationField(serializers.CharField):
    """An organization's code, found only in the actor's account scope."""

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        org = Organization.objects.by_code(code)
        paths = admin_paths(self.context["request"].user)
        if org is None or (paths is not None and not any(org.path.startswith(p) for p in paths)):
            raise serializers.ValidationError(
                _("No organization with the code “%(code)s” in your scope.") % {"code": code}
            )
        return org


class RoleInput(serializers.Serializer):
    organization = ScopedOrganizationField()
    role = serializers.ChoiceField(choices=Role.choices)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)


class CreateUserInput(RoleInput):
    username = serializers.CharField(max_length=150)
    full_name = serializers.CharField(max_length=150)
    password = serializers.CharField(required=False, allow_blank=True, default="")


class PasswordInput(serializers.Serializer):
    password = serializers.CharField(required=False, allow_blank=True, default="")


class PasswordOutput(serializers.Serializer):
    password = serializers.CharField(help_text=_("Shown once: hand it over in person."))


class CreatedUserOutput(PasswordOutput):
    user = UserSerializer()


class EndRoleInput(serializers.Serializer):
    ended_on = serializers.DateField()


def _require_manager(request) -> None:
    if not services.may_manage_users(request.user):
        raise OutOfScope


@extend_schema(tags=["users"])
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Users holding a role in your account scope (office staff and secretaries only)."""

    serializer_class = UserSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, built with no user
            return get_user_model().objects.none()
        _require_manager(self.request)
        roles = RoleAssignment.objects.select_related("organization").order_by("valid_from", "pk")
        return (
            services.users_managed_by(self.request.user)
            .order_by("username")
            .prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr="all_roles"))
        )

    def _input(self, serializer_class):
        data = serializer_class(data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return data.validated_data

    @extend_schema(
        summary=_("Create a user with a first role"),
        request=CreateUserInput,
        responses={201: CreatedUserOutput, 400: _REFUSED, 404: NOT_FOUND},
    )
    def create(self, request):
        _require_manager(request)
        data = self._input(CreateUserInput)
        user, password = run_step(lambda: services.create_user(**data, actor=request.user))
        user = self.get_queryset().get(pk=user.pk)
        return Response(
            {"user": UserSerializer(user).data, "password": password},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary=_("Give a role"),
        request=RoleInput,
        responses={201: RoleSerializer, 400: _REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="grant-role", url_name="grant-role")
    def grant_role(self, request, pk=None):
        user = self.get_object()
        data = self._input(RoleInput)
        role = run_step(lambda: services.grant_user_role(user, **data, actor=request.user))
        return Response(RoleSerializer(role).data, status=status.HTTP_201_CREATED)

    @post_action(
        _("Reset the password"),
        PasswordInput,
        PasswordOutput,
        refused=_REFUSED,
        url_path="reset-password",
        url_name="reset-password",
    )
    def reset_password(self, request, pk=None):
        user = self.get_object()
        data = self._input(PasswordInput)
        password = run_step(
            lambda: services.reset_password(user, password=data["password"], actor=request.user)
        )
        return Response({"password": password})

    @post_action(_("Deactivate the account"), None, UserSerializer, refused=_REFUSED)
    def deactivate(self, request, pk=None):
        user = self.get_object()
        run_step(lambda: services.deactivate_user(user, actor=request.user))
        return Response(UserSerializer(self.get_queryset().get(pk=user.pk)).data)


@extend_schema(tags=["users"])
class RoleViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Role assignments on organizations in your account scope."""

    serializer_class = RoleSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, built with no user
            return RoleAssignment.objects.none()
        _require_manager(self.request)
        return services.assignments_managed_by(self.request.user).select_related("organization")

    @post_action(_("End the role"), EndRoleInput, RoleSerializer, refused=_REFUSED)
    def end(self, request, pk=None):
        assignment = self.get_object()
        data = EndRoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        ended = run_step(
            lambda: services.end_user_role(
                assignment, ended_on=data.validated_data["ended_on"], actor=request.user
            )
        )
        return Response(RoleSerializer(ended).data)
