"""Users and roles in the browser, for the office and the secretaries within their scope: the
list (search, Vietnamese order, pages, Excel), a user's page (roles, history) and one form per
step of `services.users`. Outside the actor's scope everything is a 404."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.forms import style_fields
from coso.core.scope import OutOfScope
from coso.core.sheets.writer import write_xlsx
from coso.core.text import fold, name_sort_key
from coso.core.views import form_action, person_name, xlsx_download

from .models import AccountChange, RoleAssignment
from .services import users as services
from .user_forms import CreateUserForm, EndRoleForm, ResetPasswordForm, RoleFields

PER_PAGE = 50
#: a password made by a step, kept in the session until the user's page shows it once
NEW_PASSWORD_SESSION_KEY = "coso_new_password"


def _require_manager(request) -> None:
    if not services.may_manage_users(request.user):
        raise OutOfScope


def _managed_user_or_404(request, pk: int):
    _require_manager(request)
    return get_object_or_404(services.users_managed_by(request.user), pk=pk)


def _matching_ids(request, query: str) -> list[int]:
    """The ids of the actor's users matching `query` (accent-insensitive, every word), in
    Vietnamese name order (given name, family name, middle name, then username)."""
    words = fold(query).split()
    rows = services.users_managed_by(request.user).values_list(
        "pk", "username", "first_name", "last_name"
    )
    found = []
    for pk, username, first, last in rows:
        text = fold(f"{last} {first} {username}")
        if all(w in text for w in words):
            family, _sep, middle = last.partition(" ")
            found.append((name_sort_key(family, middle, first or username), username, pk))
    found.sort()
    return [pk for _key, _username, pk in found]


def _with_current_roles(ids: list[int]) -> list:
    current = (
        RoleAssignment.objects.current()
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    users = (
        get_user_model()
        .objects.filter(pk__in=ids)
        .prefetch_related(Prefetch("role_assignments", queryset=current, to_attr="current_roles"))
    )
    by_pk = {u.pk: u for u in users}
    return [by_pk[pk] for pk in ids]


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    query = request.GET.get("q", "").strip()
    ids = _matching_ids(request, query)
    if request.GET.get("format") == "xlsx":
        return _export(_with_current_roles(ids))
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _with_current_roles(list(page.object_list))
    return render(request, "accounts/users/list.html", {"page": page, "q": query})


def _roles_text(user) -> str:
    return "; ".join(f"{a.get_role_display()} – {a.organization.code}" for a in user.current_roles)


def _export(users: list) -> HttpResponse:
    headers = [_("Username"), _("Full name"), _("Active"), _("Current roles")]
    rows = [
        (u.username, person_name(u), _("Yes") if u.is_active else _("No"), _roles_text(u))
        for u in users
    ]
    return xlsx_download(
        lambda f: write_xlsx(f, headers, rows, sheet_name=_("Users"), widths=[20, 30, 10, 60]),
        "nguoi-dung.xlsx",
    )


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user_or_404(request, pk)
    today = timezone.localdate()
    roles = list(user.role_assignments.select_related("organization").order_by("-valid_from"))
    for a in roles:
        a.is_current = (a.valid_from is None or a.valid_from <= today) and (
            a.valid_to is None or a.valid_to > today
        )
        a.may_end = (a.valid_to is None or a.valid_to > today) and _may_end(request.user, a)
    changes = AccountChange.objects.filter(user=user).select_related("actor", "assignment")
    new_password = request.session.pop(NEW_PASSWORD_SESSION_KEY, None)
    if new_password and new_password.get("user") != user.pk:
        new_password = None
    return render(
        request,
        "accounts/users/detail.html",
        {
            "subject": user,
            "name": person_name(user),
            "current": [a for a in roles if a.is_current],
            "other": [a for a in roles if not a.is_current],
            "changes": changes,
            "new_password": new_password and new_password["password"],
            "is_self": user.pk == request.user.pk,
        },
    )


def _may_end(actor, assignment) -> bool:
    try:
        services.check_grant(actor, assignment.organization, assignment.role)
    except (ValidationError, OutOfScope):
        return False
    return True


def _form_page(request, form, title: str, subject=None, *, button: str, danger=False):
    style_fields(form)
    return render(
        request,
        "accounts/users/form.html",
        {"form": form, "title": title, "subject": subject, "button": button, "danger": danger},
        status=400 if form.is_bound else 200,
    )


def _form_step(request, form, title: str, subject=None, *, button: str, danger=False, **action):
    """The form page on GET; on POST the step through `form_action` (`action`: the service
    call, success message and where to go), the page again with the refusal."""

    def show_again(f):
        return _form_page(request, f, title, subject, button=button, danger=danger)

    if request.method != "POST":
        return show_again(form)
    return form_action(request, form, show_again=show_again, **action)


def _show_password_once(request, user, password: str) -> str:
    request.session[NEW_PASSWORD_SESSION_KEY] = {"user": user.pk, "password": password}
    return reverse("user_detail", args=[user.pk])


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = CreateUserForm(request.POST if request.method == "POST" else None, actor=request.user)
    title = _("New user")

    return _form_step(
        request,
        form,
        title,
        button=_("Create the user"),
        perform=lambda d: services.create_user(**d, actor=request.user),
        success=lambda r: _("Created the user %(username)s.") % {"username": r[0].username},
        done_url=lambda r: _show_password_once(request, *r),
    )


@login_required
def user_grant_role(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user_or_404(request, pk)
    form = RoleFields(request.POST if request.method == "POST" else None, actor=request.user)

    return _form_step(
        request,
        form,
        _("Give a role"),
        user,
        button=_("Give the role"),
        perform=lambda d: services.grant_user_role(user, **d, actor=request.user),
        success=lambda a: _("Gave the role %(role)s.") % {"role": a.get_role_display()},
        done_url=reverse("user_detail", args=[user.pk]),
    )


@login_required
def role_end(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    assignment = get_object_or_404(
        services.assignments_managed_by(request.user).select_related("organization", "user"),
        pk=pk,
    )
    form = EndRoleForm(request.POST if request.method == "POST" else None)
    title = _("End the role %(role)s on %(organization)s") % {
        "role": assignment.get_role_display(),
        "organization": assignment.organization.name,
    }

    return _form_step(
        request,
        form,
        title,
        assignment.user,
        button=_("End the role"),
        danger=True,
        perform=lambda d: services.end_user_role(assignment, **d, actor=request.user),
        success=lambda a: _("Ended the role %(role)s.") % {"role": a.get_role_display()},
        done_url=reverse("user_detail", args=[assignment.user_id]),
    )


@login_required
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = _managed_user_or_404(request, pk)
    form = ResetPasswordForm(request.POST if request.method == "POST" else None)

    return _form_step(
        request,
        form,
        _("Reset the password"),
        user,
        button=_("Reset"),
        perform=lambda d: services.reset_password(user, password=d["password"], actor=request.user),
        success=lambda _p: (
            _("The password of %(username)s was reset.") % {"username": user.username}
        ),
        done_url=lambda p: _show_password_once(request, user, p),
    )


@login_required
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that asks first (one tap on a phone must not switch an account off), then the
    step."""
    user = _managed_user_or_404(request, pk)
    form = forms.Form(request.POST if request.method == "POST" else None)

    def show_again(f):
        return _form_page(
            request, f, _("Deactivate the account"), user, button=_("Deactivate"), danger=True
        )

    if request.method != "POST":
        return show_again(form)
    return form_action(
        request,
        form,
        lambda _d: services.deactivate_user(user, actor=request.user),
        success=lambda u: _("Deactivated the account %(username)s.") % {"username": u.username},
        done_url=reverse("user_detail", args=[user.pk]),
        show_again=show_again,
    )
