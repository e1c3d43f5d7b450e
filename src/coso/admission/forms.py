"""Forms of the admission pages: the candidate's data, one form per step, probation actions.

Forms only validate input and hand it to `coso.admission.services`; they never save workflow
fields. Dates are typed dd/mm/yyyy (ISO is accepted too).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.forms import DayMonthYearInput, date_field
from coso.members.choices import ETHNICITIES, MemberStatus
from coso.members.forms.member import PERSON_WIDGETS
from coso.members.models import Member
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization

from .choices import CandidateSource, CandidateStatus, Step
from .models import ATTACHMENT_EXTENSIONS, Candidate, competent_organizations
from .services import CANDIDATE_FIELDS, official_members_on

ACCEPT = ",".join(f".{ext}" for ext in ATTACHMENT_EXTENSIONS)


def attachment_field(**kwargs) -> forms.FileField:
    """The optional scan or photo of a paper, of the kinds the services keep."""
    return forms.FileField(
        label=_("Attached file (scan or photo)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        **kwargs,
    )


def official_count_field() -> forms.IntegerField:
    """The cell's official members at a vote, when the registry's count is not the one."""
    return forms.IntegerField(
        label=_("Official members of the cell"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to use the registry's number on that date."),
    )


class AttachmentKwargs:
    """A form's data as the service's keyword arguments; an `attachment` field is left out when
    no file was sent."""

    def service_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of the step's service."""
        data = dict(self.cleaned_data)
        if not data.get("attachment"):
            data.pop("attachment", None)
        return data


def member_label(member: Member) -> str:
    return f"{member.full_name} ({member.birth_date:%d/%m/%Y})"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return member_label(obj)


def introducer_pool(cell: Organization, user):
    """Official members the user can see who may introduce or follow a candidate of ``cell``:
    those of the cell's grassroots unit (its parent committee; a grassroots cell itself)."""
    root_path = cell.path if cell.kind == OrgKind.GRASSROOTS_CELL else cell.parent_path()
    return (
        Member.objects.visible_to(user)
        .filter(status=MemberStatus.OFFICIAL, organization__path__startswith=root_path)
        .vn_ordered()
    )


# --- the candidate ------------------------------------------------------------------------


