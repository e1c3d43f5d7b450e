"""The body texts of an organization's documents (`coso.documents.bodies`): which text is in
force for each kind, editing it with a PDF preview, and its versions with restore and reset.

Editors only: the organization comes from `Organization.objects.editable_by(user)` and a version
from `BodyTemplate.objects.editable_by(user)`, so anything outside is a 404. Changes go through
`coso.documents.services`.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coso.core.forms import add_service_error
from coso.core.paging import CappedPaginator
from coso.core.views import form_action, organization_or_404
from coso.documents import services
from coso.documents.bodies.in_force import templates_in_force
from coso.documents.bodies.kinds import PLACEHOLDERS, BodyKind
from coso.documents.bodies.markup import RECIPIENTS_MARKER, TABLE_MARKER
from coso.documents.bodies.samples import sample_document
from coso.documents.forms import BodyTemplateForm
from coso.documents.models import BodyTemplate
from coso.documents.render.pdf import to_pdf
from coso.orgs.models import Organization

VERSIONS_PAGE = 20


def _organization(request: HttpRequest, code: str) -> Organization:
    return organization_or_404(Organization.objects.editable_by(request.user), code)


def _kind(kind: str) -> str:
    if kind not in BodyKind.values:
        raise Http404
    return kind


@login_required
@require_GET
def body_templates(request: HttpRequest, code: str) -> HttpResponse:
    """Each kind with the text in force: the organization's own, inherited, or the default."""
    organization = _organization(request, code)
    in_force = templates_in_force(organization)
    rows = [(kind, label, in_force[kind]) for kind, label in BodyKind.choices]
    return render(
        request,
        "documents/body_templates.html",
        {"organization": organization, "rows": rows},
    )


def _kind_context(organization, kind: str) -> dict:
    """What every page about one kind's text shows: the organization, the kind and its label,
    and the text in force."""
    return {
        "organization": organization,
        "kind": kind,
        "label": BodyKind(kind).label,
        "in_force": templates_in_force(organization)[kind],
    }


def _edit_page(request, organization, kind, form, status=200):
    context = _kind_context(organization, kind)
    context.update(
        form=form,
        placeholders=sorted(PLACEHOLDERS[kind].items()),
        table_marker=TABLE_MARKER if kind == BodyKind.MEMBER_LIST else "",
        recipients_marker=RECIPIENTS_MARKER,
    )
    return render(request, "documents/body_template_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def body_template_edit(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """The text in force in a textarea; saving adds a version of the organization's own."""
    organization, kind = _organization(request, code), _kind(kind)
    if request.method == "GET":
        text = templates_in_force(organization)[kind].text
        return _edit_page(request, organization, kind, BodyTemplateForm(initial={"text": text}))
    return form_action(
        request,
        BodyTemplateForm(request.POST),
        lambda data: services.save_body_template(
            organization, kind, data["text"], actor=request.user
        ),
        success=lambda v: (
            _("Version %(n)s of the text is in force for %(org)s.")
            % {"n": v.version, "org": organization.name}
        ),
        done_url=reverse("document_body_templates", args=[organization.code]),
        show_again=lambda f: _edit_page(request, organization, kind, f, status=400),
    )


def _pdf(document, kind: str) -> HttpResponse:
    response = HttpResponse(to_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mau-{kind}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def body_template_preview(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """A sample document of the kind as a PDF: with the text posted (nothing is saved), or with
    the text in force (GET)."""
    organization, kind = _organization(request, code), _kind(kind)
    if request.method == "GET":
        text = templates_in_force(organization)[kind].text
        return _pdf(sample_document(kind, text), kind)
    form = BodyTemplateForm(request.POST)
    if form.is_valid():
        try:
            return _pdf(sample_document(kind, form.cleaned_data["text"]), kind)
        except ValidationError as error:
            add_service_error(form, ValidationError({"text": error.error_list}))
    return _edit_page(request, organization, kind, form, status=400)


def _versions_page(request, organization, kind, form=None, status=200):
    versions = (
        BodyTemplate.objects.filter(organization=organization, kind=kind)
        .select_related("actor")
        .order_by("-version")
    )
    page = CappedPaginator(versions, VERSIONS_PAGE).get_page(request.GET.get("page"))
    context = _kind_context(organization, kind)
    context.update(page=page, own=context["in_force"].owner == organization, form=form)
    return render(request, "documents/body_template_versions.html", context, status=status)


@login_required
@require_GET
def body_template_versions(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Every version the organization saved of the kind's text, newest first."""
    return _versions_page(request, _organization(request, code), _kind(kind))


@login_required
@require_POST
def body_template_reset(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """Drop the organization's own text: the inherited one, or the default, is in force."""
    organization, kind = _organization(request, code), _kind(kind)
    return form_action(
        request,
        forms.Form(request.POST),
        lambda _data: services.reset_to_default(organization, kind, actor=request.user),
        success=lambda v: (
            _("%(org)s follows the inherited or default text again.") % {"org": organization.name}
        ),
        done_url=reverse("document_body_template_versions", args=[organization.code, kind]),
        show_again=lambda f: _versions_page(request, organization, kind, f, status=400),
    )


@login_required
@require_POST
def body_template_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an old version back in force (as a new version)."""
    version = get_object_or_404(
        BodyTemplate.objects.editable_by(request.user).select_related("organization"), pk=pk
    )
    organization = version.organization
    return form_action(
        request,
        forms.Form(request.POST),
        lambda _data: services.restore_body_template(version, actor=request.user),
        success=lambda v: (
            _("Version %(old)s is in force again, as version %(n)s.")
            % {"old": version.version, "n": v.version}
        ),
        done_url=reverse("document_body_template_versions", args=[organization.code, version.kind]),
        show_again=lambda f: _versions_page(request, organization, version.kind, f, status=400),
    )
