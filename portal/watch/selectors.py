"""Reads of the information watch for other pages."""

from ..models import WatchItem

ORIENTATION_LATEST = 5


def orientation_items(orientation):
    """The latest published items attached to an orientation (1 query)."""
    return (
        WatchItem.objects.published()
        .filter(orientations=orientation)
        .latest_first()[:ORIENTATION_LATEST]
    )
