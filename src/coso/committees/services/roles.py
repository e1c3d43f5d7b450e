"""coso roles from the roster: each post held on a day gives its holder the matching role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from coso.accounts import services as account_services
from coso.accounts.choices import Role
from coso.orgs.models import Organization

from ..choices import Post
from ..models import PostHolding
from .parts import require_superior_edit

#: the coso role each post gives on its organization: the role of the same value
ROLE_OF_POST = {post: Role(post.value) for post in Post}


@dataclass
class RosterGrant:
    """What `grant_roles_from_roster` did, post by post."""

    granted: list[PostHolding] = field(default_factory=list)
    already: list[PostHolding] = field(default_factory=list)
    #: holders who have no coso account: nothing granted (an account is made by its own step)
    without_user: list[PostHolding] = field(default_factory=list)


@transaction.atomic
def grant_roles_from_roster(organization: Organization, *, day: dt.date, actor=None) -> RosterGrant:
    """Give each holder of a post on `day` the matching role on the organization, from the
    post's start; the role ends when the post ends (`end_post`). A holder without a user
    account is reported, not created."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    require_superior_edit(actor, org)
    holdings = (
        PostHolding.objects.select_for_update(of=("self",))
        .filter(term__organization=org)
        .on(day)
        .select_related("member", "role_assignment")
        .order_by("post", "started_on", "pk")
    )
    result = RosterGrant()
    for holding in holdings:
        user_id = holding.member.user_id
        if user_id is None:
            result.without_user.append(holding)
            continue
        current = holding.role_assignment
        if current is not None and current.valid_to is None:
            result.already.append(holding)
            continue
        holding.role_assignment = account_services.grant_role(
            holding.member.user,
            organization=org,
            role=ROLE_OF_POST[holding.post],
            valid_from=holding.started_on,
            actor=actor,
        )
        holding.save(update_fields=["role_assignment"])
        result.granted.append(holding)
    return result
