"""Admission pages: the pipeline board (all cells, then one cell), the candidate list and
record with each step's form, and the probation list and page with recognition and strike-off.

Every view starts from the permission choke point: `Candidate.objects.visible_to(user)` to
read, `editable_by(user)` to change (the decision step: visible, and the service checks the
deciding organization); a candidate or member outside that scope is a 404. Changes go through
`coso.admission.services`.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.core.forms import add_service_error, form_status, save_edit
from coso.core.views import person_name
from coso.members.choices import MemberStatus
from coso.members.forms.member import style_fields
from coso.members.models import Member
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from . import services
from .choices import STEP_SHORT_LABELS, CandidateStatus, Step
from .deadlines import probation_ends_on, recognition_vote_due_on
from .filters import CandidateFilter
from .forms import (
    STEP_FORMS,
    CandidateEditForm,
    CandidateForm,
    CloseForm,
    CourseForm,
    RecognitionForm,
    StrikeOffForm,
    deciding_organizations_for,
    default_dates,
)
from .models import (
    STEPS,
    AdmissionStep,
    Candidate,
    Probation,
    competent_organizations,
    probationary_members,
)

PAGE_SIZE = 50
#: cells offered as suggestions in the board's "open a cell" box
CELL_SUGGESTIONS = 1000


def _columns() -> list[dict[str, str]]:
    return [{"step": s, "label": STEP_SHORT_LABELS[Step(s)], "title": Step(s).label} for s in STEPS]


# --- the boards -----------------------------------------------------------------------------


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Cells in the user's scope with candidates in progress: counts by next step, overdue ones
    highlighted; 50 cells a page (a fixed number of queries)."""
    today = timezone.localdate()
    candidates = Candidate.objects.visible_to(request.user).in_progress()
    code = request.GET.get("organization", "").strip()
    within = None
    if code:
        within = Organization.objects.visible_to(request.user).filter(code=code).first()
        candidates = candidates.in_subtree(within) if within else candidates.none()
    cells = (
        Organization.objects.filter(pk__in=candidates.values("cell_id"))
        .order_by("path")
        .only("id", "code", "name", "short_name", "path")
    )
    page = Paginator(cells, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = candidates.filter(cell_id__in=[c.pk for c in page.object_list]).step_counts(today)
    totals_rows = (
        candidates.values("step")
        .annotate(n=Count("id"), late=Count("id", filter=Q(due_on__lt=today)))
        .order_by()
    )
    totals = {}
    for r in totals_rows:
        nxt = services.next_step_after(r["step"])
        if nxt:
            totals[nxt] = {"count": r["n"], "overdue": r["late"]}
    # the cell's parent names it for people ("Chi bộ Phòng Đào tạo" exists in many schools)
    parents = {
        o.path: o
        for o in Organization.objects.filter(
            path__in={c.parent_path() for c in page.object_list}
        ).only("path", "name", "short_name")
    }
    columns = _columns()
    rows = []
    for cell in page.object_list:
        mine = counts.get(cell.pk, {})
        rows.append(
            {
                "cell": cell,
                "parent": parents.get(cell.parent_path()),
                "cells": [mine.get(c["step"], {"count": 0, "overdue": 0}) for c in columns],
                "total": sum(v["count"] for v in mine.values()),
                "overdue": sum(v["overdue"] for v in mine.values()),
            }
        )
    context = {
        "columns": columns,
        "rows": rows,
        "page": page,
        "totals": [totals.get(c["step"], {"count": 0, "overdue": 0}) for c in columns],
        "total": sum(v["count"] for v in totals.values()),
        "total_overdue": sum(v["overdue"] for v in totals.values()),
        "organization": code,
        "within": within,
        "cells_to_open": Organization.objects.visible_to(request.user)
        .active()
        .filter(kind__in=CELL_KINDS)
        .order_by("path")
        .values_list("code", "name")[:CELL_SUGGESTIONS],
    }
    return render(request, "admission/board.html", context)


@login_required
@require_GET
def cell_board(request: HttpRequest, code: str) -> HttpResponse:
    """One cell's pipeline: a column per step with its candidates, overdue ones highlighted."""
    cell = get_object_or_404(
        Organization.objects.visible_to(request.user).filter(kind__in=CELL_KINDS), code=code
    )
    candidates = list(
        Candidate.objects.in_progress().filter(cell=cell).vn_ordered()
        .only("id", "family_name", "middle_name", "given_name", "full_name", "step", "step_on",
              "due_on", "status", "source")
    )  # fmt: skip
    by_step: dict[str, list[Candidate]] = {s: [] for s in STEPS}
    for c in candidates:
        nxt = c.next_step
        if nxt:
            by_step[nxt].append(c)
    columns = [
        {
            **col,
            "candidates": by_step[col["step"]],
            "overdue": sum(1 for c in by_step[col["step"]] if c.is_overdue),
        }
        for col in _columns()
    ]
    context = {
        "cell": cell,
        "columns": columns,
        "total": len(candidates),
        "can_edit": services.may_edit(request.user, cell) and not cell.is_dissolved,
        "closed": Candidate.objects.filter(cell=cell)
        .exclude(status=CandidateStatus.IN_PROGRESS)
        .aggregate(
            admitted=Count("id", filter=Q(status=CandidateStatus.ADMITTED)),
            other=Count("id", filter=~Q(status=CandidateStatus.ADMITTED)),
        ),
    }
    return render(request, "admission/cell_board.html", context)


@login_required
@require_GET
def open_cell(request: HttpRequest) -> HttpResponse:
    """The cell chosen in the board's "open a cell" box (a plain form, no script)."""
    code = request.GET.get("code", "").strip()
    if not code:
        return redirect("admission_board")
    return redirect("admission_cell_board", code=code)


# --- candidate list -------------------------------------------------------------------------


@login_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    """Candidates in the user's scope: search, status, next step, overdue; 50 a page."""
    queryset = Candidate.objects.visible_to(request.user).select_related("cell")
    candidate_filter = CandidateFilter(request.GET, queryset=queryset)
    page = Paginator(candidate_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "admission/candidate_list.html",
        {
            "filter": candidate_filter,
            "page": page,
            "statuses": CandidateStatus.choices,
            "steps": [(s, Step(s).label) for s in STEPS],
        },
    )


# --- candidate record -----------------------------------------------------------------------


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
    can_edit = services.may_edit(user, candidate.cell)
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
    if form.is_valid():
        try:
            result = services.STEP_SERVICES[step](
                candidate, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if isinstance(result, Member):
                messages.success(
                    request,
                    _("%(name)s is now a probationary member.") % {"name": result.full_name},
                )
            else:
                messages.success(
                    request,
                    _("%(step)s recorded for %(name)s.")
                    % {"step": Step(step).label, "name": candidate.full_name},
                )
            return redirect("candidate_detail", pk=candidate.pk)
    candidate.refresh_from_db()
    if candidate.next_step != step:  # someone else recorded it meanwhile
        messages.error(request, _("This step can no longer be recorded: see the record below."))
        return redirect("candidate_detail", pk=candidate.pk)
    return _render_detail(request, candidate, step_form=form)


@login_required
@require_POST
def candidate_close(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(
        Candidate.objects.editable_by(request.user).select_related("cell"), pk=pk
    )
    form = CloseForm(request.POST, prefix="close")
    if form.is_valid():
        service = (
            services.withdraw_candidate
            if form.cleaned_data["status"] == CandidateStatus.WITHDRAWN
            else services.reject_candidate
        )
        try:
            service(
                candidate,
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The candidate's admission is closed."))
            return redirect("candidate_detail", pk=candidate.pk)
    return _render_detail(request, candidate, close_form=form)


@login_required
def candidate_create(request: HttpRequest, code: str) -> HttpResponse:
    """Put a new candidate on a cell's pipeline."""
    cell = get_object_or_404(
        Organization.objects.editable_by(request.user).active().filter(kind__in=CELL_KINDS),
        code=code,
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


def _file_response(field) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


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
    return _file_response(row.attachment)


# --- probation ------------------------------------------------------------------------------


def _probation_rows(members) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for m in members:
        start = m.probation_start
        row: dict[str, Any] = {"member": m, "start": start, "course_on": m.course_on}
        try:
            row["ends_on"] = probation_ends_on(start)
            row["vote_due_on"] = recognition_vote_due_on(start)
        except ValidationError:
            row["ends_on"] = row["vote_due_on"] = None
        row["due"] = row["ends_on"] is not None and row["ends_on"] <= today
        row["overdue"] = row["vote_due_on"] is not None and row["vote_due_on"] < today
        rows.append(row)
    return rows


@login_required
@require_GET
def probation_list(request: HttpRequest) -> HttpResponse:
    """Probationary members in the user's scope, oldest probation first, with their dates."""
    members = probationary_members(request.user)
    code = request.GET.get("organization", "").strip()
    if code:
        org = Organization.objects.filter(code=code).only("path").first()
        members = members.filter(organization__path__startswith=org.path) if org else members.none()
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _probation_rows(page.object_list)
    return render(
        request,
        "admission/probation_list.html",
        {"page": page, "rows": rows, "organization": code},
    )


def _render_probation(request: HttpRequest, member: Member, *, status: int = 200, **forms):
    row = _probation_rows(
        probationary_members().filter(pk=member.pk)
        if member.status == MemberStatus.PROBATIONARY
        else []
    )
    probation = Probation.objects.filter(member=member).select_related("actor").first()
    can_edit = member.status == MemberStatus.PROBATIONARY and services.may_edit(
        request.user, member.organization
    )
    context: dict[str, Any] = {
        "member": member,
        "row": row[0] if row else None,
        "probation": probation,
        "probation_actor": person_name(probation.actor) if probation else "",
        "can_edit": can_edit,
        "open_action": next((n for n, f in forms.items() if f.errors), ""),
    }
    if not can_edit:
        # the forms are not shown (the probation has ended): say why the action was refused
        for form in forms.values():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    else:
        context["course_form"] = forms.get("course_form") or CourseForm(prefix="course")
        context["recognize_form"] = forms.get("recognize_form") or RecognitionForm(
            prefix="recognize"
        )
        context["strike_form"] = forms.get("strike_form") or StrikeOffForm(prefix="strike")
        for name in ("course_form", "recognize_form", "strike_form"):
            default_dates(context[name])
            style_fields(context[name])
    return render(request, "admission/probation_detail.html", context, status=status)


@login_required
@require_GET
def probation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        Member.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    if (
        member.status != MemberStatus.PROBATIONARY
        and not Probation.objects.filter(member=member).exists()
    ):
        raise Http404
    return _render_probation(request, member)


def _editable_member(request: HttpRequest, pk: int) -> Member:
    return get_object_or_404(
        Member.objects.editable_by(request.user).select_related("organization"), pk=pk
    )


@login_required
@require_POST
def probation_course(request: HttpRequest, pk: int) -> HttpResponse:
    member = _editable_member(request, pk)
    form = CourseForm(request.POST, prefix="course")
    if form.is_valid():
        try:
            services.record_new_member_course(member, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The new-member course was recorded."))
            return redirect("probation_detail", pk=member.pk)
    return _render_probation(request, member, course_form=form)


@login_required
@require_POST
def probation_recognize(request: HttpRequest, pk: int) -> HttpResponse:
    member = _editable_member(request, pk)
    form = RecognitionForm(request.POST, request.FILES, prefix="recognize")
    if form.is_valid():
        try:
            services.recognize(member, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is recognized as an official member.") % {"name": member.full_name},
            )
            return redirect("probation_detail", pk=member.pk)
    return _render_probation(request, member, recognize_form=form)


@login_required
@require_POST
def probation_strike_off(request: HttpRequest, pk: int) -> HttpResponse:
    member = _editable_member(request, pk)
    form = StrikeOffForm(request.POST, request.FILES, prefix="strike")
    if form.is_valid():
        try:
            services.strike_off_probationary(member, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was struck off the probationary list.") % {"name": member.full_name},
            )
            return redirect("probation_detail", pk=member.pk)
    return _render_probation(request, member, strike_form=form)


@login_required
@require_GET
def probation_attachment(request: HttpRequest, pk: int) -> FileResponse:
    probation = get_object_or_404(
        Probation.objects.filter(member__in=Member.objects.visible_to(request.user).values("pk")),
        member_id=pk,
    )
    return _file_response(probation.attachment)
