"""The member's record: the page with its timeline, and the actions on it (move, exemption,
removal) with the move form's suggestions.

Every view starts from `Member.objects.visible_to(user)` (reading) or `editable_by(user)`
(changing, `editable_member`); a member outside that scope is a 404. Changes go through
`coso.members.services`; an action's form ends in `core.views.form_action`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.core import scope
from coso.core.dates import format_date as _date
from coso.core.forms import style_fields
from coso.core.text import fold
from coso.core.views import form_action, person_name
from coso.members import services
from coso.members.choices import ACTIVE_STATUSES, EventKind, MemberStatus, Sex
from coso.members.forms.member import (
    MoveForm,
    RemovalForm,
    move_suggestions,
    province_name,
    ward_name,
)
from coso.members.models import Member
from coso.members.models.member import PROVINCE_FIELDS, WARD_FIELDS
from coso.members.privacy import sees_record
from coso.orgs.models import Organization


def _address(street: str, ward: int | None, province: int | None) -> str:
    """The street, then the ward and the province unless the street already names them (a
    record imported or typed whole: "…, Phường Yên Hòa, Thành phố Hà Nội")."""
    written = fold(street)
    parts = [street]
    for unit in (ward_name(ward), province_name(province)):
        if unit and fold(unit) not in written:
            parts.append(unit)
    return ", ".join(p for p in parts if p)


def _sections(member: Member) -> list[tuple[str, list[tuple[str, Any]]]]:
    def label(name: str) -> str:
        return capfirst(str(Member._meta.get_field(name).verbose_name))

    def rows(*names: str) -> list[tuple[str, Any]]:
        return [(label(n), getattr(member, n)) for n in names]

    return [
        (
            _("Identity"),
            [
                *rows("full_name", "other_names"),
                (label("sex"), member.get_sex_display()),
                (label("birth_date"), _date(member.birth_date)),
                *rows("ethnicity", "religion", "cccd", "phone", "email"),
            ],
        ),
        (
            _("Addresses"),
            [
                (
                    label("hometown"),
                    ", ".join(
                        p for p in (member.hometown, province_name(member.hometown_province)) if p
                    ),
                ),
                (
                    label("permanent_address"),
                    _address(
                        member.permanent_address, member.permanent_ward, member.permanent_province
                    ),
                ),
                (
                    label("current_address"),
                    _address(member.current_address, member.current_ward, member.current_province),
                ),
            ],
        ),
        (
            _("Education and work"),
            rows(
                "education_general",
                "education_professional",
                "political_theory",
                "foreign_language",
                "it_level",
                "occupation",
                "workplace",
                "position",
            ),
        ),
        (
            _("Party record"),
            [
                *rows("record_number", "party_card_number"),
                (label("admitted_on"), _date(member.admitted_on)),
                *rows("admitting_organization", "introducers"),
                (label("recognized_on"), _date(member.recognized_on)),
                (label("status"), member.get_status_display()),
            ],
        ),
    ]


_CHOICE_LABELS = {"sex": dict(Sex.choices), "status": dict(MemberStatus.choices)}


def _timeline(member: Member) -> list[dict[str, Any]]:
    """`services.timeline` with values shown as people read them (names, dd/mm/yyyy)."""
    items = services.timeline(member)
    by_label = {str(f.verbose_name): f.name for f in Member._meta.fields}
    org_ids = {
        value
        for item in items
        for change in item.get("changes", ())
        if by_label.get(change["field"]) == "organization"
        for value in (change["old"], change["new"])
        if value
    }
    org_names = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name"))

    def show(name: str | None, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if name in _CHOICE_LABELS:
            return str(_CHOICE_LABELS[name].get(value, value))
        if name in PROVINCE_FIELDS:
            return province_name(value)
        if name in WARD_FIELDS:
            return ward_name(value)
        if name == "organization":
            return org_names.get(value, str(value))
        if isinstance(value, dt.date):
            return _date(value)
        return str(value)

    for item in items:
        item["actor_name"] = person_name(item["actor"])
        for change in item.get("changes", ()):
            name = by_label.get(change["field"])
            change["field"] = capfirst(change["field"])
            change["old_display"] = show(name, change["old"])
            change["new_display"] = show(name, change["new"])
    return items


def _render_detail(
    request: HttpRequest, member: Member, *, status: int = 200, **forms: Any
) -> HttpResponse:
    can_edit = scope.can_edit(request.user, member)
    context: dict[str, Any] = {
        "member": member,
        "sections": _sections(member),
        "timeline": _timeline(member),
        "can_edit": can_edit,
        "is_active": member.status in ACTIVE_STATUSES,
    }
    if can_edit and member.status in ACTIVE_STATUSES:
        context["move_form"] = forms.get("move_form") or MoveForm(
            user=request.user, member=member, prefix="move"
        )
        context["move_suggestions"] = move_suggestions(request.user, member)
        context["removal_form"] = forms.get("removal_form") or RemovalForm(prefix="removal")
        for form in ("move_form", "removal_form"):
            if form in context:
                style_fields(context[form])
    context["open_action"] = next((name for name, form in forms.items() if form.errors), "")
    return render(request, "members/member_detail.html", context, status=status)


@login_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The record; for a member whose record the user may not read (a plain member's role
    shows names only), the name and the cell, nothing else."""
    member = get_object_or_404(
        Member.objects.listed_for(request.user).select_related("organization"), pk=pk
    )
    if not sees_record(request.user, member):
        return render(request, "members/member_name.html", {"member": member})
    return _render_detail(request, member)


