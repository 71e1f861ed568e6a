from celery import shared_task

from . import services


@shared_task
def purge_unactivated_accounts() -> int:
    return services.purge_unactivated_accounts()
