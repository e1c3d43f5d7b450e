"""The year's results by organization (`/organizations/<code>/evaluation/results/<year>/`) and
their export: in the user's records scope (out of scope: 404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from coso.core.scope import scope_q
from coso.core.views import organization_or_404, xlsx_download
from coso.orgs.models import Organization

from .choices import Grade
from .queries import year_results
from .queries.export import write_results


def _org(request: HttpRequest, code: str, year: int) -> Organization:
    if not 1990 <= year <= 2100:
        raise Http404
    scope = Organization.objects.filter(scope_q(request.user, "path", edit=False, records=True))
    return organization_or_404(scope, code)


@login_required
def results(request: HttpRequest, code: str, year: int) -> HttpResponse:
    org = _org(request, code, year)
    found = year_results(org, year)
    return render(
        request, "evaluation/results.html",
        {"org": org, "year": year, "results": found, "grades": Grade.choices,
         "years": range(year - 4, year + 1)},
    )  # fmt: skip


@login_required
def results_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    org = _org(request, code, year)
    found = year_results(org, year)
    return xlsx_download(lambda f: write_results(f, found), f"xep-loai-{org.code}-{year}.xlsx")
