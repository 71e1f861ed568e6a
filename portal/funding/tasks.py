from celery import shared_task

from . import services


@shared_task
def send_deadline_reminders() -> int:
    """Daily: the owner organisations' agents told of deadlines 30 days ahead."""
    return services.send_deadline_reminders()
