"""Entering a member into the registry and editing the record (refused with 409 when someone
else saved it first), and the wards of a province for the address selects.

Changes go through `coso.members.services.registry`; the member edited comes from
`editable_member` (outside the user's scope: 404).
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coso.core.forms import add_service_error, form_status, save_edit, style_fields
from coso.members import services
from coso.members.forms.member import (
    MemberCreateForm,
    MemberEditForm,
    ward_choices,
)
from coso.members.views.members import editable_member
from coso.orgs.models import Organization


@login_required
def member_create(request: HttpRequest) -> HttpResponse:
    """Enter a member into the registry in an organization the user manages."""
    if request.method == "POST":
        form = MemberCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                member = services.register_member(
                    form.registry_data(),
                    organization=form.cleaned_data["organization"],
                    active_from=form.cleaned_data["active_from"],
                    status=form.cleaned_data["status"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("%(name)s was added to the registry.") % {"name": member.full_name}
                )
                return redirect("member_detail", pk=member.pk)
    else:
        initial = {}
        # prefilled only with an organization the user may add members to (the box would
        # otherwise show a code from outside the scope as if it were offered)
        found = (
            Organization.objects.editable_by(request.user)
            .active()
            .by_code(request.GET.get("organization"))
        )
        if found is not None:
            initial["organization"] = found.code
        form = MemberCreateForm(user=request.user, initial=initial)
    style_fields(form)
    return render(
        request, "members/member_form.html", {"form": form, "member": None, "creating": True}
    )


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the registry record; refused if someone else saved it since the form was opened."""
    member = editable_member(request, pk)
    if request.method == "POST":
        form = MemberEditForm(request.POST, instance=member, user=request.user)
        if form.is_valid():
            done = save_edit(
                request,
                form,
                form.registry_changes(),
                functools.partial(services.update_member, member),
                reverse("member_detail", args=[member.pk]),
            )
            if done:
                return done
        # the form mutated the in-memory instance while validating; show the stored name
        member.refresh_from_db()
    else:
        form = MemberEditForm(instance=member, user=request.user)
    style_fields(form)
    return render(
        request,
        "members/member_form.html",
        {"form": form, "member": member, "creating": False},
        status=form_status(form),
    )


@login_required
@require_GET
def ward_options(request: HttpRequest) -> HttpResponse:
    """<option>s of the wards of one province, for the address selects (htmx)."""
    code = None
    for key in ("province", "permanent_province", "current_province"):
        if request.GET.get(key):
            code = request.GET[key]
            break
    try:
        wards = ward_choices(int(code)) if code else []
    except ValueError:
        wards = []
    return render(request, "members/_ward_options.html", {"wards": wards})
