"""The grading page of an organization and a period, phone first.

A cell: every member to be graded with their evaluation (self-grade, score, tasks, the rules'
caps as hints, the grade proposed and decided, the stage), those not graded with the reason,
the live quota line of the cell's grassroots organization, and what the reviewers must see
(the residence cell's feedback of the year, the year's attendance, the study commitment); its
one form reviews the whole cell at once (`services.grade_cell`: all or nothing, the refusals by
member). A grassroots organization: its members by cell (paged), one decision on every reviewed
grade, and its cells' evaluations. A superior: its grassroots organizations' evaluations, their
verification and the decision. A fixed number of queries whatever the number of members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.core.forms import add_service_error
from coso.core.views import form_action
from coso.orgs.choices import CELL_KINDS, GRASSROOTS_KINDS, OrgKind

from .. import services
from ..choices import PeriodStatus, Stage, SubjectKind
from ..forms.evaluations import CellGradingForm, DecideForm, VerifyForm
from ..queries import grading as queries
from ..services.parts import grassroots_of
from ..services.rules import caps_by_id, uses_points
from .organization import org_or_404, period_or_404
from .rows import cell_lines, cell_summary, evaluation_rows, organization_lines

PAGE_SIZE = 50
#: the page's actions: a cell's grades, a unit's decisions, a superior's verification
ACTIONS = ("grade", "decide_members", "decide_organizations", "verify")


def _cell_part(request, org, period, may: bool, form=None) -> dict:
    graded, not_graded = queries.cell_members(period, org)
    rows = queries.cell_rows(period, org, request.user, graded)
    if form is None and may:
        form = CellGradingForm(rows=rows, cell=org, period=period,
                               points=uses_points(period.ends_on))  # fmt: skip
    unit = grassroots_of(org)
    fields = {r.member.pk: f for r, f in form.lines()} if may else {}
    lines = [(r, fields.get(r.member.pk)) for r in rows]
    return {"lines": lines, "cell_html": cell_lines(lines), "grade_form": form if may else None,
            "cell_unit": unit, "not_graded": not_graded,
            "cell_quotas": queries.quotas(period, unit)}  # fmt: skip


def _unit_part(request, org, period) -> dict:
    q = request.GET.get("q", "").strip()
    members = queries.unit_members(period, org)
    if q:
        members = members.search(q)
    cells = queries.cells_summary(period, org)
    paginator = Paginator(members, PAGE_SIZE)
    if not q:  # every member's evaluation is counted in the summary: no second count
        paginator.count = sum(n for c in cells for n in c.counts.values())
    page = paginator.get_page(request.GET.get("page"))
    caps = caps_by_id(page.object_list, period)
    for ev in page.object_list:
        ev.period = period
        ev.caps = caps.get(ev.pk, [])
    return {
        "page": page,
        "q": q,
        "cells": cells,
        "cells_html": cell_summary(cells, period.pk),
        "evaluation_html": evaluation_rows(page.object_list),
    }


def _context(request, org, period, *, grade_form=None, failed: str = "", failed_form=None):
    editable = services.may_edit(request.user, org) and period.status == PeriodStatus.OPEN
    context = {"org": org, "period": period, "editable": editable,
               "points": uses_points(period.ends_on), "not_graded": []}  # fmt: skip
    if org.kind in CELL_KINDS:
        context.update(_cell_part(request, org, period, editable, grade_form))
    if org.kind in GRASSROOTS_KINDS or org.kind == OrgKind.SUPERIOR:
        context["quotas"] = queries.quotas(period, org)
        context["organizations"] = queries.unit_organizations(period, org)
        context["organizations_html"] = organization_lines(context["organizations"])
    if org.kind in GRASSROOTS_KINDS:
        context.update(_unit_part(request, org, period))
    if editable:
        forms = {"decide_organizations": DecideForm(prefix="decide_organizations")}
        if org.kind in GRASSROOTS_KINDS:
            forms["decide_members"] = DecideForm(prefix="decide_members")
        if org.kind == OrgKind.SUPERIOR:
            forms["verify"] = VerifyForm(prefix="verify")
        if failed:
            forms[failed] = failed_form
        context["forms"] = forms
    return context


def _render(request, org, period, status=200, **kwargs) -> HttpResponse:
    context = _context(request, org, period, **kwargs)
    return render(request, "evaluation/grading.html", context, status=status)


@login_required
@require_GET
def grading(request: HttpRequest, code: str, period: int) -> HttpResponse:
    org = org_or_404(request, code)
    return _render(request, org, period_or_404(org, period))


def _grade(request, org, period) -> HttpResponse:
    rows = queries.cell_rows(period, org, request.user)
    form = CellGradingForm(request.POST, rows=rows, cell=org, period=period,
                           points=uses_points(period.ends_on))  # fmt: skip
    if form.is_valid():
        data = form.cleaned_data
        meeting = data.get("meeting")
        on = meeting.date if meeting else data["on"]
        entries = [services.CellRow(**e) for e in form.entries()]
        try:
            done = services.grade_cell(period, org, entries, on=on, meeting=meeting,
                                       actor=request.user)  # fmt: skip
        except ValidationError as error:
            _row_errors(form, error)
        else:
            messages.success(request, _("%(n)d members reviewed.") % {"n": len(done)})
            return redirect(reverse("evaluation_grading", args=[org.code, period.pk]))
    return _render(request, org, period, status=400, grade_form=form)


def _row_errors(form, error: ValidationError) -> None:
    """A refusal by member goes on that member's grade; any other on the form."""
    if not hasattr(error, "error_dict"):
        add_service_error(form, error)
        return
    for key, errors in error.error_dict.items():
        name = f"grade_{key}"
        form.add_error(name if name in form.fields else None, errors)


