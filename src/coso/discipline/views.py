"""The discipline pages: the cases of the user's scope (search, status, Vietnamese order, 50 a
page, Excel), an organization's page to open a case, and a case's page with its steps and the
forms of what may come next. Reading starts from `DisciplineCase.objects.visible_to(user)`,
changing from `editable_by(user)` (the decision and the appeal's outcome: visible, and the
service checks the deciding organization); out of scope is a 404. Changes go through
`coso.discipline.services` (the cell's vote through the meeting's workflow vote)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.core.rules import rule_in_force
from coso.core.views import form_action, organization_or_404
from coso.meetings import services as meetings
from coso.orgs.models import Organization

from . import services
from .choices import CaseStatus, Step
from .exports import case_export
from .forms import CASE_FORMS, STEP_FORMS, CloseForm, DateForm, DeferForm, OpenCaseForm
from .models import DisciplineCase
from .queries import case_list

PAGE_SIZE = 50


def _list_page(request, organization, rows, open_form=None, status=200):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "page": page,
        "statuses": CaseStatus.choices,
        "q": request.GET.get("q", ""),
        "status_value": request.GET.get("status", ""),
        "open_form": open_form,
    }
    return render(request, "discipline/case_list.html", context, status=status)


def _rows(request, organization):
    if organization is None:
        rows = DisciplineCase.objects.visible_to(request.user).select_related("organization")
        q, status = request.GET.get("q", ""), request.GET.get("status", "")
        rows = rows.search(q) if q else rows
        rows = rows.filter(status=status) if status in CaseStatus.values else rows
        return rows.vn_ordered()
    status = request.GET.get("status", "")
    return case_list(request.user, organization, q=request.GET.get("q", ""),
                     status=status if status in CaseStatus.values else "")  # fmt: skip


@login_required
@require_GET
def case_index(request: HttpRequest) -> HttpResponse:
    """Every case the user may see."""
    rows = _rows(request, None)
    if request.GET.get("format") == "xlsx":
        return case_export(rows)
    return _list_page(request, None, rows)


@login_required
def organization_cases(request: HttpRequest, code: str) -> HttpResponse:
    """An organization's cases (its subtree) and, for who may change it, the form opening one."""
    organization = organization_or_404(Organization.objects.visible_to(request.user), code)
    rows = _rows(request, organization)
    editable = services.may_edit(request.user, organization)
    if request.method == "GET" and request.GET.get("format") == "xlsx":
        return case_export(rows)
    if request.method != "POST":
        form = OpenCaseForm(organization=organization) if editable else None
        return _list_page(request, organization, rows, form)
    if not editable:
        raise Http404
    form = OpenCaseForm(request.POST, organization=organization)

    def perform(data):
        data = dict(data)
        data["organization"] = data.pop("subject_organization")
        return services.open_case(actor=request.user, **data)

    return form_action(
        request, form, perform,
        success=lambda case: _("Case opened: %(name)s.") % {"name": case.subject_name},
        done_url=lambda case: reverse("discipline_case", args=[case.pk]),
        show_again=lambda form: _list_page(request, organization, rows, form, status=400),
    )  # fmt: skip


def _forms(case: DisciplineCase, data=None, *, failed: str = "", failed_form=None) -> dict:
    """The forms of the steps that may come next, and of the actions on the case."""
    out = {}
    for step in case.next_steps:
        cls = STEP_FORMS[step]
        kwargs = {"case": case} if step in CASE_FORMS else {}
        out[step] = failed_form if step == failed else cls(prefix=step, **kwargs)
    return out


def _render_case(request, case, *, failed: str = "", failed_form=None, status=200):
    steps = list(
        case.steps.select_related("organization", "meeting", "actor").order_by("date", "pk")
    )
    actions = {}
    if case.status == CaseStatus.OPEN:
        actions = {"defer": DeferForm(prefix="defer"), "close": CloseForm(prefix="close")}
    elif case.status == CaseStatus.DEFERRED:
        actions = {"resume": DateForm(prefix="resume")}
    if case.state_notice_due_on and not case.state_notice_on:
        actions["state_notice"] = DateForm(prefix="state_notice")
    if failed in actions:
        actions[failed] = failed_form
    context = {
        "case": case,
        # the offence as the rule names it ("Điều 9 — ..."), not its key
        "offence": rule_in_force("discipline_offences", case.opened_on).value.get(
            case.offence, case.offence
        ),
        "steps": steps,
        "forms": _forms(case, failed=failed, failed_form=failed_form),
        "actions": actions,
        "step_labels": dict(Step.choices),
        "editable": services.may_edit(request.user, case.organization),
    }
    return render(request, "discipline/case_detail.html", context, status=status)


def _case(request, pk, *, edit: bool = False) -> DisciplineCase:
    rows = DisciplineCase.objects.editable_by if edit else DisciplineCase.objects.visible_to
    return get_object_or_404(
        rows(request.user).select_related("organization", "member", "decided_by"), pk=pk
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, _case(request, pk))


def _vote(case, data, user):
    return meetings.record_workflow_vote(
        data["meeting"], workflow="discipline", subject_id=case.pk, votes_for=data["votes_for"],
        votes_against=data["votes_against"], abstaining=data["abstaining"], actor=user,
    )  # fmt: skip


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Record one step through its service; the page comes back with the refusal if any."""
    if step not in STEP_FORMS:
        raise Http404
    # the decision and the appeal's outcome are recorded by the deciding organization
    case = _case(request, pk, edit=step not in ("decision", "appeal_outcome"))
    kwargs = {"case": case} if step in CASE_FORMS else {}
    form = STEP_FORMS[step](request.POST, prefix=step, **kwargs)

    def perform(data):
        if step == Step.CELL_VOTE:
            return _vote(case, data, request.user)
        return services.STEP_SERVICES[step](case, actor=request.user, **data)

    return form_action(
        request, form, perform,
        success=lambda _r: _("%(step)s recorded.") % {"step": Step(step).label},
        done_url=reverse("discipline_case", args=[case.pk]),
        show_again=lambda form: _render_case(request, case, failed=step, failed_form=form,
                                             status=400),
    )  # fmt: skip


ACTIONS = {
    "defer": (DeferForm, services.defer_case),
    "resume": (DateForm, services.resume_case),
    "close": (CloseForm, services.close_case),
    "state_notice": (DateForm, services.record_state_notice),
}


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    case = _case(request, pk, edit=True)
    form_class, service = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    return form_action(
        request, form, lambda data: service(case, actor=request.user, **data),
        success=lambda _r: _("Saved."),
        done_url=reverse("discipline_case", args=[case.pk]),
        show_again=lambda form: _render_case(request, case, failed=action, failed_form=form,
                                             status=400),
    )  # fmt: skip
