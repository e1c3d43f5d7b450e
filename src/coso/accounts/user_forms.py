"""The forms of the users-and-roles pages (`user_views`); the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coso.core.forms import OrganizationPicker, date_field
from coso.orgs.models import Organization

from .choices import Role
from .scope import admin_paths


class OrganizationCodeField(forms.CharField):
    """An organization's code as typed (case and spaces do not matter), in the actor's scope."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Organization code"))
        kwargs.setdefault("help_text", _("For example DUK-BK-CNTT."))
        kwargs.setdefault("widget", OrganizationPicker(scope="editable"))
        super().__init__(max_length=64, **kwargs)


class RoleFields(forms.Form):
    organization = OrganizationCodeField()
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    valid_from = date_field(label=_("From"))
    valid_to = date_field(
        label=_("Until (exclusive)"),
        required=False,
        help_text=_("Leave empty for a role with no planned end."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["valid_from"].initial = timezone.localdate()

    def clean_organization(self):
        code = self.cleaned_data["organization"]
        paths = admin_paths(self.actor)
        found = Organization.objects.by_code(code)
        if found is None or (
            paths is not None and not any(found.path.startswith(p) for p in paths)
        ):
            raise forms.ValidationError(
                _("No organization with the code “%(code)s” in your scope."),
                params={"code": code.strip()},
            )
        return found


class CreateUserForm(RoleFields):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to have one made; it is shown once."),
    )

    field_order = ["username", "full_name", "organization", "role", "valid_from", "valid_to",
                   "password"]  # fmt: skip


class EndRoleForm(forms.Form):
    ended_on = date_field(
        label=_("Ends on (exclusive)"),
        help_text=_("The role holds until the day before."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class ResetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to have one made; it is shown once."),
    )
