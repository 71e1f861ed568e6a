"""What the agenda offers the site: its section, its followable list (the Atom feed),
events to search, report and curate, their checked links, the steps of events a
person took, and the sections "Agenda" of orientation, organisation and commune pages."""

from django.urls import reverse

from directory.freshness.selectors import agents_of
from directory.organisations.sections import register_section
from scoran.lib.catalogues import (
    AGENT_SPACES,
    CHECKED_LINKS,
    CURATED_KINDS,
    FOLLOWABLE_LISTS,
    PERSONAL_DATA,
    REPORTABLE_KINDS,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    AgentSpace,
    CheckedLinks,
    CuratedKind,
    OnDelete,
    PersonalData,
    ReportableKind,
    SearchableKind,
    SiteSection,
    history_steps,
    lookup_by_pk,
)
from strategy.sections import ORIENTATION_SECTIONS, Section

from ..groups.recipients import seeing_owners
from ..models import Event, EventStep
from .feeds import EVENTS
from .selectors import commune_events, organisation_events, orientation_events, territory_events
from .sitemaps import EventSitemap

SECTION = SiteSection(
    key="agenda",
    title="Agenda",
    url_name="agenda:list",
    description="L'agenda partagé du réseau : ateliers, webinaires, comités, formations et "
    "salons du numérique en Bourgogne-Franche-Comté.",
    order=67,
    in_menu=True,
    sitemap=EventSitemap,
)

SEARCH = SearchableKind(
    key="agenda",
    label="Agenda",
    queryset=lambda: Event.objects.public(),
    title=lambda event: event.title,
    summary=lambda event: event.description[:300],
    body=lambda event: event.description,
    departments=lambda event: [getattr(event.commune, "department_id", "")],
    orientations=lambda event: [o.number for o in event.orientations.all()],
    date=lambda event: event.start,
    preload=lambda rows: rows.select_related("commune").prefetch_related("orientations"),
)

PERSONAL = [
    # The history and the events stay, without the person.
    PersonalData(
        key="etapes_d_evenements",
        fields={
            "portal.EventStep.by": OnDelete.DETACH,
            "portal.Event.created_by": OnDelete.DETACH,
        },
        export=history_steps(EventStep, of="event", label="évènement"),
    ),
]

ORIENTATION = Section(
    key="agenda",
    title="Évènements à venir",
    template="portal/agenda/includes/rows.html",
    rows=orientation_events,
    empty="Aucun évènement à venir n'est rattaché à cette orientation.",
)
ORGANISATION = Section(
    key="agenda",
    title="Évènements à venir",
    template="portal/agenda/includes/rows.html",
    rows=organisation_events,
)
# On the commune's page of the observatory (registered by ``portal/extensions.py``).
COMMUNE = Section(
    key="agenda",
    title="Évènements à venir",
    template="portal/agenda/includes/commune_rows.html",
    rows=commune_events,
)

# Errors reported on it reach the curators' queue, which links to its admin page.
REPORTABLE = ReportableKind(
    key="agenda",
    label="l'évènement",
    lookup=lookup_by_pk(lambda: Event.objects.public()),
    page=lambda key: reverse("admin:portal_event_change", args=[key]),
    title=lambda event: event.title,
)

# Its organiser's agents are reminded of those "à vérifier"; the link goes to the
# agents' edit page.
CURATED = CuratedKind(
    key="agenda",
    label="Évènements",
    queryset=lambda: Event.objects.published(),
    owners=seeing_owners(agents_of("organisation")),
    link=lambda event: reverse("agenda_agents:edit", kwargs={"slug": event.slug}),
    title=lambda event: event.title,
)

LINKS = CheckedLinks(
    key="agenda",
    label="l'évènement",
    queryset=lambda: Event.objects.published(),
    fields=("registration_url", "online_url"),
    title=lambda event: event.title,
)

# Its organisations' agents keep theirs from their account page.
AGENT_SPACE = AgentSpace(
    key="agenda",
    title="Mes évènements",
    list_label="Les évènements de mes structures",
    description="les évènements que vos structures organisent et leurs relectures.",
    list_url_name="agenda_agents:list",
    create_label="Proposer un évènement",
    create_url_name="agenda_agents:create",
    order=35,
)


# On the pages of /territoires/ (registered by ``portal/extensions.py``).
TERRITORY = Section(
    key="agenda",
    title="Évènements à venir à proximité",
    template="portal/agenda/includes/territory_rows.html",
    rows=territory_events,
    empty="Aucun évènement à venir n'est annoncé à proximité.",
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    FOLLOWABLE_LISTS.register(EVENTS.key, EVENTS)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    REPORTABLE_KINDS.register(REPORTABLE.key, REPORTABLE)
    CURATED_KINDS.register(CURATED.key, CURATED)
    CHECKED_LINKS.register(LINKS.key, LINKS)
    AGENT_SPACES.register(AGENT_SPACE.key, AGENT_SPACE)
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)
    ORIENTATION_SECTIONS.register(ORIENTATION)
    register_section(ORGANISATION)
