"""The forms of inspection and feedback: they validate what is typed and hand it to a service
(`service_kwargs`); they never save a model. Choices of people and organizations come from
the organization of the page (its subtree)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.core.forms import StyledForm, date_field
from coso.core.rules import value_today
from coso.discipline.forms import OpenCaseForm
from coso.members.models import Member
from coso.orgs.models import Organization

from .choices import Activity, FeedbackOutcome, InspectionKind, PlanBody, SenderKind


def _members(org: Organization):
    return Member.objects.filter(organization__path__startswith=org.path).order_by("sort_key")


def _organizations(org: Organization):
    return Organization.objects.filter(path__startswith=org.path).order_by("path")


class PlanForm(StyledForm):
    body = forms.ChoiceField(label=_("Adopted by"), choices=PlanBody.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)
    adopted_on = date_field(label=_("Adopted on"))
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)


class ScheduleForm(StyledForm):
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k, v) for k, v in InspectionKind.choices if k != "signs"]
    )
    subject_organization = forms.ModelChoiceField(
        label=_("Organization inspected"), queryset=Organization.objects.none(), required=False
    )
    subject_member = forms.ModelChoiceField(
        label=_("Member inspected"), queryset=Member.objects.none(), required=False
    )
    topic = forms.CharField(label=_("Content"), max_length=500)
    starts_on = date_field(label=_("From"))
    ends_on = date_field(label=_("To"))

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_organization"].queryset = _organizations(org)
        self.fields["subject_member"].queryset = _members(org)


class TeamForm(StyledForm):
    leader = forms.ModelChoiceField(label=_("Team leader"), queryset=Member.objects.none())
    members = forms.ModelMultipleChoiceField(
        label=_("Team members"), queryset=Member.objects.none(), required=False
    )

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _members(org)
        self.fields["members"].queryset = _members(org)

    def service_kwargs(self) -> dict:
        return {
            "leader": self.cleaned_data["leader"],
            "members": list(self.cleaned_data["members"]),
        }


class FindingForm(StyledForm):
    finding = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    recorded_on = date_field(label=_("Recorded on"))
    violation = forms.BooleanField(label=_("Sign of violation"), required=False)


class ConcludeForm(StyledForm):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 5}))
    concluded_on = date_field(label=_("Concluded on"))
    violation = forms.BooleanField(label=_("Violation or signs of violation found"), required=False)
    proposes_discipline = forms.BooleanField(label=_("Proposes discipline"), required=False)


class FollowUpForm(StyledForm):
    what = forms.CharField(label=_("Action"), max_length=500)
    responsible = forms.CharField(label=_("Responsible"), max_length=200)
    due_on = date_field(
        label=_("Due on"),
        required=False,
        help_text=_("Empty: the rule's days after the conclusion."),
    )


class OpenForm(StyledForm):
    topic = forms.CharField(label=_("Content"), max_length=500)
    starts_on = date_field(label=_("From"))
    ends_on = date_field(label=_("To"))


class DisciplineForm(StyledForm):
    """The discipline case the conclusion proposes: the fields of discipline's own form to open
    a case, less its subject (the inspection's)."""

    breach = OpenCaseForm.base_fields["breach"]
    breach_on = OpenCaseForm.base_fields["breach_on"]
    offence = OpenCaseForm.base_fields["offence"]
    proposed_penalty = OpenCaseForm.base_fields["proposed_penalty"]
    holds_office = OpenCaseForm.base_fields["holds_office"]
    opened_on = OpenCaseForm.base_fields["opened_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offences = value_today("discipline_offences")
        self.fields["offence"].choices = [("", "—"), *offences.items()]


class DoneForm(StyledForm):
    on = date_field(label=_("Done on"))
    note = forms.CharField(label=_("How it was done"), max_length=500, required=False)


#: the inspection page's step forms, by action (`services.STEP_SERVICES`)
STEP_FORMS = {
    "team": TeamForm,
    "finding": FindingForm,
    "conclude": ConcludeForm,
    "follow_up": FollowUpForm,
    "open": OpenForm,
    "discipline": DisciplineForm,
}


class ReceiveForm(StyledForm):
    about_organization = forms.ModelChoiceField(
        label=_("About the organization"), queryset=Organization.objects.none(), required=False
    )
    about_member = forms.ModelChoiceField(
        label=_("About the member"), queryset=Member.objects.none(), required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("letter", _("Letter")), ("comment", _("Comment"))]
    )
    sender_kind = forms.ChoiceField(label=_("From"), choices=SenderKind.choices)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    sender_name = forms.CharField(label=_("Sender"), max_length=200, required=False)
    sender_contact = forms.CharField(
        label=_("Sender's address or phone"), max_length=300, required=False
    )
    summary = forms.CharField(label=_("Summary"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}))
    received_on = date_field(label=_("Received on"))

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_organization"].queryset = _organizations(org)
        self.fields["about_member"].queryset = _members(org)


class SendForm(StyledForm):
    about_organization = forms.ModelChoiceField(
        label=_("About the organization"), queryset=Organization.objects.none(), required=False
    )
    summary = forms.CharField(label=_("Summary"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}))
    anonymous = forms.BooleanField(
        label=_("Send anonymously"), required=False,
        help_text=_("Nothing of you is kept: you will not find it among what you sent."),
    )  # fmt: skip

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_organization"].queryset = organizations


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    answered_on = date_field(label=_("Answered on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FeedbackOutcome.choices)
    inspection_ends_on = date_field(
        label=_("Inspection ends on"), required=False,
        help_text=_("When passed to inspection: the inspection runs from the answer to this day."),
    )  # fmt: skip
