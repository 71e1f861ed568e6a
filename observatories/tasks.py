import json
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from .importing.fetching import FetchError, fetch_and_import, record_failure
from .importing.pipeline import import_file
from .importing.reading import ImportRefused
from .models import DataSource, ImportRun, ImportUpload

FETCH_TASK = "observatories.tasks.fetch_source"


def progress_key(upload_id: int) -> str:
    return f"import-upload-{upload_id}-rows"


@shared_task
def run_upload(upload_id: int) -> str:
    """Run an uploaded file through the pipeline. Progress goes to the cache: the
    import itself is one transaction, invisible to the page until it ends."""
    upload = ImportUpload.objects.select_related("source", "uploaded_by").get(pk=upload_id)
    ImportUpload.objects.filter(pk=upload_id).update(status=ImportUpload.Status.RUNNING)

    def progress(rows: int) -> None:
        cache.set(progress_key(upload_id), rows, timeout=24 * 3600)

    try:
        upload.run = import_file(
            Path(upload.file.path),
            trigger=ImportRun.Trigger.UPLOAD,
            source=upload.source,
            user=upload.uploaded_by,
            progress=progress,
        )
        upload.rows_done = upload.run.rows_read
    except ImportRefused as exc:
        upload.error = str(exc)
    upload.status = ImportUpload.Status.DONE
    upload.save(update_fields=["run", "rows_done", "error", "status"])
    cache.delete(progress_key(upload_id))
    return upload.status


@shared_task(bind=True, max_retries=None)
def fetch_source(self, source_id: int) -> str:
    """Scheduled job of one source: download if changed, import. Network errors are
    retried with capped exponential backoff; a refused file is not retried."""
    source = DataSource.objects.get(pk=source_id)
    if not source.is_active or not source.url:
        return "inactive"
    try:
        run = fetch_and_import(source)
    except FetchError as exc:
        attempt = self.request.retries
        if attempt < settings.FEED_MAX_RETRIES:
            delay = min(
                settings.FEED_RETRY_BACKOFF_MAX, settings.FEED_RETRY_BACKOFF_BASE * 2**attempt
            )
            raise self.retry(exc=exc, countdown=delay) from exc
        record_failure(source, f"téléchargement impossible après {attempt + 1} tentatives ({exc}).")
        return "failed"
    return run.status if run else "unchanged"


def schedule_source(source: DataSource) -> PeriodicTask:
    """Create or update the source's nightly job; curators tune it in the admin after."""
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="3", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone=settings.TIME_ZONE,
    )  # fmt: skip
    task, _ = PeriodicTask.objects.get_or_create(
        name=f"Récupération de la source « {source.slug} »",
        defaults={"task": FETCH_TASK, "crontab": crontab, "args": json.dumps([source.pk])},
    )
    enabled = source.is_active and bool(source.url)
    if task.enabled != enabled or task.args != json.dumps([source.pk]):
        task.enabled, task.args = enabled, json.dumps([source.pk])
        task.save()
    return task
