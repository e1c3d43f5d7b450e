"""The dues pages: a cell's collection sheet for a month (made for an elderly secretary's
phone: tick who paid, save once), its spreadsheet, a committee's summary by child organization
for a month or a year, and a member's ledger with the forms of the member's steps.

The ledger is a personal record (what a member pays follows from their salary): an
organization's pages are read in the user's records scope (`records_scope`; a plain member, who
sees names only, gets a 404 and finds their own ledger from the menu), a member's page starts
from `visible_to(user)` (out of scope: 404); the steps check the editing scope in the service
(404 too)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coso.core.forms import add_service_error
from coso.core.replica import heavy_reads
from coso.core.views import form_action, organization_or_404, xlsx_download
from coso.members.models import Member
from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization

from . import exports, printed, queries, services
from .forms import BasisForm, ExcuseForm, OpenMonthForm, PaymentForm, ReliefForm, SheetForm
from .models import DuesBasis, DuesRelief
from .payment_file import read_payments
from .rates import first_of_month


def _org(request: HttpRequest, code: str) -> Organization:
    return organization_or_404(queries.records_scope(request.user), code)


def _month(year: int, month: int) -> dt.date:
    try:
        return dt.date(year, month, 1)
    except ValueError as error:
        raise Http404 from error


def _month_links(month: dt.date) -> dict:
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    this = first_of_month(timezone.localdate())
    return {"previous": previous, "next": following if following <= this else None}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The menu's door: the user's first organization, its sheet (a cell) or its summary; for
    a member who reads names only, their own ledger."""
    org = queries.records_scope(request.user).order_by("depth", "path").first()
    if org is None:
        own = Member.objects.filter(user=request.user).values_list("pk", flat=True).first()
        if own is None:
            raise Http404
        return redirect("dues_member", own)
    today = timezone.localdate()
    if org.kind in CELL_KINDS:
        return redirect("dues_sheet", org.code, today.year, today.month)
    return redirect("dues_summary", org.code)


@login_required
def sheet(request: HttpRequest, code: str, year: int, month: int) -> HttpResponse:
    """GET: the month's sheet; POST: the ticks saved at once (`collect_month`), in a fixed
    number of queries."""
    org = _org(request, code)
    month_start = _month(year, month)
    rows = queries.sheet_rows(org, month_start)
    may = services.may_collect(request.user, org)
    form = SheetForm(
        request.POST if request.method == "POST" else None,
        member_ids=[r.member_id for r in rows],
        initial={"paid_on": timezone.localdate(), "paid": [r.member_id for r in rows if r.paid > 0]},
    )  # fmt: skip
    if request.method == "POST":
        if not may:
            raise Http404

        def perform(data):
            return services.collect_month(
                org, month_start, paid_ids=data["paid"], paid_on=data["paid_on"],
                actor=request.user,
            )  # fmt: skip

        return form_action(
            request, form, perform,
            success=lambda r: _("Saved: %(paid)d paid, %(undone)d undone.") % {"paid": r[0], "undone": r[1]},
            done_url=request.path,
            show_again=lambda f: _render_sheet(request, org, month_start, rows, f, may, status=400),
        )  # fmt: skip
    return _render_sheet(request, org, month_start, rows, form, may)


def _render_sheet(request, org, month, rows, form, may, status=200) -> HttpResponse:
    ticked = {
        str(i) for i in (form.data.getlist("paid") if form.is_bound else form.initial["paid"])
    }
    totals = {
        "due": sum(r.due for r in rows),
        "paid": sum(r.paid for r in rows),
        "count": sum(1 for r in rows if r.paid >= r.due),
    }
    return render(
        request,
        "dues/sheet.html",
        {
            "org": org, "month": month, "rows": rows, "form": form, "may": may,
            "ticked": ticked, "totals": totals, "links": _month_links(month),
            "open_form": OpenMonthForm(initial={"month": month.strftime("%m/%Y")}),
        },
        status=status,
    )  # fmt: skip


