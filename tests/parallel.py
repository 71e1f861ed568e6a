"""What each pytest-xdist worker keeps to itself when the suite runs in parallel.

Loaded by ``-p tests.parallel`` (pyproject's addopts), so that this module runs
before pytest-django reads the settings. In a worker (``PYTEST_XDIST_WORKER`` is
``gw0``, ``gw1``…):

- PostgreSQL: pytest-django already gives each worker its own test database
  (``test_<name>_gw0``…).
- Redis: worker K uses the database N + 8·K, N being ``REDIS_URL``'s (0 when it
  names none): the cache (``cache.clear()`` empties the whole database), the
  throttling counters, Celery's queues and results, the health probe, and the real
  Celery workers the tests start (they inherit ``REDIS_URL``) all see that one.
  On the shared Redis (16 databases, N from 0 to 7) that makes room for two
  workers; the embedded Redis has 64 databases (``scoran.embedded``).
- Files: each worker has its own ``MEDIA_ROOT``, under pytest's temporary directory
  of the worker (tests that need an empty one still take ``tmp_path``).

Serial runs (no worker) keep ``REDIS_URL`` as it is. Tests are handed out with
``--dist load`` only (see ``ORDERED_DISTRIBUTIONS``).
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

REDIS_DB_STRIDE = 8


def worker_index() -> int | None:
    """K for the worker ``gwK``, None outside pytest-xdist's workers."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return int(worker.removeprefix("gw")) if worker else None


def redis_url_for_worker(url: str, index: int) -> str:
    """``url`` on the Redis database of worker ``index``: ``redis://host/N`` or, for a
    Unix socket, ``unix:///path?db=N``."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.scheme == "unix":
        base = int(query.get("db", 0))
        query["db"] = str(base + REDIS_DB_STRIDE * index)
        return f"unix://{parts.path}?{urlencode(query)}"  # urlunsplit drops the "//"
    base = int(parts.path.strip("/") or query.pop("db", 0))
    return urlunsplit(
        parts._replace(path=f"/{base + REDIS_DB_STRIDE * index}", query=urlencode(query))
    )


def _isolate_redis() -> None:
    index = worker_index()
    if index and os.environ.get("REDIS_URL"):  # gw0 keeps the database it was given
        os.environ["REDIS_URL"] = redis_url_for_worker(os.environ["REDIS_URL"], index)


_isolate_redis()


def _redis_database_exists(url: str) -> None:
    """Fail at once, naming the way out, when the worker's database is beyond the
    server's ("DB index is out of range" in the middle of the suite otherwise)."""
    import redis

    try:
        with redis.Redis.from_url(url, socket_connect_timeout=5) as client:
            client.ping()
    except redis.ResponseError as error:
        raise pytest.UsageError(
            f"{os.environ.get('PYTEST_XDIST_WORKER')}: Redis {url}: {error}. Each worker K "
            f"uses the database N + {REDIS_DB_STRIDE}·K of REDIS_URL: give a smaller N, fewer "
            "workers (-n 2) or a Redis with more databases."
        ) from error
    except redis.ConnectionError:
        pass  # the tests that need Redis say so themselves


# Only these hand each worker its tests in collection order, which pytest-django
# sorts: database tests, then transactional ones (they empty the database, the data
# migrations' content too), then the rest. loadfile, loadscope, loadgroup (by file or
# group) and worksteal (from another worker's queue) would break that order.
ORDERED_DISTRIBUTIONS = {"load", "no"}


@pytest.hookimpl(trylast=True)  # after pytest's tmp_path factory is set up
def pytest_configure(config: pytest.Config) -> None:
    index = worker_index()
    if index is None:
        if config.getoption("numprocesses", None) and (
            config.getoption("dist", "no") not in ORDERED_DISTRIBUTIONS
        ):
            raise pytest.UsageError(
                f"--dist {config.getoption('dist')}: a worker would run transactional tests "
                "(which empty its database) before tests that need the data migrations' "
                "content; use --dist load (see docs/development.md)."
            )
        return
    if index and os.environ.get("REDIS_URL"):
        _redis_database_exists(os.environ["REDIS_URL"])
    from django.conf import settings

    media = config._tmp_path_factory.getbasetemp() / "media"  # one base per worker
    media.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = media
    os.environ["MEDIA_ROOT"] = str(media)  # for the Celery workers the tests start
