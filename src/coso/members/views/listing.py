"""The member list (search, filters, sort, htmx results; the organization box is the picker) and its
Excel export. The table's columns and rows are prepared by `coso.members.tables`; the markup is
in the templates.

Every row comes from `Member.objects.listed_for(user)` (the export: `visible_to(user)`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from coso.accounts.scope import has_scope
from coso.core.replica import heavy_reads
from coso.core.views import xlsx_download
from coso.members.exports import export_members_xlsx
from coso.members.filters import ACTIVE, MemberFilter
from coso.members.models import Member
from coso.members.queries.listing import list_page
from coso.members.tables import filter_options, sort_links, table_rows
from coso.orgs.models import parent_names

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
RESULTS_TARGET = "member-results"


def _page_size(request: HttpRequest) -> int:
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def _filtered(request: HttpRequest) -> MemberFilter:
    """The list: names and cells where the user's role shows names only (`listed_for`)."""
    queryset = Member.objects.listed_for(request.user).select_related("organization")
    return MemberFilter(request.GET, queryset=queryset, request=request)


def _exported(request: HttpRequest) -> MemberFilter:
    """The list as exported: every field, so records only (`visible_to`); a user without a
    records scope (a plain member's role) has no export at all (404, as any denied object)."""
    if not has_scope(request.user, edit=False, records=True):
        raise Http404
    queryset = Member.objects.visible_to(request.user).select_related("organization")
    return MemberFilter(request.GET, queryset=queryset, request=request)


@login_required
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    """Members in the user's scope: search, filters, Vietnamese order, 50 a page."""
    member_filter = _filtered(request)
    page_size = _page_size(request)
    page = list_page(member_filter, page_size, request.GET.get("page"))
    cleaned = member_filter.form.cleaned_data
    ordering = cleaned.get("ordering") or "name"
    context = {
        "filter": member_filter,
        "page": page,
        "rows": table_rows(
            page.object_list,
            request.user,
            parent_names(m.organization__path for m in page.object_list),
        ),
        "full_records": has_scope(request.user, edit=False, records=True),
        "page_size": page_size,
        "ordering": ordering,
        "sort": sort_links(request, ordering),
    }
    partial = (
        request.htmx
        and request.htmx.target == RESULTS_TARGET
        and not request.htmx.history_restore_request
    )
    if partial:
        response = render(request, "members/_results.html", context)
    else:
        form = member_filter.form

        def raw(name: str) -> str:
            return form[name].value() or ""

        language = get_language()
        selects = {
            "status": (cleaned.get("status") or [ACTIVE])[0],
            "sex": raw("sex"),
            "age_band": raw("age_band"),
            "ethnicity": raw("ethnicity"),
        }
        for name, selected in selects.items():
            context[f"{name}_options"] = filter_options(name, language, selected)
        context.update(
            search=raw("search"),
            organization=raw("organization"),
            can_create=has_scope(request.user, edit=True),
        )
        response = render(request, "members/member_list.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@login_required
@require_GET
@heavy_reads
def member_export(request: HttpRequest) -> FileResponse:
    """The filtered list as .xlsx, every registry field (one query, streamed in chunks)."""
    member_filter = _exported(request)
    return xlsx_download(
        lambda spool: export_members_xlsx(member_filter.qs, spool),
        f"dang-vien-{timezone.localdate():%Y%m%d}.xlsx",
    )
