import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from . import services

log = logging.getLogger(__name__)


def progress_key(upload_id: int) -> str:
    return f"import-upload-{upload_id}-rows"


# A worker killed under this job hands it back to the queue (reject_on_worker_lost):
# the service counts the attempts and quarantines a file that kills every worker.
@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=settings.IMPORT_TASK_TIME_LIMIT)
def run_upload(upload_id: int) -> str:
    """Run an uploaded file through the pipeline. Progress goes to the cache: the
    import itself is one transaction, invisible to the page until it ends."""

    def progress(rows: int) -> None:
        cache.set(progress_key(upload_id), rows, timeout=24 * 3600)

    try:
        return services.import_upload(upload_id=upload_id, progress=progress)
    finally:
        cache.delete(progress_key(upload_id))


def queue_upload(upload_id: int) -> bool:
    """Hand a committed upload to a worker. When the queue (Redis) cannot be reached,
    the upload is marked failed with a French message at once, rather than left
    waiting for a job that will never come; False then."""
    try:
        # No publishing retries: the curator's page waits on this call.
        run_upload.apply_async(args=[upload_id], retry=False)
    except (OperationalError, RedisError, OSError) as error:
        log.error("upload %s not queued, the broker is unreachable: %r", upload_id, error)
        services.mark_not_queued(upload_id=upload_id)
        return False
    return True


@shared_task
def reap_dead_imports() -> dict:
    """Periodic job: imports whose worker died are marked failed; uploads with
    attempts left are run again."""
    reaped = services.reap_dead_imports()
    for upload_id in reaped.retried:
        transaction.on_commit(lambda upload_id=upload_id: run_upload.delay(upload_id))
    return {"runs": reaped.runs, "retried": reaped.retried, "quarantined": reaped.quarantined}
