"""An organization's evaluation page: the periods covering it, opening one (an editor of a
superior or of a grassroots organization) and closing one (its opener's editor). The menu's
door goes to the user's first organization's page. Organizations are read in the user's
records scope (a member's grade is a personal record): out of scope is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.core.views import form_action, organization_or_404
from coso.orgs.choices import GRASSROOTS_KINDS, OrgKind
from coso.orgs.models import Organization

from .. import services
from ..forms.evaluations import ClosePeriodForm, OpenPeriodForm
from ..models import EvaluationPeriod, GradeDecision
from ..queries import records_scope

OPENERS = {*GRASSROOTS_KINDS, OrgKind.SUPERIOR}


def org_or_404(request: HttpRequest, code: str) -> Organization:
    return organization_or_404(records_scope(request.user), code)


def period_or_404(org: Organization, pk: int) -> EvaluationPeriod:
    """A period covering ``org`` (opened by it or above it); any other is a 404."""
    return get_object_or_404(
        EvaluationPeriod.objects.covering(org).select_related("organization"), pk=pk
    )


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The menu's door: the user's first organization's evaluation page; a member who reads
    no records goes to their own evaluation."""
    org = records_scope(request.user).order_by("depth", "path").first()
    if org is None:
        return redirect("my_evaluation")
    return redirect("evaluation_org", org.code)


@login_required
@require_GET
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision on grades, the documents register's link to it: the deciding organization's
    grading page of the period (where the decision was made and is shown), in the user's
    records scope (out of scope: 404)."""
    found = get_object_or_404(
        GradeDecision.objects.filter(organization__in=records_scope(request.user))
        .select_related("organization"), pk=pk,
    )  # fmt: skip
    return redirect("evaluation_grading", found.organization.code, found.period_id)


def _render(request, org, open_form=None, status=200, close_form=None) -> HttpResponse:
    periods = list(EvaluationPeriod.objects.covering(org).select_related("organization")
                   .order_by("-ends_on", "-pk"))  # fmt: skip
    may_open = org.kind in OPENERS and services.may_edit(request.user, org)
    closable = {p.pk for p in periods if p.status == "open" and p.organization_id == org.pk
                and may_open}  # fmt: skip
    context = {
        "org": org, "periods": periods, "closable": closable,
        "open_form": (open_form or OpenPeriodForm()) if may_open else None,
        "close_form": close_form or ClosePeriodForm(prefix="close"),
    }  # fmt: skip
    return render(request, "evaluation/organization.html", context, status=status)


@login_required
def organization(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the periods covering the organization; POST: open one (its editors)."""
    org = org_or_404(request, code)
    if request.method != "POST":
        return _render(request, org)
    if org.kind not in OPENERS or not services.may_edit(request.user, org):
        raise Http404
    form = OpenPeriodForm(request.POST)
    return form_action(
        request, form,
        lambda data: services.open_period(org, actor=request.user, **data),
        success=lambda p: _("Opened: %(period)s.") % {"period": p.label},
        done_url=lambda p: reverse("evaluation_grading", args=[org.code, p.pk]),
        show_again=lambda f: _render(request, org, f, status=400),
    )  # fmt: skip


@login_required
@require_POST
def close(request: HttpRequest, code: str, period: int) -> HttpResponse:
    org = org_or_404(request, code)
    found = period_or_404(org, period)
    if found.organization_id != org.pk:
        raise Http404
    services.parts.require_edit(request.user, org)
    form = ClosePeriodForm(request.POST, prefix="close")

    return form_action(
        request, form,
        lambda data: services.close_period(found, actor=request.user, **data),
        success=lambda p: _("Closed: %(period)s.") % {"period": p.label},
        done_url=reverse("evaluation_org", args=[org.code]),
        show_again=lambda f: _render(request, org, status=400, close_form=f),
    )  # fmt: skip
