"""`{% cached_menu %}…{% endcached_menu %}`: the signed-in menu of base.html, rendered once and
then reused, in each worker process, for the same (user, their name, their current roles, their
own member record, the language, the page's URL name, the script prefix).

Rendering the menu (about thirty links, translated, each asking whether it is the current page)
was most of what a signed-in page's frame costs. Everything the menu's HTML depends on is in the
key, read fresh on every request from what the page reads anyway (the user's roles and own record:
the same two small queries as before, cached on the user object), so there is nothing to
invalidate: a role given or ended, a member record linked or unlinked, a name changed or another
language chosen makes another key on the very next request, and an entry nobody asks for again
falls out of the bounded store. The CSRF token (the log-out form) is the one per-request value
inside: the fragment is kept with a marker in its place, and the request's token is put back.

So whatever a menu line shows must depend only on those: a count or another per-request value
belongs outside the block, as the body's `hx-headers` is.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from coso.accounts.scope import role_fingerprint

from ..privacy import own_record

register = template.Library()

#: stands for the CSRF token in a kept fragment (letters and digits: HTML escaping leaves it)
CSRF_MARKER = "cosomenucsrf" + secrets.token_hex(8)
#: fragments kept per worker process (a few KB each): users × the pages they open
MAX_ENTRIES = 2000


class Fragments:
    """A bounded store, least recently used out first, shared by a process's threads."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def set(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


FRAGMENTS = Fragments(MAX_ENTRIES)


def _settings_changed(**kwargs) -> None:
    # a test's settings (URLs, languages, templates) may change what the same key renders
    FRAGMENTS.clear()


setting_changed.connect(_settings_changed, dispatch_uid="coso-cached-menu")


def menu_key(context) -> tuple | None:
    """Everything the menu's HTML depends on, or None when it is not to be cached (no signed-in
    user, roles not known)."""
    user = context.get("user")
    request = context.get("request")
    if request is None or user is None or not user.is_authenticated:
        return None
    roles = role_fingerprint(user)
    if roles is None:
        return None
    match = getattr(request, "resolver_match", None)
    return (
        user.pk,
        user.get_username(),
        getattr(user, "last_name", ""),
        getattr(user, "first_name", ""),
        user.is_superuser,
        user.is_staff,
        roles,
        own_record(user),
        translation.get_language(),
        match.url_name if match is not None else None,
        get_script_prefix(),
    )


class CachedMenuNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        key = menu_key(context)
        token = context.get("csrf_token")
        if key is None or token is None or str(token) == "NOTPROVIDED":
            return self.nodelist.render(context)
        parts = FRAGMENTS.get(key)
        if parts is None:
            with context.push(csrf_token=CSRF_MARKER):
                parts = tuple(self.nodelist.render(context).split(CSRF_MARKER))
            FRAGMENTS.set(key, parts)
        return mark_safe(escape(str(token)).join(parts))  # noqa: S308 (rendered HTML, escaped token)


@register.tag
def cached_menu(parser, token):
    nodelist = parser.parse(("endcached_menu",))
    parser.delete_first_token()
    return CachedMenuNode(nodelist)