@login_required
@require_POST
def open_month(request: HttpRequest, code: str) -> HttpResponse:
    org = _org(request, code)
    form = OpenMonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the month as mm/yyyy."))
        return redirect("dues_summary", org.code)
    month = first_of_month(form.cleaned_data["month"])
    try:
        written, missing = services.open_month(org, month, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("%(n)d members' dues opened for %(month)s.") % {
            "n": written, "month": month.strftime("%m/%Y")
        }  # fmt: skip
        if missing:
            text += " " + _("Without a dues basis: %(names)s.") % {
                "names": ", ".join(m.full_name for m in missing[:20])
            }
        messages.success(request, text)
    if org.kind in CELL_KINDS:
        return redirect("dues_sheet", org.code, month.year, month.month)
    return redirect("dues_summary", org.code)


@login_required
@require_POST
def import_payments(request: HttpRequest, code: str, year: int, month: int) -> HttpResponse:
    """A month's payments from a spreadsheet, for the organization's subtree: all or nothing."""
    org = _org(request, code)
    month_start = _month(year, month)
    services.require_edit(request.user, org)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Choose the file to import."))
        rows = read_payments(upload.read(), upload.name)
        count = services.load_payments(org, month_start, rows, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)d payments recorded.") % {"n": count})
    if org.kind in CELL_KINDS:
        return redirect("dues_sheet", org.code, year, month)
    return redirect(reverse("dues_summary", args=[org.code]) + f"?year={year}&month={month}")


@login_required
def sheet_xlsx(request: HttpRequest, code: str, year: int, month: int) -> HttpResponse:
    org = _org(request, code)
    month_start = _month(year, month)
    rows = queries.sheet_rows(org, month_start)
    return xlsx_download(
        lambda f: exports.write_sheet(f, rows, month_start),
        f"dang-phi-{org.code}-{year}-{month:02d}.xlsx",
    )


@login_required
def sheet_pdf(request: HttpRequest, code: str, year: int, month: int) -> HttpResponse:
    """The month's sheet to print and take to the meeting (PDF)."""
    org = _org(request, code)
    month_start = _month(year, month)
    rows = queries.sheet_rows(org, month_start)
    maker = request.user.get_full_name() or request.user.get_username()
    content = printed.sheet_pdf(org, month_start, rows, day=timezone.localdate(), maker=maker)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="dang-phi-{org.code}-{year}-{month:02d}.pdf"'
    )
    return response


def _period(request: HttpRequest) -> tuple[int, int | None, dt.date, dt.date]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        month = int(request.GET["month"]) if request.GET.get("month") else None
        start = dt.date(year, month or 1, 1)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    end = start if month else dt.date(year, 12, 1)
    return year, month, start, end


#: the summary's columns after the organization: label, grouped by thousands
_COLUMNS = (
    (gettext_lazy("Members"), False),
    (gettext_lazy("Due (đồng)"), True),
    (gettext_lazy("Paid (đồng)"), True),
    (gettext_lazy("Arrears (đồng)"), True),
    (gettext_lazy("Months unpaid"), False),
    (gettext_lazy("Kept by cells"), True),
    (gettext_lazy("Kept by grassroots"), True),
    (gettext_lazy("Passed above"), True),
)


