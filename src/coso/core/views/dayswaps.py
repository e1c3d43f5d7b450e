"""The day swaps of a year: every signed-in user reads them (deadlines depend on them); the
office whose editing scope is the whole tree enters, changes and deletes them
(`core.dayswaps`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..calendar import public_holidays
from ..choices import DaySwapKind
from ..dates import format_date
from ..dayswaps import delete_day_swap, may_keep_day_swaps, save_day_swap
from ..forms import date_field, style_fields
from ..models import DaySwap
from ..scope import OutOfScope
from ..sheets.writer import write_xlsx
from . import form_action, xlsx_download

#: the years the page offers (the calendar counts deadlines from 2015 on)
FIRST_YEAR = 2015


class DaySwapForm(forms.Form):
    date = date_field(label=gettext_lazy("Date"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DaySwapKind.choices)
    legal_basis = forms.CharField(
        label=gettext_lazy("Legal basis"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("The number and date of the government's letter, e.g. "
                               "“Thông báo số 123/TB-BNV ngày 01/12/2025”."),
    )  # fmt: skip
    note = forms.CharField(label=gettext_lazy("Note"), max_length=255, required=False)


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    return min(max(year, FIRST_YEAR), today.year + 1)


@login_required
def day_swap_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    swaps = list(DaySwap.objects.filter(date__year=year))
    if request.GET.get("format") == "xlsx":
        return _export(swaps, year)
    return render(
        request,
        "core/dayswaps.html",
        {
            "year": year,
            "years": range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1),
            "swaps": swaps,
            "holidays": public_holidays(year),
            "swapped": {s.date for s in swaps},
            "may_keep": may_keep_day_swaps(request.user),
        },
    )


def _export(swaps: list[DaySwap], year: int):
    headers = [_("Date"), _("Weekday"), _("Kind"), _("Legal basis"), _("Note")]
    rows = [
        (s.date, date_format(s.date, "l"), s.get_kind_display(), s.legal_basis, s.note)
        for s in swaps
    ]  # fmt: skip
    return xlsx_download(
        lambda f: write_xlsx(f, headers, rows, sheet_name=str(year), widths=[12, 10, 24, 50, 30]),
        f"hoan-doi-ngay-lam-viec-{year}.xlsx",
    )


def _keeper_or_404(request: HttpRequest) -> None:
    if not may_keep_day_swaps(request.user):
        raise OutOfScope


@login_required
def day_swap_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _keeper_or_404(request)
    swap = get_object_or_404(DaySwap, pk=pk) if pk is not None else None
    initial = (
        {"date": swap.date, "kind": swap.kind, "legal_basis": swap.legal_basis,
         "note": swap.note}
        if swap else {}
    )  # fmt: skip
    form = DaySwapForm(request.POST or None, initial=initial)

    def show_again(f):
        style_fields(f)
        status = 400 if f.is_bound else 200
        return render(request, "core/dayswap_form.html", {"form": f, "swap": swap}, status=status)

    if request.method != "POST" or not form.is_valid():
        return show_again(form)
    return form_action(
        request,
        form,
        lambda d: save_day_swap(**d, swap=swap, actor=request.user),
        success=lambda s: _("Saved the day swap of %(date)s.") % {"date": format_date(s.date)},
        done_url=reverse("day_swaps") + f"?year={form.cleaned_data['date'].year}",
        show_again=show_again,
    )


@login_required
@require_POST
def day_swap_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _keeper_or_404(request)
    swap = get_object_or_404(DaySwap, pk=pk)
    year = swap.date.year
    delete_day_swap(swap, actor=request.user)
    messages.success(
        request, _("Deleted the day swap of %(date)s.") % {"date": format_date(swap.date)}
    )
    return redirect(reverse("day_swaps") + f"?year={year}")
