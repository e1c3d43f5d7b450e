"""The plan's dashboard (`/organizations/<code>/plan/`) and its exports: the plan covering the
organization, each target against its goal for the year, the trend from the plan's first year,
and the children ranked worst first; every number opens the records behind it (`plan_records`)
and every child its own dashboard. Organizations in the user's scope (`visible_to`: the plan's
figures are counts, the records behind them are read in the records scope by their pages);
out of scope is a 404. `?year=` picks the year, `?tree=then` counts on the tree as it was,
`?plan=` another plan covering the organization, `?by=<measure>` ranks the children by it."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from coso.core.db.result_cache import cached, rows_part
from coso.core.replica import heavy_reads
from coso.core.scope import can_edit
from coso.core.views import organization_or_404, person_name, xlsx_download
from coso.orgs.models import Organization

from ...exports import dashboard as exports
from .board import TREE_THEN, Board, build
from .rows import children_rows, links, tree_sentence


def _asked(request: HttpRequest, code: str) -> tuple[Organization, Callable[[], Board], str]:
    """The organization (404 outside the user's scope), its board's computation and what tells
    it apart from another's. A board is the same for every user who sees the organization: it is
    kept for all of them until a table it read changes (`result_cache`)."""
    org = organization_or_404(Organization.objects.visible_to(request.user), code)
    today = timezone.localdate()
    asked = {k: request.GET.get(k) for k in ("year", "plan", "tree", "by")}
    parts = f"{rows_part(org)}|{today}|{sorted(asked.items())}"

    def board() -> Board:
        return cached(
            "plan-board",
            parts,
            # a board counted for a second or more (a city's, a country's) is shown as it was
            # while it is counted again: its time is on the page
            behind=settings.COSO_REFRESH_BEHIND,
            compute=lambda: build(
                org,
                today=today,
                year=asked["year"],
                plan_id=asked["plan"],
                tree=asked["tree"],
                rank_by=asked["by"],
            ),
        )

    return org, board, parts


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
@heavy_reads
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    _org, board_of, parts = _asked(request, code)

    def drawn():  # the numbers, charts and rows drawn from the board: kept with it
        board = board_of()
        url = links(board)
        return board, url.lines(), children_rows(board, url), tree_sentence(board)

    board, shown, rows, sentence = cached("plan-page", f"{parts}|{get_language()}", drawn)
    url = links(board)
    context = {
        "board": board,
        "org": board.organization,
        "tree_then": board.as_of_tree is not None,
        "TREE_THEN": TREE_THEN,
        "url": url,
        "tree_sentence": sentence,
        "lines": [s for s in shown if s.line.judged],
        "info_lines": [s for s in shown if not s.line.judged],
        "all_lines": shown,
        "children_rows": rows,
        # the superior splits its plan's targets down to its children (`plan_shares`)
        "may_split": board.organization.numchild > 0 and can_edit(request.user, board.organization),
    }
    return render(request, "plans/dashboard.html", context)


@login_required
@require_GET
@heavy_reads
def dashboard_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    org, board_of, parts = _asked(request, code)

    def written() -> tuple[int, bytes] | None:
        board = board_of()
        if board.plan is None:
            return None
        out = io.BytesIO()
        exports.write_board(out, board)
        return board.year, out.getvalue()

    made = cached("plan-xlsx", f"{parts}|{get_language()}", written)
    if made is None:
        raise Http404
    year, data = made
    return xlsx_download(lambda f: f.write(data), f"chi-tieu-{org.code}-{year}.xlsx")


@login_required
@require_GET
@heavy_reads
def dashboard_pdf(request: HttpRequest, code: str) -> HttpResponse:
    org, board_of, parts = _asked(request, code)
    day, maker = timezone.localdate(), person_name(request.user)

    def drawn() -> tuple[int, bytes] | None:
        board = board_of()
        if board.plan is None:
            return None
        return board.year, exports.board_pdf(board, day=day, maker=maker)

    made = cached("plan-pdf", f"{parts}|{get_language()}|{maker}", drawn)
    if made is None:
        raise Http404
    year, pdf = made
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chi-tieu-{org.code}-{year}.pdf"'
    return response
