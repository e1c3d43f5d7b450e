"""The pages of reports up the tree: the list, a superior's schedule, its view of a period
(who has submitted, who is late, the consolidated HD 11 table, as .xlsx too), an organization's
report owed for a period (drafted from here), a report with its figures, narrative and steps.
Everything is read in the user's scope: out of scope is a 404 that changes nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.core.audit import ConcurrentEditError
from coso.core.db.result_cache import cached, rows_part
from coso.core.replica import heavy_reads
from coso.core.scope import may_edit
from coso.core.views import form_action, kept_xlsx_download, organization_or_404, xlsx_download
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from .. import services
from ..choices import FIGURES, NARRATIVE, ReportStatus
from ..documents import KIND, movement_values
from ..exports.reports import write_overview, write_statistics
from ..forms.reports import DateForm, NarrativeForm, ReturnForm, ScheduleForm
from ..models import Report, ReportSchedule
from ..queries.reports import current_period, overview, owing_schedules


def _report_or_404(request: HttpRequest, pk: int) -> Report:
    rows = Report.objects.visible_to(request.user).select_related(
        "organization", "schedule__organization", "submitted_by", "reviewed_by"
    )
    return get_object_or_404(rows, pk=pk)


def _schedule_or_404(request: HttpRequest, pk: int) -> ReportSchedule:
    rows = ReportSchedule.objects.visible_to(request.user).select_related("organization")
    return get_object_or_404(rows, pk=pk)


def _period_of(schedule: ReportSchedule, request: HttpRequest):
    given = request.GET.get("period")
    if not given:
        period = current_period(schedule, timezone.localdate())
    else:
        try:
            period = schedule.period_ending(dt.date.fromisoformat(given))
        except ValueError:
            period = None
    if period is None:
        raise Http404
    return period


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The schedules in the user's scope and the latest reports they may see (two queries)."""
    schedules = ReportSchedule.objects.visible_to(request.user).select_related("organization")
    reports = (
        Report.objects.visible_to(request.user)
        .select_related("organization", "schedule")
        .order_by("-period_end", "organization__path")[:30]
    )
    orgs = Organization.objects.editable_by(request.user).exclude(kind__in=CELL_KINDS)
    context = {
        "schedules": schedules.order_by("organization__path", "kind"),
        "reports": reports,
        "setters": orgs.order_by("depth", "path")[:5],
    }
    return render(request, "plans/reports.html", context)


