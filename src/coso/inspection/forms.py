"""The forms of inspection and feedback: they validate what is typed and hand it to a service
(`service_kwargs`); they never save a model. People and organizations are taken from the
organization of the page (its subtree), never listed whole (a city holds hundreds of
thousands): an organization is typed as its code in the one organization picker
(`OrganizationCodeField`), a member is found by a search whose matches fill the select
(`MemberPicker`, as the committee page's appoint form)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coso.committees.forms import member_label
from coso.core.forms import OrganizationCodeField, StyledForm, date_field
from coso.core.rules import value_today
from coso.discipline.forms import OpenCaseForm
from coso.members.models import Member
from coso.orgs.models import Organization

from .choices import Activity, FeedbackOutcome, InspectionKind, PlanBody, SenderKind


def _members(org: Organization):
    return Member.objects.filter(organization__path__startswith=org.path).order_by("sort_key")


def _organizations(org: Organization):
    return Organization.objects.filter(path__startswith=org.path).order_by("path")


class MemberPicker(forms.Select):
    """A member select offering only the member(s) chosen, with a search box above it whose
    matches (`views.inspections.member_options`: name, CCCD or card number, at most 30) fill
    it; those already chosen stay chosen."""

    template_name = "inspection/_member_picker.html"
    options_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_url"] = self.options_url
        return context


class MemberPickerMultiple(MemberPicker, forms.SelectMultiple):
    allow_multiple_selected = True


def member_picker(label, *, multiple: bool = False, required: bool = False):
    """A member field whose choices `pick_members` sets (those chosen only)."""
    if multiple:
        return forms.ModelMultipleChoiceField(label=label, queryset=Member.objects.none(),
                                              required=required, widget=MemberPickerMultiple)  # fmt: skip
    return forms.ModelChoiceField(
        label=label, queryset=Member.objects.none(), required=required, widget=MemberPicker
    )


def pick_members(form: forms.Form, org: Organization, *names: str) -> None:
    """The member fields `names` of `form` take a member of `org`'s subtree and offer only the
    ones the bound form chose (one query each when bound, none otherwise)."""
    url = reverse("inspection_member_options", args=[org.code])
    for name in names:
        field = form.fields[name]
        field.queryset = _members(org)
        widget = field.widget
        chosen = []
        if form.is_bound:
            raw = widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
            raw = raw if isinstance(raw, list) else [raw]
            pks = [int(v) for v in raw if str(v).isdigit() and len(str(v)) < 19]
            chosen = list(field.queryset.filter(pk__in=pks)) if pks else []
        blank = [] if widget.allow_multiple_selected else [("", "—")]
        widget.choices = blank + [(m.pk, member_label(m)) for m in chosen]
        widget.options_url = url


def organization_field(label):
    """An organization typed as its code (the organization picker); `in_subtree` says where."""
    return OrganizationCodeField(label=label, required=False, organizations=Organization)


def in_subtree(form: forms.Form, org: Organization, name: str) -> None:
    """The organization field `name` of `form` takes an organization of `org`'s subtree."""
    form.fields[name].organizations = lambda: _organizations(org)


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
    subject_organization = organization_field(_("Organization inspected"))
    subject_member = member_picker(_("Member inspected"))
    topic = forms.CharField(label=_("Content"), max_length=500)
    starts_on = date_field(label=_("From"))
    ends_on = date_field(label=_("To"))

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        in_subtree(self, org, "subject_organization")
        pick_members(self, org, "subject_member")


class TeamForm(StyledForm):
    leader = member_picker(_("Team leader"), required=True)
    members = member_picker(_("Team members"), multiple=True)

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        pick_members(self, org, "leader", "members")

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
    about_organization = organization_field(_("About the organization"))
    about_member = member_picker(_("About the member"))
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
        in_subtree(self, org, "about_organization")
        pick_members(self, org, "about_member")


class SendForm(StyledForm):
    about_organization = organization_field(_("About the organization"))
    summary = forms.CharField(label=_("Summary"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}))
    anonymous = forms.BooleanField(
        label=_("Send anonymously"), required=False,
        help_text=_("Nothing of you is kept: you will not find it among what you sent."),
    )  # fmt: skip

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_organization"].organizations = organizations


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    answered_on = date_field(label=_("Answered on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FeedbackOutcome.choices)
    inspection_ends_on = date_field(
        label=_("Inspection ends on"), required=False,
        help_text=_("When passed to inspection: the inspection runs from the answer to this day."),
    )  # fmt: skip


def member_search_fields() -> set[str]:
    """The names of the member pickers of the inspection and feedback forms."""
    return {
        name
        for form in (ScheduleForm, TeamForm, ReceiveForm)
        for name, field in form.base_fields.items()
        if isinstance(field.widget, MemberPicker)
    }
