"""Forms of the discipline pages: opening a case and one form per step or action. They validate
input and hand it to `coso.discipline.services`; they never save a model."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.forms import StyledForm, date_field
from coso.core.rules import value_today
from coso.meetings.models import Meeting
from coso.members.choices import ACTIVE_STATUSES
from coso.members.models import Member
from coso.orgs.models import Organization

from .choices import AppealOutcome, DecidingBody, Penalty
from .models import DisciplineCase


def _choices(mapping) -> list[tuple[str, str]]:
    return [("", "—"), *mapping.items()]


def ancestors(org: Organization, *, self_too: bool = True):
    """The organization and those above it, top first (one query)."""
    paths = org.ancestor_paths(self_too=self_too)
    return Organization.objects.filter(path__in=paths).order_by("path")


class OpenCaseForm(StyledForm):
    member = forms.ModelChoiceField(Member.objects.none(), label=_("Member"), required=False)
    subject_organization = forms.ModelChoiceField(
        Organization.objects.none(), label=_("or an organization below"), required=False
    )
    breach = forms.CharField(label=_("Breach"), widget=forms.Textarea(attrs={"rows": 3}))
    breach_on = date_field(label=_("Date of the breach"))
    offence = forms.ChoiceField(label=_("Offence (article of Regulation 69)"))
    proposed_penalty = forms.ChoiceField(label=_("Penalty proposed"), choices=Penalty.choices)
    holds_office = forms.BooleanField(label=_("Holds an office"), required=False)
    state_body = forms.CharField(label=_("State body employing the member"), required=False)
    opened_on = date_field(label=_("Opened on"))

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            organization=organization, status__in=ACTIVE_STATUSES
        ).order_by("sort_key", "pk")
        self.fields["subject_organization"].queryset = Organization.objects.filter(
            path__startswith=organization.path, depth=organization.depth + 1
        ).order_by("name")
        self.fields["offence"].choices = _choices(value_today("discipline_offences"))
        self.initial.setdefault("opened_on", timezone.localdate())


class SelfReviewForm(StyledForm):
    date = date_field(label=_("Date"))
    proposed_penalty = forms.ChoiceField(
        label=_("Penalty the self-review proposes"), choices=_choices(dict(Penalty.choices)),
        required=False,
    )  # fmt: skip
    refused = forms.BooleanField(label=_("Refused to write a self-review"), required=False)
    note = forms.CharField(label=_("Note"), required=False)


class VoteForm(StyledForm):
    """The cell's secret ballot, counted at one of its meetings (attendance recorded)."""

    meeting = forms.ModelChoiceField(Meeting.objects.none(), label=_("Meeting"))
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0)
    abstaining = forms.IntegerField(label=_("Abstaining"), min_value=0, initial=0)

    def __init__(self, *args, case: DisciplineCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            organization_id=case.organization_id,
            vote_base__isnull=False,
            adopted_at__isnull=True,
            date__gte=case.step_on,
        ).order_by("-date")


class ProposalForm(StyledForm):
    to = forms.ModelChoiceField(Organization.objects.none(), label=_("Proposed to"))
    date = date_field(label=_("Date"))
    document_number = forms.CharField(label=_("Number of the proposal"), required=False)
    note = forms.CharField(label=_("File sent (self-review, minutes, ballot count...)"),
                           required=False)  # fmt: skip

    def __init__(self, *args, case: DisciplineCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = ancestors(case.organization, self_too=False)


class DecisionForm(StyledForm):
    penalty = forms.ChoiceField(label=_("Penalty"), choices=Penalty.choices)
    decided_by = forms.ModelChoiceField(
        Organization.objects.none(), label=_("Deciding organization")
    )
    body = forms.ChoiceField(label=_("Decided by its"), choices=DecidingBody.choices)
    decision_number = forms.CharField(
        label=_("Decision number"), required=False,
        help_text=_("Leave empty: the decision is issued and numbered in the register. Give "
                    "it only for a decision issued on paper."),
    )  # fmt: skip
    signer_name = forms.CharField(
        label=_("Signed by"), required=False,
        help_text=_("Empty: the secretary (or the inspection committee's chair) on the roster."),
    )  # fmt: skip
    date = date_field(label=_("Decision date"))
    received_on = date_field(label=_("Received by the subject on"), required=False)
    state_body = forms.CharField(label=_("State body employing the member"), required=False)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, case: DisciplineCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = ancestors(case.organization)
        self.initial.setdefault("penalty", case.voted_penalty or case.proposed_penalty)
        self.initial.setdefault("state_body", case.state_body)


class AppealForm(StyledForm):
    date = date_field(label=_("Appealed on"))
    note = forms.CharField(label=_("Note"), required=False)


class AppealOutcomeForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AppealOutcome.choices)
    penalty = forms.ChoiceField(label=_("New penalty"), choices=_choices(dict(Penalty.choices)),
                                required=False)  # fmt: skip
    decided_by = forms.ModelChoiceField(Organization.objects.none(), label=_("Settled by"))
    decision_number = forms.CharField(label=_("Decision number"))
    date = date_field(label=_("Date"))
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, case: DisciplineCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = ancestors(case.decided_by or case.organization,
                                                       self_too=False)  # fmt: skip


class DeferForm(StyledForm):
    reason = forms.ChoiceField(label=_("Reason for deferral"))
    date = date_field(label=_("From"))
    until = date_field(label=_("Until"), required=False)
    child_born_on = date_field(label=_("Child born on (nursing)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = _choices(value_today("discipline_deferral_reasons"))


class DateForm(StyledForm):
    date = date_field(label=_("Date"))


class CloseForm(StyledForm):
    date = date_field(label=_("Date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


#: each step's form (the cell's vote is taken through the meeting's workflow vote)
STEP_FORMS = {
    "self_review": SelfReviewForm,
    "cell_vote": VoteForm,
    "proposal": ProposalForm,
    "decision": DecisionForm,
    "appeal": AppealForm,
    "appeal_outcome": AppealOutcomeForm,
}
#: forms that need the case
CASE_FORMS = {"cell_vote", "proposal", "decision", "appeal_outcome"}
