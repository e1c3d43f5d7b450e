"""The code an organization signs its documents' symbols with ("ĐUK"), set by its editors.

The organization is looked up among those the user may edit: outside, a 404. The change goes
through `coso.documents.services.set_body_code`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coso.core.views import form_action, organization_or_404
from coso.documents import services
from coso.documents.forms import BodyCodeForm
from coso.documents.models import default_abbreviation
from coso.documents.symbols import body_code
from coso.orgs.models import Organization


@login_required
@require_http_methods(["GET", "POST"])
def body(request: HttpRequest, code: str) -> HttpResponse:
    """Show and change the organization's body code."""
    organization = organization_or_404(Organization.objects.editable_by(request.user), code)
    current = body_code(organization)

    def show(form, status=200):
        return render(
            request,
            "documents/body.html",
            {
                "organization": organization,
                "form": form,
                "current": current,
                "default": default_abbreviation(organization),
            },
            status=status,
        )

    if request.method == "GET":
        return show(BodyCodeForm(initial={"abbreviation": current}))
    return form_action(
        request,
        BodyCodeForm(request.POST),
        lambda data: services.set_body_code(
            organization, abbreviation=data["abbreviation"], actor=request.user
        ),
        success=lambda b: (
            _("From now on %(org)s numbers its documents with /%(code)s.")
            % {"org": organization.name, "code": b.abbreviation}
        ),
        done_url=f"{reverse('document_register')}?organization={organization.code}",
        show_again=lambda f: show(f, status=400),
    )
