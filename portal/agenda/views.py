"""Public pages of the agenda: upcoming events, the archives (past events), a page
per event (previewed by its organisation's agents and curators before it is
published), and their iCal calendars (the same filters as the pages). The Atom feed
is the followable list of ``feeds.py``."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from scoran.lib.lists import filtered, list_page

from ..models import Event
from .access import get_visible_event
from .filters import EventFilter
from .ical import calendar_response


def _listing(request, *, past: bool):
    rows = Event.objects.published()
    rows = rows.past() if past else rows.upcoming()
    listing = list_page(request, EventFilter, rows, shown=lambda found: found.for_list())
    return listing


def _ical_links(request, query: str) -> dict:
    path = reverse("agenda:ical") + (f"?{query}" if query else "")
    absolute = request.build_absolute_uri(path)
    return {"ical_url": path, "webcal_url": "webcal://" + absolute.split("://", 1)[1]}


@require_GET
def event_list(request):
    listing = _listing(request, past=False)
    return render(
        request,
        "portal/agenda/list.html",
        listing.context(
            breadcrumbs=[("Agenda", None)],
            archives=False,
            **_ical_links(request, listing.query),
        ),
    )


@require_GET
def event_archives(request):
    listing = _listing(request, past=True)
    return render(
        request,
        "portal/agenda/list.html",
        listing.context(
            breadcrumbs=[("Agenda", reverse("agenda:list")), ("Archives", None)],
            archives=True,
        ),
    )


@require_GET
def event_detail(request, slug: str):
    event = get_visible_event(request, slug)
    path = event.get_ical_url()
    absolute = request.build_absolute_uri(path)
    response = render(
        request,
        "portal/agenda/detail.html",
        {
            "event": event,
            "ical_url": path,
            "webcal_url": "webcal://" + absolute.split("://", 1)[1],
            "breadcrumbs": [("Agenda", reverse("agenda:list")), (event.title, None)],
        },
    )
    if not event.is_public:
        add_never_cache_headers(response)
    return response


@require_GET
def list_ical(request):
    """The upcoming events, filtered as the page (none when a filter is wrong)."""
    _, rows = filtered(EventFilter, request, Event.objects.published().upcoming())
    return calendar_response(
        rows.for_list(), name="Agenda SCORAN BFC", filename="agenda-scoran-bfc.ics"
    )


@require_GET
def event_ical(request, slug: str):
    """One published event (a draft has no calendar: 404)."""
    event = get_visible_event(request, slug, Event.objects.published().for_list())
    return calendar_response([event], name=event.title, filename=f"{event.slug}.ics")
