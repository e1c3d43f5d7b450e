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
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.accounts.scope import home_organizations
from coso.core import scope
from coso.core.forms import add_service_error, style_fields
from coso.core.views import organization_or_404, xlsx_download
from coso.members.choices import ACTIVE_STATUSES, TransferKind, TransferStatus
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
from coso.members.queries.transfers import export_transfers
from coso.members.services import MEMBER_ACTIONS, TRANSFER_ACTIONS, receive_from_outside
from coso.orgs.models import Organization, attach_parent_names

TODO_PAGE_SIZE = 50
TRANSFERS_SHOWN = 500
RECENT_SHOWN = 50


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
    top = home_organizations(request.user).order_by("path").first()
    if top is None:
        raise Http404
    return redirect("org_transfers", code=top.code)


@login_required
@require_GET
def org_transfers(request: HttpRequest, code: str) -> HttpResponse:
    """Letters addressed to the organization's subtree (inbox) and issued from it (outbox)."""
    user = request.user
    org = organization_or_404(Organization.objects.visible_to(user), code)
    base = Transfer.objects.visible_to(user).select_related(
        "member", "member__organization", "from_organization", "to_organization"
    )
    to_here = Q(to_organization__path__startswith=org.path)
    from_here = Q(from_organization__path__startswith=org.path)
    inbox = list(
        base.filter(to_here, status=TransferStatus.ISSUED).order_by("hand_in_due")[:TRANSFERS_SHOWN]
    )
    outbox = list(
        base.filter(from_here, status=TransferStatus.ISSUED).order_by("hand_in_due")[
            :TRANSFERS_SHOWN
        ]
    )
    temporary = list(
        base.filter(
            to_here | from_here,
            kind=TransferKind.TEMPORARY,
            status=TransferStatus.RECEIVED,
            closed_on__isnull=True,
        ).order_by("until")[:TRANSFERS_SHOWN]
    )
    # ended: received (a temporary transfer only once it is over), cancelled or lapsed
    recent = list(
        base.filter(to_here | from_here)
        .exclude(status=TransferStatus.ISSUED)
        .exclude(kind=TransferKind.TEMPORARY, status=TransferStatus.RECEIVED, closed_on=None)
        .order_by("-received_on", "-closed_on", "-id")[:RECENT_SHOWN]
    )
    boxes = {"inbox": inbox, "outbox": outbox, "temporary": temporary, "recent": recent}
    if request.GET.get("format") == "xlsx":
        return export_transfers(org, boxes)
    # the parent beside each organization's name: many cells share one
    attach_parent_names(
        o
        for t in inbox + outbox + temporary + recent
        for o in (t.from_organization, t.to_organization)
    )
    shown = [t.pk for t in inbox + outbox + temporary]
    receivable = set(
        Transfer.objects.receivable_by(user).filter(pk__in=shown).values_list("pk", flat=True)
    )
    sent = set(Transfer.objects.sent_by(user).filter(pk__in=shown).values_list("pk", flat=True))
    # a member on an incoming letter is not yet the receiver's to see: the name, without a link
    readable = set(
        Member.objects.visible_to(user)
        .filter(pk__in={t.member_id for t in inbox + outbox + temporary + recent})
        .values_list("pk", flat=True)
    )
    context = {
        "org": org,
        "today": timezone.localdate(),
        "inbox": inbox,
        "outbox": outbox,
        "temporary": temporary,
        "recent": recent,
        "receivable": receivable,
        "sent": sent,
        "readable": readable,
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
def todo_export(request: HttpRequest) -> FileResponse:
    filters, error = todo_filters(request.user, request.GET)
    if error:
        raise Http404(error)
    today = timezone.localdate()
    return xlsx_download(
        lambda spool: export_todo_xlsx(spool, iter_all(request.user, today=today, **filters)),
        f"viec-can-lam-{today:%Y%m%d}.xlsx",
    )
