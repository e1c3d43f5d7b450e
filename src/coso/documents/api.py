"""REST API of the register: /api/v1/register/ (read), issue and cancel as POST actions; and of
the documents issued from records: /api/v1/documents/ (read; POST issues one); and of batches
of transfer letters: /api/v1/letter-batches/ (POST starts one, 202; GET its progress).

The list starts from the permission choke point (`visible_to`); a number is issued for an
organization the user may edit, cancelled by an editor of its organization; out of scope is a
404. A refusal is a 400 with the service's messages by field, and nothing changes.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coso.core.api.fields import ObjectIdField
from coso.core.api.schema import NOT_FOUND, REFUSED, post_action
from coso.core.api.views import drf_validation_error
from coso.core.scope import scoped_queryset
from coso.core.validators import text_error
from coso.members.models import Transfer
from coso.orgs.models import Organization

from . import services
from .choices import DocType
from .filters import RegisterFilter
from .issuing import KINDS
from .models import IssuedDocument, LetterBatch, RegisterEntry
from .queries import SUBJECT_PAGES
from .tasks import launch


def subject_types() -> list[str]:
    """What a number may be issued about, by model label (each model's QuerySet is scoped);
    read when a serializer is made: apps above documents register theirs in ready()."""
    return sorted(SUBJECT_PAGES)


class RegisterEntrySerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    doc_type_label = serializers.CharField(source="get_doc_type_display", read_only=True)
    term = serializers.IntegerField(source="series.term_id", read_only=True, allow_null=True)
    year = serializers.IntegerField(source="series.year", read_only=True, allow_null=True)
    congress = serializers.BooleanField(source="series.congress", read_only=True)
    issuer = serializers.SerializerMethodField()
    cancelled_by = serializers.SerializerMethodField()
    subject_type = serializers.SerializerMethodField()
    subject_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = RegisterEntry
        fields = [
            "id", "symbol", "number", "doc_type", "doc_type_label", "issued_on", "summary",
            "organization", "term", "year", "congress", "issuer", "subject_type", "subject_id",
            "cancelled_on", "cancel_reason", "cancelled_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_issuer(self, entry) -> str | None:
        return entry.issuer.get_username() if entry.issuer_id else None

    def get_cancelled_by(self, entry) -> str | None:
        return entry.cancelled_by.get_username() if entry.cancelled_by_id else None

    def get_subject_type(self, entry) -> str | None:
        return entry.subject_type.model_class()._meta.label_lower if entry.subject_type_id else None


class EditableOrganizationField(serializers.SlugRelatedField):
    """An organization by code, among those the user may edit."""

    default_error_messages = {
        "does_not_exist": _("There is no organization with the code {value} that you may use."),
        "invalid": _("Invalid organization code."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organization.objects.all())
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return Organization.objects.editable_by(getattr(request, "user", None))


class IssueInput(serializers.Serializer):
    organization = EditableOrganizationField(help_text=_("Code of the issuing organization."))
    doc_type = serializers.ChoiceField(choices=DocType.choices)
    issued_on = serializers.DateField()
    summary = serializers.CharField(max_length=500)
    congress = serializers.BooleanField(
        required=False, default=False, help_text=_("A congress document (the shared series).")
    )
    subject_type = serializers.ChoiceField(
        choices=[], required=False, allow_null=True, default=None
    )
    subject_id = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, allow_null=True, default=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_type"].choices = subject_types()

    def validate(self, attrs):
        kind, pk = attrs.pop("subject_type"), attrs.pop("subject_id")
        if (kind is None) != (pk is None):
            raise serializers.ValidationError(
                {"subject_id": [_("Give both the subject's type and its id, or neither.")]}
            )
        attrs["subject"] = None
        if kind is not None:
            user = getattr(self.context.get("request"), "user", None)
            model = apps.get_model(kind)
            subject = model._default_manager.visible_to(user).filter(pk=pk).first()
            if subject is None:
                raise serializers.ValidationError(
                    {"subject_id": [_("There is no such subject that you may see.")]}
                )
            attrs["subject"] = subject
        return attrs


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


@extend_schema(tags=["documents"])
class RegisterEntryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The register of documents issued in the user's scope, newest first (date, number);
    issue a number, cancel one. The list runs a fixed number of queries."""

    filterset_class = RegisterFilter
    serializer_class = RegisterEntrySerializer

    def get_queryset(self):
        user = self.request.user
        if self.action == "cancel":
            qs = RegisterEntry.objects.editable_by(user)
        else:
            qs = RegisterEntry.objects.visible_to(user)
        return qs.select_related(
            "organization", "series", "issuer", "cancelled_by", "subject_type"
        ).order_by("-issued_on", "-number", "-id")

    def get_serializer_class(self):
        return {"issue": IssueInput, "cancel": CancelInput}.get(
            self.action, RegisterEntrySerializer
        )

    def _answer(self, entry, code=status.HTTP_200_OK) -> Response:
        # read again in full: the cancel's queryset is the editable one, the answer any reader's
        fresh = RegisterEntry.objects.select_related(
            "organization", "series", "issuer", "cancelled_by", "subject_type"
        ).get(pk=entry.pk)
        return Response(
            RegisterEntrySerializer(fresh, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(
        summary=_("Issue the next number"),
        request=IssueInput,
        responses={201: RegisterEntrySerializer, 400: REFUSED},
    )
    @action(detail=False, methods=["post"])
    def issue(self, request):
        serializer = IssueInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            entry = services.issue_number(actor=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return self._answer(entry, status.HTTP_201_CREATED)

    @post_action(_("Cancel a number"), CancelInput, RegisterEntrySerializer)
    def cancel(self, request, pk=None):
        entry = self.get_object()
        serializer = CancelInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.cancel_number(entry, actor=request.user, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return self._answer(entry)


__all__ = ["RegisterEntryViewSet"]


# --- documents issued from records ----------------------------------------------------------


class IssuedDocumentSerializer(serializers.ModelSerializer):
    symbol = serializers.CharField(source="entry.symbol", read_only=True)
    issued_on = serializers.DateField(source="entry.issued_on", read_only=True)
    summary = serializers.CharField(source="entry.summary", read_only=True)
    register_entry = serializers.IntegerField(source="entry_id", read_only=True)
    pdf_url = serializers.SerializerMethodField()
    docx_url = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = ["id", "kind", "symbol", "issued_on", "summary", "signer", "register_entry",
                  "pdf_url", "docx_url"]  # fmt: skip
        read_only_fields = fields

    def get_pdf_url(self, doc) -> str:
        return reverse("document_pdf", args=[doc.pk])

    def get_docx_url(self, doc) -> str:
        return reverse("document_docx", args=[doc.pk])


def _printable(value: str) -> None:
    """A signer's name goes into the printed document: no control or invisible character."""
    message = text_error(value)
    if message:
        raise serializers.ValidationError(message)


class IssueDocumentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[], help_text=_("What to issue."))
    subject_id = ObjectIdField(
        help_text=_("The record's id: a transfer letter (transfer_letter), a candidate "
                    "(cell_resolution, admission_decision), a member (recognition_decision), "
                    "an organization (member_list), a meeting (meeting_minutes, "
                    "meeting_resolution)."),
    )  # fmt: skip
    issued_on = serializers.DateField(required=False)
    signer_name = serializers.CharField(
        max_length=120, required=False, allow_blank=True, validators=[_printable]
    )
    present = serializers.IntegerField(min_value=0, max_value=10000, required=False)
    second_signer_name = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        validators=[_printable],
        help_text=_(
            "Minutes: the minute-taker who signs on the left, when the meeting names none."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # every kind registered by then, those of the apps above documents included
        self.fields["kind"].choices = sorted(KINDS)


@extend_schema(tags=["documents"])
class IssuedDocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Documents issued from records, in the user's records scope; newest first."""

    serializer_class = IssuedDocumentSerializer

    def get_queryset(self):
        return (
            IssuedDocument.objects.visible_to(self.request.user)
            .select_related("entry")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=IssueDocumentInput, responses={201: IssuedDocumentSerializer})
    def create(self, request):
        data = IssueDocumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        model = KINDS[d["kind"]].model
        subject = get_object_or_404(
            scoped_queryset(model).visible_to(request.user), pk=d["subject_id"]
        )
        try:
            doc = services.issue_document(
                d["kind"], subject, issued_on=d.get("issued_on"),
                signer_name=d.get("signer_name", ""), present=d.get("present"),
                second_signer_name=d.get("second_signer_name", ""), actor=request.user,
            )  # fmt: skip
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        return Response(IssuedDocumentSerializer(doc).data, status=status.HTTP_201_CREATED)


# --- batches of transfer letters ------------------------------------------------------------


class LetterBatchSerializer(serializers.ModelSerializer):
    refused_letters = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    zip_url = serializers.SerializerMethodField()

    class Meta:
        model = LetterBatch
        fields = ["id", "status", "total", "done", "issued", "refused", "issued_on",
                  "pdf_url", "zip_url", "refused_letters", "created_at", "finished_at"]  # fmt: skip
        read_only_fields = fields

    def get_refused_letters(self, batch) -> list[dict]:
        """The letters refused: the transfer's id and the reason (once the batch is through)."""
        if batch.is_busy:
            return []
        items = batch.items.exclude(error="").order_by("position")
        return [{"transfer": i.transfer_id, "error": i.error} for i in items]

    def get_pdf_url(self, batch) -> str | None:
        return reverse("letter_batch_pdf", args=[batch.pk]) if batch.pdf else None

    def get_zip_url(self, batch) -> str | None:
        return reverse("letter_batch_zip", args=[batch.pk]) if batch.docx_zip else None


class LetterBatchInput(serializers.Serializer):
    transfers = serializers.ListField(
        child=ObjectIdField(),
        allow_empty=True,
        max_length=services.MAX_LETTERS * 2,  # the step refuses past MAX_LETTERS, by name
        help_text=_("The transfers whose letters to issue, in the order to print them."),
    )
    issued_on = serializers.DateField(
        required=False, help_text=_("The date on every letter; by default each transfer's own.")
    )


@extend_schema(tags=["documents"])
class LetterBatchViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A batch of transfer letters: POST the transfers (202: issued in the background, or at
    once when few), then GET the batch for its progress, files and refused letters."""

    serializer_class = LetterBatchSerializer

    def get_queryset(self):
        return LetterBatch.objects.visible_to(self.request.user)

    @extend_schema(
        request=LetterBatchInput,
        responses={202: LetterBatchSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def create(self, request):
        data = LetterBatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["transfers"]
        visible = Transfer.objects.visible_to(request.user).filter(pk__in=ids).count()
        if visible != len(set(ids)):
            raise Http404
        try:
            batch = services.start_letter_batch(
                ids, actor=request.user, issued_on=data.validated_data.get("issued_on")
            )
        except DjangoValidationError as exc:
            raise drf_validation_error(exc) from exc
        batch = launch(batch)
        return Response(LetterBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)