def _decide(request, org, period, action, kind) -> HttpResponse:
    form = DecideForm(request.POST, prefix=action)

    def perform(data):
        return services.decide_grades(
            period, org, kind=kind, on=data["decided_on"], number=data["number"],
            signer_name=data["signer_name"], actor=request.user,
        )  # fmt: skip

    return form_action(
        request, form, perform,
        success=lambda r: _("Decided: %(n)d grades, decision %(number)s. %(quota)s.") % {
            "n": r[0].evaluations.count(), "number": r[0].number, "quota": r[1]},
        done_url=reverse("evaluation_grading", args=[org.code, period.pk]),
        show_again=lambda f: _render(request, org, period, status=400, failed=action,
                                     failed_form=f),
    )  # fmt: skip


def _verify(request, org, period) -> HttpResponse:
    form = VerifyForm(request.POST, prefix="verify")
    rows = [ev for ev in queries.unit_organizations(period, org) if ev.stage == Stage.REVIEWED]

    def perform(data):
        if not rows:
            raise ValidationError(_("Nothing to verify: no evaluation is reviewed."))
        return services.verify(rows, by=org, on=data["verified_on"], note=data["note"],
                               actor=request.user)  # fmt: skip

    return form_action(
        request, form, perform,
        success=lambda done: _("%(n)d evaluations verified.") % {"n": len(done)},
        done_url=reverse("evaluation_grading", args=[org.code, period.pk]),
        show_again=lambda f: _render(request, org, period, status=400, failed="verify",
                                     failed_form=f),
    )  # fmt: skip


@login_required
@require_POST
def grading_action(request: HttpRequest, code: str, period: int, action: str) -> HttpResponse:
    """One action of the grading page, through its service; refused: the page again with the
    messages, nothing written."""
    if action not in ACTIONS:
        raise Http404
    org = org_or_404(request, code)
    found = period_or_404(org, period)
    services.parts.require_edit(request.user, org)
    if action == "grade" and org.kind in CELL_KINDS:
        return _grade(request, org, found)
    if action == "decide_members" and org.kind in GRASSROOTS_KINDS:
        return _decide(request, org, found, action, SubjectKind.MEMBER)
    if action == "decide_organizations":
        return _decide(request, org, found, action, SubjectKind.ORGANIZATION)
    if action == "verify" and org.kind == OrgKind.SUPERIOR:
        return _verify(request, org, found)
    raise Http404
