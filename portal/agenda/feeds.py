"""The agenda as a followable list: its Atom feed (``/agenda/flux/``) shows the latest
public upcoming events (never a members-only meeting), filtered as the page."""

from scoran.lib.catalogues import FollowableList

from ..models import Event
from .filters import EventFilter


def _summary(event: Event) -> str:
    when = (
        event.local_start.strftime("%d/%m/%Y")
        if event.all_day
        else (event.local_start.strftime("%d/%m/%Y %H:%M"))
    )
    status = " (annulé)" if event.is_cancelled else ""
    place = f", {event.place}" if event.place else ""
    return f"{event.get_kind_display()} le {when}{place}{status}"


EVENTS = FollowableList(
    key="agenda",
    title="Agenda – Espace de ressources SCORAN BFC",
    description="Les évènements à venir du réseau du numérique en Bourgogne-Franche-Comté.",
    filterset=EventFilter,
    queryset=lambda: Event.objects.public().upcoming(),
    list_url_name="agenda:list",
    feed_url_name="agenda:feed",
    item_title=lambda event: f"{event.title} (annulé)" if event.is_cancelled else event.title,
    item_date=lambda event: event.published_at,
    item_updated=lambda event: event.updated_at,
    item_summary=_summary,
    item_author=lambda event: event.organisation.name,
    newest_first=("-published_at", "-pk"),
    preload=lambda rows: rows.for_list(),
)
