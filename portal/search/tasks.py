from celery import shared_task

from . import services


@shared_task
def rebuild_search_index() -> dict[str, int]:
    """Nightly: the whole index rebuilt, whatever a signal may have missed (bulk
    updates, a commune renamed under its places)."""
    return services.rebuild_index()