class CandidateForm(forms.ModelForm):
    """A candidate's personal data (`services.CANDIDATE_FIELDS`)."""

    class Meta:
        model = Candidate
        fields = CANDIDATE_FIELDS
        widgets = {**PERSON_WIDGETS, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, cell: Organization, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
        self.fields["birth_date"].widget = DayMonthYearInput()
        self.fields["birth_date"].help_text = _("For example 25/03/2003")
        self.fields["cccd"].help_text = _("12 digits")
        self.fields["ethnicity"] = forms.ChoiceField(
            label=self.fields["ethnicity"].label,
            choices=[(e, e) for e in ETHNICITIES],
            initial="Kinh",
        )
        self.fields["follower"] = MemberChoiceField(
            introducer_pool(cell, user),
            required=False,
            label=_("Member assigned to help"),
        )


class CandidateEditForm(CandidateForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


class CloseForm(forms.Form):
    """Withdraw the candidate or record that they are not admitted."""

    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (CandidateStatus.WITHDRAWN.value, CandidateStatus.WITHDRAWN.label),
            (CandidateStatus.REJECTED.value, CandidateStatus.REJECTED.label),
        ],
    )
    date = date_field(label=_("Date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


# --- the steps ----------------------------------------------------------------------------


class StepForm(AttachmentKwargs, forms.Form):
    """Date, note and an optional file: what every step has."""

    date_label = _("Date")
    date = date_field(label=_("Date"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = attachment_field(
        help_text=_("Optional: PDF, image or Word document, at most 10 MB.")
    )

    def __init__(self, *args, candidate: Candidate, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.user = user
        self.fields["date"].label = self.date_label
        self.order_fields([n for n in self.field_order_list() if n in self.fields])

    def field_order_list(self) -> list[str]:
        return ["date", *[n for n in self.fields if n not in ("date", "note", "attachment")],
                "note", "attachment"]  # fmt: skip


class AwarenessCourseForm(StepForm):
    date_label = _("Certificate date")
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=64)


class ApplicationForm(StepForm):
    date_label = _("Date of the application letter")


class PersonalHistoryForm(StepForm):
    date_label = _("Date of the personal history")


class BackgroundCheckForm(StepForm):
    date_label = _("Date of the conclusion")
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)


class IntroductionForm(StepForm):
    date_label = _("Date of the introduction")
    youth_union_committee = forms.BooleanField(
        label=_("Introduced by the Youth Union committee (with one official member)"),
        required=False,
    )
    introducer_1 = MemberChoiceField(Member.objects.none(), label=_("First introducer"))
    introducer_1_known_since = date_field(label=_("Has worked or studied with the candidate since"))
    introducer_2 = MemberChoiceField(
        Member.objects.none(), label=_("Second introducer"), required=False
    )
    introducer_2_known_since = date_field(
        label=_("Has worked or studied with the candidate since"), required=False
    )
    document_number = forms.CharField(
        label=_("Number of the Youth Union committee's resolution"),
        max_length=64,
        required=False,
    )

    def __init__(self, *args, candidate: Candidate, user, **kwargs):
        super().__init__(*args, candidate=candidate, user=user, **kwargs)
        pool = introducer_pool(candidate.cell, user)
        self.fields["introducer_1"].queryset = pool
        self.fields["introducer_2"].queryset = pool
        if candidate.source != CandidateSource.YOUTH_UNION:
            del self.fields["youth_union_committee"]
            del self.fields["document_number"]

    def field_order_list(self) -> list[str]:
        return ["date", "youth_union_committee", "introducer_1", "introducer_1_known_since",
                "introducer_2", "introducer_2_known_since", "document_number", "note",
                "attachment"]  # fmt: skip

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        introducers = []
        for i in (1, 2):
            member = data.pop(f"introducer_{i}", None)
            since = data.pop(f"introducer_{i}_known_since", None)
            if member is not None:
                introducers.append((member, since))
        data["introducers"] = introducers
        data.setdefault("youth_union_committee", False)
        return data


class CommentsForm(StepForm):
    date_label = _("Date of the mass organizations' comments")
    residence_comment_on = date_field(label=_("Date of the residence cell's comment"))
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)


class CellResolutionForm(StepForm):
    date_label = _("Date the cell considered the candidate")
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    official_count = official_count_field()
    document_number = forms.CharField(label=_("Resolution number"), max_length=64, required=False)
    over_age_decision = forms.CharField(
        label=_("Decision of the level above (only for a candidate over 60)"),
        max_length=64,
        required=False,
    )

    def __init__(self, *args, candidate: Candidate, user, **kwargs):
        super().__init__(*args, candidate=candidate, user=user, **kwargs)
        if not self.is_bound:
            today = timezone.localdate()
            self.fields["official_count"].help_text = _(
                "Leave empty to use the registry's number on that date (today: %(count)d)."
            ) % {"count": official_members_on(candidate.cell, today)}


def deciding_organizations_for(candidate: Candidate, user) -> list[Organization]:
    """The organizations competent today for the candidate's cell in which the user holds an
    editing role (the service checks again on the decision's own date)."""
    competent = competent_organizations(candidate.cell, timezone.localdate())
    editable = set(
        Organization.objects.editable_by(user)
        .filter(pk__in=[o.pk for o in competent])
        .values_list("pk", flat=True)
    )
    return [o for o in competent if o.pk in editable]


class DecisionForm(StepForm):
    date_label = _("Decision date")
    deciding_organization = forms.ModelChoiceField(
        Organization.objects.none(), label=_("Deciding organization")
    )
    document_number = forms.CharField(label=_("Decision number"), max_length=64)
    received_on = date_field(
        label=_("Received by the cell on"),
        required=False,
        help_text=_("Leave empty if received on the decision date."),
    )

    def __init__(self, *args, candidate: Candidate, user, **kwargs):
        super().__init__(*args, candidate=candidate, user=user, **kwargs)
        competent = deciding_organizations_for(candidate, user)
        self.fields["deciding_organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in competent]
        )
        if len(competent) == 1:
            self.fields["deciding_organization"].initial = competent[0].pk

    def field_order_list(self) -> list[str]:
        return ["deciding_organization", "document_number", "date", "received_on", "note",
                "attachment"]  # fmt: skip


class CeremonyForm(StepForm):
    date_label = _("Date of the admission ceremony")


STEP_FORMS: dict[str, type[StepForm]] = {
    Step.AWARENESS_COURSE: AwarenessCourseForm,
    Step.APPLICATION: ApplicationForm,
    Step.PERSONAL_HISTORY: PersonalHistoryForm,
    Step.BACKGROUND_CHECK: BackgroundCheckForm,
    Step.INTRODUCTION: IntroductionForm,
    Step.COMMENTS: CommentsForm,
    Step.CELL_RESOLUTION: CellResolutionForm,
    Step.DECISION: DecisionForm,
    Step.CEREMONY: CeremonyForm,
}


# --- probation ----------------------------------------------------------------------------


class CourseForm(AttachmentKwargs, forms.Form):
    date = date_field(label=_("New-member course completed on"))
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=64, required=False
    )


class MemberRecordForm(AttachmentKwargs, forms.Form):
    date = date_field(label=_("Member record (1-HSĐV) completed on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecognitionForm(AttachmentKwargs, forms.Form):
    vote_date = date_field(label=_("Date of the cell's vote"))
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    official_count = official_count_field()
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = date_field(label=_("Decision date"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = attachment_field()


class RecognitionDecisionForm(AttachmentKwargs, forms.Form):
    """Recognition when the cell's vote was recorded before (at its meeting): the decision."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = date_field(label=_("Decision date"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = attachment_field()


def recognition_form_class(probation) -> type[forms.Form]:
    """The decision only when the cell's vote is recorded and the outcome still open."""
    voted = probation is not None and not probation.outcome and probation.vote_date is not None
    return RecognitionDecisionForm if voted else RecognitionForm


class StrikeOffForm(AttachmentKwargs, forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = date_field(label=_("Decision date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    vote_date = date_field(label=_("Date of the cell's vote"), required=False)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)
    attachment = attachment_field()


def default_dates(form: forms.Form, day: dt.date | None = None) -> None:
    """Today in the date fields of an unbound form (elderly users type less)."""
    day = day or timezone.localdate()
    for name in ("date", "vote_date", "decision_date"):
        if name in form.fields and not form.is_bound:
            form.fields[name].initial = day
