"""Throttling in the cache (Redis), in fixed windows: failed sign-ins per username
and per client address, and a plain counter of attempts (``allow``) for the forms
that send e-mails or reach curators (sign-up, password reset, error reports).

The two counters are independent: a username that is locked after a few failures
does not lock the other people signing in from the same address (a town hall
behind one public IP); the per-address cap is much higher and stops only someone
trying many usernames. The check runs before the password is even verified, and
its message is the same whether the account exists or not.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(scope: str, value: str) -> str:
    # Hashed: no e-mail address or IP in clear in the cache.
    return f"login-failures:{scope}:{hashlib.sha256(value.encode()).hexdigest()}"


def allow(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Counts one attempt of ``value`` (an address, an IP) in ``scope``; False once
    more than ``limit`` attempts were made in the current window of ``window`` seconds."""
    key = _key(scope, value)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    if count == limit + 1:
        logger.warning("%s: more than %d attempts for %s", scope, limit, key)
    return count <= limit


def normalise_username(username: str) -> str:
    return username.strip().lower()


def client_ip(request) -> str:
    """The client's address; behind our TLS proxy, the one it appended last to
    X-Forwarded-For (earlier entries are set by the client and not trusted)."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _counters(username: str, ip: str) -> list[tuple[str, int]]:
    return [
        (_key("username", normalise_username(username)), settings.LOGIN_FAILURES_PER_USERNAME),
        (_key("ip", ip), settings.LOGIN_FAILURES_PER_IP),
    ]


def is_locked(*, username: str, ip: str) -> bool:
    """True when this username, or this address, has failed too often lately."""
    counters = _counters(username, ip)
    values = cache.get_many([key for key, _ in counters])
    return any(values.get(key, 0) >= limit for key, limit in counters)


def record_failure(*, username: str, ip: str) -> None:
    for key, limit in _counters(username, ip):
        # add() starts the window (no-op when it runs); incr() keeps its expiry.
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
        if cache.incr(key) == limit:
            logger.warning("sign-in locked for %s after %d failures", key, limit)


def record_success(*, username: str) -> None:
    """A correct password clears the username's failures (not the address's)."""
    cache.delete(_key("username", normalise_username(username)))
