"""What the data centres and hosting offers offer the site: their section under the
observatory (each row's page in the sitemap), "Signaler une erreur" on each, the
section "Centres de données" of their operator's organisation page, and their place
in the curation every curated kind shares (« à vérifier », the weekly link check)."""

from django.urls import reverse

from directory.organisations.sections import register_section
from scoran.lib.catalogues import (
    CHECKED_LINKS,
    CURATED_KINDS,
    REPORTABLE_KINDS,
    SITE_SECTIONS,
    CheckedLinks,
    CuratedKind,
    ReportableKind,
    SiteSection,
    lookup_by_pk,
    no_owners,
)
from strategy.sections import Section

from ..models import DataCentre
from .selectors import organisation_data_centres
from .sitemaps import DataCentreSitemap

SECTION = SiteSection(
    key="hebergement",
    title="Centres de données et hébergement",
    url_name="hosting:list",
    description="Les centres de données publics et privés et les offres d'hébergement "
    "de la région, leurs certifications et leurs services, sur une carte.",
    order=35,
    parent="observatoire",
    sitemap=DataCentreSitemap,
)

# Errors reported on one reach the curators' queue, which links to its admin page.
REPORTABLE = ReportableKind(
    key="hebergement",
    label="le centre de données ou l'offre d'hébergement",
    lookup=lookup_by_pk(lambda: DataCentre.objects.published()),
    page=lambda key: reverse("admin:portal_datacentre_change", args=[key]),
    title=lambda centre: centre.name,
)


# Curators alone keep them: an operator's agents have no page to edit them, and
# report errors like any visitor.
CURATED = CuratedKind(
    key="hebergement",
    label="Centres de données et offres d'hébergement",
    queryset=lambda: DataCentre.objects.published(),
    owners=no_owners,
    link=lambda centre: reverse("admin:portal_datacentre_change", args=[centre.pk]),
    title=lambda centre: centre.name,
)

LINKS = CheckedLinks(
    key="hebergement",
    label="le centre de données",
    queryset=lambda: DataCentre.objects.published(),
    fields=("url",),
    title=lambda centre: centre.name,
)

ORGANISATION = Section(
    key="centres-de-donnees",
    title="Centres de données et hébergement",
    template="portal/hosting/includes/rows.html",
    rows=organisation_data_centres,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    REPORTABLE_KINDS.register(REPORTABLE.key, REPORTABLE)
    CURATED_KINDS.register(CURATED.key, CURATED)
    CHECKED_LINKS.register(LINKS.key, LINKS)
    register_section(ORGANISATION)