def editable_member(request: HttpRequest, pk: int) -> Member:
    return get_object_or_404(
        Member.objects.editable_by(request.user).select_related("organization"), pk=pk
    )


@login_required
@require_POST
def member_move(request: HttpRequest, pk: int) -> HttpResponse:
    member = editable_member(request, pk)
    form = MoveForm(request.POST, user=request.user, member=member, prefix="move")
    return form_action(
        request,
        form,
        lambda data: services.move_member(member, kind=EventKind.MOVED, actor=request.user, **data),
        success=lambda _result: (
            _("%(name)s now belongs to %(org)s.")
            % {"name": member.full_name, "org": form.cleaned_data["to"].name}
        ),
        done_url=reverse("member_detail", args=[member.pk]),
        show_again=lambda form: _render_detail(request, member, move_form=form),
    )


@login_required
@require_GET
def member_move_organizations(request: HttpRequest, pk: int) -> HttpResponse:
    """The move form's suggestions for what is typed in its box (htmx): organizations the
    user may move the member to, `MOVE_SUGGESTIONS` at most."""
    member = editable_member(request, pk)
    text = request.GET.get("move-to", "")[:100]
    return render(
        request,
        "members/_organization_options.html",
        {"organizations": move_suggestions(request.user, member, text)},
    )


@login_required
def member_exemption(request: HttpRequest, pk: int) -> HttpResponse:
    """The exemption's old door: exempting and ending it are the lifecycle page's actions
    (`services.set_exemption` behind both), so this only points there."""
    member = editable_member(request, pk)
    anchor = "?action=exempt#action-exempt" if member.status == MemberStatus.OFFICIAL else ""
    return redirect(
        reverse("member_lifecycle", args=[member.pk]) + (anchor or "#lifecycle-actions")
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = editable_member(request, pk)
    form = RemovalForm(request.POST, prefix="removal")
    return form_action(
        request,
        form,
        lambda data: services.remove_member(member, actor=request.user, **data),
        success=lambda _result: (
            _("%(name)s: %(event)s.")
            % {"name": member.full_name, "event": EventKind(form.cleaned_data["kind"]).label}
        ),
        done_url=reverse("member_detail", args=[member.pk]),
        show_again=lambda form: _render_detail(request, member, removal_form=form),
    )
