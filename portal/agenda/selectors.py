"""Reads of the agenda used by other pages: the orientation page, the organisation
page and the sitemap. Only published events: what the public sees."""

from django.urls import reverse

from directory.models import Visibility

from ..models import Event

SECTION_SIZE = 10


def orientation_events(orientation):
    """The next published events of an orientation (1 query)."""
    return (Event.objects.published().upcoming().filter(orientations=orientation).for_list())[
        :SECTION_SIZE
    ]


def organisation_events(organisation):
    """The next published events an organisation organises (1 query)."""
    return (Event.objects.published().upcoming().filter(organisation=organisation).for_list())[
        :SECTION_SIZE
    ]


def published_event_addresses() -> list[dict]:
    """{"url", "updated_at"} of every published event, past ones included, in one query."""
    pattern = reverse("agenda:detail", kwargs={"slug": "x"})
    return [
        {"url": pattern.replace("/x/", f"/{slug}/"), "updated_at": updated_at}
        for slug, updated_at in Event.objects.published()
        .order_by("slug")
        .values_list("slug", "updated_at")
    ]


def commune_events(commune):
    """The next public events held in a commune, for its page (1 query)."""
    # The public events: published, and not reserved to a working group's members.
    public = Event.objects.published().filter(visibility=Visibility.PUBLIC)
    return public.upcoming().filter(commune=commune).for_list()[:SECTION_SIZE]
