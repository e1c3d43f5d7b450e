"""The plan's dashboard (`/organizations/<code>/plan/`) and its exports: the plan covering the
organization, each target against its goal for the year, the trend from the plan's first year,
and the children ranked worst first; every number opens the records behind it (`plan_records`)
and every child its own dashboard. Organizations in the user's scope (`visible_to`: the plan's
figures are counts, the records behind them are read in the records scope by their pages);
out of scope is a 404. `?year=` picks the year, `?tree=then` counts on the tree as it was,
`?plan=` another plan covering the organization, `?by=<measure>` ranks the children by it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from coso.core.scope import can_edit
from coso.core.views import organization_or_404, person_name, xlsx_download
from coso.orgs.models import Organization

from ...exports import dashboard as exports
from .board import TREE_THEN, Board, build
from .rows import children_rows, links, tree_sentence


def _board(request: HttpRequest, code: str) -> Board:
    org = organization_or_404(Organization.objects.visible_to(request.user), code)
    q = request.GET
    return build(
        org,
        today=timezone.localdate(),
        year=q.get("year"),
        plan_id=q.get("plan"),
        tree=q.get("tree"),
        rank_by=q.get("by"),
    )


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The home page's door: the dashboard of the top of the user's scope."""
    top = Organization.objects.tops_for(request.user).order_by("depth", "path").first()
    if top is None:
        raise Http404
    return redirect("plan_dashboard", top.code)


@login_required
@require_GET
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    board = _board(request, code)
    url = links(board)
    shown = url.lines()
    context = {
        "board": board,
        "org": board.organization,
        "tree_then": board.as_of_tree is not None,
        "TREE_THEN": TREE_THEN,
        "url": url,
        "tree_sentence": tree_sentence(board),
        "lines": [s for s in shown if s.line.judged],
        "info_lines": [s for s in shown if not s.line.judged],
        "all_lines": shown,
        "children_rows": children_rows(board, url),
        # the superior splits its plan's targets down to its children (`plan_shares`)
        "may_split": board.organization.numchild > 0 and can_edit(request.user, board.organization),
    }
    return render(request, "plans/dashboard.html", context)


@login_required
@require_GET
def dashboard_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    board = _board(request, code)
    if board.plan is None:
        raise Http404
    name = f"chi-tieu-{board.organization.code}-{board.year}.xlsx"
    return xlsx_download(lambda f: exports.write_board(f, board), name)


@login_required
@require_GET
def dashboard_pdf(request: HttpRequest, code: str) -> HttpResponse:
    board = _board(request, code)
    if board.plan is None:
        raise Http404
    pdf = exports.board_pdf(board, day=timezone.localdate(), maker=person_name(request.user))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"chi-tieu-{board.organization.code}-{board.year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
