"""The awards API: commendations (list, one, record, correct, revoke) and party badges (list,
one, propose, each step), calling the same services as the pages; the members due a badge on
an occasion. Out of scope is a 404; a refusal is a 400 with the rule's message; nothing is
changed then."""

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
from coso.members.models import Member
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from . import rules, services
from .choices import BadgeStatus, Kind, Level
from .models import BadgeAward, Commendation
from .queries import due_members, due_rows

_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_REFUSED = OpenApiResponse(
    description=_("Refused: messages by field, naming the rule; nothing was changed.")
)
_CODE = {"max_length": 64}
_TEXT = {"max_length": 2000}


class CommendationSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = Commendation
        fields = [
            "id", "organization", "subject_kind", "subject_name", "member",
            "subject_organization", "level", "kind", "title", "reason", "year",
            "decision_number", "decision_on", "issued_by", "status", "change_reason",
        ]  # fmt: skip


class BadgeAwardSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = BadgeAward
        fields = [
            "id", "organization", "member", "member_name", "years", "occasion", "due_on",
            "status", "early", "early_reason", "proposed_on", "proposed_by", "decision_number",
            "decision_on", "issued_by", "presented_on", "returned_on", "reissued_on",
            "family_keeps", "note", "legal_basis",
        ]  # fmt: skip


class CommendationInput(serializers.Serializer):
    member = ObjectIdField(required=False)
    organization = serializers.RegexField(CODE_REGEX, required=False, **_CODE)
    level = serializers.ChoiceField(choices=Level.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    reason = serializers.CharField(**_TEXT)
    year = serializers.IntegerField(min_value=1930, max_value=2100)
    decision_number = serializers.CharField(max_length=50)
    decision_on = serializers.DateField()
    issued_by = serializers.CharField(max_length=255)


class CorrectionInput(serializers.Serializer):
    change_reason = serializers.CharField(**_TEXT)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True)
    reason = serializers.CharField(required=False, **_TEXT)
    year = serializers.IntegerField(min_value=1930, max_value=2100, required=False)
    decision_number = serializers.CharField(max_length=50, required=False)
    decision_on = serializers.DateField(required=False)
    issued_by = serializers.CharField(max_length=255, required=False)


class RevokeInput(serializers.Serializer):
    change_reason = serializers.CharField(**_TEXT)


class ProposeInput(serializers.Serializer):
    member = ObjectIdField()
    years = serializers.IntegerField(min_value=1, max_value=200)
    occasion = serializers.DateField()
    proposed_on = serializers.DateField()
    proposed_by = serializers.CharField(
        max_length=255, required=False, default="", allow_blank=True
    )
    early = serializers.BooleanField(required=False, default=False)
    early_reason = serializers.CharField(required=False, default="", allow_blank=True, **_TEXT)


class DecideInput(serializers.Serializer):
    decision_number = serializers.CharField(max_length=50)
    decision_on = serializers.DateField()
    issued_by = serializers.CharField(max_length=255)


class PresentInput(serializers.Serializer):
    presented_on = serializers.DateField()


class NoteInput(serializers.Serializer):
    note = serializers.CharField(**_TEXT)


class DatedNoteInput(serializers.Serializer):
    date = serializers.DateField()
    note = serializers.CharField(required=False, default="", allow_blank=True, **_TEXT)


class FamilyInput(serializers.Serializer):
    note = serializers.CharField(required=False, default="", allow_blank=True, **_TEXT)


class ReissueInput(serializers.Serializer):
    date = serializers.DateField()
    note = serializers.CharField(**_TEXT)


class DueRowSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    member_name = serializers.CharField(source="member.full_name")
    organization = serializers.CharField(source="member.organization.code")
    years = serializers.IntegerField()
    due_on = serializers.DateField()


def _org(user, code: str) -> Organization:
    return organization_or_404(Organization.objects.visible_to(user), code)


def _member(user, pk) -> Member:
    member = Member.objects.visible_to(user).filter(pk=pk).first()
    if member is None:
        raise serializers.ValidationError({"member": [_("No such member.")]})
    return member


_LIST_PARAMS = [
    OpenApiParameter("organization", str, description=_("An organization's code.")),
    OpenApiParameter("q", str),
]


def _listed(view, request, qs, serializer):
    code = request.query_params.get("organization")
    if code:
        qs = qs.in_subtree(_org(request.user, code[:64]))
    q = request.query_params.get("q", "")[:100]
    if q:
        qs = qs.search(q)
    page = view.paginate_queryset(qs)
    return view.get_paginated_response(serializer(page, many=True).data)


