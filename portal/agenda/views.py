"""Public pages of the agenda: upcoming events, the archives (past events), a page
per event (previewed by its organisation's agents and curators before it is
published; a members-only meeting shown to its group's members only), and their iCal
calendars (the same filters as the pages), plus the calendar of a working group's
meetings. The Atom feed is the followable list of ``feeds.py``.

Lists and shared calendars hold public events only (``Event.objects.public()``); a
page or calendar that may hold members-only meetings is never cached by anyone but
the reader (``Cache-Control: private, no-store``)."""

from datetime import timedelta

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from directory.models import WorkingGroup
from scoran.lib.lists import filtered, list_page

from ..models import Event
from .access import get_visible_event
from .filters import EventFilter
from .ical import calendar, calendar_response, kept_calendar, webcal_url

# How far back a working group's calendar goes (its past meetings stay a while).
GROUP_CALENDAR_PAST = timedelta(days=365)


def _listing(request, *, past: bool):
    rows = Event.objects.public()
    rows = rows.past() if past else rows.upcoming()
    listing = list_page(request, EventFilter, rows, shown=lambda found: found.for_list())
    return listing


def _ical_links(request, query: str) -> dict:
    path = reverse("agenda:ical") + (f"?{query}" if query else "")
    return {"ical_url": path, "webcal_url": webcal_url(request, path)}


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
    response = render(
        request,
        "portal/agenda/detail.html",
        {
            "event": event,
            "ical_url": path,
            "webcal_url": webcal_url(request, path),
            "breadcrumbs": [("Agenda", reverse("agenda:list")), (event.title, None)],
        },
    )
    if not event.is_public:
        add_never_cache_headers(response)
    return response


@require_GET
def list_ical(request):
    """The upcoming public events, filtered as the page (none when a filter is wrong),
    kept per content version (``ical.kept_calendar``)."""
    _, rows = filtered(EventFilter, request, Event.objects.public().upcoming())
    name = "Agenda SCORAN BFC"
    document = kept_calendar(request, lambda: calendar(rows.for_calendar(), name=name))
    return calendar_response([], name=name, filename="agenda-scoran-bfc.ics", document=document)


@require_GET
def event_ical(request, slug: str):
    """One published event (a draft has no calendar: 404; a members-only meeting is
    404 but for its group's members)."""
    event = get_visible_event(request, slug, Event.objects.published().for_list())
    response = calendar_response([event], name=event.title, filename=f"{event.slug}.ics")
    if not event.is_public:
        add_never_cache_headers(response)
    return response


@require_GET
def group_ical(request, slug: str):
    """A working group's meetings, upcoming and of the last year: the public ones for
    everyone, and the members-only ones too for a member signed in (a calendar app
    subscribing without the session gets the public ones only)."""
    group = get_object_or_404(WorkingGroup.objects.only("slug", "name"), slug=slug)
    since = timezone.now() - GROUP_CALENDAR_PAST
    rows = (
        Event.objects.published_to(request.user)
        .filter(working_group=group, end__gte=since)
        .order_by("start", "pk")
        .for_calendar()
    )
    response = calendar_response(
        rows, name=f"{group.name} – réunions", filename=f"groupe-{group.slug}.ics"
    )
    if request.user.is_authenticated:  # what it holds depends on who asks
        add_never_cache_headers(response)
    return response
