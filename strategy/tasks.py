from celery import shared_task

from . import services


@shared_task
def refresh_indicator_values() -> int:
    """Daily: the guide's downloads change without an import."""
    return services.refresh_indicator_values()
