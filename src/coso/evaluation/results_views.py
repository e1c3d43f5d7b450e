"""The year's results by organization (`/organizations/<code>/evaluation/results/<year>/`) and
their export: in the user's records scope (out of scope: 404)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from coso.core.replica import heavy_reads
from coso.core.scope import scope_q
from coso.core.views import organization_or_404, xlsx_download
from coso.orgs.models import Organization

from .choices import Grade
from .queries import year_results
from .queries.export import write_results
from .queries.results import GradeTally, ResultLine, Results


def _org(request: HttpRequest, code: str, year: int) -> Organization:
    if not 1990 <= year <= 2100:
        raise Http404
    scope = Organization.objects.filter(scope_q(request.user, "path", edit=False, records=True))
    return organization_or_404(scope, code)


@login_required
@heavy_reads
def results(request: HttpRequest, code: str, year: int) -> HttpResponse:
    org = _org(request, code, year)
    found = year_results(org, year)
    return render(
        request, "evaluation/results.html",
        {"org": org, "year": year, "results": found, "grades": Grade.choices,
         "years": range(year - 4, year + 1), "rows": _rows(found)},
    )  # fmt: skip


@login_required
@heavy_reads
def results_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    org = _org(request, code, year)
    found = year_results(org, year)
    return xlsx_download(lambda f: write_results(f, found), f"xep-loai-{org.code}-{year}.xlsx")


def _rows(results: Results) -> SafeString:
    """The table's rows, drawn by string formatting (names, labels and links escaped): through
    the template engine (a dozen cells with their labels a line) a city's 127 lines were most
    of the page's time. Counts as `str` (no thousands separator, as the template showed them),
    percentages with the language's decimal separator."""
    labels = [escape(x) for x in (
        _("Members graded"), *(label for _value, label in Grade.choices), _("Not decided yet"),
        _("Members GOOD or better"), pgettext("grading results", "Last year"),
        _("Organizations graded"), _("Organizations GOOD or better"),
        pgettext("grading results", "Last year"))]  # fmt: skip
    danger = " text-danger fw-semibold"
    point = get_format("DECIMAL_SEPARATOR")

    def number(x: float) -> str:
        return str(x).replace(".", point)

    def percent(tally: GradeTally, change: float | None = None) -> str:
        shown = tally.percent
        if shown is None:
            return "—"
        if change is None:
            return f"{number(shown)}%"
        return f"{number(shown)}% ({'+' if change > 0 else ''}{number(change)})"

    def cells(line: ResultLine, brief: str = "") -> str:
        """A line's cells; ``brief`` (" phone-hide") leaves the counts by grade off a phone's
        card (the total shows them)."""
        m, o = line.members, line.organizations
        values = [
            ("", m.graded),
            *((brief, n) for _label, n in m.by_grade),
            ("", m.pending),
            (danger if line.members_below else "", percent(m)),
            ("", percent(line.last_members, line.members_change)),
            ("", o.graded),
            (danger if line.organizations_below else "", percent(o)),
            ("", percent(line.last_organizations)),
        ]
        return "".join(
            f'<td class="text-sm-end{extra}" data-label="{label}">{value}</td>'
            for label, (extra, value) in zip(labels, values, strict=True)
        )

    link = reverse("evaluation_results", args=["~code~", results.year])
    rows = []
    for line in results.lines:
        org = line.organization
        danger_row = ' class="table-danger"' if line.below_target else ""
        url = escape(link.replace("~code~", quote(org.code)))
        rows.append(
            f'<tr{danger_row}><td class="card-name">'
            f'<a href="{url}">{escape(org.name)}</a></td>{cells(line, " phone-hide")}</tr>'
        )
    rows.append(
        '<tr class="fw-semibold" id="results-total"><td class="card-name">'
        f"{escape(_('Total'))}</td>{cells(results.total)}</tr>"
    )
    return mark_safe("\n".join(rows))  # noqa: S308 (names, labels and links escaped)
