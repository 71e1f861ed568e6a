import json

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from ..importing.reading import ImportRefused
from ..models import DataSource
from .services import FetchError, fetch_and_import, record_failure

DEFAULT_SCHEDULE = "15 3 * * *"  # every night at 3:15


@shared_task(bind=True, max_retries=None, time_limit=settings.IMPORT_TASK_TIME_LIMIT)
def fetch_source(self, source_id: int) -> str:
    """Scheduled job of one source: download if changed, import. Network errors are
    retried with capped exponential backoff; a refused file is not retried."""
    source = DataSource.objects.get(pk=source_id)
    if not source.is_active or not source.url:
        return "inactive"
    try:
        run = fetch_and_import(source)
    except ImportRefused:
        return "failed"  # recorded on the source, curators told
    except FetchError as exc:
        attempt = self.request.retries
        if attempt < settings.SOURCE_MAX_RETRIES:
            delay = min(
                settings.SOURCE_RETRY_BACKOFF_MAX, settings.SOURCE_RETRY_BACKOFF_BASE * 2**attempt
            )
            raise self.retry(exc=exc, countdown=delay) from exc
        record_failure(source, f"téléchargement impossible après {attempt + 1} tentatives ({exc}).")
        return "failed"
    return run.status if run else "unchanged"


FETCH_TASK = fetch_source.name


def crontab_of(expression: str) -> CrontabSchedule:
    """The stored schedule of a cron expression (``minute hour day month weekday``,
    in the site's time zone); ValueError, in French, if it is not one."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(
            f"Planification « {expression} » invalide : cinq champs attendus "
            "(minute heure jour mois jour-de-la-semaine), par exemple « 15 3 * * * »."
        )
    names = ["minute", "hour", "day_of_month", "month_of_year", "day_of_week"]
    values = dict(zip(names, fields, strict=True))
    try:
        crontab(**values)
    except ValueError as exc:
        raise ValueError(f"Planification « {expression} » invalide : {exc}") from exc
    schedule, _ = CrontabSchedule.objects.get_or_create(**values, timezone=settings.TIME_ZONE)
    return schedule


def schedule_source(source: DataSource, *, cron: str | None = None) -> PeriodicTask:
    """Create or update the source's job, nightly unless ``cron`` says otherwise;
    curators tune it in the admin after."""
    task, _ = PeriodicTask.objects.get_or_create(
        name=f"Récupération de la source « {source.slug} »",
        defaults={
            "task": FETCH_TASK,
            "crontab": crontab_of(cron or DEFAULT_SCHEDULE),
            "args": json.dumps([source.pk]),
        },
    )
    enabled = source.is_active and bool(source.url)
    changed = task.enabled != enabled or task.args != json.dumps([source.pk])
    if cron and task.crontab != (schedule := crontab_of(cron)):
        task.crontab, changed = schedule, True
    if changed:
        task.enabled, task.args = enabled, json.dumps([source.pk])
        task.save()
    return task
