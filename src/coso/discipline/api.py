"""The discipline API: the cases of the user's scope (list, one case with its steps), opening a
case, and each step and action as a POST calling the same services as the pages. The cell's
vote is taken through the meeting (`POST /meetings/{id}/votes/` with workflow "discipline").
Out of scope is a 404; a refusal is a 400 with the rule's message; nothing is changed then."""

from __future__ import annotations

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

from . import services
from .choices import AppealOutcome, CaseStatus, DecidingBody, Penalty
from .models import CaseStep, DisciplineCase

_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_REFUSED = OpenApiResponse(
    description=_("Refused: messages by field, naming the rule; nothing was changed.")
)
_CODE = {"max_length": 64}


class DisciplineStepSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(
        source="organization.code", read_only=True, allow_null=True
    )

    class Meta:
        model = CaseStep
        fields = [
            "step", "date", "penalty", "organization", "meeting", "votes_for", "votes_against",
            "vote_base", "document_number", "legal_basis", "note",
        ]  # fmt: skip


class DisciplineCaseSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)

    class Meta:
        model = DisciplineCase
        fields = [
            "id", "organization", "subject_kind", "subject_name", "member",
            "subject_organization", "breach", "breach_on", "offence", "proposed_penalty",
            "opened_on", "status", "step", "step_on", "voted_penalty", "penalty",
            "decision_body", "decision_number", "decision_document", "decision_on", "received_on", "appeal_due_on", "appealed_on",
            "appeal_outcome", "state_body", "state_notice_due_on", "state_notice_on",
            "deferral_reason", "deferred_until", "closed_reason",
        ]  # fmt: skip


class DisciplineCaseDetailSerializer(DisciplineCaseSerializer):
    steps = DisciplineStepSerializer(many=True, read_only=True)

    class Meta(DisciplineCaseSerializer.Meta):
        fields = [*DisciplineCaseSerializer.Meta.fields, "steps"]


class DisciplineOpenInput(serializers.Serializer):
    member = ObjectIdField(required=False)
    subject_organization = serializers.RegexField(CODE_REGEX, required=False, **_CODE)
    breach = serializers.CharField(max_length=5000)
    breach_on = serializers.DateField()
    offence = serializers.CharField(max_length=16)
    proposed_penalty = serializers.ChoiceField(choices=Penalty.choices)
    opened_on = serializers.DateField()
    holds_office = serializers.BooleanField(required=False, default=False)
    state_body = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class DisciplineSelfReviewInput(serializers.Serializer):
    date = serializers.DateField()
    proposed_penalty = serializers.ChoiceField(choices=Penalty.choices, required=False, default="")
    refused = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class DisciplineProposalInput(serializers.Serializer):
    to = serializers.RegexField(CODE_REGEX, **_CODE)
    date = serializers.DateField()
    document_number = serializers.CharField(
        max_length=50, required=False, default="", allow_blank=True
    )
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class DisciplineDecisionInput(serializers.Serializer):
    penalty = serializers.ChoiceField(choices=Penalty.choices)
    decided_by = serializers.RegexField(CODE_REGEX, **_CODE)
    # empty: coso issues the decision through the documents register and numbers it
    decision_number = serializers.CharField(
        max_length=50, required=False, default="", allow_blank=True
    )
    body = serializers.ChoiceField(choices=DecidingBody.choices, required=False,
                                   default=DecidingBody.COMMITTEE)  # fmt: skip
    signer_name = serializers.CharField(
        max_length=120, required=False, default="", allow_blank=True
    )
    date = serializers.DateField()
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    state_body = serializers.CharField(max_length=255, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class DisciplineAppealInput(serializers.Serializer):
    date = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class DisciplineAppealOutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices)
    penalty = serializers.ChoiceField(choices=Penalty.choices, required=False, default="")
    decided_by = serializers.RegexField(CODE_REGEX, **_CODE)
    decision_number = serializers.CharField(max_length=50)
    date = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class DisciplineDeferInput(serializers.Serializer):
    reason = serializers.CharField(max_length=16)
    date = serializers.DateField()
    until = serializers.DateField(required=False, allow_null=True, default=None)
    child_born_on = serializers.DateField(required=False, allow_null=True, default=None)


class DisciplineDateInput(serializers.Serializer):
    date = serializers.DateField()


