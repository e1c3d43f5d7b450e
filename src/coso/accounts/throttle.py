"""Login throttling: failed password attempts counted in the shared cache.

Three counters, each over a fixed window that starts at its first failure (figures and reasons
in docs/decisions.md, "Login throttling"):

- one username from one client address (`PAIR`): the lock a guesser meets first. It is per
  address, so an attacker's failures elsewhere do not lock the real user out at their desk;
- one client address, whatever the usernames (`ADDRESS`): one password tried on many accounts;
- one username from anywhere (`USERNAME`): slower, it bounds guessing spread over many addresses.

An attempt is counted *before* its password is checked: concurrent requests (several gunicorn
workers) each take their own number from an atomic increment, and those past a limit are
refused without a check. A successful login gives its count back and clears the failures of
that username at that address. A refused attempt counts nothing, so a lock ends when it said.

The counters live in Django's default cache: the database cache (`coso.core.cache`), shared by
every worker and kept across restarts. The backend (`backends.ThrottledModelBackend`) applies
this to every password login that comes with a request: the site's and the admin's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from coso.core.text import fold


@dataclass(frozen=True)
class Limit:
    name: str
    #: failures allowed in the window; the next attempt is refused until the window ends
    failures: int
    #: the window, from the first failure it counts (seconds)
    seconds: int


PAIR = Limit("pair", failures=5, seconds=15 * 60)
ADDRESS = Limit("address", failures=20, seconds=15 * 60)
USERNAME = Limit("username", failures=50, seconds=60 * 60)
LIMITS = (PAIR, ADDRESS, USERNAME)

_REFUSED = "_coso_login_refused"


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or, when settings.COSO_PROXY says that coso is behind
    one reverse proxy, the address that proxy appended to X-Forwarded-For (the last entry: any
    before it were sent by the client and can be forged).

    IPv6 addresses count by their /64 network: one subscriber holds a whole /64.
    """
    address = request.META.get("REMOTE_ADDR") or ""
    if getattr(settings, "COSO_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        address = forwarded or address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]


class Attempt:
    """One password login attempt by `username` from the request's client address."""

    def __init__(self, request, username: str):
        self.address = client_address(request)
        # "Admin", "admin" and "ádmin" are one name to the counters
        self.username = fold(username or "")
        subjects = {
            PAIR: _digest(self.username, self.address),
            ADDRESS: _digest(self.address),
            USERNAME: _digest(self.username),
        }
        self.keys = {limit: f"coso:login:{limit.name}:{subjects[limit]}" for limit in LIMITS}

    def counts(self) -> dict[Limit, int]:
        """Failures (and attempts in progress) counted now in each window."""
        found = cache.get_many(list(self.keys.values()))
        return {limit: found.get(key, 0) for limit, key in self.keys.items()}

    def locked_until(self) -> dt.datetime | None:
        """When the latest lock on this attempt ends, or None if no limit is reached."""
        full = [limit for limit, n in self.counts().items() if n >= limit.failures]
        if not full:
            return None
        ends = cache.get_many([f"{self.keys[limit]}:end" for limit in full])
        now = time.time()
        until = max(ends.get(f"{self.keys[limit]}:end", now + limit.seconds) for limit in full)
        return dt.datetime.fromtimestamp(until, tz=dt.UTC)

    def reserve(self) -> dt.datetime | None:
        """Count this attempt in every window, before its password is checked. Returns when to
        retry if another request took the last allowed attempt meanwhile (then the password
        must not be checked)."""
        over = False
        for limit in LIMITS:
            over |= self._increment(limit) > limit.failures
        if over:
            return self.locked_until() or dt.datetime.fromtimestamp(time.time() + 60, tz=dt.UTC)
        return None

    def succeeded(self) -> None:
        """The password was right: this attempt was no failure, and the username's failures at
        this address are forgiven (not elsewhere: those may be someone else's)."""
        cache.delete_many([self.keys[PAIR], f"{self.keys[PAIR]}:end"])
        for limit in (ADDRESS, USERNAME):
            try:
                cache.decr(self.keys[limit])
            except ValueError:  # the window ended meanwhile
                pass

    def _increment(self, limit: Limit) -> int:
        key = self.keys[limit]
        for _attempt in range(3):
            if cache.add(key, 0, limit.seconds):
                cache.set(f"{key}:end", time.time() + limit.seconds, limit.seconds)
            try:
                return cache.incr(key)
            except ValueError:  # the window ended between add and incr: open a new one
                continue
        return limit.failures + 1


def refuse(request, until: dt.datetime, *, after_failure: bool) -> None:
    """Mark the request: its login was refused by the throttle until `until`;
    `after_failure`: the password was checked and wrong, and that failure reached a limit."""
    setattr(request, _REFUSED, (until, after_failure))


def refusal(request) -> tuple[dt.datetime, bool] | None:
    """(until, after_failure) if the throttle refused this request's login, else None."""
    return getattr(request, _REFUSED, None) if request is not None else None


def reset(request, username: str) -> None:
    """Clear the counters of `username` and of the request's address (an administrator's
    unlock; tests)."""
    attempt = Attempt(request, username)
    cache.delete_many([k for key in attempt.keys.values() for k in (key, f"{key}:end")])
