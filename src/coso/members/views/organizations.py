"""Organization pages: the tree browser, its htmx children fragment, the detail page and the
restructuring actions. They sit in members because they show each organization's members (the
tree's counts, the detail page's list) and the merge and dissolve steps move them; the orgs app
below reads no member. Every page starts from `Organization.objects.visible_to(user)` (actions
from `editable_by(user)`); anything outside the user's scope is a 404. Changes go through
`coso.orgs.services` and `coso.members.services.organizations` only.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coso.core.db.result_cache import cached, rows_part
from coso.core.scope import can_edit, scope_part
from coso.core.views import organization_or_404
from coso.members.models import Member, Placement
from coso.members.privacy import sees_record
from coso.members.services import organizations as reorganization
from coso.orgs import services
from coso.orgs.choices import OrgKind
from coso.orgs.forms import CreateChildForm, DissolveForm, MergeForm, MoveForm, RenameForm
from coso.orgs.models import Organization, OrganizationEvent

PAGE_SIZE = 50
MEMBERS_SHOWN = 50
EVENTS_SHOWN = 100


# --- helpers --------------------------------------------------------------------------------


def _subtree_counts(orgs: list[Organization], day: dt.date) -> dict[int, int]:
    """Official members on `day` in each org's subtree: one aggregate query for any number
    of orgs (used for the tree roots and search results, which have no common parent)."""
    if not orgs:
        return {}
    placements = Placement.objects.on(day).official()
    totals = placements.aggregate(
        **{
            f"o{org.pk}": Count(
                "member_id", distinct=True, filter=Q(organization__path__startswith=org.path)
            )
            for org in orgs
        }
    )
    return {org.pk: totals[f"o{org.pk}"] for org in orgs}


def _url_pattern(name: str) -> str:
    """`reverse(name, args=[code])` as a format string (fill it with `_quoted(code)`): a tree
    level costs one reverse."""
    marker = "CODE0MARKER"
    return reverse(name, args=[marker]).replace(marker, "{}")


def _quoted(code: str) -> str:
    """A code as `reverse` puts it in a path."""
    return quote(code, safe=RFC3986_SUBDELIMS + "/~:@")


def _children(parent: Organization, day: dt.date) -> tuple[list[Organization], int]:
    """The children of `parent` with their member counts, and the parent's own total: two
    queries per level (the children, the counts per branch) whatever their number."""
    nodes = list(
        Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by(
            "path"
        )
    )
    counts = Placement.objects.official_by_branch(parent, day)
    for node in nodes:
        node.member_count = counts.get(node.path, 0)
    return nodes, sum(counts.values())


def _nodes_html(nodes: list[Organization]) -> str:
    """The tree's <li> for each node (given its `member_count`; `parent_name` in search
    results), with its first level of children when `preloaded`; the others load theirs by
    htmx when opened.

    Written here rather than in a template: a tree level has dozens of nodes and the template
    language costs several microseconds per tag, which made rendering most of the tree page's
    time. Every value is escaped.
    """
    kinds = {value: str(label) for value, label in OrgKind.choices}
    detail_url, children_url = _url_pattern("org_detail"), _url_pattern("org_children")
    title = escape(_("Members in official activity here today (probationary ones included)"))
    loading = escape(_("Loading…"))
    parts = []
    for node in nodes:
        code, quoted = escape(node.code), _quoted(node.code)
        count = ngettext("%(n)s member", "%(n)s members", node.member_count) % {
            "n": number_format(node.member_count, force_grouping=True)
        }
        row = (
            f'<a href="{escape(detail_url.format(quoted))}" class="fw-semibold">'
            f"{escape(node.name)}</a>\n"
            f'<span class="code">{code}</span>\n'
            f'<span class="badge text-bg-light border">{escape(kinds.get(node.kind, node.kind))}'
            "</span>\n"
            f'<span class="badge text-bg-primary member-count" title="{title}">{escape(count)}'
            "</span>"
        )
        if node.dissolved_on:
            dissolved = _("Dissolved on %(date)s") % {
                "date": node.dissolved_on.strftime("%d/%m/%Y")
            }
            row += f'\n<span class="badge text-bg-secondary">{escape(dissolved)}</span>'
        if parent_name := getattr(node, "parent_name", ""):
            parent = _("in %(parent)s") % {"parent": parent_name}
            row += f'\n<div class="small text-secondary ps-1">{escape(parent)}</div>'
        parts.append(
            f'<li class="org-node{" dissolved" if node.dissolved_on else ""}" id="org-{code}" '
            f'data-code="{code}" data-members="{node.member_count}">\n'
        )
        if not node.numchild:
            parts.append(f'  <div class="org-row org-leaf">{row}</div>\n')
        elif getattr(node, "preloaded", False):
            parts.append(
                f'  <details open>\n    <summary class="org-row">{row}</summary>\n'
                f'    <div class="org-children">{_children_html(node.children_nodes)}</div>\n'
                "  </details>\n"
            )
        else:
            parts.append(
                f'  <details hx-get="{escape(children_url.format(quoted))}" '
                'hx-trigger="toggle once" hx-target="find .org-children" hx-swap="innerHTML">\n'
                f'    <summary class="org-row">{row}</summary>\n'
                '    <div class="org-children"><span class="htmx-indicator text-secondary ps-4">'
                f"{loading}</span></div>\n  </details>\n"
            )
        parts.append("</li>")
    return mark_safe("".join(parts))  # every value above is escaped


def _children_html(nodes: list[Organization]) -> str:
    """One level of the tree: the nodes' <ul>, or a line saying there are none."""
    if nodes:
        inner = _nodes_html(nodes)
    else:
        inner = f'<li class="text-secondary">{escape(_("No sub-organizations."))}</li>'
    return mark_safe(f'<ul class="org-tree-level">\n  {inner}\n</ul>\n')


