"""REST API for admission: /api/v1/candidates/, /api/v1/probations/, /api/v1/admission-statistics/.

Every queryset starts from the permission choke point; a candidate or member outside the user's
scope is a 404. Each step is a POST action calling its service (`coso.admission.services`):
a refusal is a 400 with the service's messages by field and nothing changes. The decision step
needs only to see the candidate: the service checks the role in the deciding organization.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.schema import NOT_FOUND, REFUSED, post_action
from coso.core.api.views import drf_validation_error
from coso.core.deadlines import probation_ends_on, recognition_vote_due_on
from coso.core.replica import heavy_reads
from coso.members.choices import MemberStatus
from coso.members.models import Member
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from . import services
from .choices import ProbationOutcome, Step
from .filters import CandidateFilter
from .models import AdmissionStep, Candidate, Probation, with_probation_start, yearly_counts


class ScopedSlugField(serializers.SlugRelatedField):
    """An organization by code, among those the user may see (``edit``: may edit)."""

    default_error_messages = {
        "does_not_exist": _("There is no organization with the code {value} that you may use."),
        "invalid": _("Invalid organization code."),
    }

    def __init__(self, *, edit: bool, cells_only: bool = False, **kwargs):
        self.edit = edit
        self.cells_only = cells_only
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Organization.objects.all())
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        qs = (
            Organization.objects.editable_by(user)
            if self.edit
            else Organization.objects.visible_to(user)
        )
        return qs.filter(kind__in=CELL_KINDS) if self.cells_only else qs


class VisibleMemberField(serializers.PrimaryKeyRelatedField):
    """A member by id, among those the user may see."""

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Member.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return Member.objects.visible_to(getattr(request, "user", None))


class StepSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display", read_only=True)
    deciding_organization = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    actor = serializers.SerializerMethodField()
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = AdmissionStep
        fields = [
            "id", "step", "step_label", "date", "document_number", "note", "introducer_1",
            "introducer_1_known_since", "introducer_2", "introducer_2_known_since",
            "youth_union_committee", "introducer_names", "residence_comment_on", "votes_for",
            "votes_against", "official_count", "deciding_organization", "received_on", "due_on",
            "late", "legal_basis", "actor", "has_attachment", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_actor(self, row) -> str | None:
        return row.actor.get_username() if row.actor else None

    def get_has_attachment(self, row) -> bool:
        return bool(row.attachment)


class CandidateSerializer(serializers.ModelSerializer):
    """A candidate; ``cell`` (a code) is written on create only, workflow fields never."""

    cell = ScopedSlugField(
        edit=True, cells_only=True, help_text=_("Code of the cell that follows the candidate.")
    )
    follower = VisibleMemberField(required=False, allow_null=True)
    # blank until the first step is done
    step = serializers.ChoiceField(choices=Step.choices, allow_blank=True, read_only=True)
    next_step = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = [
            "id", "full_name", *services.CANDIDATE_FIELDS, "cell", "status", "step", "step_on",
            "next_step", "due_on", "overdue", "closed_on", "closed_reason", "member", "version",
        ]  # fmt: skip
        read_only_fields = [
            "status", "step", "step_on", "due_on", "closed_on", "closed_reason", "member",
            "version",
        ]  # fmt: skip
        extra_kwargs = {"cccd": {"validators": []}}

    def get_next_step(self, candidate) -> str | None:
        return candidate.next_step

    def get_overdue(self, candidate) -> bool:
        return candidate.is_overdue

    def create(self, validated_data):
        cell = validated_data.pop("cell")
        try:
            return services.create_candidate(
                validated_data, cell=cell, actor=self.context["request"].user
            )
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc


class CandidateDetailSerializer(CandidateSerializer):
    steps = StepSerializer(many=True, read_only=True)

    class Meta(CandidateSerializer.Meta):
        fields = [*CandidateSerializer.Meta.fields, "steps"]


# --- step inputs ----------------------------------------------------------------------------


class StepInput(serializers.Serializer):
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True)

    def service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        if not data.get("attachment"):
            data.pop("attachment", None)
        return data


class AwarenessCourseInput(StepInput):
    certificate_number = serializers.CharField(max_length=64)


class BackgroundCheckInput(StepInput):
    document_number = serializers.CharField(max_length=64, required=False, allow_blank=True)


class IntroducerInput(serializers.Serializer):
    member = VisibleMemberField()
    known_since = serializers.DateField()


class IntroductionInput(StepInput):
    introducers = IntroducerInput(many=True)
    youth_union_committee = serializers.BooleanField(required=False, default=False)
    document_number = serializers.CharField(max_length=64, required=False, allow_blank=True)

    def service_kwargs(self) -> dict:
        data = super().service_kwargs()
        data["introducers"] = [(i["member"], i["known_since"]) for i in data["introducers"]]
        return data


class CommentsInput(StepInput):
    residence_comment_on = serializers.DateField()
    document_number = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CellResolutionInput(StepInput):
    votes_for = serializers.IntegerField(min_value=0)
    votes_against = serializers.IntegerField(min_value=0)
    official_count = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_("Omit to use the registry's number of official members on that date."),
    )
    document_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    over_age_decision = serializers.CharField(max_length=64, required=False, allow_blank=True)


class DecisionInput(StepInput):
    deciding_organization = ScopedSlugField(edit=False)
    document_number = serializers.CharField(max_length=64)
    received_on = serializers.DateField(required=False, allow_null=True)


STEP_INPUTS: dict[str, type[StepInput]] = {
    Step.AWARENESS_COURSE: AwarenessCourseInput,
    Step.APPLICATION: StepInput,
    Step.PERSONAL_HISTORY: StepInput,
    Step.BACKGROUND_CHECK: BackgroundCheckInput,
    Step.INTRODUCTION: IntroductionInput,
    Step.COMMENTS: CommentsInput,
    Step.CELL_RESOLUTION: CellResolutionInput,
    Step.DECISION: DecisionInput,
    Step.CEREMONY: StepInput,
}


class CloseInput(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()


def _step_action(step: Step):
    """A POST action running the service of ``step`` (named after it: the router maps the
    method to the function's name as it is when decorated)."""

    def run(self, request, pk=None):
        return self._run_step(step, request)

    run.__name__ = run.__qualname__ = step.value
    url = step.value.replace("_", "-")
    run = action(detail=True, methods=["post"], url_path=url, url_name=url)(run)
    return extend_schema(
        summary=str(step.label),
        request=STEP_INPUTS[step],
        responses={200: CandidateDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
        tags=["admission"],
    )(run)


@extend_schema(tags=["admission"])
class CandidateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Candidates the user may see; add candidates to cells the user may edit; every step of
    the admission as a POST action. The list runs a fixed number of queries."""

    filterset_class = CandidateFilter

    def get_queryset(self):
        user = self.request.user
        if self.action in {s for s in STEP_INPUTS if s != Step.DECISION} | {"withdraw", "reject"}:
            qs = Candidate.objects.editable_by(user)
        else:
            qs = Candidate.objects.visible_to(user)
        qs = qs.select_related("cell")
        if self.action != "list":
            qs = qs.prefetch_related("steps__deciding_organization", "steps__actor")
        return qs

    def get_serializer_class(self):
        if self.action in STEP_INPUTS:
            return STEP_INPUTS[self.action]
        if self.action in ("withdraw", "reject"):
            return CloseInput
        if self.action == "list":
            return CandidateSerializer
        return CandidateDetailSerializer

    def _detail(self, candidate) -> Response:
        fresh = self.get_queryset().filter(pk=candidate.pk).first() or candidate
        return Response(
            CandidateDetailSerializer(fresh, context=self.get_serializer_context()).data
        )

    def _run_step(self, step: str, request) -> Response:
        candidate = self.get_object()
        serializer = STEP_INPUTS[step](data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            services.STEP_SERVICES[step](
                candidate, actor=request.user, **serializer.service_kwargs()
            )
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        # the decision's deciding committee may not see the cell's record through editable_by
        candidate.refresh_from_db()
        return Response(
            CandidateDetailSerializer(
                Candidate.objects.select_related("cell")
                .prefetch_related("steps__deciding_organization", "steps__actor")
                .get(pk=candidate.pk),
                context=self.get_serializer_context(),
            ).data
        )

    awareness_course = _step_action(Step.AWARENESS_COURSE)
    application = _step_action(Step.APPLICATION)
    personal_history = _step_action(Step.PERSONAL_HISTORY)
    background_check = _step_action(Step.BACKGROUND_CHECK)
    introduction = _step_action(Step.INTRODUCTION)
    comments = _step_action(Step.COMMENTS)
    cell_resolution = _step_action(Step.CELL_RESOLUTION)
    decision = _step_action(Step.DECISION)
    ceremony = _step_action(Step.CEREMONY)

    def _close(self, request, service) -> Response:
        candidate = self.get_object()
        serializer = CloseInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            service(candidate, actor=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return self._detail(candidate)

    @post_action(_("Withdraw the candidate"), CloseInput, CandidateDetailSerializer)
    def withdraw(self, request, pk=None):
        return self._close(request, services.withdraw_candidate)

    @post_action(
        _("Record that the candidate is not admitted"), CloseInput, CandidateDetailSerializer
    )
    def reject(self, request, pk=None):
        return self._close(request, services.reject_candidate)


# --- probations -----------------------------------------------------------------------------


class ProbationSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # null for a probationary member recorded without an admission date (imports)
    probation_start = serializers.DateField(read_only=True, allow_null=True)
    course_on = serializers.DateField(read_only=True, allow_null=True)
    ends_on = serializers.SerializerMethodField()
    vote_due_on = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    # the recognition vote, once held, and whether it was held after `vote_due_on`
    vote_date = serializers.DateField(read_only=True, allow_null=True)
    late = serializers.SerializerMethodField()
    # the member record (1-HSĐV): due N working days after the ceremony, completed on
    member_record_due_on = serializers.DateField(read_only=True, allow_null=True)
    member_record_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Member
        fields = [
            "id", "full_name", "organization", "status", "admitted_on", "recognized_on",
            "probation_start", "ends_on", "vote_due_on", "overdue", "course_on", "vote_date",
            "late", "member_record_due_on", "member_record_on",
        ]  # fmt: skip
        read_only_fields = fields

    def _dates(self, member):
        cache = getattr(member, "_probation_dates", None)
        if cache is None:
            try:
                cache = (
                    probation_ends_on(member.probation_start),
                    member.stored_vote_due_on or recognition_vote_due_on(member.probation_start),
                )
            except (DjangoValidationError, TypeError):
                cache = (None, None)
            member._probation_dates = cache
        return cache

    def get_ends_on(self, member) -> dt.date | None:
        return self._dates(member)[0]

    def get_vote_due_on(self, member) -> dt.date | None:
        return self._dates(member)[1]

    def get_late(self, member) -> bool:
        return bool(member.vote_late)

    def get_overdue(self, member) -> bool:
        due = self._dates(member)[1]
        return (
            member.status == MemberStatus.PROBATIONARY
            and due is not None
            and due < timezone.localdate()
        )


class CourseInput(serializers.Serializer):
    date = serializers.DateField()
    certificate_number = serializers.CharField(max_length=64, required=False, allow_blank=True)


class MemberRecordInput(serializers.Serializer):
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecognitionInput(serializers.Serializer):
    vote_date = serializers.DateField()
    votes_for = serializers.IntegerField(min_value=0)
    votes_against = serializers.IntegerField(min_value=0)
    official_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    decision_number = serializers.CharField(max_length=64)
    decision_date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True)


class StrikeOffInput(serializers.Serializer):
    decision_number = serializers.CharField(max_length=64)
    decision_date = serializers.DateField()
    reason = serializers.CharField()
    vote_date = serializers.DateField(required=False, allow_null=True)
    votes_for = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    votes_against = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    official_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    attachment = serializers.FileField(required=False, allow_null=True)


@extend_schema(tags=["admission"])
class ProbationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Probationary members the user may see (by member id), oldest probation first, with their
    dates (``?outcome=recognized|struck_off``: those whose probation ended so, with the vote's
    date and whether it was late); the member record (1-HSĐV), the new-member course,
    recognition and strike-off as POST actions."""

    def get_queryset(self):
        user = self.request.user
        if self.action in ("recognize", "strike_off", "new_member_course", "member_record"):
            qs = Member.objects.editable_by(user)
        else:
            qs = Member.objects.visible_to(user)
        if self.action == "list":
            outcome = self.request.query_params.get("outcome", "")
            if outcome in ProbationOutcome.values:
                qs = qs.filter(probation__outcome=outcome)
            else:
                qs = qs.filter(status=MemberStatus.PROBATIONARY)
            code = self.request.query_params.get("organization")
            if code:
                org = Organization.objects.by_code(code)
                qs = qs.filter(organization__path__startswith=org.path) if org else qs.none()
        return (
            with_probation_start(qs)
            .select_related("organization")
            .order_by("probation_start", "sort_key", "id")
        )

    def get_serializer_class(self):
        return {
            "recognize": RecognitionInput,
            "strike_off": StrikeOffInput,
            "new_member_course": CourseInput,
            "member_record": MemberRecordInput,
        }.get(self.action, ProbationSerializer)

    def get_object(self):
        member = super().get_object()
        if (
            self.action == "retrieve"
            and member.status != MemberStatus.PROBATIONARY
            and not Probation.objects.filter(member=member).exists()
        ):
            from django.http import Http404

            raise Http404
        return member

    def _act(self, request, input_class, service) -> Response:
        member = self.get_object()
        serializer = input_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "attachment" or v}
        try:
            service(member, actor=request.user, **data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        fresh = (
            with_probation_start(Member.objects.filter(pk=member.pk))
            .select_related("organization")
            .get()
        )
        return Response(ProbationSerializer(fresh, context=self.get_serializer_context()).data)

    @post_action(
        _("Record the new-member course"),
        CourseInput,
        ProbationSerializer,
        url_path="new-member-course",
    )
    def new_member_course(self, request, pk=None):
        return self._act(request, CourseInput, services.record_new_member_course)

    @post_action(
        _("Record the member record (1-HSĐV)"),
        MemberRecordInput,
        ProbationSerializer,
        url_path="member-record",
    )
    def member_record(self, request, pk=None):
        return self._act(request, MemberRecordInput, services.record_member_record)

    @post_action(_("Recognize as official member"), RecognitionInput, ProbationSerializer)
    def recognize(self, request, pk=None):
        return self._act(request, RecognitionInput, services.recognize)

    @post_action(
        _("Strike off the probationary list"),
        StrikeOffInput,
        ProbationSerializer,
        url_path="strike-off",
    )
    def strike_off(self, request, pk=None):
        return self._act(request, StrikeOffInput, services.strike_off_probationary)


# --- statistics -----------------------------------------------------------------------------


class YearlyCountSerializer(serializers.Serializer):
    organization = serializers.CharField(source="organization.code")
    organization_name = serializers.CharField(source="organization.name")
    year = serializers.IntegerField()
    admitted = serializers.IntegerField()
    recognized = serializers.IntegerField()


@extend_schema(tags=["admission"])
class AdmissionStatisticsViewSet(viewsets.GenericViewSet):
    """Admissions and recognitions per grassroots organization and year, in the user's scope."""

    serializer_class = YearlyCountSerializer
    pagination_class = None

    def get_queryset(self):  # for the schema only
        return Candidate.objects.none()

    @extend_schema(
        summary=_("Admissions and recognitions per grassroots organization and year"),
        parameters=[
            OpenApiParameter("organization", str, description=_("Only within this subtree.")),
            OpenApiParameter("year", int, many=True, description=_("Only these years.")),
        ],
        responses={200: YearlyCountSerializer(many=True)},
    )
    @heavy_reads
    def list(self, request):
        within = None
        code = request.query_params.get("organization")
        if code:
            within = Organization.objects.visible_to(request.user).by_code(code)
            if within is None:
                return Response([])
        try:
            years = [int(y) for y in request.query_params.getlist("year")]
        except ValueError:
            raise serializers.ValidationError({"year": [_("A year is a number.")]}) from None
        if any(not 1900 <= year <= 2100 for year in years):
            # a year outside what a database date holds would overflow the query
            raise serializers.ValidationError({"year": [_("A year lies between 1900 and 2100.")]})
        rows = yearly_counts(within=within, user=request.user, years=years or None)
        return Response(YearlyCountSerializer(rows, many=True).data)


__all__ = ["AdmissionStatisticsViewSet", "CandidateViewSet", "ProbationViewSet"]
