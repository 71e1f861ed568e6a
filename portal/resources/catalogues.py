"""What the resource library offers the site: its section (menu, site map,
sitemap.xml), its followable list (the Atom feed), resources to search, the steps of
resources a person took, its moderation, and its sections of the orientation and
organisation pages. Called once from ``PortalConfig.ready()``."""

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
from ..models import Resource, ResourceEvent, ResourceVersion
from .feeds import RESOURCES
from .selectors import organisation_resources, orientation_resources, territory_resources
from .sitemaps import ResourceSitemap

SECTION = SiteSection(
    key="ressources",
    title="Ressources",
    url_name="resources:list",
    description="Guides méthodologiques, modèles de cahiers des charges, études, kits et "
    "supports de formation à réutiliser.",
    order=65,
    in_menu=True,
    sitemap=ResourceSitemap,
)

SEARCH = SearchableKind(
    key="ressources",
    label="Ressources",
    queryset=lambda: Resource.objects.public().select_related("organisation"),
    title=lambda resource: resource.title,
    summary=lambda resource: resource.summary,
    body=lambda resource: resource.description,
    departments=lambda resource: [d.pk for d in resource.departments.all()],
    orientations=lambda resource: [o.number for o in resource.orientations.all()],
    date=lambda resource: resource.date,
    preload=lambda rows: rows.prefetch_related("departments", "orientations"),
)

PERSONAL = [
    # Who proposed a resource and who decided on it: the steps and resources stay,
    # without the person.
    PersonalData(
        key="etapes_de_ressources",
        fields={
            "portal.ResourceEvent.by": OnDelete.DETACH,
            "portal.Resource.created_by": OnDelete.DETACH,
        },
        export=history_steps(ResourceEvent, of="resource", label="ressource"),
    ),
]

ROWS = "portal/resources/includes/rows.html"

# Errors reported on it reach the curators' queue, which links to its admin page.
REPORTABLE = ReportableKind(
    key="ressources",
    label="la ressource",
    lookup=lookup_by_pk(lambda: Resource.objects.public()),
    page=lambda key: reverse("admin:portal_resource_change", args=[key]),
    title=lambda resource: resource.title,
)

# Its organisation's agents are reminded weekly of those "à vérifier".
CURATED = CuratedKind(
    key="ressources",
    label="Ressources",
    queryset=lambda: Resource.objects.published(),
    owners=seeing_owners(agents_of("organisation")),
    link=lambda resource: reverse("resource_agents:edit", kwargs={"slug": resource.slug}),
    title=lambda resource: resource.title,
)

# The external links of its versions (a resource published elsewhere) are checked.
LINKS = CheckedLinks(
    key="ressources",
    label="la ressource",
    queryset=lambda: (
        ResourceVersion.objects.filter(resource__in=Resource.objects.published())
        .exclude(external_url="")
        .select_related("resource")
    ),
    fields=("external_url",),
    title=lambda version: f"{version.resource.title} (version {version.label})",
    link=lambda version: version.resource.get_absolute_url(),
)


# Its organisations' agents keep theirs from their account page.
AGENT_SPACE = AgentSpace(
    key="ressources",
    title="Mes ressources",
    list_label="Les ressources de mes structures",
    description="guides, modèles et études proposés, leurs versions et leurs relectures.",
    list_url_name="resource_agents:mine",
    create_label="Proposer une ressource",
    create_url_name="resource_agents:create",
    order=20,
)


# On the pages of /territoires/ (registered by ``portal/extensions.py``).
TERRITORY = Section(
    key="ressources",
    title="Ressources produites sur le territoire",
    template="portal/resources/includes/territory_rows.html",
    rows=territory_resources,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    FOLLOWABLE_LISTS.register(RESOURCES.key, RESOURCES)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    REPORTABLE_KINDS.register(REPORTABLE.key, REPORTABLE)
    CURATED_KINDS.register(CURATED.key, CURATED)
    CHECKED_LINKS.register(LINKS.key, LINKS)
    AGENT_SPACES.register(AGENT_SPACE.key, AGENT_SPACE)
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)
    ORIENTATION_SECTIONS.register(
        Section(key="ressources", title="Ressources", template=ROWS, rows=orientation_resources)
    )
    register_section(
        Section(key="ressources", title="Ressources", template=ROWS, rows=organisation_resources)
    )
