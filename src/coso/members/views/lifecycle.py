"""Lifecycle pages: a member's transfers, statuses and residence liaison with their actions;
each organization's transfer inbox and outbox; the to-do list ("Việc cần làm") and its export.

Reading starts from `visible_to(user)`, acting from `editable_by(user)` (or, for a letter,
from being its receiver or sender); anything else is a 404 and changes nothing. Every change
goes through a step (`coso.members.services.MEMBER_ACTIONS` / `TRANSFER_ACTIONS`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.accounts.scope import home_organizations
from coso.core import scope
from coso.core.forms import add_service_error, style_fields
from coso.core.paging import sort_headers
from coso.core.replica import heavy_reads
from coso.core.views import organization_or_404, xlsx_download
from coso.members.choices import ACTIVE_STATUSES, TransferKind, TransferStatus
from coso.members.filters import TRANSFER_DIRECTIONS
from coso.members.forms.lifecycle import (
    MEMBER_ACTION_FORMS,
    TRANSFER_ACTION_FORMS,
    EndStatusForm,
    IncomingForm,
    todo_filters,
)
from coso.members.models import Member, ResidenceFeedback, Transfer
from coso.members.queries.screening import TodoKind
from coso.members.queries.todo import export_todo_xlsx, iter_all, member_flags, todo_list
from coso.members.queries.transfers import (
    BOXES,
    box_counts,
    export_transfers,
    letters_of,
    letters_page,
)
from coso.members.services import MEMBER_ACTIONS, TRANSFER_ACTIONS, receive_from_outside
from coso.orgs.models import Organization

TODO_PAGE_SIZE = 50
TRANSFERS_PAGE_SIZE = 25
#: the columns the transfers list sorts by (keys of `TRANSFER_ORDERINGS`)
TRANSFERS_SORTABLE = ("name", "issued", "due")
TRANSFER_FILTERS = ("search", "kind", "direction", "status", "overdue")


# --- a member's lifecycle -----------------------------------------------------------------


def _member_context(request: HttpRequest, member: Member, bound: dict | None = None) -> dict:
    today = timezone.localdate()
    can_edit = scope.can_edit(request.user, member)
    periods = list(member.status_periods.select_related("actor"))
    liaisons = list(
        member.residence_liaisons.select_related("residence_organization").prefetch_related(
            Prefetch("feedback", queryset=ResidenceFeedback.objects.order_by("-year"))
        )
    )
    context = {
        "member": member,
        "today": today,
        "can_edit": can_edit,
        "is_active": member.status in ACTIVE_STATUSES,
        "flags": member_flags(member, today=today),
        "transfers": list(member.transfers.select_related("from_organization", "to_organization")),
        "periods": periods,
        "liaisons": liaisons,
        "has_liaison": any(li.ended_on is None for li in liaisons),
        "actions": [],
        "end_forms": [],
        "open_action": "",
    }
    bound = bound or {}
    if can_edit and context["is_active"]:
        for name, (form_class, label) in MEMBER_ACTION_FORMS.items():
            if name == "end_status":
                continue
            if name == "residence_feedback" and not context["has_liaison"]:
                continue
            form = bound.get(name) or form_class(prefix=name, initial=_initial(form_class, today))
            style_fields(form)
            context["actions"].append((name, label, form))
            if form.is_bound:
                context["open_action"] = name
        for p in periods:
            if p.ended_on is None and p.kind != "retired":
                form = bound.get(f"end_status-{p.pk}") or EndStatusForm(
                    prefix="end_status", initial={"period": p.pk, "date": today}
                )
                style_fields(form)
                context["end_forms"].append((p, form))
    return context


def _initial(form_class, today) -> dict:
    names = (
        "issued_on", "valid_from", "retired_on", "graduated_on", "introduced_on",
        "received_on", "date",
    )  # fmt: skip
    initial = {n: today for n in names if n in form_class.base_fields}
    if "year" in form_class.base_fields:
        initial["year"] = today.year
    return initial


@login_required
@require_GET
def member_lifecycle(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        Member.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    context = _member_context(request, member)
    # the member page's "transfer" and "exempt" links open their action here
    wanted = request.GET.get("action", "")
    if any(name == wanted for name, _label, _form in context["actions"]):
        context["open_action"] = wanted
    return render(request, "members/lifecycle/member.html", context)


@login_required
@require_POST
def member_lifecycle_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in MEMBER_ACTIONS:
        raise Http404
    member = get_object_or_404(
        Member.objects.editable_by(request.user).select_related("organization"), pk=pk
    )
    form_class, label = MEMBER_ACTION_FORMS[action]
    call = MEMBER_ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            call(member, form.cleaned_data, request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return redirect("member_lifecycle", pk=member.pk)
    key = action
    if action == "end_status":
        key = f"end_status-{form.data.get('end_status-period')}"
    context = _member_context(request, member, bound={key: form})
    context["error_form"] = form
    return render(request, "members/lifecycle/member.html", context, status=400)


# --- transfer inbox and outbox ------------------------------------------------------------


@login_required
@require_GET
def transfers_home(request: HttpRequest) -> HttpResponse:
    """The transfers of the user's top organization, with the list and filters asked for."""
    top = home_organizations(request.user).order_by("path").first()
    if top is None:
        raise Http404
    url = reverse("org_transfers", args=[top.code])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_GET
