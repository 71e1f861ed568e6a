"""Health of the components the portal needs: database, Redis, a Celery worker."""

import logging
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection
from redis import Redis

from scoran.celery import app as celery_app

log = logging.getLogger(__name__)

CELERY_PING_TIMEOUT = 1.0


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    label: str
    ok: bool
    detail: str
    duration_ms: float

    def as_dict(self) -> dict:
        data = asdict(self)
        data["status"] = "ok" if self.ok else "error"
        return data


def _timed(name: str, label: str, probe) -> ComponentStatus:
    start = time.perf_counter()
    try:
        detail = probe()
        ok = True
    except Exception as exc:  # a health check reports every failure, whatever its kind
        log.warning("health check %s failed: %r", name, exc)
        ok, detail = False, "injoignable"
    return ComponentStatus(name, label, ok, detail, round((time.perf_counter() - start) * 1000, 1))


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "répond"


def _redis() -> str:
    with Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2) as client:
        answered = client.ping()
    if not answered:
        raise ConnectionError("Redis did not answer PING")
    return "répond"


def _celery_worker() -> str:
    replies = celery_app.control.ping(timeout=CELERY_PING_TIMEOUT, limit=1)
    if not replies:
        raise TimeoutError("no Celery worker answered the ping")
    return "un worker répond"


def check_all() -> list[ComponentStatus]:
    database = _timed("database", "Base de données", _database)
    redis = _timed("redis", "Redis (cache et file de tâches)", _redis)
    if redis.ok:
        worker = _timed("celery", "Worker Celery", _celery_worker)
    else:
        # Without the broker a ping would wait on reconnection; report at once.
        worker = ComponentStatus("celery", "Worker Celery", False, "file de tâches injoignable", 0)
    return [database, redis, worker]