@login_required
def schedule(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the form setting one kind of the organization's schedule; POST: set it."""
    org = organization_or_404(Organization.objects.editable_by(request.user), code)
    form = ScheduleForm(request.POST or None, initial={"starts_on": timezone.localdate()})

    def show(f, status=200):
        current = ReportSchedule.objects.filter(organization=org).order_by("kind")
        return render(request, "plans/report_schedule.html",
                      {"org": org, "form": f, "current": current}, status=status)  # fmt: skip

    if request.method != "POST":
        return show(form)
    return form_action(
        request, form,
        lambda d: services.set_schedule(org, actor=request.user, **d),
        success=lambda s: _("Schedule saved: %(s)s.") % {"s": s},
        done_url=lambda s: reverse("report_overview", args=[s.pk]),
        show_again=lambda f: show(f, 400),
    )  # fmt: skip


@login_required
@require_GET
@heavy_reads
def schedule_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The superior's view of one period: the owing organizations, their reports' state and
    days late, and the consolidated HD 11 table with its total (a fixed number of queries)."""
    found = _schedule_or_404(request, pk)
    period = _period_of(found, request)
    today = timezone.localdate()
    view, parts = _overview(found, period, today)
    periods = found.periods(period.due_on - dt.timedelta(days=400), today)

    def table() -> str:  # 71 rows of 20 figures: drawn once, kept with the figures
        labels = [(name, capfirst(label)) for name, label in FIGURES]

        def cells(figures: dict) -> list[tuple[str, object]]:  # the table's order, labelled
            return [(label, figures.get(name, "")) for name, label in labels]

        shown = _overview(found, period, today)[0]
        rows = [(r, cells(r.figures)) for r in shown.rows]
        return render_to_string(
            "plans/_overview_table.html",
            {"figures": labels, "rows": rows, "total": cells(shown.total)},
        )

    context = {
        "schedule": found, "period": period, "view": view, "figures": FIGURES,
        "table": mark_safe(cached("report-table", f"{parts}|{get_language()}", table)),
        "periods": periods[-12:][::-1], "statuses": ReportStatus,
    }  # fmt: skip
    return render(request, "plans/report_overview.html", context)


def _overview(found, period, today: dt.date):
    """`overview` and what tells it apart: the same for every user who sees the schedule, so
    kept until a table it read changes (`result_cache`)."""
    parts = f"{rows_part(found, found.organization)}|{period}|{today}"
    return cached("report-overview", parts, lambda: overview(found, period, today)), parts


@login_required
@require_GET
@heavy_reads
def schedule_overview_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    found = _schedule_or_404(request, pk)
    period = _period_of(found, request)
    today = timezone.localdate()
    parts = _overview(found, period, today)[1]
    name = f"tong-hop-{found.organization.code}-{period.end:%Y-%m-%d}.xlsx"
    return kept_xlsx_download(
        "report-overview-xlsx",
        f"{parts}|{get_language()}",
        lambda out: write_overview(out, _overview(found, period, today)[0]),
        name,
    )


@login_required
def owed(request: HttpRequest, code: str, schedule_pk: int, end: str) -> HttpResponse:
    """An organization's report for a period of a schedule above it: the report when drafted;
    else the period and a button that drafts it (POST)."""
    org = organization_or_404(Organization.objects.visible_to(request.user), code)
    found = next((s for s in owing_schedules(org) if s.pk == schedule_pk), None)
    try:
        period = found and found.period_ending(dt.date.fromisoformat(end))
    except ValueError:
        period = None
    if period is None:
        raise Http404
    report = Report.objects.filter(schedule=found, organization=org, period_end=period.end).first()
    if report is not None:
        return redirect("report_detail", report.pk)
    error = ""
    if request.method == "POST":
        try:
            report = services.draft_report(org, schedule=found, period_end=period.end,
                                           actor=request.user)  # fmt: skip
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("report_detail", report.pk)
    context = {"org": org, "schedule": found, "period": period, "error": error,
               "may_draft": may_edit(request.user, org)}  # fmt: skip
    return render(request, "plans/report_owed.html", context, status=400 if error else 200)


def _detail(request, report, narrative=None, step_form=None, step="", status=200):
    editable = report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    may_write = editable and may_edit(request.user, report.organization)
    may_review = report.status == ReportStatus.SUBMITTED and may_edit(
        request.user, report.schedule.organization)  # fmt: skip
    initial = {name: getattr(report, name) for name, _label in NARRATIVE}
    context = {
        "report": report, "period": report.period, "rows": movement_values(report.figures),
        "sections": [(label, getattr(report, name)) for name, label in NARRATIVE],
        "narrative": narrative or NarrativeForm(initial={**initial, "version": report.version}),
        "may_write": may_write, "may_review": may_review, "kind": KIND,
        "submit_form": step_form if step == "submit" else DateForm(prefix="submit"),
        "accept_form": step_form if step == "accept" else DateForm(prefix="accept"),
        "return_form": step_form if step == "return" else ReturnForm(prefix="return"),
        "history": report.history.select_related("history_user").order_by("-history_date")[:20],
    }  # fmt: skip
    return render(request, "plans/report_detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the report; POST: save its narrative (optimistic locking: 409 when stale)."""
    report = _report_or_404(request, pk)
    if request.method != "POST":
        return _detail(request, report)
    form = NarrativeForm(request.POST)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.save_narrative(report, changes=data, expected_version=version,
                                    actor=request.user)  # fmt: skip
        except ConcurrentEditError as exc:
            form.add_error(None, exc.messages[0])
            status = 409
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Report saved."))
            return redirect("report_detail", report.pk)
    return _detail(request, report, narrative=form, status=status)


@login_required
@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Refresh a draft's figures from the data."""
    report = _report_or_404(request, pk)
    try:
        services.draft_report(report.organization, schedule=report.schedule,
                              period_end=report.period_end, actor=request.user)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Figures refreshed from the data."))
    return redirect("report_detail", report.pk)


@login_required
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Submit (the reporting organization), return with comments or accept (the superior)."""
    if name not in services.REPORT_STEPS:
        raise Http404
    report = _report_or_404(request, pk)
    form = (ReturnForm if name == "return" else DateForm)(request.POST, prefix=name)

    def perform(d):
        kwargs = {"on": d["on"], "actor": request.user}
        if name != "submit":
            kwargs["comment"] = d["comment"]
        return services.REPORT_STEPS[name](report, **kwargs)

    done = {"submit": _("Report submitted."), "return": _("Report returned with comments."),
            "accept": _("Report accepted.")}  # fmt: skip
    return form_action(
        request, form, perform, success=lambda r: done[name],
        done_url=reverse("report_detail", args=[report.pk]),
        show_again=lambda f: _detail(request, report, step_form=f, step=name, status=400),
    )  # fmt: skip


@login_required
@require_GET
def statistics_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's figures as .xlsx in the HD 11 layout."""
    report = _report_or_404(request, pk)
    name = f"hd11-{report.organization.code}-{report.period_end:%Y-%m-%d}.xlsx"
    return xlsx_download(lambda out: write_statistics(out, report.figures), name)
