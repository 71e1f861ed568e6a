"""The portal's own sections: the home page and the information pages."""

from scoran.lib.catalogues import SITE_SECTIONS, SiteSection

SECTIONS = [
    SiteSection(key="accueil", title="Accueil", url_name="portal:home", order=0, in_menu=True),
    SiteSection(
        key="mentions-legales", title="Mentions légales", url_name="portal:legal_notice", order=90
    ),
    SiteSection(
        key="accessibilite", title="Accessibilité", url_name="portal:accessibility", order=91
    ),
    SiteSection(
        key="donnees-personnelles",
        title="Données personnelles",
        url_name="portal:privacy",
        order=92,
    ),
    SiteSection(key="plan-du-site", title="Plan du site", url_name="portal:site_map", order=93),
    # A probe for operators: listed for visitors, kept from crawlers.
    SiteSection(
        key="sante", title="État du service", url_name="portal:health", order=94, indexed=False
    ),
]


def register() -> None:
    for section in SECTIONS:
        SITE_SECTIONS.register(section.key, section)
