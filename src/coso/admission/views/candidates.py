"""The candidate list and record with each step's form, closing, entering and correcting a
candidate, and a step's attached file.

Every view starts from the permission choke point: `Candidate.objects.visible_to(user)` to
read, `editable_by(user)` to change (the decision step: visible, and the service checks the
deciding organization); a candidate outside that scope is a 404. Changes go through
`coso.admission.services`; an action's form ends in `core.views.form_action`.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.admission import services
from coso.admission.choices import CandidateStatus, Step
from coso.admission.exports import candidate_export
from coso.admission.filters import CandidateFilter
from coso.admission.forms import (
    STEP_FORMS,
    CandidateEditForm,
    CandidateForm,
    CloseForm,
    deciding_organizations_for,
    default_dates,
)
from coso.admission.models import (
    STEPS,
    AdmissionStep,
    Candidate,
    competent_organizations,
)
from coso.core import scope
from coso.core.forms import add_service_error, form_status, save_edit, style_fields
from coso.core.paging import sort_headers
from coso.core.views import attachment_response, form_action, organization_or_404, person_name
from coso.members.models import Member
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization, attach_parent_names

PAGE_SIZE = 50
#: the candidate list's sortable columns (`CandidateFilter.ORDERINGS`)
SORTABLE = ("name", "birth_date", "cell", "due_on")


@login_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    """Candidates in the user's scope: search, status, next step, overdue; 50 a page."""
    queryset = Candidate.objects.visible_to(request.user).select_related("cell")
    candidate_filter = CandidateFilter(request.GET, queryset=queryset)
    if request.GET.get("format") == "xlsx":
        return candidate_export(candidate_filter.qs)
    page = Paginator(candidate_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    attach_parent_names(c.cell for c in page.object_list)
    ordering = (
        candidate_filter.form.cleaned_data.get("ordering") if candidate_filter.is_valid() else ""
    )
    return render(
        request,
        "admission/candidate_list.html",
        {
            "filter": candidate_filter,
            "page": page,
            "statuses": CandidateStatus.choices,
            "steps": [(s, Step(s).label) for s in STEPS],
            "sort": sort_headers(ordering or "name", SORTABLE),
        },
    )


def _step_rows(candidate: Candidate) -> list[dict[str, Any]]:
    done = {
        s.step: s
        for s in AdmissionStep.objects.filter(candidate=candidate).select_related(
            "actor", "deciding_organization"
        )
    }
    rows = []
    for s in STEPS:
        row = done.get(s)
        rows.append(
            {
                "step": s,
                "label": Step(s).label,
                "row": row,
                "actor_name": person_name(row.actor) if row else "",
                "is_next": s == candidate.next_step,
            }
        )
    return rows


def _render_detail(
    request: HttpRequest,
    candidate: Candidate,
    *,
    step_form=None,
    close_form=None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_edit = scope.can_edit(user, candidate.cell)
    next_step = candidate.next_step
    form = None
    waiting_for: list[Organization] = []
    if next_step:
        if next_step == Step.DECISION:
            may_act = bool(deciding_organizations_for(candidate, user))
            if not may_act:
                waiting_for = competent_organizations(candidate.cell, timezone.localdate())
        else:
            may_act = can_edit
        if may_act:
            form = step_form or STEP_FORMS[next_step](candidate=candidate, user=user)
            default_dates(form)
            style_fields(form)
    if step_form is not None and form is None:
        # the user may not record this step: say why it was refused
        for errors in step_form.errors.values():
            for error in errors:
                messages.error(request, error)
    if can_edit and candidate.status == CandidateStatus.IN_PROGRESS:
        close_form = close_form or CloseForm(prefix="close")
        style_fields(close_form)
    else:
        close_form = None
    context = {
        "candidate": candidate,
        "steps": _step_rows(candidate),
        "form": form,
        "next_step": next_step,
        "next_step_label": Step(next_step).label if next_step else "",
        "close_form": close_form,
        "waiting_for": waiting_for,
        "can_edit": can_edit and candidate.status == CandidateStatus.IN_PROGRESS,
        "open_close": bool(close_form is not None and close_form.is_bound),
    }
    return render(request, "admission/candidate_detail.html", context, status=status)


@login_required
@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(
        Candidate.objects.visible_to(request.user).select_related("cell", "follower", "member"),
        pk=pk,
    )
    return _render_detail(request, candidate)


@login_required
@require_POST
def candidate_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Record one step through its service; the form comes back with the refusal if any."""
    if step not in STEP_FORMS:
        raise Http404
    # the decision is recorded by the deciding committee: the service checks its role there
    base = Candidate.objects.visible_to if step == Step.DECISION else Candidate.objects.editable_by
    candidate = get_object_or_404(base(request.user).select_related("cell", "follower"), pk=pk)
    form = STEP_FORMS[step](request.POST, request.FILES, candidate=candidate, user=request.user)

    def success(result) -> str:
        if isinstance(result, Member):
            return _("%(name)s is now a probationary member.") % {"name": result.full_name}
        return _("%(step)s recorded for %(name)s.") % {
            "step": Step(step).label,
            "name": candidate.full_name,
        }

    def show_again(form) -> HttpResponse:
        candidate.refresh_from_db()
        if candidate.next_step != step:  # someone else recorded it meanwhile
            messages.error(request, _("This step can no longer be recorded: see the record below."))
            return redirect("candidate_detail", pk=candidate.pk)
        return _render_detail(request, candidate, step_form=form)

    return form_action(
        request,
        form,
        lambda _data: services.STEP_SERVICES[step](
            candidate, actor=request.user, **form.service_kwargs()
        ),
        success=success,
        done_url=reverse("candidate_detail", args=[candidate.pk]),
        show_again=show_again,
    )


@login_required
@require_POST
def candidate_close(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(
        Candidate.objects.editable_by(request.user).select_related("cell"), pk=pk
    )
    form = CloseForm(request.POST, prefix="close")

    def perform(data):
        service = (
            services.withdraw_candidate
            if data["status"] == CandidateStatus.WITHDRAWN
            else services.reject_candidate
        )
        service(candidate, date=data["date"], reason=data["reason"], actor=request.user)

    return form_action(
        request,
        form,
        perform,
        success=lambda _result: _("The candidate's admission is closed."),
        done_url=reverse("candidate_detail", args=[candidate.pk]),
        show_again=lambda form: _render_detail(request, candidate, close_form=form),
    )


@login_required
def candidate_create(request: HttpRequest, code: str) -> HttpResponse:
    """Put a new candidate on a cell's pipeline."""
    cell = organization_or_404(
        Organization.objects.editable_by(request.user).active().filter(kind__in=CELL_KINDS), code
    )
    if request.method == "POST":
        form = CandidateForm(request.POST, cell=cell, user=request.user)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in services.CANDIDATE_FIELDS}
            try:
                candidate = services.create_candidate(data, cell=cell, actor=request.user)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s was added to the admission pipeline.")
                    % {"name": candidate.full_name},
                )
                return redirect("candidate_detail", pk=candidate.pk)
    else:
        form = CandidateForm(cell=cell, user=request.user)
    style_fields(form)
    return render(
        request, "admission/candidate_form.html", {"form": form, "cell": cell, "candidate": None}
    )


