"""Who handles inspection and feedback: the editing roles (the committee and its office) and
the inspection committee (`inspection_chair`, `inspection_member`), each over its subtree
(issue 12: "the inspection committee of an organization sees its subtree").

The inspection committee's roles read records but change none of the members' data
(`accounts.choices.EDITING_ROLES`); here they act: the handling scope is the editing scope
widened by them. A feedback sender's identity is shown only within this scope over the
committee the item is routed to (`Feedback.sender_shown_to`).
"""

from __future__ import annotations

from django.db.models import Q

from coso.accounts.choices import Role
from coso.accounts.models import RoleAssignment
from coso.core.scope import NOTHING, ScopedQuerySet, covers, outermost, user_paths

INSPECTION_ROLES = (Role.INSPECTION_CHAIR, Role.INSPECTION_MEMBER)


def handler_paths(user) -> list[str] | None:
    """The outermost paths where `user` handles inspection and feedback (None: everywhere, a
    superuser). One query beyond the cached scope, kept on the user object for the request."""
    edit = user_paths(user, edit=True)
    if edit is None:
        return None
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_coso_inspection_paths", None)
    if cached is None:
        rows = (
            RoleAssignment.objects.current()
            .filter(user=user, role__in=INSPECTION_ROLES)
            .values_list("organization__path", flat=True)
        )
        cached = user._coso_inspection_paths = outermost([*edit, *rows])
    return cached


def handles(user, organization) -> bool:
    """Whether `user` handles the inspection and feedback of `organization`."""
    return covers(handler_paths(user), organization.path)


def handler_q(user, lookup: str) -> Q:
    paths = handler_paths(user)
    if paths is None:
        return Q()
    q = NOTHING
    for p in paths:
        q |= Q(**{f"{lookup}__startswith": p})
    return q


class HandledQuerySet(ScopedQuerySet):
    """Seen in the records scope; changed in the handling scope (editing roles and the
    inspection committee) over the first of its paths."""

    scope_records = True

    def editable_q(self, user) -> Q:
        return handler_q(user, self.scope_paths()[0])
