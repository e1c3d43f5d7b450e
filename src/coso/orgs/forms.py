"""Forms for the organization pages' restructuring actions.

Forms only collect and check input; the change itself is made by `coso.orgs.services`.
A ValidationError from a service is put back on the form with `add_service_error`.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.forms import date_field as core_date_field

from .choices import ALLOWED_CHILDREN, OrgKind
from .models import Organization

#: how many suggestions a target-organization field offers (the field accepts any code in scope)
MAX_SUGGESTIONS = 500


def date_field(label):
    return core_date_field(
        label=label,
        initial=timezone.localdate,
        error_messages={"invalid": _("Enter the date as day/month/year, for example 31/12/2025.")},
    )


def decision_field():
    return forms.CharField(
        label=_("Decision number"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 123-QĐ/ĐUK")}),
    )


def parent_kinds_for(kind: str) -> set[str]:
    """Kinds of organization that may hold an organization of `kind`."""
    return {parent for parent, children in ALLOWED_CHILDREN.items() if kind in children}


class OrgActionForm(forms.Form):
    """Base of the action forms: bound to the organization acted on and the acting user."""

    #: how a service's error keys map to this form's fields (None = error for the whole form)
    error_fields: dict[str, str | None] = {}
    #: which prefix the form's fields carry on the detail page (several forms share one page)
    prefix_name = ""

    def __init__(self, org: Organization, user, *args, **kwargs):
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)
        self.org = org
        self.user = user
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-control"
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        cleaned = super().clean()
        if self.org.is_dissolved:
            raise ValidationError(
                _("This organization has been dissolved; it can no longer be changed.")
            )
        return cleaned

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's refusal on this form, each message by its field when there is one."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            field = self.error_fields.get(key, key)
            self.add_error(field if field in self.fields else None, messages)

    def _organization_in_scope(self, field: str) -> Organization:
        """An organization the user may edit, by code; anything else is 'not found'."""
        code = (self.cleaned_data.get(field) or "").strip()
        target = Organization.objects.editable_by(self.user).by_code(code)
        if target is None:
            raise ValidationError(
                _("There is no organization with the code %(code)s that you can change."),
                params={"code": code},
            )
        return target

    def _suggestions(self, kinds) -> list[Organization]:
        return list(
            Organization.objects.editable_by(self.user)
            .active()
            .filter(kind__in=kinds)
            .exclude(path__startswith=self.org.path)
            .only("code", "name", "path")[:MAX_SUGGESTIONS]  # the path: the move's filter
        )


class CreateChildForm(OrgActionForm):
    prefix_name = "create"
    error_fields = {"date": "established_on", "parent": None}

    kind = forms.ChoiceField(label=_("Kind"))
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("Unique and never changed, e.g. DUK-BK-CNTT."),
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=120, required=False)
    established_on = date_field(_("Established on"))
    decision_number = decision_field()

    def __init__(self, org, user, *args, **kwargs):
        super().__init__(org, user, *args, **kwargs)
        allowed = ALLOWED_CHILDREN[OrgKind(org.kind)]
        self.fields["kind"].choices = [(k, label) for k, label in OrgKind.choices if k in allowed]
        self.fields["code"].initial = f"{org.code}-"

    @property
    def possible(self) -> bool:
        return bool(self.fields["kind"].choices)


class RenameForm(OrgActionForm):
    prefix_name = "rename"

    name = forms.CharField(label=_("New name"), max_length=255)
    short_name = forms.CharField(label=_("New short name"), max_length=120, required=False)
    date = date_field(_("Effective date"))
    decision_number = decision_field()

    def __init__(self, org, user, *args, **kwargs):
        super().__init__(org, user, *args, **kwargs)
        self.fields["name"].initial = org.name
        self.fields["short_name"].initial = org.short_name


class MoveForm(OrgActionForm):
    prefix_name = "move"

    new_parent = forms.CharField(
        label=_("Move under (code of the new parent organization)"), max_length=64
    )
    date = date_field(_("Effective date"))
    decision_number = decision_field()

    def __init__(self, org, user, *args, **kwargs):
        super().__init__(org, user, *args, **kwargs)
        self.fields["new_parent"].widget.attrs["list"] = f"{self.prefix}-targets"
        self.fields["new_parent"].widget.attrs["autocomplete"] = "off"

    def suggestions(self) -> list[Organization]:
        parent = self.org.parent_path()
        return [o for o in self._suggestions(parent_kinds_for(self.org.kind)) if o.path != parent]

    def clean_new_parent(self) -> Organization:
        return self._organization_in_scope("new_parent")


class MergeForm(OrgActionForm):
    prefix_name = "merge"

    into = forms.CharField(
        label=_("Merge into (code of the organization that takes it over)"), max_length=64
    )
    date = date_field(_("Effective date"))
    decision_number = decision_field()

    def __init__(self, org, user, *args, **kwargs):
        super().__init__(org, user, *args, **kwargs)
        self.fields["into"].widget.attrs["list"] = f"{self.prefix}-targets"
        self.fields["into"].widget.attrs["autocomplete"] = "off"

    def suggestions(self) -> list[Organization]:
        return self._suggestions({self.org.kind})

    def clean_into(self) -> Organization:
        return self._organization_in_scope("into")


class DissolveForm(OrgActionForm):
    prefix_name = "dissolve"

    date = date_field(_("Dissolved on"))
    decision_number = decision_field()
    confirm = forms.BooleanField(
        label=_("I confirm that this organization is to be dissolved."),
        error_messages={"required": _("Tick the box to confirm the dissolution.")},
    )
