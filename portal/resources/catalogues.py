"""What the resource library offers the site: its section (menu, site map,
sitemap.xml), its followable list (the Atom feed), resources to search, the steps of
resources a person took, its moderation, and its sections of the orientation and
organisation pages. Called once from ``PortalConfig.ready()``."""

from directory.organisations.sections import register_section
from scoran.lib.catalogues import (
    FOLLOWABLE_LISTS,
    PERSONAL_DATA,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    OnDelete,
    PersonalData,
    SearchableKind,
    SiteSection,
    history_steps,
)
from strategy.sections import ORIENTATION_SECTIONS, Section

from ..models import Resource, ResourceEvent
from .feeds import RESOURCES
from .selectors import organisation_resources, orientation_resources
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
    queryset=lambda: Resource.objects.published().select_related("organisation"),
    title=lambda resource: resource.title,
    summary=lambda resource: resource.summary,
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


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    FOLLOWABLE_LISTS.register(RESOURCES.key, RESOURCES)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)
    ORIENTATION_SECTIONS.register(
        Section(key="ressources", title="Ressources", template=ROWS, rows=orientation_resources)
    )
    register_section(
        Section(key="ressources", title="Ressources", template=ROWS, rows=organisation_resources)
    )
