"""Commendation pages: an organization's list (search, year, Vietnamese order, 50 a page,
Excel) with the form recording one for the organization itself, and a commendation's page
with its correction and revocation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.core.views import form_action, organization_or_404
from coso.orgs.models import Organization

from .. import services
from ..exports import commendation_export
from ..forms import CommendationForm, CorrectForm, RevokeForm
from ..models import Commendation
from ..queries import commendation_list

PAGE_SIZE = 50


def _list_page(request, organization, rows, form=None, status=200):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    editable = services.may_edit(request.user, organization)
    context = {
        "organization": organization, "page": page, "q": request.GET.get("q", ""),
        "year": request.GET.get("year", ""),
        "form": (form or CommendationForm()) if editable else None,
    }  # fmt: skip
    return render(request, "awards/commendation_list.html", context, status=status)


@login_required
def commendation_list_page(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_or_404(Organization.objects.visible_to(request.user), code)
    year = request.GET.get("year", "")
    rows = commendation_list(request.user, organization, q=request.GET.get("q", ""),
                             year=int(year) if year.isdigit() else None)  # fmt: skip
    if request.method == "GET":
        if request.GET.get("format") == "xlsx":
            return commendation_export(rows)
        return _list_page(request, organization, rows)
    if not services.may_edit(request.user, organization):
        raise Http404
    form = CommendationForm(request.POST)
    return form_action(
        request, form,
        lambda d: services.record_commendation(organization=organization, actor=request.user, **d),
        success=lambda _c: _("Commendation recorded."),
        done_url=reverse("awards_commendations", args=[organization.code]),
        show_again=lambda f: _list_page(request, organization, rows, f, status=400),
    )  # fmt: skip


ACTIONS = {
    "correct": (CorrectForm, services.correct_commendation),
    "revoke": (RevokeForm, services.revoke_commendation),
}


def _page(request, c, *, failed="", failed_form=None, status=200):
    forms = {}
    if c.status == "valid" and services.may_edit(request.user, c.organization):
        initial = {f: getattr(c, f) for f in services.commendations.CORRECTABLE}
        forms = {"correct": CorrectForm(prefix="correct", initial=initial),
                 "revoke": RevokeForm(prefix="revoke")}  # fmt: skip
        if failed:
            forms[failed] = failed_form
    history = c.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "awards/commendation_detail.html",
                  {"c": c, "forms": forms, "history": history}, status=status)  # fmt: skip


def _commendation(request, pk, *, edit=False) -> Commendation:
    rows = Commendation.objects.editable_by if edit else Commendation.objects.visible_to
    return get_object_or_404(rows(request.user).select_related("organization", "member"), pk=pk)


@login_required
@require_GET
def commendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _commendation(request, pk))


@login_required
@require_POST
def commendation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    c = _commendation(request, pk, edit=True)
    form_class, service = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    return form_action(
        request, form, lambda d: service(c, actor=request.user, **d),
        success=lambda _r: _("Saved."),
        done_url=reverse("awards_commendation", args=[c.pk]),
        show_again=lambda f: _page(request, c, failed=action, failed_form=f, status=400),
    )  # fmt: skip