def org_transfers(request: HttpRequest, code: str) -> HttpResponse:
    """Letters addressed to the organization's subtree or issued from it: one list at a time
    (letters in, letters out, temporary activity in progress, closed, all), searched,
    filtered, sorted and paged; `?format=xlsx` exports the list, every page of it."""
    user = request.user
    org = organization_or_404(Organization.objects.visible_to(user), code)
    letters = letters_of(user, org, request.GET)
    if request.GET.get("format") == "xlsx":
        return export_transfers(org, letters)
    counts = box_counts(letters, org.path)
    page = letters_page(user, org, letters, counts, request.GET.get("page"), TRANSFERS_PAGE_SIZE)
    form = letters.filter.form
    context = {
        "org": org,
        "box": letters.box,
        "boxes": [
            (key, label, counts[key], counts.get(f"{key}_overdue")) for key, label in BOXES.items()
        ],
        "page": page,
        "letters": page.object_list,
        "filter": letters.filter,
        "filtered": any(form.cleaned_data.get(name) for name in TRANSFER_FILTERS),
        # the further filters stay unfolded while one of them is set
        "narrowed": any(form.cleaned_data.get(name) for name in TRANSFER_FILTERS[1:]),
        "kinds": TransferKind.choices,
        "directions": TRANSFER_DIRECTIONS,
        "statuses": TransferStatus.choices,
        "overdue": form.cleaned_data.get("overdue"),
        "sort": sort_headers(letters.ordering, TRANSFERS_SORTABLE),
        "printable": any(t.status == TransferStatus.ISSUED and t.sent for t in page.object_list),
        "can_edit": scope.can_edit(user, org),
    }
    return render(request, "members/lifecycle/transfers.html", context)


@login_required
def transfer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step on a letter: receive, confirm (slip from outside), cancel or lapse, end."""
    if action not in TRANSFER_ACTIONS:
        raise Http404
    form_class, label, role = TRANSFER_ACTION_FORMS[action]
    call = TRANSFER_ACTIONS[action]
    transfer = get_object_or_404(
        Transfer.objects.actionable_by(request.user, role).select_related(
            "member", "from_organization", "to_organization"
        ),
        pk=pk,
    )
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                call(transfer, form.cleaned_data, request.user)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("%(action)s: done.") % {"action": label})
                org = transfer.to_organization if role == "receiver" else transfer.from_organization
                org = org or transfer.to_organization or transfer.from_organization
                return redirect("org_transfers", code=org.code)
        status = 400
    else:
        form = form_class(
            initial={"received_on": timezone.localdate(), "date": timezone.localdate()}
        )
    style_fields(form)
    # the way back: the transfers of the side acting, as after the step
    side = transfer.to_organization if role == "receiver" else transfer.from_organization
    side = side or transfer.to_organization or transfer.from_organization
    return render(
        request,
        "members/lifecycle/action.html",
        {
            "form": form,
            "title": label,
            "transfer": transfer,
            "back_url": reverse("org_transfers", args=[side.code]),
        },
        status=status,
    )


@login_required
def transfer_incoming(request: HttpRequest, code: str) -> HttpResponse:
    """A letter in from outside the system: the member is registered, or revived by CCCD."""
    org = organization_or_404(Organization.objects.editable_by(request.user), code)
    status = 200
    if request.method == "POST":
        form = IncomingForm(request.POST)
        if form.is_valid():
            try:
                transfer = receive_from_outside(org, form.cleaned_data, request.user)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s was received into %(org)s.")
                    % {"name": transfer.member.full_name, "org": org.name},
                )
                return redirect("member_lifecycle", pk=transfer.member_id)
        status = 400
    else:
        form = IncomingForm(initial={"received_on": timezone.localdate()})
    style_fields(form)
    return render(
        request,
        "members/lifecycle/action.html",
        {
            "form": form,
            "title": _("Letter in from outside the system"),
            "org": org,
            "back_url": reverse("org_transfers", args=[org.code]),
        },
        status=status,
    )


# --- Việc cần làm -------------------------------------------------------------------------


@login_required
@require_GET
def todo(request: HttpRequest) -> HttpResponse:
    """Every overdue and soon-due item in the user's scope (fixed number of queries): the
    overdue ones first, counted apart; `?overdue=1` lists only them. An unknown organization
    code says so, with no items."""
    filters, error = todo_filters(request.user, request.GET)
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    today = timezone.localdate()
    result = None
    if not error:
        result = todo_list(
            request.user, today=today, page=page, page_size=TODO_PAGE_SIZE, **filters
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "result": result,
        **filters,
        "organization_error": error,
        "organization_typed": request.GET.get("organization", ""),
        "kind_choices": TodoKind.choices,
        "query": query.urlencode(),
    }
    return render(request, "members/lifecycle/todo.html", context)


@login_required
@require_GET
@heavy_reads
def todo_export(request: HttpRequest) -> FileResponse:
    filters, error = todo_filters(request.user, request.GET)
    if error:
        raise Http404(error)
    today = timezone.localdate()
    return xlsx_download(
        lambda spool: export_todo_xlsx(spool, iter_all(request.user, today=today, **filters)),
        f"viec-can-lam-{today:%Y%m%d}.xlsx",
    )
