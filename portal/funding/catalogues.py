"""What the funding guide offers the site: its section, its followable list (the
Atom feed), aides to search, the steps of aides a person took, and the sections
"Aides" of orientation and organisation pages."""

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

from ..models import Funding, FundingEvent
from .feeds import FUNDINGS
from .selectors import organisation_fundings, orientation_fundings
from .sitemaps import FundingSitemap

SECTION = SiteSection(
    key="aides",
    title="Aides",
    url_name="funding:list",
    description="Le guide des financements : subventions, prêts, appels à projets et "
    "ingénierie pour les projets numériques du territoire.",
    order=66,
    in_menu=True,
    sitemap=FundingSitemap,
)

SEARCH = SearchableKind(
    key="aides",
    label="Aides",
    queryset=lambda: Funding.objects.published(),
    title=lambda funding: funding.name,
    summary=lambda funding: funding.summary,
)

PERSONAL = [
    # The history and the aides stay, without the person.
    PersonalData(
        key="etapes_d_aides",
        fields={
            "portal.FundingEvent.by": OnDelete.DETACH,
            "portal.Funding.created_by": OnDelete.DETACH,
        },
        export=history_steps(FundingEvent, of="funding", label="aide"),
    ),
]

ORIENTATION = Section(
    key="aides",
    title="Aides et financements",
    template="portal/funding/includes/rows.html",
    rows=orientation_fundings,
    empty="Aucune aide ouverte n'est encore rattachée à cette orientation.",
)
ORGANISATION = Section(
    key="aides",
    title="Aides financées",
    template="portal/funding/includes/rows.html",
    rows=organisation_fundings,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    FOLLOWABLE_LISTS.register(FUNDINGS.key, FUNDINGS)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)
    ORIENTATION_SECTIONS.register(ORIENTATION)
    register_section(ORGANISATION)
