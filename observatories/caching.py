"""Observatory pages change only when data is imported or territories reloaded:
their rendering is kept, per data version, for visitors without a session.

Every successful import that wrote rows and every territory load bumps the
version, so a page is never older than the data it reads. Edits made by hand in
the admin do not bump it: they show once ``OBSERVATORY_PAGE_CACHE_SECONDS`` have
run out (0 turns the cache off). A visitor with a message waiting (a report just
sent) gets a page rendered for them, never kept. What other apps show on a page (the
sections of the commune and territory pages: the agenda's events…) is never kept: the
page holds a slot (``SECTIONS_SLOT``) that the view fills at each request
(``fill_slot``; ``referential.views.commune_page``, ``portal.territories.views``).

The cache is a convenience, never a dependency: when it cannot be reached (Redis
down), pages are rendered and values computed as if nothing were cached, and a
warning is logged. A version that could not be bumped leaves pages cached until
they expire.
"""

import gzip
import hashlib
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

VERSION_KEY = "observatories:data-version"
UNREACHABLE = (RedisError, OSError)  # what the Redis client raises when Redis is down

T = TypeVar("T")


def _unreachable(error: Exception, doing: str) -> None:
    log.warning("cache unreachable, %s: %s", doing, error)


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
    return version


def bump_data_version() -> None:
    try:
        cache.set(VERSION_KEY, time.time_ns(), None)
    except UNREACHABLE as error:
        _unreachable(error, "observatory pages stay cached until they expire")


def cached(key: str, compute: Callable[[], T], timeout: int) -> T:
    """The value kept under ``key``, else ``compute()`` kept there for ``timeout``
    seconds; computed every time while the cache cannot be reached."""
    try:
        value = cache.get(key)
    except UNREACHABLE as error:
        _unreachable(error, f"{key} computed uncached")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except UNREACHABLE as error:
            _unreachable(error, f"{key} not kept")
    return value


def _page_key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"observatories:page:{data_version()}:{path}"


def _personal(request) -> bool:
    """Whether the page would hold something of this visitor's own: they are signed
    in, or a message waits for them (« Merci : votre signalement… », shown by the
    layout). Such a page is neither served from the cache nor kept there, or every
    visitor would read it. The messages are counted, not consumed: the page shows
    them; the session is read only when the messages' cookie says it holds more."""
    return request.user.is_authenticated or len(get_messages(request)) > 0


# Where a cached page takes what is read at each request: an HTML comment, which no
# escaped text of the page can hold.
SECTIONS_SLOT: SafeString = mark_safe("<!-- sections -->")


def fill_slot(response: HttpResponse, html: str) -> HttpResponse:
    """The page (perhaps from the cache) with ``html`` in its ``SECTIONS_SLOT``."""
    response.content = response.content.replace(SECTIONS_SLOT.encode(), html.strip().encode(), 1)
    return response


def cached_per_data_version(view):
    """Serve a GET for an anonymous visitor from the cache when the data is the same."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.OBSERVATORY_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or _personal(request):
            return view(request, *args, **kwargs)
        try:
            key = _page_key(request)
            page = cache.get(key)
        except UNREACHABLE as error:
            _unreachable(error, "page rendered uncached")
            return view(request, *args, **kwargs)
        if page is not None:
            return HttpResponse(page["content"], content_type=page["content_type"])
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            page = {"content": response.content, "content_type": response["Content-Type"]}
            try:
                cache.set(key, page, seconds)
            except UNREACHABLE as error:
                _unreachable(error, "page not kept")
        return response

    return wrapper


def accepts_gzip(request) -> bool:
    """Whether the client takes gzip: ``gzip`` (or ``x-gzip``, else ``*``) in its
    Accept-Encoding with a weight above 0 (``gzip;q=0`` refuses it)."""
    weights = {}
    for item in request.headers.get("Accept-Encoding", "").split(","):
        name, *params = (part.strip() for part in item.split(";"))
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if name:
            weights[name.lower()] = weight
    for name in ("gzip", "x-gzip", "*"):
        if name in weights:
            return weights[name] > 0
    return False


def gzipped_document(
    request, *, tag: str, content_type: str, gzipped: Callable[[], bytes]
) -> HttpResponse:
    """A document kept gzipped (``gzipped()``, read only when sent): gzipped to a
    client that takes gzip, plain to the others, revalidated by ETag (``tag``: what
    the document depends on). Each representation has its own ETag, so that a cache
    revalidating one never gets the other's body confirmed (``Vary: Accept-Encoding``
    for the same reason)."""
    compressed = accepts_gzip(request)
    etag = f'"{tag}-gzip"' if compressed else f'"{tag}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        body = gzipped()
        if compressed:
            response = HttpResponse(body, content_type=content_type)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(body), content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
