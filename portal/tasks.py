from celery import shared_task


@shared_task
def ping() -> str:
    """The smallest task: proves that a worker takes jobs from the queue and answers."""
    return "pong"
