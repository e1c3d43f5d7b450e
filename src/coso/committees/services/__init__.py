"""Committees and terms: each step one service, one transaction.

A term opens at its congress and closes the one before (`open_term`); members are appointed to
its posts (`appoint`) and leave them (`end_post`); office staff give the post holders their
coso roles in one step (`grant_roles_from_roster`), and a post that ends ends its role.

``actor`` is the user acting: a committee is elected and changed by decision of the superior,
so the actor needs an editing role reaching the organization's parent (out of scope: 404).
``actor=None`` is the system itself (demo data, imports) and is not checked.
"""

from .parts import may_change, require_superior_edit
from .posts import INSPECTION_POSTS, appoint, end_post
from .roles import ROLE_OF_POST, RosterGrant, grant_roles_from_roster
from .terms import open_term

#: the committee page's actions: name -> step
STEP_SERVICES = {
    "open_term": open_term,
    "appoint": appoint,
    "end_post": end_post,
    "grant_roles": grant_roles_from_roster,
}

__all__ = [
    "INSPECTION_POSTS",
    "ROLE_OF_POST",
    "STEP_SERVICES",
    "RosterGrant",
    "appoint",
    "end_post",
    "grant_roles_from_roster",
    "may_change",
    "open_term",
    "require_superior_edit",
]