@extend_schema(tags=["awards"])
class CommendationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Commendations of members and organizations the user may see, in Vietnamese order."""

    serializer_class = CommendationSerializer

    def get_queryset(self):
        return (
            Commendation.objects.visible_to(self.request.user)
            .select_related("organization")
            .vn_ordered()
        )

    @extend_schema(summary=_("Commendations"), parameters=_LIST_PARAMS,
                   responses={200: CommendationSerializer(many=True), 404: _NOT_FOUND})  # fmt: skip
    def list(self, request, *args, **kwargs):
        return _listed(self, request, self.get_queryset(), CommendationSerializer)

    @extend_schema(summary=_("Record a commendation of a member or an organization"),
                   request=CommendationInput,
                   responses={201: CommendationSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    def create(self, request):
        data = CommendationInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        member_id, code = fields.pop("member", None), fields.pop("organization", None)
        member = _member(request.user, member_id) if member_id is not None else None
        organization = _org(request.user, code) if code else None
        c = run_step(lambda: services.record_commendation(
            member=member, organization=organization, actor=request.user, **fields))  # fmt: skip
        return Response(CommendationSerializer(c).data, status=201)

    def _run(self, request, input_class, service):
        c = self.get_object()
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        run_step(lambda: service(c, actor=request.user, **data.validated_data))
        return Response(CommendationSerializer(Commendation.objects.get(pk=c.pk)).data)

    @extend_schema(summary=_("Correct a commendation, with the reason"), request=CorrectionInput,
                   responses={200: CommendationSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        return self._run(request, CorrectionInput, services.correct_commendation)

    @extend_schema(summary=_("Revoke a commendation, with the reason"), request=RevokeInput,
                   responses={200: CommendationSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._run(request, RevokeInput, services.revoke_commendation)


def _step(summary, request_class):
    return extend_schema(summary=summary, request=request_class,
                         responses={200: BadgeAwardSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip


@extend_schema(tags=["awards"])
class BadgeAwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Party badges of the members the user may see, in Vietnamese order."""

    serializer_class = BadgeAwardSerializer

    def get_queryset(self):
        rows = BadgeAward.objects.visible_to(self.request.user)
        return rows.select_related("organization", "member").vn_ordered()

    @extend_schema(summary=_("Party badges"),
                   parameters=[*_LIST_PARAMS, OpenApiParameter("status", str, enum=BadgeStatus.values)],
                   responses={200: BadgeAwardSerializer(many=True), 404: _NOT_FOUND})  # fmt: skip
    def list(self, request, *args, **kwargs):
        qs = self.get_queryset()
        if request.query_params.get("status") in BadgeStatus.values:
            qs = qs.filter(status=request.query_params["status"])
        return _listed(self, request, qs, BadgeAwardSerializer)

    @extend_schema(summary=_("Propose a member's party badge"), request=ProposeInput,
                   responses={201: BadgeAwardSerializer, 400: _REFUSED, 404: _NOT_FOUND})  # fmt: skip
    def create(self, request):
        data = ProposeInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        member = _member(request.user, fields.pop("member"))
        award = run_step(lambda: services.propose_badge(member, actor=request.user, **fields))
        return Response(BadgeAwardSerializer(award).data, status=201)

    @extend_schema(summary=_("The members due a badge on an occasion (the next by default)"),
                   parameters=[OpenApiParameter("organization", str, required=True),
                               OpenApiParameter("occasion", str)],
                   responses={200: DueRowSerializer(many=True), 404: _NOT_FOUND})  # fmt: skip
    @action(detail=False, methods=["get"])
    def due(self, request):
        organization = _org(request.user, request.query_params.get("organization", "")[:64])
        try:
            occasion = serializers.DateField(required=False).run_validation(
                request.query_params.get("occasion") or rules.next_occasion(timezone.localdate())
            )
        except serializers.ValidationError as error:  # a 400 names its field, as elsewhere
            raise serializers.ValidationError({"occasion": error.detail}) from error
        page = self.paginate_queryset(due_members(organization, occasion, user=request.user))
        return self.get_paginated_response(
            DueRowSerializer(due_rows(page, occasion), many=True).data
        )

    def _run(self, request, input_class, step):
        award = self.get_object()
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        run_step(
            lambda: services.BADGE_STEPS[step](award, actor=request.user, **data.validated_data)
        )
        return Response(BadgeAwardSerializer(BadgeAward.objects.get(pk=award.pk)).data)

    @_step(_("The decision awarding the badge"), DecideInput)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._run(request, DecideInput, "decide")

    @_step(_("The ceremony"), PresentInput)
    @action(detail=True, methods=["post"])
    def present(self, request, pk=None):
        return self._run(request, PresentInput, "present")

    @_step(_("Withdraw the proposal"), NoteInput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(request, NoteInput, "withdraw")

    @_step(_("The badge returned (expelled)"), DatedNoteInput)
    @action(detail=True, methods=["post"], url_path="return")
    def return_badge(self, request, pk=None):
        return self._run(request, DatedNoteInput, "return")

    @_step(_("The badge re-issued (lost)"), ReissueInput)
    @action(detail=True, methods=["post"])
    def reissue(self, request, pk=None):
        return self._run(request, ReissueInput, "reissue")

    @_step(_("The badge kept by the family (deceased)"), FamilyInput)
    @action(detail=True, methods=["post"])
    def family(self, request, pk=None):
        return self._run(request, FamilyInput, "family")
