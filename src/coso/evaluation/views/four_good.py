"""The four-good page of an organization for a year (DOMAIN.md §17): the checklist in force,
the months × pillars grid, the month's form (a checkbox per criterion) and the year's title
with its reasons; a committee's editor keeps its checklist for the subtree here too.

The page starts from `visible_to(user)` (out of scope: 404); the steps check who may act in
the service (404 too)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coso.core.scope import can_edit
from coso.core.views import form_action, organization_or_404, organization_step
from coso.orgs.models import Organization

from ..choices import Pillar
from ..forms.four_good import CriterionForm, MonthForm
from ..models import FourGoodCheck, FourGoodCriterion
from ..services import four_good


def _org(request: HttpRequest, code: str) -> Organization:
    return organization_or_404(Organization.objects.visible_to(request.user), code)


def _year(year: int) -> int:
    if not 2018 <= year <= timezone.localdate().year:
        raise Http404
    return year


def _page(request, org, year: int, status: int = 200, **forms) -> HttpResponse:
    owner, criteria = four_good.checklist_in_force(org)
    grid = four_good.month_grid(org, year)
    editable = can_edit(request.user, org)
    today = timezone.localdate()
    last_month = 12 if year < today.year else today.month
    context = {
        "org": org, "year": year, "owner": owner, "pillars": Pillar.choices,
        "criteria": [(label, [c for c in criteria if c.pillar == p]) for p, label in Pillar.choices],
        "grid": [(m, [grid.get(m, {}).get(p) for p, _l in Pillar.choices]) for m in range(1, 13)],
        "title": four_good.four_good_title(org, year),
        "years": range(today.year, today.year - 4, -1), "editable": editable,
    }  # fmt: skip
    if editable and criteria:
        # the month shown first with its answers ticked, when it was answered already
        answered = FourGoodCheck.objects.filter(organization=org, year=year, month=last_month)
        ticked = {f"c{pk}": met for pk, met in answered.values_list("criterion_id", "met")}
        context["month_form"] = forms.get("month_form") or MonthForm(
            criteria=criteria, initial={"month": last_month, **ticked}
        )
    if editable and org.kind not in four_good.NO_CHECKLIST_KINDS:
        own = FourGoodCriterion.objects.filter(organization=org).order_by("pillar", "position")
        context["own_criteria"] = list(own)
        context["criterion_form"] = forms.get("criterion_form") or CriterionForm()
    return render(request, "evaluation/four_good.html", context, status=status)


@login_required
def page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    return _page(request, _org(request, code), _year(year))


def _back(org, year) -> str:
    return reverse("four_good", args=[org.code, year])


def month(request: HttpRequest, code: str, year: int) -> HttpResponse:
    _year(year)

    @organization_step(_org, four_good.require_edit)
    def step(request, org):
        criteria = four_good.checklist_in_force(org)[1]
        form = MonthForm(request.POST, criteria=criteria)
        return form_action(
            request, form,
            lambda data: four_good.record_four_good_month(
                org, year=year, month=data["month"], met=form.met(), actor=request.user),
            success=lambda rows: _("The month's self-assessment is recorded."),
            done_url=_back(org, year),
            show_again=lambda bound: _page(request, org, year, 400, month_form=bound),
        )  # fmt: skip

    return step(request, code)


def criterion_add(request: HttpRequest, code: str, year: int) -> HttpResponse:
    @organization_step(_org, four_good.require_edit)
    def step(request, org):
        return form_action(
            request, CriterionForm(request.POST),
            lambda data: four_good.add_criterion(org, actor=request.user, **data),
            success=lambda c: _("The criterion is added to the checklist."),
            done_url=_back(org, year) + "#checklist",
            show_again=lambda bound: _page(request, org, year, 400, criterion_form=bound),
        )  # fmt: skip

    _year(year)
    return step(request, code)


@login_required
@require_POST
def criterion_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a criterion out of use, or back in (``active`` posted "1" or "0")."""
    c = get_object_or_404(FourGoodCriterion.objects.visible_to(request.user), pk=pk)
    four_good.set_criterion_active(c, active=request.POST.get("active") == "1", actor=request.user)
    year = request.POST.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year
    return redirect(_back(c.organization, year) + "#checklist")
