"""The records behind a figure of the plan: for an organization, a year and a measure, the rows
counted (`?failing=1`: those that do not meet it), searched, 50 a page, or all of them as .xlsx.
Out of the user's records scope the organization does not exist (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coso.core.db.result_cache import rows_part
from coso.core.paging import kept_page
from coso.core.scope import OutOfScope, covers, user_paths
from coso.core.sheets.writer import write_xlsx
from coso.core.views import organization_or_404, xlsx_download
from coso.orgs.models import Organization

from ..choices import Measure
from ..queries.records import record_rows

PAGE_SIZE = 50
#: the measures whose records are people (the others list organizations)
PEOPLE = {
    Measure.MEMBERS_GOOD, Measure.ADMISSIONS, Measure.ADMISSION_RATE, Measure.COMMITMENTS,
    Measure.REMOVALS, Measure.DISCIPLINE,
}  # fmt: skip


def scoped_organization(request, code: str) -> Organization:
    """The organization of the URL when the user may read its members' records; else 404."""
    org = organization_or_404(Organization.objects.visible_to(request.user), code)
    if not covers(user_paths(request.user, edit=False, records=True), org.path):
        raise OutOfScope
    return org


def _export(rows, org, year: int, measure: str) -> HttpResponse:
    headers = [_("Name"), _("Organization"), _("Detail"), _("Meets the target")]
    yes, no = _("Yes"), _("No")

    def lines():
        for r in rows.iterator(chunk_size=2000):
            yield (r["label"], r["place"], r["detail"], yes if r["ok"] else no)

    label = str(Measure(measure).label)
    return xlsx_download(
        lambda f: write_xlsx(f, headers, lines(), sheet_name=label[:31], widths=[36, 40, 18, 12]),
        f"chi-tieu-{org.code}-{year}-{measure}.xlsx",
    )


@login_required
@require_GET
def plan_records(request: HttpRequest, code: str, year: int, measure: str) -> HttpResponse:
    if measure not in Measure.values or not 1900 < year < 2200:
        raise Http404
    org = scoped_organization(request, code)
    failing = request.GET.get("failing") == "1"
    q = request.GET.get("q", "").strip()[:100]
    if request.GET.get("format") == "xlsx":
        return _export(record_rows(org, year, measure, failing=failing, q=q), org, year, measure)
    # the same for every user who reads the organization's records: kept for all of them
    page, _none = kept_page(
        "plan-records",
        f"{rows_part(org)}|{year}|{measure}|{failing}|{q}|{timezone.localdate()}",
        lambda: record_rows(org, year, measure, failing=failing, q=q),
        PAGE_SIZE,
        request.GET.get("page"),
    )
    context = {
        "organization": org,
        "year": year,
        "measure": measure,
        "measure_label": Measure(measure).label,
        "people": measure in PEOPLE,
        "failing": failing,
        "q": q,
        "page": page,
    }
    return render(request, "plans/records.html", context)
