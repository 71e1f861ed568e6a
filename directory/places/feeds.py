"""The places' list as a followable list: its Atom feed (``/lieux/flux/``) shows the
published places most recently updated, filtered as the list. Places come from the
national standard's files, whose date is the row's ``date_maj`` (``updated_on``):
the feed and the digests date a place by it."""

from datetime import datetime, time

from django.utils import timezone

from scoran.lib.catalogues import FollowableList

from ..models import Place
from .filters import PlaceFilter


def _updated(place: Place) -> datetime:
    """The day of the row's update, from its start in Paris (feeds want a time)."""
    return timezone.make_aware(datetime.combine(place.updated_on, time.min))


def _summary(place: Place) -> str:
    where = f"{place.address}, {place.postcode} {place.commune.name}"
    return f"{place.summary} ({where})" if place.summary else where


PLACES = FollowableList(
    key="lieux",
    title="Lieux de médiation numérique – Espace de ressources SCORAN BFC",
    description="Les lieux de médiation numérique et tiers-lieux de Bourgogne-Franche-Comté "
    "les plus récemment mis à jour.",
    filterset=PlaceFilter,
    queryset=Place.objects.published,
    list_url_name="places:list",
    feed_url_name="places:feed",
    item_title=lambda place: place.name,
    item_date=_updated,
    item_updated=_updated,
    item_summary=_summary,
    newest_first=("-updated_on", "-pk"),
    preload=lambda rows: rows.select_related("commune"),
)
