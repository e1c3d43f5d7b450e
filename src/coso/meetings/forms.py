"""Forms of the meeting pages: they validate input and hand it to `coso.meetings.services`."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from coso.core.forms import StyledForm, date_field, style_fields

from .choices import (
    MARKS,
    QUALITY_PARTS,
    MaterialKind,
    MeetingKind,
    Presence,
    Standing,
    TaskBody,
)
from .models import LAST_PLANNING_DAY
from .queries import RosterLine

TIME = {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class PlanningDayForm(StyledForm):
    day = forms.IntegerField(
        label=_("Next month's meeting planned by day"),
        min_value=1,
        max_value=LAST_PLANNING_DAY,
        required=False,
        help_text=_("Empty: no day set here (the committee above decides)."),
    )


class PlanForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    date = date_field(label=_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=255, required=False)
    with_thematic = forms.BooleanField(label=_("With a thematic part"), required=False)
    starts_at = forms.TimeField(label=_("Start time"), required=False, **TIME)
    ends_at = forms.TimeField(label=_("End time"), required=False, **TIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VoteForm(StyledForm):
    subject = forms.CharField(label=_("Vote on"), max_length=255)
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, initial=0)
    abstaining = forms.IntegerField(label=_("Abstaining"), min_value=0, initial=0)


class AdoptForm(StyledForm):
    """The times, the conclusion, the chair and the minute-taker (`present`: the members
    present) and the quality score, one box per part of the sheet in force on the meeting's
    date (`sheet`: {part: most points})."""

    starts_at = forms.TimeField(label=_("Start time"), **TIME)
    ends_at = forms.TimeField(label=_("End time"), **TIME)
    conclusion = forms.CharField(
        label=_("Chair's conclusion"), widget=forms.Textarea(attrs={"rows": 4})
    )

    chair = forms.ChoiceField(label=_("Chair"), required=False)
    minute_taker = forms.ChoiceField(label=_("Minute-taker"), required=False)

    def __init__(self, *args, sheet: dict[str, int], present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        # who chaired and who took the minutes: among those present (empty: the chair is the
        # secretary on the roster, the minute-taker is named when the minutes are issued)
        people = [("", "—"), *((str(m.pk), m.full_name) for m in present)]
        self.fields["chair"].choices = self.fields["minute_taker"].choices = people
        for part, most in sheet.items():
            self.fields[f"q_{part}"] = forms.IntegerField(
                label=_("%(part)s (of %(most)d)")
                % {"part": QUALITY_PARTS.get(part, part), "most": most},
                min_value=0,
                max_value=most,
                required=False,
            )
        if not self.is_bound:
            style_fields(self)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("chair", "minute_taker"):
            chosen = data.pop(name)
            data[f"{name}_id"] = int(chosen) if chosen else None
        quality = {part: data.pop(f"q_{part}") for part in self.sheet}
        if any(v is not None for v in quality.values()):
            data["quality"] = {k: v or 0 for k, v in quality.items()}
        return data


class AgendaItemForm(StyledForm):
    title = forms.CharField(label=_("Agenda item"), max_length=255)
    speakers = forms.CharField(label=_("Who spoke"), max_length=500, required=False)
    notes = forms.CharField(
        label=_("What was said"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MaterialForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    authors = forms.CharField(label=_("Authors"), max_length=255, required=False)
    approved_on = date_field(label=_("Approved by the committee on"), required=False)
    published_on = date_field(label=_("Published on"), required=False)
    file = forms.FileField(label=_("File"), required=False)


class CorrectForm(StyledForm):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)
    starts_at = forms.TimeField(label=_("Start time"), **TIME)
    ends_at = forms.TimeField(label=_("End time"), **TIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    conclusion = forms.CharField(
        label=_("Chair's conclusion"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ExcuseForm(StyledForm):
    reason = forms.CharField(label=_("Why you cannot come"), max_length=255)


@dataclass(frozen=True)
class _Choice:
    """One mark of a person as the sheet draws it (as a radio button's subwidget reads)."""

    id_for_label: str
    data: dict
    choice_label: str


#: the colour of each mark's button
MARK_STYLES = {
    Presence.PRESENT: "btn-outline-success",
    Presence.EXCUSED: "btn-outline-warning",
    Presence.ABSENT: "btn-outline-danger",
}


@dataclass(frozen=True)
class _Mark:
    """The marks of a person: `{{ mark }}` draws the radio buttons and their labels by escaped
    string formatting (as `core.forms.FastSelect` does its options: a 40-member sheet's 150
    buttons through the template engine were half the page's time)."""

    html_name: str
    choices: list[_Choice]

    def __iter__(self):
        return iter(self.choices)

    def __html__(self) -> str:
        return mark_safe(  # every part escaped by format_html
            "".join(
                format_html(
                    '<input type="radio" class="btn-check" name="{}" id="{}" value="{}"{} '
                    'autocomplete="off"><label class="btn btn-mark {}" for="{}">{}</label>',
                    self.html_name,
                    c.id_for_label,
                    c.data["value"],
                    mark_safe(" checked") if c.data["selected"] else "",
                    MARK_STYLES.get(c.data["value"], "btn-outline-secondary"),
                    c.id_for_label,
                    c.choice_label,
                )
                for c in self.choices
            )
        )

    __str__ = __html__


@dataclass(frozen=True)
class _Reason:
    """The reason box of a person: `{{ reason }}` draws the text input."""

    name: str
    value: str
    invalid: bool

    @property
    def id_for_label(self) -> str:
        return f"id_{self.name}"

    def __html__(self) -> str:
        return format_html(
            '<input type="text" name="{}"{} class="form-control form-control-sm" '
            'maxlength="255"{} id="{}">',
            self.name,
            format_html(' value="{}"', self.value) if self.value else "",
            mark_safe(' aria-invalid="true"') if self.invalid else "",
            self.id_for_label,
        )

    __str__ = __html__


class AttendanceForm(forms.Form):
    """One mark and one reason per person called (those away are not called here). Every
    mark starts from what is stored, else from the default (present; exempted for the
    exempted), so a secretary taps only the exceptions."""

    def __init__(
        self, *args, lines: list[RosterLine], stored: dict[int, tuple[str, str]], guests=(), **kw
    ):
        super().__init__(*args, **kw)
        self.lines = [line for line in lines if line.standing != Standing.AWAY]
        #: the guests (the superior's follower), listed apart: a tick each, ticked unless
        #: recorded as not come
        self.guests = list(guests)
        for guest in self.guests:
            self.fields[f"g{guest.member_id}"] = forms.BooleanField(
                required=False, initial=guest.came is not False
            )
        for line in self.lines:
            pk = line.member.pk
            marks = MARKS if line.exempted else MARKS[:3]
            default = Presence.EXEMPTED if line.exempted else Presence.PRESENT
            presence, reason = stored.get(pk, (default, ""))
            self.fields[f"p{pk}"] = forms.ChoiceField(
                choices=[(m, Presence(m).label) for m in marks],
                initial=presence if presence in marks else default,
                widget=forms.RadioSelect,
            )
            self.fields[f"r{pk}"] = forms.CharField(
                max_length=255,
                required=False,
                initial=reason,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        """(roster line, mark, reason) for the template: what it reads of a bound field (the
        choices, their ids and which is checked; the reason box as HTML), built here without
        the widget templates (a 40-member sheet rendered 40 of them a request)."""
        labels = {m: Presence(m).label for m in MARKS}
        for line in self.lines:
            pk = line.member.pk
            mark, reason = f"p{pk}", f"r{pk}"
            chosen = self._current(mark)
            choices = [
                _Choice(f"id_{mark}_{i}", {"value": m, "selected": m == chosen}, labels[m])
                for i, (m, _label) in enumerate(self.fields[mark].choices)
            ]
            yield (
                line,
                _Mark(mark, choices),
                _Reason(reason, self._current(reason), reason in self.errors),
            )

    def _current(self, name: str) -> str:
        if self.is_bound:
            return self.data.get(name) or ""
        return self.fields[name].initial or ""

    def guest_rows(self):
        """(guest, tick field) for the template."""
        for guest in self.guests:
            yield guest, self[f"g{guest.member_id}"]

    def guest_marks(self) -> dict[int, bool]:
        """{member id: came} of every guest listed."""
        return {g.member_id: self.cleaned_data[f"g{g.member_id}"] for g in self.guests}

    def exceptions(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            line.member.pk: (data[f"p{line.member.pk}"], data[f"r{line.member.pk}"])
            for line in self.lines
        }


class FollowerForm(StyledForm):
    """A cell under the committee and a member of its committee to follow it."""

    cell = forms.ModelChoiceField(label=_("Cell"), queryset=None, widget=forms.HiddenInput)
    member = forms.ChoiceField(label=_("Committee member"))
    started_on = date_field(label=_("From"))
    decision = forms.CharField(label=_("Decision"), max_length=64, required=False)

    def __init__(self, *args, cells, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells
        self.roster = {m.pk: m for m in roster}
        self.fields["member"].choices = [("", "—")] + [(m.pk, m.full_name) for m in roster]

    def clean_member(self):
        return self.roster[int(self.cleaned_data["member"])]


class EndFollowerForm(StyledForm):
    ended_on = date_field(label=_("Ends on"))


# --- the study (DOMAIN.md §17) ---------------------------------------------------------------


class StudyPlanForm(StyledForm):
    theme = forms.CharField(label=_("The year's theme"), max_length=255)
    actions = forms.CharField(
        label=_("The plan's actions"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CommitmentForm(StyledForm):
    """Up to three actions (the service counts them against the rule)."""

    action_1 = forms.CharField(label=_("Action 1"), max_length=500, required=False)
    action_2 = forms.CharField(label=_("Action 2"), max_length=500, required=False)
    action_3 = forms.CharField(label=_("Action 3"), max_length=500, required=False)

    def actions(self) -> list[str]:
        return [self.cleaned_data[f"action_{i}"] for i in (1, 2, 3)]


class MemberCommitmentForm(CommitmentForm):
    """An editor records a member's commitment: the member chosen among `members`."""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "member": forms.ModelChoiceField(label=_("Member"), queryset=members),
            **self.fields,
        }
        if not self.is_bound:
            style_fields(self)


class SelfAssessForm(StyledForm):
    text = forms.CharField(
        label=_("How I kept my commitment"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CommentForm(StyledForm):
    comment = forms.CharField(
        label=_("The cell's comment"), widget=forms.Textarea(attrs={"rows": 3})
    )


class WorkflowVoteForm(StyledForm):
    """A workflow step voted on at the meeting: what (`subject`, "kind:id", among the cases the
    meeting may vote on, grouped by kind) and the counts; the rest comes from the attendance."""

    subject = forms.ChoiceField(label=_("Vote on"))
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, initial=0)
    abstaining = forms.IntegerField(label=_("Abstaining"), min_value=0, initial=0)

    def __init__(self, *args, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", "—"), *choices]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        workflow, _sep, subject_id = data.pop("subject").partition(":")
        return {**data, "workflow": workflow, "subject_id": int(subject_id)}


# --- a resolution's tasks ---------------------------------------------------------------------


class TaskForm(StyledForm):
    """A task of the meeting's resolution: what, for whom (a member on the roster, the
    committee, the whole cell), by when."""

    what = forms.CharField(
        label=_("Task"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    assignee = forms.ChoiceField(label=_("Assigned to"))
    due_on = date_field(label=_("Due on"))

    def __init__(self, *args, members, **kwargs):
        self.members = {str(m.pk): m for m in members}
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", "—"),
            *TaskBody.choices,
            *[(pk, m.full_name) for pk, m in self.members.items()],
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        member = self.members.get(data["assignee"])
        return {
            "what": data["what"],
            "due_on": data["due_on"],
            "member": member,
            "body": "" if member else data["assignee"],
        }


class DoneForm(StyledForm):
    on = date_field(label=_("Done on"))
    note = forms.CharField(label=_("How it was done"), max_length=500, required=False)


class ReviewForm(StyledForm):
    note = forms.CharField(label=_("What the meeting concluded"), max_length=500, required=False)
