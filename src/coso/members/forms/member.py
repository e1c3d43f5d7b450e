"""Forms of the member pages: registry create/edit and the lifecycle actions.

Forms only validate input and hand it to `coso.members.services.registry`; they never save a member.
Dates are typed dd/mm/yyyy (ISO is accepted too), whatever the active language.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province, Ward

from coso.core.forms import (
    DATE_INPUT_FORMATS,
    DayMonthYearInput,
    OrganizationPicker,
    date_field,
    fast_widgets,
)
from coso.members.choices import ETHNICITIES, EventKind, MemberStatus
from coso.members.models import Member
from coso.members.models.member import PROVINCE_FIELDS, WARD_FIELDS
from coso.members.services import EDITABLE_FIELDS
from coso.orgs.models import Organization

DATE_FIELDS = ["birth_date", "admitted_on", "recognized_on"]
#: the phone and CCCD inputs of a person's form (members, candidates): the phone keypad, no
#: autofill of someone else's numbers
PERSON_WIDGETS = {
    "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    "cccd": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
}

# --- addresses (vietnam_provinces, the two-level units in force since 1 July 2025) --------


@cache
def province_choices() -> list[tuple[int, str]]:
    return [(int(p.code), p.name) for p in Province.iter_all()]


@cache
def _wards_by_province() -> dict[int, list[tuple[int, str]]]:
    wards: dict[int, list[tuple[int, str]]] = {}
    for w in Ward.iter_all():
        wards.setdefault(int(w.province_code), []).append((int(w.code), w.name))
    return wards


def ward_choices(province_code: int | None) -> list[tuple[int, str]]:
    if province_code is None:
        return []
    return _wards_by_province().get(province_code, [])


def province_name(code: int | None) -> str:
    if code is None:
        return ""
    try:
        return Province.from_code(code).name
    except (ValueError, KeyError):
        return str(code)


def ward_name(code: int | None) -> str:
    if code is None:
        return ""
    try:
        return Ward.from_code(code).name
    except (ValueError, KeyError):
        return str(code)


class CodeChoiceField(forms.TypedChoiceField):
    """A province or ward chosen from a list, refused only if it is not a number: whether the
    code exists and agrees with the province is the model's rule (`core.validators`), so the
    page says what the API and the importer say."""

    def valid_value(self, value) -> bool:
        return _to_int(value) is not None


def _to_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- widgets and helpers ------------------------------------------------------------------


def decision_number_field(**kwargs) -> forms.CharField:
    """The number of the decision (or letter) behind a step, as every form asks for it."""
    return forms.CharField(label=_("Decision number"), max_length=64, **kwargs)


def organization_label(org: Organization) -> str:
    return f"{org.name} ({org.code})"


class OrganizationChoiceField(forms.ModelChoiceField):
    """An organization chosen by its code, from a scoped queryset; the code is read as
    everywhere (`OrganizationQuerySet.by_code`: case and spaces around it do not matter)."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Choose an organization within your responsibility.")},
        )
        super().__init__(queryset, to_field_name="code", **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Organization):
            return value
        found = self.queryset.by_code(str(value))
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found

    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


# --- the registry record ------------------------------------------------------------------


class MemberForm(forms.ModelForm):
    """The registry fields a plain edit may change (`services.EDITABLE_FIELDS`)."""

    GROUPS = [
        (_("Identity"), [
            "family_name", "middle_name", "given_name", "other_names", "sex", "birth_date",
            "ethnicity", "religion", "cccd", "phone", "email",
        ]),
        (_("Addresses"), [
            "hometown", "hometown_province", "permanent_province", "permanent_ward",
            "permanent_address", "current_province", "current_ward", "current_address",
        ]),
        (_("Education and work"), [
            "education_general", "education_professional", "political_theory", "foreign_language",
            "it_level", "occupation", "workplace", "position",
        ]),
        (_("Party record"), [
            "record_number", "party_card_number", "admitted_on", "admitting_organization",
            "introducers", "recognized_on",
        ]),
    ]  # fmt: skip
    #: fields shown on a whole row
    WIDE = {"permanent_address", "current_address"}

    class Meta:
        model = Member
        fields = EDITABLE_FIELDS
        widgets = PERSON_WIDGETS

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name in DATE_FIELDS:
            field = self.fields[name]
            field.input_formats = DATE_INPUT_FORMATS
            field.widget = DayMonthYearInput()
        if "birth_date" in self.fields:
            self.fields["birth_date"].help_text = _("For example 25/03/1985")
        for name in PROVINCE_FIELDS:
            self.fields[name] = self._province_field(name)
        wards_url = reverse("member_ward_options")
        for name, province_field in WARD_FIELDS.items():
            self.fields[name] = self._ward_field(name, self._current_value(province_field))
            # picking a province reloads the ward list (htmx); without JS the form is
            # simply submitted and the ward list follows the province on the next display
            self.fields[province_field].widget.attrs.update(
                {
                    "hx-get": wards_url,
                    "hx-trigger": "change",
                    "hx-target": f"#{self.auto_id % self.add_prefix(name)}",
                    "hx-swap": "innerHTML",
                }
            )
        ethnicities = list(ETHNICITIES)
        current = self._current_value("ethnicity", as_int=False)
        if current and current not in ethnicities:
            ethnicities.append(current)
        self.fields["ethnicity"] = forms.ChoiceField(
            label=self.fields["ethnicity"].label, choices=[(e, e) for e in ethnicities]
        )
        self.fields["cccd"].help_text = _("12 digits")
        self.order_fields(self.field_order_list())
        fast_widgets(self)

    def field_order_list(self) -> list[str]:
        return list(EDITABLE_FIELDS)

    def validate_unique(self) -> None:
        """Left to the service: a CCCD or card number already in use is refused there,
        worded for the user (`privacy.number_in_use`), not as the model's bare message."""

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in the sections of the party's member record, for the template."""
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def _current_value(self, name: str, *, as_int: bool = True):
        if self.is_bound:
            value = self.data.get(self.add_prefix(name))
        elif name in self.initial:
            value = self.initial[name]
        else:
            value = getattr(self.instance, name, None)
        return _to_int(value) if as_int else value

    def _province_field(self, name: str) -> forms.TypedChoiceField:
        return CodeChoiceField(
            label=self.fields[name].label,
            choices=[("", "---------"), *province_choices()],
            coerce=int,
            empty_value=None,
            required=False,
        )

    def _ward_field(self, name: str, province_code: int | None) -> forms.TypedChoiceField:
        return CodeChoiceField(
            label=self.fields[name].label,
            choices=[("", "---------"), *ward_choices(province_code)],
            coerce=int,
            empty_value=None,
            required=False,
            error_messages={"invalid_choice": _("Choose a ward of the selected province.")},
        )

    def registry_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}

    def registry_changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name in EDITABLE_FIELDS
        }


