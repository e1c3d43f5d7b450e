"""The inspection pages: an organization's plans and inspections (search, year, activity,
state, paged, an Excel export), a plan with its schedule, one inspection with its team,
findings, conclusion (and its KL document) and follow-up, and each step's small page. Out of
scope: 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.accounts.scope import home_organizations
from coso.committees.forms import member_label
from coso.committees.forms import member_options as matching_members
from coso.core.views import xlsx_download
from coso.discipline.services import may_edit
from coso.members.models import Member

from .. import exports, queries, services
from ..choices import Activity, InspectionState
from ..forms import STEP_FORMS, DoneForm, PlanForm, ScheduleForm, member_search_fields
from ..models import FollowUp, Inspection, InspectionPlan
from ..scope import handles
from .common import PAGE_SIZE, data, org_of, step_page


def _year(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


@login_required
def organization_inspections(request: HttpRequest, code: str) -> HttpResponse:
    """``?q=`` searches, ``?year=``, ``?activity=``, ``?state=`` filter, ``?export=xlsx``
    downloads those listed."""
    org = org_of(request, code)
    params = request.GET
    year, activity = _year(params.get("year", "")), params.get("activity", "")
    activity = activity if activity in Activity.values else ""
    state, search = params.get("state", ""), params.get("q", "")
    rows = queries.inspections_of(
        org, request.user, text=search, year=year, activity=activity, state=state
    )
    if params.get("export") == "xlsx":
        return xlsx_download(
            lambda f: exports.write_inspections(f, rows), f"kiem-tra-{org.code}.xlsx"
        )
    page = Paginator(rows, PAGE_SIZE).get_page(params.get("page"))
    context = {
        "org": org, "page": page, "plans": list(queries.plans_of(org, request.user)),
        "search": search, "year": params.get("year", ""), "activity": activity, "state": state,
        "activities": Activity.choices, "states": InspectionState.choices,
        "query": params.urlencode(), "may_act": handles(request.user, org),
    }  # fmt: skip
    return render(request, "inspection/inspections.html", context)


@login_required
def adopt_plan(request: HttpRequest, code: str) -> HttpResponse:
    org = org_of(request, code)
    services.require_handler(request.user, org)
    back = reverse("inspection_list", args=[org.code])
    return step_page(
        request, PlanForm(data(request), initial={"year": timezone.localdate().year}),
        {"title": _("Adopt the inspection and supervision plan"), "back": back, "org": org},
        lambda d: services.adopt_plan(org, actor=request.user, **d),
        lambda p: _("The plan is adopted."),
        lambda p: reverse("inspection_plan_detail", args=[p.pk]),
    )  # fmt: skip


def _plan(request, pk: int) -> InspectionPlan:
    return get_object_or_404(
        InspectionPlan.objects.visible_to(request.user).select_related("organization"), pk=pk
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    rows = plan.inspections.select_related("subject_organization", "subject_member").order_by(
        "starts_on", "pk"
    )
    context = {"plan": plan, "org": plan.organization, "rows": rows,
               "may_act": handles(request.user, plan.organization)}  # fmt: skip
    return render(request, "inspection/plan.html", context)


@login_required
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    services.require_handler(request.user, plan.organization)
    back = reverse("inspection_plan_detail", args=[plan.pk])
    return step_page(
        request, ScheduleForm(data(request), org=plan.organization),
        {"title": _("Schedule an inspection or supervision"), "back": back,
         "org": plan.organization},
        lambda d: services.schedule(plan, actor=request.user, **d),
        lambda i: _("It is in the plan."), back,
    )  # fmt: skip


def _inspection(request, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "organization",
            "plan",
            "subject_organization",
            "subject_member",
            "opened_from",
            "discipline_case",
        ),
        pk=pk,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    today = timezone.localdate()
    context = {
        "inspection": inspection, "org": inspection.organization,
        "team": inspection.team.select_related("member").order_by("role", "member__sort_key"),
        "findings": inspection.findings.order_by("recorded_on", "pk"),
        "follow_ups": [(f, f.state(today)) for f in inspection.follow_ups.order_by("due_on", "pk")],
        "opened": inspection.opened_inspections.order_by("pk"),
        "may_act": handles(request.user, inspection.organization),
        "concluded": inspection.state == InspectionState.CONCLUDED,
        "may_open_case": handles(request.user, inspection.organization)
        and may_edit(request.user, inspection.organization),
    }  # fmt: skip
    return render(request, "inspection/detail.html", context)


TITLES = {
    "team": gettext_lazy("The inspection team"),
    "finding": gettext_lazy("Add a finding"),
    "conclude": gettext_lazy("Conclude"),
    "follow_up": gettext_lazy("Add a follow-up action"),
    "open": gettext_lazy("Open an inspection on the signs of violation"),
    "discipline": gettext_lazy("Open the discipline case"),
}


@login_required
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of the inspection (`services.STEP_SERVICES`): GET the form, POST the step."""
    if action not in services.STEP_SERVICES:
        raise Http404
    inspection = _inspection(request, pk)
    services.require_handler(request.user, inspection.organization)
    form_class = STEP_FORMS[action]
    extra = {"org": inspection.organization} if action == "team" else {}
    if action == "discipline":
        extra["initial"] = {"opened_on": timezone.localdate()}
    form = form_class(data(request), **extra)
    step = services.STEP_SERVICES[action]

    def perform(d):
        kwargs = form.service_kwargs() if hasattr(form, "service_kwargs") else d
        return step(inspection, actor=request.user, **kwargs)

    back = reverse("inspection_detail", args=[inspection.pk])
    return step_page(
        request, form,
        {"title": TITLES[action], "back": back, "org": inspection.organization,
         "subject": inspection},
        perform, lambda r: _("Saved."),
        lambda r: reverse("inspection_detail", args=[r.pk]) if isinstance(r, Inspection) else back,
    )  # fmt: skip


