from celery import shared_task

from ..models.subscriptions import Frequency
from . import digests, services


@shared_task
def send_daily_digests() -> int:
    return digests.send_digests(frequency=Frequency.DAILY).sent


@shared_task
def send_weekly_digests() -> int:
    return digests.send_digests(frequency=Frequency.WEEKLY).sent


@shared_task
def purge_unconfirmed_subscriptions() -> int:
    return services.purge_unconfirmed()
