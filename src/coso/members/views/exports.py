"""Export endpoints besides the member list's .xlsx (in views.py): the same filtered list as
CSV, and the organizations as .xlsx or CSV. Each starts from `visible_to(request.user)`.

CSV is streamed line by line (StreamingHttpResponse); .xlsx is written with xlsxwriter's
constant_memory mode to a temporary file and then streamed (FileResponse): memory stays flat
whatever the number of rows.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from coso.accounts.scope import has_scope
from coso.core.replica import heavy_reads
from coso.core.sheets.writer import CSV_CONTENT_TYPE
from coso.core.views import xlsx_download
from coso.members.exports import (
    export_members_csv,
    export_organizations_csv,
    export_organizations_xlsx,
)
from coso.members.filters import MemberFilter
from coso.members.models import Member
from coso.orgs.choices import OrgKind
from coso.orgs.models import Organization


def _csv_response(lines, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
@heavy_reads
def member_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The member list with its filters, every registry field, as CSV."""
    if not has_scope(request.user, edit=False, records=True):
        raise Http404  # a plain member's role: names only, no export (as in views._exported)
    queryset = Member.objects.visible_to(request.user).select_related("organization")
    member_filter = MemberFilter(request.GET, queryset=queryset, request=request)
    filename = f"dang-vien-{timezone.localdate():%Y%m%d}.csv"
    return _csv_response(export_members_csv(member_filter.qs), filename)


def _organizations(request: HttpRequest):
    queryset = Organization.objects.visible_to(request.user)
    code = request.GET.get("organization")
    if code:
        root = queryset.by_code(code)
        queryset = queryset.subtree(root) if root is not None else queryset.none()
    # the tree page's own filters too (`q`, `kind`), so its button exports what it shows
    search = request.GET.get("search") or request.GET.get("q", "").strip()
    if search:
        queryset = queryset.search(search)
    kind = request.GET.get("kind", "")
    if kind in OrgKind.values:
        queryset = queryset.filter(kind=kind).active()
    return queryset


@login_required
@require_GET
@heavy_reads
def organization_export(request: HttpRequest, fmt: str):
    """Organizations in the user's scope (optionally one subtree: ?organization=CODE)."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    queryset = _organizations(request)
    stamp = f"{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return _csv_response(export_organizations_csv(queryset), f"to-chuc-{stamp}.csv")
    return xlsx_download(
        lambda spool: export_organizations_xlsx(queryset, spool), f"to-chuc-{stamp}.xlsx"
    )
