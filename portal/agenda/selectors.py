"""Reads of the agenda used by other pages. The orientation page, the organisation
page and the sitemap show public events only (``Event.objects.public()``: never a
members-only meeting of a working group); a working group's page shows its meetings
as its reader may see them."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from observatories.referential.sections import Scope

from ..models import Event

SECTION_SIZE = 10
GROUP_PAST_MEETINGS = 5


def orientation_events(orientation):
    """The next published events of an orientation (1 query)."""
    return (Event.objects.public().upcoming().filter(orientations=orientation).for_list())[
        :SECTION_SIZE
    ]


def organisation_events(organisation):
    """The next published events an organisation organises (1 query)."""
    return (Event.objects.public().upcoming().filter(organisation=organisation).for_list())[
        :SECTION_SIZE
    ]


def published_event_addresses() -> list[dict]:
    """{"url", "updated_at"} of every public event, past ones included, in one query."""
    pattern = reverse("agenda:detail", kwargs={"slug": "x"})
    return [
        {"url": pattern.replace("/x/", f"/{slug}/"), "updated_at": updated_at}
        for slug, updated_at in Event.objects.public()
        .order_by("slug")
        .values_list("slug", "updated_at")
    ]


def commune_events(commune):
    """The next public events held in a commune, for its page (1 query)."""
    return Event.objects.public().upcoming().filter(commune=commune).for_list()[:SECTION_SIZE]


def group_meetings(viewing) -> list[Event]:
    """A working group's published meetings its reader sees (``GroupViewing``: the
    members-only ones for members and staff): the upcoming ones, soonest first, then
    the last few past ones, latest first (2 queries)."""
    rows = Event.objects.published_to(viewing.user).filter(working_group=viewing.group).for_list()
    now = timezone.now()
    return [*rows.upcoming(now)[:SECTION_SIZE], *rows.past(now)[:GROUP_PAST_MEETINGS]]


def territory_events(scope: Scope):
    """The next public events nearby: in the commune's department for a commune,
    in the territory otherwise (1 query)."""
    where = scope.communes()
    if scope.is_commune:
        where = Q(commune__department__in=scope.department_codes)
    return Event.objects.public().upcoming().filter(where).for_list()[:SECTION_SIZE]
