"""The committees API: an organization's terms and roster (read), and the steps (open a term,
appoint, end a post, grant coso roles from the roster) as POST actions calling the same
services as the pages. Out of scope is a 404; a refusal is a 400 with the rule's message."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from coso.admission.api import VisibleMemberField
from coso.core.api.schema import NOT_FOUND, REFUSED, post_action
from coso.core.api.views import run_step as _run
from coso.core.views import organization_or_404
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from . import queries, services
from .choices import Post
from .models import PostHolding, Term


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "start_year", "end_year", "congress_date", "ended_on"]


class PostHoldingSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="term.organization.code", read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    role_granted = serializers.SerializerMethodField()

    class Meta:
        model = PostHolding
        fields = [
            "id", "organization", "term", "member", "member_name", "post", "started_on",
            "ended_on", "decision", "decision_date", "end_reason", "role_granted",
        ]  # fmt: skip

    def get_role_granted(self, holding) -> bool:
        ra = holding.role_assignment
        return ra is not None and ra.valid_to is None


class CommitteeSerializer(serializers.Serializer):
    organization = serializers.CharField()
    day = serializers.DateField()
    terms = TermSerializer(many=True)
    roster = PostHoldingSerializer(many=True)


class DayQuery(serializers.Serializer):
    day = serializers.DateField(required=False)


class OpenTermInput(serializers.Serializer):
    start_year = serializers.IntegerField(min_value=1930, max_value=2200)
    end_year = serializers.IntegerField(min_value=1930, max_value=2200)
    congress_date = serializers.DateField()


class AppointInput(serializers.Serializer):
    member = VisibleMemberField()
    post = serializers.ChoiceField(choices=Post.choices)
    started_on = serializers.DateField()
    decision = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)


class EndPostInput(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class GrantRolesInput(serializers.Serializer):
    day = serializers.DateField()


class RosterGrantSerializer(serializers.Serializer):
    granted = serializers.ListField(child=serializers.IntegerField())
    already = serializers.ListField(child=serializers.IntegerField())
    without_user = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Posts whose holder has no coso account.")
    )


@extend_schema(tags=["committees"])
class CommitteeViewSet(viewsets.GenericViewSet):
    """An organization's committee, by the organization's code."""

    lookup_field = "code"
    lookup_value_regex = CODE_REGEX
    serializer_class = CommitteeSerializer

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user)

    def _org(self, code) -> Organization:
        return organization_or_404(self.get_queryset(), code)

    def _committee(self, org: Organization, day: dt.date) -> Response:
        data = {
            "organization": org.code,
            "day": day,
            "terms": Term.objects.filter(organization=org).order_by("-congress_date"),
            "roster": queries.roster_on(org, day),
        }
        return Response(CommitteeSerializer(data).data)

    @extend_schema(
        summary=_("The organization's terms and its roster on a day"),
        parameters=[
            OpenApiParameter(
                "day", OpenApiTypes.DATE, description=_("The roster on this day (default today).")
            )
        ],
        responses={200: CommitteeSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def retrieve(self, request, code=None):
        query = DayQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        return self._committee(
            self._org(code), query.validated_data.get("day") or timezone.localdate()
        )

    @post_action(
        _("Open a term (the running one ends on the congress date)"),
        OpenTermInput,
        CommitteeSerializer,
        url_path="terms",
        url_name="terms",
    )
    def open_term(self, request, code=None):
        org = self._org(code)
        data = OpenTermInput(data=request.data)
        data.is_valid(raise_exception=True)
        term = _run(lambda: services.open_term(org, actor=request.user, **data.validated_data))
        return self._committee(org, term.congress_date)

    @post_action(
        _("Appoint a member to a post of the latest term"), AppointInput, PostHoldingSerializer
    )
    def appoint(self, request, code=None):
        org = self._org(code)
        data = AppointInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.require_superior_edit(request.user, org)
        term = org.terms.order_by("-congress_date").first()
        if term is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Open the committee's term first.")]}
            )
        holding = _run(lambda: services.appoint(term, actor=request.user, **data.validated_data))
        return Response(PostHoldingSerializer(holding).data)

    @post_action(
        _("Grant coso roles from the roster"),
        GrantRolesInput,
        RosterGrantSerializer,
        url_path="grant-roles",
    )
    def grant_roles(self, request, code=None):
        org = self._org(code)
        data = GrantRolesInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = _run(
            lambda: services.grant_roles_from_roster(
                org, day=data.validated_data["day"], actor=request.user
            )
        )
        ids = {
            k: [h.pk for h in getattr(result, k)] for k in ("granted", "already", "without_user")
        }
        return Response(RosterGrantSerializer(ids).data)


@extend_schema(tags=["committees"])
class CommitteePostViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A post on a roster; ending it ends the coso role granted from it."""

    serializer_class = PostHoldingSerializer

    def get_queryset(self):
        return PostHolding.objects.visible_to(self.request.user).select_related(
            "term__organization", "member", "role_assignment"
        )

    @post_action(_("End the post"), EndPostInput, PostHoldingSerializer)
    def end(self, request, pk=None):
        holding = self.get_object()
        data = EndPostInput(data=request.data)
        data.is_valid(raise_exception=True)
        _run(lambda: services.end_post(holding, actor=request.user, **data.validated_data))
        return Response(PostHoldingSerializer(self.get_queryset().get(pk=holding.pk)).data)
