"""The organization picker's matches (`core.forms.OrganizationPicker`): what every form and list
filter that takes an organization suggests as the user types a code or a name."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from coso.orgs.choices import CELL_KINDS
from coso.orgs.models import Organization, attach_parent_names

#: matches shown at most: the picker never lists the tree
MATCHES = 20
#: the longest text searched
MAX_TEXT = 100


def picker_matches(user, text: str, *, scope: str = "visible", kind: str = "") -> list:
    """The first `MATCHES` organizations whose code, name or short name holds every word of
    `text` (accents, đ/d and letter case aside), in tree order, each with `parent_name`:
    within what `user` sees ("visible"), may change ("editable", existing ones), or the whole
    tree's existing organizations ("system": where a transfer may go). Two queries; none
    for an empty text."""
    if not text.strip():
        return []
    if scope == "editable":
        organizations = Organization.objects.editable_by(user).active()
    elif scope == "system":
        organizations = Organization.objects.active()
    else:
        organizations = Organization.objects.visible_to(user)
    if kind == "cell":
        organizations = organizations.filter(kind__in=CELL_KINDS)
    found = list(
        organizations.search(text[:MAX_TEXT])
        .order_by("path")
        .only("id", "code", "name", "short_name", "path", "depth", "dissolved_on")[:MATCHES]
    )
    attach_parent_names(found)
    return found


@login_required
@require_GET
def organization_search(request: HttpRequest) -> HttpResponse:
    """The picker's matches for the text in the box named by `field` (or `q`), as buttons."""
    text = request.GET.get(request.GET.get("field") or "q", "")
    matches = picker_matches(
        request.user,
        text,
        scope=request.GET.get("scope", "visible"),
        kind=request.GET.get("kind", ""),
    )
    return render(
        request,
        "orgs/_picker_matches.html",
        {"matches": matches, "text": text.strip(), "limit": MATCHES},
    )
