"""What the inspection pages share: the organization of a URL (visible, else 404), a step's
own small page (the form, shown again with the refusal), the list's paging."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coso.core.views import form_action, organization_or_404
from coso.orgs.models import Organization

PAGE_SIZE = 25


def org_of(request: HttpRequest, code: str) -> Organization:
    return organization_or_404(Organization.objects.visible_to(request.user), code)


def data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def step_page(request, form, context: dict, perform, success, done_url) -> HttpResponse:
    """GET shows the form; POST runs the step (`perform(data)`) and goes to `done_url`, or
    shows the page again with the refusal (400). `context` holds the title and the back link."""

    def show_again(form):
        status = 400 if form.is_bound else 200
        return render(request, "inspection/step.html", {**context, "form": form}, status=status)

    if not form.is_bound:
        return show_again(form)
    return form_action(
        request, form, perform, success=success, done_url=done_url, show_again=show_again
    )