def _summary_rows(lines: list, total, year: int, month: int | None) -> str:
    """The summary table's rows, drawn by string formatting (names, labels and links escaped):
    through the template engine (nine translated labels and seven grouped numbers a line) a
    city's hundreds of lines were most of the page's time."""
    sep = get_format("THOUSAND_SEPARATOR")
    # one format a row: the labels escaped once and the braces of none of them taken for fields
    cells = "".join(
        '<td class="text-end" data-label="'
        + escape(label).replace("{", "{{").replace("}", "}}")
        + f'">{{{i}}}</td>'
        for i, (label, _grouped) in enumerate(_COLUMNS)
    )
    grouped = [g for _label, g in _COLUMNS]

    def values(x) -> list:
        kept = x.kept
        numbers = (x.members, x.due, x.paid, x.arrears, x.months_unpaid, kept["cell"],
                   kept["grassroots"], kept["above"])  # fmt: skip
        return [
            f"{n:,}".replace(",", sep) if g else n for n, g in zip(numbers, grouped, strict=True)
        ]

    query = f"?year={year}" + (f"&month={month}" if month else "")
    sheet = reverse("dues_sheet", args=["~code~", year, month or 1])
    below = reverse("dues_summary", args=["~code~"]) + query
    name_label = escape(_("Organization"))
    rows = []
    for line in lines:
        o = line.organization
        url = (sheet if o.kind in CELL_KINDS else below).replace("~code~", quote(o.code))
        rows.append(
            f'<tr><td class="card-name" data-label="{name_label}"><a href="{escape(url)}">'
            f"{escape(o.name)}</a></td>{cells.format(*values(line))}</tr>"
        )
    rows.append(
        '<tr class="fw-semibold" id="dues-total"><td class="card-name" data-label="">'
        f"{escape(_('Total'))}</td>{cells.format(*values(total))}</tr>"
    )
    return mark_safe("".join(rows))  # noqa: S308 (names, labels and links escaped)


@login_required
@heavy_reads
def summary(request: HttpRequest, code: str) -> HttpResponse:
    org = _org(request, code)
    year, month, start, end = _period(request)
    lines, total = queries.summary(org, start, end)
    return render(
        request,
        "dues/summary.html",
        {
            "org": org, "year": year, "month": month, "lines": lines, "total": total,
            "rows": _summary_rows(lines, total, year, month),
            "months": range(1, 13), "may": services.may_collect(request.user, org),
            "open_form": OpenMonthForm(initial={"month": timezone.localdate().strftime("%m/%Y")}),
            "is_cell": org.kind in CELL_KINDS,
        },
    )  # fmt: skip


@login_required
@heavy_reads
def summary_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    org = _org(request, code)
    year, month, start, end = _period(request)
    lines, total = queries.summary(org, start, end)
    period = f"{year}-{month:02d}" if month else str(year)
    return xlsx_download(
        lambda f: exports.write_summary(f, lines, total), f"dang-phi-{org.code}-{period}.xlsx"
    )


MEMBER_FORMS = {
    "basis": BasisForm,
    "relief": ReliefForm,
    "payment": PaymentForm,
    "excuse": ExcuseForm,
}


def _member(request: HttpRequest, pk: int) -> Member:
    return get_object_or_404(
        Member.objects.visible_to(request.user).select_related("organization"), pk=pk
    )


@login_required
def member(request: HttpRequest, pk: int) -> HttpResponse:
    person = _member(request, pk)
    return _render_member(request, person)


def _render_member(request, person, bound=None, status=200) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError as error:
        raise Http404 from error
    forms = {name: cls(prefix=name) for name, cls in MEMBER_FORMS.items()}
    if bound is not None:
        forms[bound[0]] = bound[1]
    return render(
        request,
        "dues/member.html",
        {
            "member": person, "year": year,
            "ledger": queries.member_ledger(person, year),
            "bases": DuesBasis.objects.filter(member=person).order_by("-valid_from"),
            "reliefs": DuesRelief.objects.filter(member=person).order_by("-valid_from"),
            "forms": forms, "may": services.may_collect(request.user, person.organization),
        },
        status=status,
    )  # fmt: skip


@login_required
@require_POST
def member_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    person = _member(request, pk)
    if action not in services.MEMBER_ACTIONS:
        raise Http404
    services.require_edit(request.user, person.organization)
    form = MEMBER_FORMS[action](request.POST, prefix=action)
    step = services.MEMBER_ACTIONS[action]

    def perform(data):
        data = dict(data)
        if action in ("payment", "excuse"):
            month = data.pop("month")
            return step(person, first_of_month(month), actor=request.user, **data)
        return step(person, actor=request.user, **data)

    if not form.is_valid():
        return _render_member(request, person, (action, form), status=400)
    try:
        perform(form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return _render_member(request, person, (action, form), status=400)
    messages.success(request, _("Saved."))
    return redirect(reverse("dues_member", args=[person.pk]))
