"""Form helpers the apps' views share: a service's refusal shown on the form, the end of an
edit that a service saves under optimistic locking (`core.audit.save_versioned`), and a select
that writes its options without the template engine, and the one way a form or a list's
filter reads an organization code (`OrganizationCodeField`, `organization_in_query`)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.widgets import Input
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import ConcurrentEditError

#: dates typed as day/month/year (the ISO form too, as browsers and the API send it)
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def add_service_error(form: forms.BaseForm, error: ValidationError, field_map: dict | None = None):
    """Show a ValidationError raised by a service on the form, on the field it names if the form has it."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = field_map.get(field, field)
        if name not in form.fields or name == NON_FIELD_ERRORS:
            name = None
        form.add_error(name, errors)


def save_edit(
    request: HttpRequest,
    form: forms.BaseForm,
    changes: dict,
    save: Callable[..., object],
    done_url: str,
) -> HttpResponse | None:
    """Save a valid edit form's `changes` with `save(changes, expected_version=, actor=)`.

    Nothing changed: say so and go to `done_url`. Saved: say so and go there. Refused by the
    service (a stale version: someone else saved first; or a rule): its message goes on the
    form and None is returned, for the view to show the form again with `form_status(form)`
    (409 Conflict for a stale version, as the API answers).
    """
    if not changes:
        messages.info(request, _("Nothing was changed."))
        return redirect(done_url)
    try:
        save(changes, expected_version=form.cleaned_data["version"], actor=request.user)
    except ValidationError as error:
        add_service_error(form, error)
        form.stale_edit = isinstance(error, ConcurrentEditError)
        return None
    messages.success(request, _("The record was saved."))
    return redirect(done_url)


def form_status(form: forms.BaseForm) -> int:
    """The status of a page showing `form` again: 409 when `save_edit` found the edit stale."""
    return 409 if getattr(form, "stale_edit", False) else 200


class FastSelect(forms.Select):
    """A single `<select>` whose options are written by escaped string formatting instead of
    one template render each: the member form's 400 options (provinces, wards, ethnicities)
    took the template engine 120 ms, most of the edit page. Same HTML as `forms.Select` for
    flat choices; grouped choices go to `forms.Select`."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        written = _written(final)
        options = "".join(
            '<option value="{}"{}>{}</option>'.format(
                escape(v), " selected" if v in selected else "", escape(label)
            )
            for v, label in ((("" if c is None else str(c)), lbl) for c, lbl in choices)
        )
        return mark_safe(f"<select{written}>{options}</select>")  # every value escaped


def _written(attrs: dict) -> str:
    """Attributes as Django's attrs.html writes them: in order, booleans bare, False left out."""
    return "".join(
        f" {escape(key)}" if v is True else f' {escape(key)}="{escape(v)}"'
        for key, v in attrs.items()
        if v is not False
    )


#: Django's input widgets whose template is only its input.html
_PLAIN_INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "email", "url", "tel", "search", "date", "time",
                 "datetime", "password", "hidden", "color")
}  # fmt: skip


class FastInput:
    """Mixed into a plain input widget (`fast_widgets` does it): the `<input>` written by
    escaped string formatting from the widget's own context instead of two templates (about a
    millisecond each: a cell's grading form has three hundred). Same HTML as Django's
    input.html."""

    def render(self, name, value, attrs=None, renderer=None):
        w = self.get_context(name, value, attrs)["widget"]
        given = "" if w["value"] is None else f' value="{escape(w["value"])}"'
        written = _written(w["attrs"])
        return mark_safe(
            f'<input type="{escape(w["type"])}" name="{escape(name)}"{given}{written}>'
        )


_FAST: dict[type, type] = {}


def _fast_class(cls: type) -> type:
    if cls not in _FAST:
        _FAST[cls] = type(f"Fast{cls.__name__}", (FastInput, cls), {})
    return _FAST[cls]


def fast_widgets(form: forms.BaseForm) -> None:
    """Every plain `forms.Select` of `form` as a `FastSelect` (same attributes and choices),
    every input drawn by Django's input.html alone as a `FastInput` of its class."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs, choices=widget.choices)
            fast.is_required = widget.is_required
            field.widget = fast
        elif (
            isinstance(widget, Input)
            and not isinstance(widget, FastInput)
            and widget.template_name in _PLAIN_INPUTS
        ):
            widget.__class__ = _fast_class(type(widget))


class DayMonthYearInput(forms.DateInput):
    """A plain text box showing dd/mm/yyyy (a browser date picker shows the browser's format)."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None):
        defaults = {
            "placeholder": gettext_lazy("dd/mm/yyyy"),
            "inputmode": "numeric",
            "autocomplete": "off",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def date_field(**kwargs) -> forms.DateField:
    return forms.DateField(input_formats=DATE_INPUT_FORMATS, widget=DayMonthYearInput(), **kwargs)


def style_fields(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget, and the error state on fields that have errors."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css


class StyledForm(forms.Form):
    """Bootstrap classes on the widgets; a bound form gets them (and its error states) once
    cleaned, since reading its errors earlier would clean it before the subclass is ready."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            style_fields(self)
        fast_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_fields(self)


class OrganizationPicker(forms.TextInput):
    """The one organization picker: a text box that takes a code as typed (so it works without
    JavaScript) and, as the user types a code or a name, shows at most 20 matches with their
    parent (`coso.orgs.views.organization_search`, accent-insensitive, within `scope`:
    "visible", "editable", or "system" for a transfer's destination; `kind` "cell" for cells
    only). A tap on a match writes its code in the box."""

    template_name = "core/organization_picker_widget.html"

    def __init__(self, *, scope: str = "visible", kind: str = "", attrs=None):
        super().__init__(attrs)
        self.scope = scope
        self.kind = kind

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(scope=self.scope, kind=self.kind)
        return context


class OrganizationCodeField(forms.CharField):
    """An organization by its code, as every form and list filter takes one: the spaces around
    it and the letter case do not matter, and an unknown code is an error that names it (never
    a silent empty list or a 404). `organizations` gives the queryset to look in (the tree's
    model or a scoped queryset, a callable read at validation); it answers `by_code(code)`
    (`coso.orgs.models.OrganizationQuerySet`, read through the model so core imports no app).
    Cleans to the organization, or None when the box is empty."""

    def __init__(self, *, organizations, scope: str = "visible", **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("widget", OrganizationPicker(scope=scope))
        super().__init__(**kwargs)
        self.organizations = organizations

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        source = self.organizations
        if hasattr(source, "objects"):  # the tree's model
            source = source.objects.all()
        elif callable(source):
            source = source()
        found = source.by_code(code)
        if found is None:
            raise ValidationError(
                _("There is no organization with the code %(code)s."),
                code="unknown_organization",
                params={"code": code.strip()},
            )
        return found


def organization_in_query(params, organizations, name: str = "organization"):
    """The organization a page's query names (`?organization=CODE`, read as
    `OrganizationCodeField` reads it) and the message to show when the code is unknown:
    (organization or None, message or "")."""
    field = OrganizationCodeField(organizations=organizations, required=False)
    try:
        return field.clean(params.get(name) or ""), ""
    except ValidationError as error:
        return None, error.messages[0]
