"""Throttling in the cache (Redis), in fixed windows: failed sign-ins per username
and per client address, and a plain counter of attempts (``allow``) for the forms
that send e-mails or reach curators (sign-up, password reset, error reports).

The two sign-in counters are independent: a username that is locked after a few
failures does not lock the other people signing in from the same address (a town
hall behind one public IP); the per-address cap is much higher and stops only
someone trying many usernames. The check runs before the password is even verified,
and its message is the same whether the account exists or not.

Keys are named by their scope (``throttle:sign-up:…``, ``login-failures:ip:…``) and
hold a hash, never an address in clear. When the cache cannot be reached, every
function raises ``ThrottleUnavailable``: callers fail closed (the attempt is refused
with a French message), never with an error page.
"""

import functools
import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = "Le service est momentanément indisponible. Réessayez dans quelques minutes."


class ThrottleUnavailable(Exception):
    """The cache holding the counters cannot be reached."""


def _fails_closed(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (RedisError, OSError) as error:
            logger.error("throttling unavailable (%s): %s", function.__name__, error)
            raise ThrottleUnavailable from error

    return wrapper


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _key(scope: str, value: str) -> str:
    """The counter of ``value`` in ``scope`` (``allow``'s counters)."""
    return f"throttle:{scope}:{_hash(value)}"


def _failures_key(scope: str, value: str) -> str:
    """A sign-in failure counter, per ``username`` or per ``ip``."""
    return f"login-failures:{scope}:{_hash(value)}"


@_fails_closed
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


def client_key(request) -> str:
    """Who the per-client counters count: the client's IPv4 address, or the /64
    network of an IPv6 one (one subscriber holds a whole /64 and could take a new
    address at each attempt); an IPv4 address written in IPv6 counts as IPv4."""
    ip = client_ip(request)
    try:
        address = ipaddress.ip_address(ip.split("%")[0])
    except ValueError:
        return ip
    if address.version == 6 and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _counters(username: str, ip: str) -> list[tuple[str, int]]:
    return [
        (
            _failures_key("username", normalise_username(username)),
            settings.LOGIN_FAILURES_PER_USERNAME,
        ),
        (_failures_key("ip", ip), settings.LOGIN_FAILURES_PER_IP),
    ]


@_fails_closed
def is_locked(*, username: str, ip: str) -> bool:
    """True when this username, or this address, has failed too often lately."""
    counters = _counters(username, ip)
    values = cache.get_many([key for key, _ in counters])
    return any(values.get(key, 0) >= limit for key, limit in counters)


@_fails_closed
def record_failure(*, username: str, ip: str) -> None:
    for key, limit in _counters(username, ip):
        # add() starts the window (no-op when it runs); incr() keeps its expiry.
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
        if cache.incr(key) == limit:
            logger.warning("sign-in locked for %s after %d failures", key, limit)


@_fails_closed
def record_success(*, username: str) -> None:
    """A correct password clears the username's failures (not the address's)."""
    cache.delete(_failures_key("username", normalise_username(username)))
