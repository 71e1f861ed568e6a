"""Counting downloads at most once per visitor, item and day, without a cookie and
without storing an address.

A visitor is recognised for one day by a keyed hash of their address, their browser's
user agent, the item and the Paris local date. The key is random, made once a day
and kept only in Redis, where it expires after two days: once it is gone, nobody (us
included) can tell which address a hash came from. The hashes are kept only in Redis
too, until the end of their day (plus a margin), as markers "already counted today".
Nothing of the kind reaches the database: callers store totals only.

Robots are not counted: user agents matching the maintained list of the
``crawler-user-agents`` package, and requests without a user agent.

When Redis cannot be reached, the download is not counted (an error is logged) and
the caller serves the file all the same: counting never stands in a visitor's way.
"""

import datetime
import hashlib
import hmac
import logging
import re
import secrets

from crawleruseragents import CRAWLER_USER_AGENTS_DATA
from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

from .throttling import client_ip

logger = logging.getLogger(__name__)

KEY_LIFETIME = 2 * 24 * 3600  # the daily key outlives every marker made with it
MARKER_MARGIN = 3600  # markers outlive their day by this much (clock drift, late requests)

# The list's patterns are regular expressions, matched case-sensitively as the list
# documents; one expression compiled once for all of them.
ROBOTS = re.compile("|".join(f"(?:{item['pattern']})" for item in CRAWLER_USER_AGENTS_DATA))


class CountingUnavailable(Exception):
    """Redis, which holds the daily key and the markers, cannot be reached."""


def is_robot(user_agent: str) -> bool:
    """A crawler of the maintained list, or a client that does not say what it is."""
    user_agent = user_agent.strip()
    return not user_agent or ROBOTS.search(user_agent) is not None


def _daily_key(day: datetime.date) -> bytes:
    """The secret of ``day``: made once (SET NX, so two processes agree on one), kept
    only in Redis for ``KEY_LIFETIME``."""
    name = f"downloads:key:{day.isoformat()}"
    cache.add(name, secrets.token_hex(32), timeout=KEY_LIFETIME)
    key = cache.get(name)
    if key is None:  # evicted between the two calls: nothing to count with
        raise CountingUnavailable(f"the key of {day} vanished")
    return key.encode()


def _marker_lifetime(day: datetime.date) -> int:
    """Seconds from now to the end of ``day`` in Paris, plus a margin."""
    zone = timezone.get_current_timezone()
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), zone)
    return max(int((end - timezone.now()).total_seconds()), 0) + MARKER_MARGIN


def digest(*, key: bytes, ip: str, user_agent: str, item: str, day: datetime.date) -> str:
    """The visitor's hash for ``item`` on ``day``; fields are separated by a NUL byte,
    which none of them can hold, so that no two visitors share a message."""
    message = "\0".join([ip, user_agent, item, day.isoformat()]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def first_of_the_day(request, item: str, *, day: datetime.date | None = None) -> bool:
    """True when this download of ``item`` (a stable name, such as ``resource:42``) is
    the visitor's first on ``day`` (the Paris local date by default), and they are no
    robot; the caller then adds one to its totals. False otherwise, and when Redis
    cannot be reached (logged): the download goes on, uncounted."""
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if is_robot(user_agent):
        return False
    day = day or timezone.localdate()
    try:
        key = _daily_key(day)
        hashed = digest(key=key, ip=client_ip(request), user_agent=user_agent, item=item, day=day)
        return cache.add(f"downloads:seen:{hashed}", 1, timeout=_marker_lifetime(day))
    except (RedisError, OSError, CountingUnavailable) as error:
        logger.error("download of %s not counted, counting unavailable: %s", item, error)
        return False