# --- tree -----------------------------------------------------------------------------------


@login_required
def tree(request):
    """The tree from the top of the user's scope, first level expanded; or search results."""
    user = request.user
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in OrgKind.values:
        kind = ""
    context = {"q": q, "kind": kind, "kind_label": OrgKind(kind).label if kind else ""}
    if q or kind:
        qs = Organization.objects.visible_to(user)
        if kind:
            # the home page counts organizations that exist today: list the same ones
            qs = qs.filter(kind=kind).active()
        if q:
            qs = qs.search(q)
        page = Paginator(qs.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
        results = list(page)
        counts = _subtree_counts(results, today)
        parent_paths = {o.parent_path() for o in results if o.depth > 1}
        parents = (
            dict(
                Organization.objects.visible_to(user)
                .filter(path__in=parent_paths)
                .values_list("path", "name")
            )
            if parent_paths
            else {}
        )
        for org in results:
            org.member_count = counts[org.pk]
            org.parent_name = parents.get(org.parent_path(), "")
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            results=results, results_html=_nodes_html(results), page=page, query=query.urlencode()
        )
    else:
        roots = list(Organization.objects.tops_for(user).order_by("path"))
        for root in roots:
            # the branch counts of the first level add up to the root's own total
            root.children_nodes, root.member_count = _children(root, today)
            root.preloaded = True
        context.update(roots=roots, roots_html=_nodes_html(roots))
    return render(request, "orgs/tree.html", context)


@login_required
def children(request, code):
    """The htmx fragment of an organization's children (each expandable in turn)."""
    parent = organization_or_404(Organization.objects.visible_to(request.user), code)
    nodes, _total = _children(parent, timezone.localdate())
    return HttpResponse(_children_html(nodes))


# --- detail ---------------------------------------------------------------------------------

ACTION_FORMS = {
    "create": CreateChildForm,
    "rename": RenameForm,
    "move": MoveForm,
    "merge": MergeForm,
    "dissolve": DissolveForm,
}


