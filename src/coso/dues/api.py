"""The dues API: the ledger (list; open a month, save a collection sheet; a member's payment
and excuse on one month), the bases and reliefs (list, record), and a summary by child
organization. Every step calls the same service as the pages; out of scope is a 404; a refusal
is a 400 with the rule's message."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.fields import ObjectIdField
from coso.core.api.views import run_step
from coso.core.replica import heavy_reads
from coso.core.views import organization_or_404
from coso.members.models import Member
from coso.orgs.api import CODE_REGEX
from coso.orgs.models import Organization

from . import queries, services
from .choices import BasisCategory, Channel, Region, ReliefKind, ReliefReason
from .models import DuesBasis, DuesMonth, DuesRelief

_NOT_FOUND = OpenApiResponse(description=_("Not found, or outside the user's scope."))
_REFUSED = OpenApiResponse(
    description=_("Refused: messages by field, naming the rule; nothing was changed.")
)
MONEY = {"min_value": 0, "max_value": 10**12}


class DuesMonthSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.code", read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = DuesMonth
        fields = [
            "id", "member", "member_name", "organization", "month", "due", "paid", "paid_on",
            "channel", "reference", "relief", "excuse",
        ]  # fmt: skip


class BasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuesBasis
        fields = [
            "id", "member", "category", "income", "region", "fixed_amount", "voluntary_extra",
            "valid_from", "note",
        ]  # fmt: skip


class ReliefSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuesRelief
        fields = [
            "id", "member", "kind", "reason", "percent", "valid_from", "valid_to",
            "decision_number", "decision_date",
        ]  # fmt: skip


class BasisInput(serializers.Serializer):
    member = ObjectIdField()
    category = serializers.ChoiceField(choices=BasisCategory.choices)
    valid_from = serializers.DateField()
    income = serializers.IntegerField(required=False, allow_null=True, default=None, **MONEY)
    region = serializers.ChoiceField(
        choices=Region.choices, required=False, allow_null=True, default=None
    )
    fixed_amount = serializers.IntegerField(required=False, allow_null=True, default=None, **MONEY)
    voluntary_extra = serializers.IntegerField(required=False, default=0, **MONEY)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ReliefInput(serializers.Serializer):
    member = ObjectIdField()
    kind = serializers.ChoiceField(choices=ReliefKind.choices)
    reason = serializers.ChoiceField(choices=ReliefReason.choices)
    percent = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=100
    )
    months = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=600
    )
    valid_from = serializers.DateField()
    decision_number = serializers.CharField(max_length=64)
    decision_date = serializers.DateField()


class OpenInput(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64)
    month = serializers.DateField(help_text=_("Any day of the month."))


class CollectInput(OpenInput):
    paid_on = serializers.DateField()
    paid = serializers.ListField(
        child=ObjectIdField(), max_length=5000, help_text=_("The ids of the members who paid.")
    )


class PaymentInput(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, max_value=10**9)
    paid_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    reference = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class ExcuseInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class ListQuery(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64, required=False)
    member = ObjectIdField(required=False)
    year = serializers.IntegerField(min_value=2011, max_value=2200, required=False)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)


class OpenedSerializer(serializers.Serializer):
    written = serializers.IntegerField(help_text=_("Ledger rows written."))
    without_basis = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Members without a dues basis.")
    )


class CollectedSerializer(serializers.Serializer):
    paid = serializers.IntegerField()
    undone = serializers.IntegerField()


class SummaryQuery(serializers.Serializer):
    organization = serializers.RegexField(CODE_REGEX, max_length=64)
    year = serializers.IntegerField(min_value=2011, max_value=2200)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)


class SummaryLineSerializer(serializers.Serializer):
    organization = serializers.CharField(source="organization.code")
    name = serializers.CharField(source="organization.name")
    members = serializers.IntegerField()
    due = serializers.IntegerField()
    paid = serializers.IntegerField()
    arrears = serializers.IntegerField()
    months_unpaid = serializers.IntegerField()
    kept = serializers.DictField(child=serializers.IntegerField())


def _organization(request, code: str) -> Organization:
    """The organization of `code` in the user's records scope (the ledger is a record)."""
    org = queries.records_scope(request.user).by_code(code)
    if org is None:
        raise serializers.ValidationError(
            {
                "organization": [
                    _("There is no organization with the code %(code)s.") % {"code": code.strip()}
                ]
            }
        )
    return org


def _member(request, pk: int) -> Member:
    member = Member.objects.visible_to(request.user).filter(pk=pk).first()
    if member is None:
        raise serializers.ValidationError({"member": [_("There is no such member.")]})
    return member


def _filtered(request, qs, lookup_org="organization", lookup_member="member"):
    query = ListQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    found = query.validated_data
    if "organization" in found:
        org = _organization(request, found["organization"])
        qs = qs.filter(**{f"{lookup_org}__path__startswith": org.path})
    if "member" in found:
        qs = qs.filter(**{lookup_member: found["member"]})
    return qs, found


LIST_PARAMETERS = [
    OpenApiParameter("organization", str, description=_("An organization's code: its subtree.")),
    OpenApiParameter("member", int),
]


