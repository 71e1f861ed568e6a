"""The watch list as a followable list: its Atom feed (``/veille/flux/``) gives the
latest published items, filtered as the list; each entry links out to its source."""

from django.utils.html import strip_tags

from scoran.lib.catalogues import FollowableList

from ..models import WatchItem
from .filters import WatchFilter

WATCH = FollowableList(
    key="veille",
    title="Veille – Espace de ressources SCORAN BFC",
    description="Les dernières informations de la veille sur le numérique.",
    filterset=WatchFilter,
    queryset=WatchItem.objects.published,
    list_url_name="watch:list",
    feed_url_name="watch:feed",
    item_title=lambda item: item.title,
    item_date=lambda item: item.published_on or item.created_at,
    item_updated=lambda item: item.updated_at,
    item_summary=lambda item: f"{strip_tags(item.summary)} ({item.source_name})".strip(),
    newest_first=("-published_on", "-pk"),
    # Digests: an item is new when it is published here, whatever its source's date.
    item_arrived=lambda item: item.published_at or item.created_at,
    arrived_first=("-published_at", "-pk"),
)
