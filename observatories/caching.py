"""Observatory pages change only when data is imported or territories reloaded:
their rendering is kept, per data version, for visitors without a session.

Every successful import that wrote rows and every territory load bumps the
version, so a page is never older than the data it reads. Edits made by hand in
the admin do not bump it: they show once ``OBSERVATORY_PAGE_CACHE_SECONDS`` have
run out (0 turns the cache off).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

VERSION_KEY = "observatories:data-version"


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
    return version


def bump_data_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def cached_per_data_version(view):
    """Serve a GET for an anonymous visitor from the cache when the data is the same."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.OBSERVATORY_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"observatories:page:{data_version()}:{path}"
        page = cache.get(key)
        if page is not None:
            return HttpResponse(page["content"], content_type=page["content_type"])
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            page = {"content": response.content, "content_type": response["Content-Type"]}
            cache.set(key, page, seconds)
        return response

    return wrapper
