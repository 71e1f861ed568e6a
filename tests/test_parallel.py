"""Each pytest-xdist worker keeps its Redis database and its media to itself
(tests/parallel.py); a serial run keeps REDIS_URL as given."""

import os
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from scoran.celery import app as celery_app
from tests.parallel import REDIS_DB_STRIDE, redis_url_for_worker, worker_index


@pytest.mark.parametrize(
    ("url", "index", "expected"),
    [
        ("redis://127.0.0.1:6379/6", 0, "redis://127.0.0.1:6379/6"),
        ("redis://127.0.0.1:6379/6", 1, "redis://127.0.0.1:6379/14"),
        ("redis://127.0.0.1:6379", 1, "redis://127.0.0.1:6379/8"),
        ("redis://:secret@redis:6380/2?socket_timeout=5", 2, "redis://:secret@redis:6380/18?socket_timeout=5"),
        ("unix:///srv/.data/redis/redis.sock", 1, "unix:///srv/.data/redis/redis.sock?db=8"),
        ("unix:///srv/redis.sock?db=3", 1, "unix:///srv/redis.sock?db=11"),
    ],
)  # fmt: skip
def test_worker_k_uses_the_database_n_plus_8k(url, index, expected):
    assert REDIS_DB_STRIDE == 8
    assert redis_url_for_worker(url, index) == expected


def redis_database(url: str) -> int:
    return int(redis.Redis.from_url(url).connection_pool.connection_kwargs.get("db", 0))


def test_the_cache_the_jobs_and_the_health_probe_use_this_workers_database():
    url = os.environ["REDIS_URL"]
    assert url == settings.REDIS_URL
    assert settings.CACHES["default"]["LOCATION"] == url
    database = redis_database(url)
    with celery_app.connection_for_write() as connection:
        broker = connection.default_channel.client.connection_pool.connection_kwargs
    assert int(broker["db"]) == database
    assert int(celery_app.backend.client.connection_pool.connection_kwargs["db"]) == database

    key = f"parallel-{uuid.uuid4().hex}"
    cache.set(key, 1)
    try:
        assert redis.Redis.from_url(url).keys(f"*{key}")  # written where REDIS_URL says
    finally:
        cache.delete(key)


@pytest.mark.skipif(worker_index() is None, reason="a serial run keeps MEDIA_ROOT")
def test_a_worker_keeps_its_media_under_its_own_temporary_directory(tmp_path_factory):
    media = Path(settings.MEDIA_ROOT)
    assert media == tmp_path_factory.getbasetemp() / "media"
    assert os.environ["PYTEST_XDIST_WORKER"] in str(media)  # …/popen-gw1/media
    assert os.environ["MEDIA_ROOT"] == str(media)
