"""The register of documents issued: the entries of the user's scope, filtered, paged and
exported; a number cancelled with its reason.

Read from `RegisterEntry.objects.visible_to(user)`; cancelling starts from `editable_by(user)`,
so an entry outside the scope is a 404. Changes go through `coso.documents.services`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.core.paging import CappedPaginator
from coso.core.replica import heavy_reads
from coso.core.sheets.writer import write_xlsx
from coso.core.views import form_action, xlsx_download
from coso.documents import services
from coso.documents.choices import DocType
from coso.documents.filters import RegisterFilter
from coso.documents.forms import CancelForm
from coso.documents.models import RegisterEntry
from coso.documents.queries import decorate, export_headers, export_rows, register_rows, terms_for
from coso.orgs.models import Organization

PAGE_SIZE = 50
#: an export holds at most this many rows (narrow the filter for more)
EXPORT_MAX = 50_000


def _register_page(request: HttpRequest, *, cancel_form=None, cancel_pk=None, status=200):
    user = request.user
    register_filter = RegisterFilter(request.GET, queryset=RegisterEntry.objects.visible_to(user))
    page = CappedPaginator(register_rows(register_filter.qs), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = decorate(page.object_list)
    editable = set(
        Organization.objects.editable_by(user)
        .filter(pk__in={e.organization_id for e in entries})
        .values_list("pk", flat=True)
    )
    for entry in entries:
        entry.can_cancel = entry.organization_id in editable and not entry.is_cancelled
        entry.cancel_form = cancel_form if entry.pk == cancel_pk else None
    # the organization filtered on (`core.filters.ListFilter`: the code read, or None)
    within = (
        register_filter.form.cleaned_data.get("organization")
        if register_filter.is_valid()
        else None
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": register_filter,
        "page": page,
        "entries": entries,
        "doc_types": DocType.choices,
        "terms": terms_for(user, within.code if within else ""),
        "query": query.urlencode(),
        "blank_cancel_form": CancelForm(),
        # the filtered organization, when the user may set its body code
        "body_of": Organization.objects.editable_by(user).filter(pk=within.pk).first()
        if within
        else None,
    }
    return render(request, "documents/register.html", context, status=status)


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The register: by date then number, newest first; 50 a page (a fixed number of queries)."""
    return _register_page(request)


@login_required
@require_GET
@heavy_reads
def register_export(request: HttpRequest) -> HttpResponse:
    """The register's rows as the page shows them (same filters), as an .xlsx."""
    register_filter = RegisterFilter(
        request.GET, queryset=RegisterEntry.objects.visible_to(request.user)
    )
    queryset = register_filter.qs[:EXPORT_MAX]

    def write(spool):
        write_xlsx(
            spool,
            export_headers(),
            export_rows(queryset),
            sheet_name=_("Register"),
            widths=[16, 18, 12, 60, 36, 24, 30, 12, 30],
        )

    return xlsx_download(write, f"so-van-ban-di-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_POST
def register_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a number with a reason (editors of the issuing organization)."""
    entry = get_object_or_404(RegisterEntry.objects.editable_by(request.user), pk=pk)
    form = CancelForm(request.POST)
    return form_action(
        request,
        form,
        lambda data: services.cancel_number(entry, reason=data["reason"], actor=request.user),
        success=lambda e: (
            _("Number %(symbol)s was cancelled; it will not be given again.") % {"symbol": e.symbol}
        ),
        done_url=reverse("document_register"),
        show_again=lambda f: _register_page(request, cancel_form=f, cancel_pk=entry.pk, status=400),
    )