def _render_detail(request, org: Organization, bound: dict | None = None):
    user = request.user
    today = timezone.localdate()
    bound = bound or {}
    parent = None
    if org.depth > 1:
        parent = Organization.objects.visible_to(user).filter(path=org.parent_path()).first()

    def counted():  # the subtree's counts and first members: kept until their tables change
        # names and cells only where the user's role shows no records (`members.privacy`)
        members_qs = Member.objects.listed_for(user).active().in_subtree(org)
        shown = members_qs.select_related("organization").vn_ordered()[:MEMBERS_SHOWN]
        return members_qs.count(), list(shown), _subtree_counts([org], today)[org.pk]

    member_total, members, official_count = cached(
        "org-members", f"{scope_part(user)}|{rows_part(org)}|{today}", counted
    )
    for m in members:
        m.record_shown = sees_record(user, m)
    events = list(
        OrganizationEvent.objects.filter(Q(organization=org) | Q(related=org))
        .select_related("organization", "from_parent", "to_parent", "related", "actor")
        .order_by("-date", "-id")[:EVENTS_SHOWN]
    )
    editable = can_edit(user, org)
    restructurable = (
        editable and Organization.objects.restructurable_by(user).filter(pk=org.pk).exists()
    )
    forms = {}
    if editable and not org.is_dissolved:
        for key, form_class in ACTION_FORMS.items():
            if key in RESTRUCTURING_ACTIONS and not restructurable:
                continue
            forms[key] = bound.get(key) or form_class(org, user)
        if not forms["create"].possible:
            del forms["create"]
    elif editable:
        forms = dict(bound)  # a refused action on a dissolved organization: show why
    context = {
        "org": org,
        "parent": parent,
        "official_count": official_count,
        "warnings": reorganization.organization_warnings(org, today),
        "children_html": _nodes_html(_children(org, today)[0]) if org.numchild else "",
        "members": members,
        "member_total": member_total,
        "members_shown": MEMBERS_SHOWN,
        "events": events,
        "editable": editable,
        "forms": forms,
        "open_action": next(iter(bound), ""),
    }
    return render(request, "orgs/detail.html", context)


@login_required
def detail(request, code):
    org = organization_or_404(Organization.objects.visible_to(request.user), code)
    return _render_detail(request, org)


# --- actions --------------------------------------------------------------------------------


def _action_view(key: str):
    """Make `perform(org, data, actor)`, which runs the service and returns the organization to
    show and the message, into the POST view of the action `key` (through `_action`)."""

    def decorate(perform):
        def view(request, code):
            return _action(request, code, key, perform)

        view.__name__ = view.__qualname__ = perform.__name__  # the URL's view keeps its name
        return login_required(require_POST(view))

    return decorate


def _decision(data: dict, actor) -> dict:
    """What every restructuring step is given besides its own fields: the date, the decision
    and who records it."""
    return {"date": data["date"], "decision_number": data["decision_number"], "actor": actor}


#: actions that change the organization itself: its superior's decision, not its own
RESTRUCTURING_ACTIONS = {"rename", "move", "merge", "dissolve"}


def _action(request, code: str, key: str, perform):
    """Common path of every action: scope check, form, service call, message, redirect.

    On any refusal the page is shown again with the form's errors; the service runs in one
    transaction, so a refused change leaves the database as it was.
    """
    scoped = (
        Organization.objects.restructurable_by(request.user)
        if key in RESTRUCTURING_ACTIONS
        else Organization.objects.editable_by(request.user)
    )
    org = organization_or_404(scoped, code)
    form = ACTION_FORMS[key](org, request.user, data=request.POST)
    if form.is_valid():
        try:
            target, message = perform(org, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, message)
            return redirect("org_detail", target.code)
    # a refused service may have changed the in-memory object before rolling back
    org = Organization.objects.get(pk=org.pk)
    form.org = org
    return _render_detail(request, org, bound={key: form})


@_action_view("create")
def create_child(org, data, actor):
    child = services.create_organization(
        org,
        code=data["code"],
        name=data["name"],
        kind=data["kind"],
        short_name=data["short_name"],
        established_on=data["established_on"],
        decision_number=data["decision_number"],
        actor=actor,
    )
    return child, _("The organization %(name)s has been created.") % {"name": child.name}


@_action_view("rename")
def rename(org, data, actor):
    old = org.name
    services.rename_organization(
        org, name=data["name"], short_name=data["short_name"], **_decision(data, actor)
    )
    return org, _("%(old)s has been renamed to %(new)s.") % {"old": old, "new": org.name}


@_action_view("move")
def move(org, data, actor):
    new_parent = data["new_parent"]
    services.move_organization(org, new_parent=new_parent, **_decision(data, actor))
    return org, _("%(name)s has been moved under %(parent)s.") % {
        "name": org.name,
        "parent": new_parent.name,
    }


@_action_view("merge")
def merge(org, data, actor):
    into = reorganization.merge_organizations(org, into=data["into"], **_decision(data, actor))
    return into, _("%(name)s has been merged into %(into)s.") % {
        "name": org.name,
        "into": into.name,
    }


@_action_view("dissolve")
def dissolve(org, data, actor):
    reorganization.dissolve_organization(org, **_decision(data, actor))
    return org, _("%(name)s has been dissolved on %(date)s.") % {
        "name": org.name,
        "date": data["date"].strftime("%d/%m/%Y"),
    }