@login_required
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related("inspection__organization"),
        pk=pk,
    )
    services.require_handler(request.user, follow_up.inspection.organization)
    back = reverse("inspection_detail", args=[follow_up.inspection_id]) + "#follow-up"
    return step_page(
        request, DoneForm(data(request), initial={"on": timezone.localdate()}),
        {"title": _("Mark done"), "back": back, "org": follow_up.inspection.organization,
         "subject": follow_up},
        lambda d: services.mark_follow_up_done(follow_up, actor=request.user, **d),
        lambda r: _("The action is done."), back,
    )  # fmt: skip


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The menu's entry: the inspections of the organizations at the top of the user's scope."""
    tops = list(home_organizations(request.user).order_by("path")[:2])
    if len(tops) == 1:
        return redirect("inspection_list", tops[0].code)
    return render(request, "inspection/home.html", {"tops": home_organizations(request.user)})


#: the members already chosen a search keeps at most (a team's size, as the API takes it)
KEPT = 50


@login_required
def member_options(request: HttpRequest, code: str) -> HttpResponse:
    """A member picker's options for a search (htmx): the members of `code`'s subtree already
    chosen in the picker's select (`field`, sent along), still chosen, then at most 30 matches
    (name, CCCD or card number). For those who handle `code`'s inspection and feedback."""
    org = org_of(request, code)
    services.require_handler(request.user, org)
    field = request.GET.get("field", "")
    kept = request.GET.getlist(field) if field in member_search_fields() else []
    pks = [int(v) for v in kept if v.isdigit() and len(v) < 19][:KEPT]
    chosen = list(Member.objects.in_subtree(org).filter(pk__in=pks)) if pks else []
    found = [(pk, label, False) for pk, label in
             matching_members(org, request.user, request.GET.get("q", "")) if pk not in pks]  # fmt: skip
    options = [(m.pk, member_label(m), True) for m in chosen] + found
    if request.GET.get("multiple") != "1":
        options.insert(0, ("", _("— %(n)d found —") % {"n": len(found)}, not chosen))
    return render(request, "inspection/_member_options.html", {"options": options})