@extend_schema(tags=["dues"])
class DuesMonthViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The dues ledger: a row per member per month, in the user's records scope."""

    serializer_class = DuesMonthSerializer

    def get_queryset(self):
        return (
            DuesMonth.objects.visible_to(self.request.user)
            .select_related("organization", "member")
            .order_by("-month", "member__sort_key", "pk")
        )

    @extend_schema(
        summary=_("Ledger rows, newest month first"),
        parameters=[
            *LIST_PARAMETERS,
            OpenApiParameter("year", int),
            OpenApiParameter("month", int),
        ],
        responses={200: DuesMonthSerializer(many=True), 400: _REFUSED},
    )
    def list(self, request, *args, **kwargs):
        qs, found = _filtered(request, self.get_queryset())
        if "year" in found:
            qs = qs.filter(month__year=found["year"])
            if "month" in found:
                qs = qs.filter(month=dt.date(found["year"], found["month"], 1))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(DuesMonthSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Open a month for the members of an organization's subtree"),
        request=OpenInput,
        responses={200: OpenedSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    @action(detail=False, methods=["post"], url_path="open")
    def open_month(self, request):
        data = OpenInput(data=request.data)
        data.is_valid(raise_exception=True)
        org = organization_or_404(
            Organization.objects.visible_to(request.user), data.validated_data["organization"]
        )
        written, missing = run_step(
            lambda: services.open_month(org, data.validated_data["month"], actor=request.user)
        )
        return Response({"written": written, "without_basis": [m.pk for m in missing]})

    @extend_schema(
        summary=_("Save a cell's collection sheet: who paid the month in cash (one request)"),
        request=CollectInput,
        responses={200: CollectedSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    @action(detail=False, methods=["post"])
    def collect(self, request):
        data = CollectInput(data=request.data)
        data.is_valid(raise_exception=True)
        found = data.validated_data
        org = organization_or_404(
            Organization.objects.visible_to(request.user), found["organization"]
        )
        paid, undone = run_step(
            lambda: services.collect_month(
                org,
                found["month"],
                paid_ids=found["paid"],
                paid_on=found["paid_on"],
                actor=request.user,
            )
        )
        return Response({"paid": paid, "undone": undone})

    @extend_schema(
        summary=_("Record a member's payment of this month"),
        request=PaymentInput,
        responses={200: DuesMonthSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        row = self.get_object()
        data = PaymentInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = run_step(
            lambda: services.record_payment(
                row.member, row.month, actor=request.user, **data.validated_data
            )
        )
        return Response(DuesMonthSerializer(self.get_queryset().get(pk=row.pk)).data)

    @extend_schema(
        summary=_("Record the reason the cell accepted for this month unpaid"),
        request=ExcuseInput,
        responses={200: DuesMonthSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def excuse(self, request, pk=None):
        row = self.get_object()
        data = ExcuseInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = run_step(
            lambda: services.excuse_month(
                row.member, row.month, actor=request.user, **data.validated_data
            )
        )
        return Response(DuesMonthSerializer(self.get_queryset().get(pk=row.pk)).data)

    @extend_schema(
        summary=_(
            "Dues of a month or a year by child organization, with the split kept by each level"
        ),
        parameters=[
            OpenApiParameter("organization", str, required=True),
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("month", int),
        ],
        responses={200: SummaryLineSerializer(many=True), 400: _REFUSED},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    @heavy_reads
    def summary(self, request):
        query = SummaryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = query.validated_data
        org = _organization(request, found["organization"])
        start = dt.date(found["year"], found.get("month", 1), 1)
        end = start if "month" in found else dt.date(found["year"], 12, 1)
        lines, total = queries.summary(org, start, end)
        return Response(SummaryLineSerializer([*lines, total], many=True).data)


@extend_schema(tags=["dues"])
class DuesBasisViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Members' dues bases (their history), in the user's records scope."""

    serializer_class = BasisSerializer

    def get_queryset(self):
        return DuesBasis.objects.visible_to(self.request.user).order_by("member_id", "-valid_from")

    @extend_schema(
        parameters=LIST_PARAMETERS, responses={200: BasisSerializer(many=True), 400: _REFUSED}
    )
    def list(self, request, *args, **kwargs):
        qs, _found = _filtered(request, self.get_queryset(), lookup_org="member__organization")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(BasisSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Set a member's dues basis from a month on"),
        request=BasisInput,
        responses={201: BasisSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    def create(self, request):
        data = BasisInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        member = _member(request, fields.pop("member"))
        basis = run_step(lambda: services.set_basis(member, actor=request.user, **fields))
        return Response(BasisSerializer(basis).data, status=201)


@extend_schema(tags=["dues"])
class DuesReliefViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Exemptions from dues and reductions, by decision, in the user's records scope."""

    serializer_class = ReliefSerializer

    def get_queryset(self):
        return DuesRelief.objects.visible_to(self.request.user).order_by("member_id", "-valid_from")

    @extend_schema(
        parameters=LIST_PARAMETERS, responses={200: ReliefSerializer(many=True), 400: _REFUSED}
    )
    def list(self, request, *args, **kwargs):
        qs, _found = _filtered(request, self.get_queryset(), lookup_org="member__organization")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ReliefSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Exempt a member from dues or reduce them, by decision"),
        request=ReliefInput,
        responses={201: ReliefSerializer, 400: _REFUSED, 404: _NOT_FOUND},
    )
    def create(self, request):
        data = ReliefInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        member = _member(request, fields.pop("member"))
        relief = run_step(lambda: services.grant_relief(member, actor=request.user, **fields))
        return Response(ReliefSerializer(relief).data, status=201)
