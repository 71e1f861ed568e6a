"""What the wholesale offers offer the site: their section under the observatory
(with every network's page in the sitemap), and their place in the curation every
curated kind shares: « à vérifier » after ``REVIEW_AFTER_DAYS`` and the weekly
check of their links (the offers' and the networks' sites)."""

from django.urls import reverse

from scoran.lib.catalogues import (
    CHECKED_LINKS,
    CURATED_KINDS,
    SITE_SECTIONS,
    CheckedLinks,
    CuratedKind,
    SiteSection,
    no_owners,
)

from ..models import Network, WholesaleOffer
from .selectors import network_pages

SECTION = SiteSection(
    key="offres-de-gros",
    title="Réseaux et offres de gros",
    url_name="observatories:operators",
    description="Les réseaux d'initiative publique et les zones d'initiative privée, "
    "les opérateurs présents sur chacun et le lien vers leur offre de gros.",
    order=34,
    parent="observatoire",
    sitemap=network_pages,
)


def _admin_page(name: str):
    return lambda item: reverse(f"admin:observatories_{name}_change", args=[item.pk])


# Curators alone keep them: no organisation of the directory owns a network or an offer.
CURATED = [
    CuratedKind(
        key="reseaux",
        label="Réseaux (offres de gros)",
        queryset=lambda: Network.objects.published(),
        owners=no_owners,
        link=_admin_page("network"),
    ),
    CuratedKind(
        key="offres-de-gros",
        label="Offres de gros",
        queryset=lambda: WholesaleOffer.objects.published(),
        owners=no_owners,
        link=_admin_page("wholesaleoffer"),
    ),
]

LINKS = [
    CheckedLinks(
        key="reseaux",
        label="réseau",
        queryset=lambda: Network.objects.published(),
        fields=("website",),
    ),
    CheckedLinks(
        key="offres-de-gros",
        label="offre de gros",
        queryset=lambda: WholesaleOffer.objects.published().select_related("network"),
        fields=("url",),
    ),
]


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    for entry in CURATED:
        CURATED_KINDS.register(entry.key, entry)
    for entry in LINKS:
        CHECKED_LINKS.register(entry.key, entry)