class DisciplineCloseInput(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class DisciplineListQuery(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, required=False, **_CODE)
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    q = serializers.CharField(max_length=100, required=False)


def _org(user, code: str) -> Organization:
    return organization_or_404(Organization.objects.visible_to(user), code)


def _above(code: str) -> Organization:
    """An organization a case goes up to, by code: the service checks that it is above the
    case (and, deciding, that the user may act there)."""
    return organization_or_404(Organization.objects.all(), code)


def _step_doc(summary, request):
    return extend_schema(
        summary=summary, request=request,
        responses={200: DisciplineCaseDetailSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )  # fmt: skip


@extend_schema(tags=["discipline"])
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Discipline cases of the organizations the user may see, in Vietnamese name order."""

    serializer_class = DisciplineCaseSerializer

    def get_queryset(self):
        rows = DisciplineCase.objects.visible_to(self.request.user).select_related("organization")
        if self.action == "retrieve":
            rows = rows.prefetch_related("steps__organization")
        return rows.vn_ordered()

    def get_serializer_class(self):
        return (
            DisciplineCaseDetailSerializer
            if self.action == "retrieve"
            else DisciplineCaseSerializer
        )

    @extend_schema(
        summary=_("Discipline cases"),
        parameters=[
            OpenApiParameter("organization", str, description=_("An organization's code.")),
            OpenApiParameter("status", str, enum=CaseStatus.values),
            OpenApiParameter("q", str),
        ],
        responses={200: DisciplineCaseSerializer(many=True), 400: _REFUSED},
    )
    def list(self, request, *args, **kwargs):
        query = DisciplineListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        found, qs = query.validated_data, self.get_queryset()
        if "organization" in found:
            qs = qs.in_subtree(_org(request.user, found["organization"]))
        if "status" in found:
            qs = qs.filter(status=found["status"])
        if found.get("q"):
            qs = qs.search(found["q"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(DisciplineCaseSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Open a case against a member or an organization"),
        request=DisciplineOpenInput,
        responses={201: DisciplineCaseSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    def create(self, request):
        data = DisciplineOpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        member_id = fields.pop("member", None)
        code = fields.pop("subject_organization", None)
        member = None
        if member_id is not None:
            member = Member.objects.visible_to(request.user).filter(pk=member_id).first()
            if member is None:
                raise serializers.ValidationError({"member": [_("No such member.")]})
        organization = _org(request.user, code) if code else None
        case = run_step(lambda: services.open_case(
            member=member, organization=organization, actor=request.user, **fields))  # fmt: skip
        return Response(DisciplineCaseSerializer(case).data, status=201)

    def _run(self, request, input_class, call):
        case = self.get_object()  # out of scope: a 404 before the body is read
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        run_step(lambda: call(case, dict(data.validated_data)))
        fresh = DisciplineCase.objects.prefetch_related("steps__organization").get(pk=case.pk)
        return Response(DisciplineCaseDetailSerializer(fresh).data)

    @_step_doc(_("The subject's self-review (or its refusal)"), DisciplineSelfReviewInput)
    @action(detail=True, methods=["post"], url_path="self-review")
    def self_review(self, request, pk=None):
        return self._run(request, DisciplineSelfReviewInput, lambda c, d: services.record_self_review(
            c, actor=request.user, **d))  # fmt: skip

    @_step_doc(_("Propose the case to a higher organization"), DisciplineProposalInput)
    @action(detail=True, methods=["post"])
    def proposal(self, request, pk=None):
        def call(case, d):
            d["to"] = _above(d["to"])
            return services.propose_upward(case, actor=request.user, **d)

        return self._run(request, DisciplineProposalInput, call)

    @_step_doc(_("The decision of the competent organization"), DisciplineDecisionInput)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        def call(case, d):
            d["decided_by"] = _above(d["decided_by"])
            return services.record_decision(case, actor=request.user, **d)

        return self._run(request, DisciplineDecisionInput, call)

    @_step_doc(_("Lodge an appeal"), DisciplineAppealInput)
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        return self._run(request, DisciplineAppealInput, lambda c, d: services.lodge_appeal(
            c, actor=request.user, **d))  # fmt: skip

    @_step_doc(_("The appeal's outcome"), DisciplineAppealOutcomeInput)
    @action(detail=True, methods=["post"], url_path="appeal-outcome")
    def appeal_outcome(self, request, pk=None):
        def call(case, d):
            d["decided_by"] = _above(d["decided_by"])
            return services.decide_appeal(case, actor=request.user, **d)

        return self._run(request, DisciplineAppealOutcomeInput, call)

    @_step_doc(_("Defer the case"), DisciplineDeferInput)
    @action(detail=True, methods=["post"])
    def defer(self, request, pk=None):
        return self._run(request, DisciplineDeferInput, lambda c, d: services.defer_case(
            c, actor=request.user, **d))  # fmt: skip

    @_step_doc(_("Resume a deferred case"), DisciplineDateInput)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._run(request, DisciplineDateInput, lambda c, d: services.resume_case(
            c, actor=request.user, **d))  # fmt: skip

    @_step_doc(_("Close the case without a penalty"), DisciplineCloseInput)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._run(request, DisciplineCloseInput, lambda c, d: services.close_case(
            c, actor=request.user, **d))  # fmt: skip

    @_step_doc(_("The state body's notice received"), DisciplineDateInput)
    @action(detail=True, methods=["post"], url_path="state-notice")
    def state_notice(self, request, pk=None):
        return self._run(request, DisciplineDateInput, lambda c, d: services.record_state_notice(
            c, actor=request.user, **d))  # fmt: skip