@login_required
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a candidate's personal data (refused if someone else saved it meanwhile)."""
    candidate = get_object_or_404(
        Candidate.objects.editable_by(request.user).select_related("cell"),
        pk=pk,
        status=CandidateStatus.IN_PROGRESS,
    )
    if request.method == "POST":
        form = CandidateEditForm(
            request.POST, instance=candidate, cell=candidate.cell, user=request.user
        )
        if form.is_valid():
            changes = {
                k: form.cleaned_data[k] for k in form.changed_data if k in services.CANDIDATE_FIELDS
            }
            done = save_edit(
                request,
                form,
                changes,
                functools.partial(services.update_candidate, candidate),
                reverse("candidate_detail", args=[candidate.pk]),
            )
            if done:
                return done
        candidate.refresh_from_db()
    else:
        form = CandidateEditForm(instance=candidate, cell=candidate.cell, user=request.user)
    style_fields(form)
    return render(
        request,
        "admission/candidate_form.html",
        {"form": form, "cell": candidate.cell, "candidate": candidate},
        status=form_status(form),
    )


@login_required
@require_GET
def step_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A step's attached file, to those who may see the candidate (never a public URL)."""
    row = get_object_or_404(
        AdmissionStep.objects.filter(
            candidate__in=Candidate.objects.visible_to(request.user).values("pk")
        ),
        pk=pk,
    )
    return attachment_response(row.attachment)
