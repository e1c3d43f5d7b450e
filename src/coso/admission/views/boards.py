"""The admission boards: every cell in the user's scope with its candidates in progress
counted by next step, and one cell's pipeline (a column per step).

Read from `Candidate.objects.visible_to(user)`; a cell outside the scope is a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from coso.admission import services
from coso.admission.choices import STEP_SHORT_LABELS, CandidateStatus, Step
from coso.admission.exports import board_export
from coso.admission.models import (
    STEPS,
    Candidate,
)
from coso.core import scope
from coso.core.forms import organization_in_query
from coso.core.views import organization_or_404
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization, attach_parent_names

PAGE_SIZE = 50


def _columns() -> list[dict[str, str]]:
    return [{"step": s, "label": STEP_SHORT_LABELS[Step(s)], "title": Step(s).label} for s in STEPS]


def _board_rows(cells, candidates, today, columns) -> list[dict]:
    """A row per cell: its candidates in progress counted by next step (overdue ones apart),
    and its parent's name (the cell's own name is shared by many: "Chi bộ Phòng Đào tạo").
    Two queries whatever the number of cells."""
    cells = list(cells)
    counts = candidates.step_counts(today)
    attach_parent_names(cells)
    rows = []
    for cell in cells:
        mine = counts.get(cell.pk, {})
        rows.append(
            {
                "cell": cell,
                "parent_name": cell.parent_name,
                "cells": [
                    {"count": 0, "overdue": 0, **mine.get(c["step"], {}), "label": c["label"]}
                    for c in columns
                ],
                "total": sum(v["count"] for v in mine.values()),
                "overdue": sum(v["overdue"] for v in mine.values()),
            }
        )
    return rows


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Cells in the user's scope with candidates in progress: counts by next step, overdue ones
    highlighted; 50 cells a page (a fixed number of queries)."""
    today = timezone.localdate()
    candidates = Candidate.objects.visible_to(request.user).in_progress()
    within, error = organization_in_query(
        request.GET, lambda: Organization.objects.visible_to(request.user)
    )
    if within is not None:
        candidates = candidates.in_subtree(within)
    elif error:
        candidates = candidates.none()
    cells = (
        Organization.objects.filter(pk__in=candidates.values("cell_id"))
        .order_by("path")
        .only("id", "code", "name", "short_name", "path", "depth")
    )
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
    columns = _columns()
    column_totals = [
        {"count": 0, "overdue": 0, **totals.get(c["step"], {}), "label": c["label"]}
        for c in columns
    ]
    if request.GET.get("format") == "xlsx":
        # every cell shown by the filter, not one page of them
        rows = _board_rows(list(cells), candidates, today, columns)
        return board_export(rows, columns, column_totals)
    page = Paginator(cells, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _board_rows(
        page.object_list, candidates.filter(cell_id__in=[c.pk for c in page.object_list]),
        today, columns,
    )  # fmt: skip
    context = {
        "columns": columns,
        "rows": rows,
        "page": page,
        "totals": column_totals,
        "total": sum(v["count"] for v in totals.values()),
        "total_overdue": sum(v["overdue"] for v in totals.values()),
        "organization": within.code if within else request.GET.get("organization", ""),
        "organization_error": error,
        "within": within,
        # the "open a cell" box is the organization picker (cells only): no list here
        "may_open_cell": Organization.objects.visible_to(request.user)
        .active()
        .filter(kind__in=CELL_KINDS)
        .exists(),
    }
    return render(request, "admission/board.html", context)


@login_required
@require_GET
def cell_board(request: HttpRequest, code: str) -> HttpResponse:
    """One cell's pipeline: a column per step with its candidates, overdue ones highlighted."""
    cell = organization_or_404(
        Organization.objects.visible_to(request.user).filter(kind__in=CELL_KINDS), code
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
        "can_edit": scope.can_edit(request.user, cell) and not cell.is_dissolved,
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
