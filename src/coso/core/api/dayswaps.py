"""/api/v1/day-swaps/: every signed-in user reads them; the office whose editing scope is the
whole tree enters, changes and deletes them through `core.dayswaps` (others: 404)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from ..dayswaps import delete_day_swap, may_keep_day_swaps, save_day_swap
from ..models import DaySwap
from ..scope import OutOfScope
from .views import drf_validation_error


class DaySwapSerializer(serializers.ModelSerializer):
    legal_basis = serializers.CharField(
        max_length=255,
        allow_blank=True,
        required=False,
        default="",
        help_text=_("The number and date of the government's letter that announces the swap."),
    )
    note = serializers.CharField(max_length=255, allow_blank=True, required=False, default="")

    class Meta:
        model = DaySwap
        fields = ["id", "date", "kind", "legal_basis", "note"]
        read_only_fields = ["id"]
        # uniqueness is the service's to check (one message, in Vietnamese)
        extra_kwargs = {"date": {"validators": []}}


class YearFilter(filters.NumberFilter):
    """A calendar year: a whole number from 1 to 9999 (anything else is a 400)."""

    field_class = forms.IntegerField


class DaySwapFilter(filters.FilterSet):
    year = YearFilter(
        field_name="date", lookup_expr="year", label=_("Year"), min_value=1, max_value=9999
    )

    class Meta:
        model = DaySwap
        fields = ["year"]


class DaySwapViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Day swaps (a weekday off, a weekend day worked), by date; `?year=` keeps one year."""

    serializer_class = DaySwapSerializer
    filterset_class = DaySwapFilter
    queryset = DaySwap.objects.order_by("date")

    def _require_keeper(self) -> None:
        if not may_keep_day_swaps(self.request.user):
            raise OutOfScope

    def _save(self, serializer, swap=None, status_code=status.HTTP_200_OK) -> Response:
        serializer.is_valid(raise_exception=True)
        # a partial change keeps the stored values (as values, not as the serializer's text)
        stored = {} if swap is None else {
            "date": swap.date, "kind": swap.kind, "legal_basis": swap.legal_basis,
            "note": swap.note,
        }  # fmt: skip
        data = {**stored, **serializer.validated_data}
        try:
            saved = save_day_swap(
                date=data["date"], kind=data["kind"], legal_basis=data.get("legal_basis", ""),
                note=data.get("note", ""), swap=swap, actor=self.request.user,
            )  # fmt: skip
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(DaySwapSerializer(saved).data, status=status_code)

    def create(self, request, *args, **kwargs):
        self._require_keeper()
        return self._save(self.get_serializer(data=request.data), status_code=201)

    def update(self, request, *args, **kwargs):
        self._require_keeper()
        swap = self.get_object()
        partial = kwargs.get("partial", False)
        return self._save(self.get_serializer(swap, data=request.data, partial=partial), swap)

    def destroy(self, request, *args, **kwargs):
        self._require_keeper()
        delete_day_swap(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