class MemberCreateForm(MemberForm):
    """A member entered into the registry: the record plus where and since when they are active."""

    STATUSES = [
        (MemberStatus.OFFICIAL, MemberStatus.OFFICIAL.label),
        (MemberStatus.PROBATIONARY, MemberStatus.PROBATIONARY.label),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # the picker, not a list of every organization the user manages (1,332 for the office)
        self.fields["organization"] = OrganizationChoiceField(
            Organization.objects.editable_by(user).active(),
            label=_("Organization"),
            widget=OrganizationPicker(scope="editable"),
        )
        self.fields["status"] = forms.ChoiceField(
            label=_("Status"), choices=self.STATUSES, initial=MemberStatus.OFFICIAL
        )
        self.fields["active_from"] = date_field(
            label=_("Active in this organization since"),
            required=False,
            help_text=_("Leave empty to use the admission date."),
        )
        self.order_fields(["organization", "status", "active_from", *EDITABLE_FIELDS])
        fast_widgets(self)

    def groups(self):
        placement = [self["organization"], self["status"], self["active_from"]]
        return [(_("Organization"), placement), *super().groups()]

    def clean(self):
        cleaned = super().clean()
        # the model's own clean() (run next by the ModelForm) checks the party card against it
        if cleaned.get("status"):
            self.instance.status = cleaned["status"]
        return cleaned


class MemberEditForm(MemberForm):
    """An edit of the registry record, refused if the record changed since the form was opened."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version


# --- lifecycle actions --------------------------------------------------------------------


def _not_future(day: dt.date) -> dt.date:
    if day and day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    return day


#: the move form's suggestions: the first ones in tree order on the page, then as many
#: matches of what is typed (an office may edit 1,300 organizations, a city 27,000: a select
#: of all of them took most of the member page's time)
MOVE_SUGGESTIONS = 20
MOVE_SUGGESTIONS_ID = "move-organizations"


def move_targets(user, member: Member):
    """The organizations `user` may move `member` to: active, editable, not the current one."""
    return Organization.objects.editable_by(user).active().exclude(pk=member.organization_id)


def move_suggestions(user, member: Member, text: str = "") -> list[tuple[str, str]]:
    """(code, name) of the first `MOVE_SUGGESTIONS` move targets matching `text`, in tree order."""
    targets = move_targets(user, member).search(text).order_by("path")
    return list(targets.values_list("code", "name")[:MOVE_SUGGESTIONS])


class MoveForm(forms.Form):
    """Move the member's official activity to another organization the user manages, typed
    by its code with suggestions (`move_suggestions`, asked for by htmx as the user types)."""

    to = OrganizationChoiceField(
        Organization.objects.none(),
        label=_("New organization"),
        widget=forms.TextInput(attrs={"list": MOVE_SUGGESTIONS_ID, "autocomplete": "off"}),
        help_text=_("Type a code or a name, then pick from the suggestions."),
    )
    date = date_field(label=_("From date"))
    document_number = decision_number_field(required=False)

    def __init__(self, *args, user, member: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Organization.objects.editable_by(user).active()
        if member is not None:
            qs = move_targets(user, member)
            self.fields["to"].widget.attrs.update(
                {
                    "hx-get": reverse("member_move_organizations", args=[member.pk]),
                    "hx-trigger": "input changed delay:300ms",
                    "hx-target": f"#{MOVE_SUGGESTIONS_ID}",
                    "hx-swap": "innerHTML",
                }
            )
        self.fields["to"].queryset = qs
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        return _not_future(self.cleaned_data["date"])


#: a transfer out is not removed here: it is a letter to outside the system (`issue_transfer`)
REMOVAL_KINDS = [
    EventKind.STRUCK_OFF,
    EventKind.RESIGNED,
    EventKind.DECEASED,
]
REMOVAL_CHOICES = [(kind.value, kind.label) for kind in REMOVAL_KINDS]


class RemovalForm(forms.Form):
    """End the member's activity: struck off, resigned or deceased."""

    kind = forms.ChoiceField(label=_("Reason"), choices=[("", "---------"), *REMOVAL_CHOICES])
    date = date_field(label=_("Date"))
    document_number = decision_number_field(
        required=False, help_text=_("Required except for a death.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        return _not_future(self.cleaned_data["date"])
