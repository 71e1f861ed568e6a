"""What the funding guide offers the site: its section, its followable list (the
Atom feed), aides to search, the steps of aides a person took, and the sections
"Aides" of orientation and organisation pages."""

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

from ..models import Funding, FundingEvent
from .feeds import FUNDINGS
from .selectors import organisation_fundings, orientation_fundings, territory_fundings
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
    body=lambda funding: f"{funding.description}\n{funding.funder_names}",
    departments=lambda funding: [d.pk for d in funding.departments.all()],
    orientations=lambda funding: [o.number for o in funding.orientations.all()],
    date=lambda funding: funding.published_at,
    preload=lambda rows: rows.prefetch_related("departments", "orientations"),
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

# Errors reported on it reach the curators' queue, which links to its admin page.
REPORTABLE = ReportableKind(
    key="aides",
    label="l'aide",
    lookup=lookup_by_pk(lambda: Funding.objects.published()),
    page=lambda key: reverse("admin:portal_funding_change", args=[key]),
    title=lambda funding: funding.name,
)

# Its owner organisation's agents are reminded weekly of those "à vérifier" (imported
# aides have no owner: each import confirms them).
CURATED = CuratedKind(
    key="aides",
    label="Aides",
    queryset=lambda: Funding.objects.published(),
    owners=agents_of("owner"),
    link=lambda funding: reverse("funding_agents:edit", kwargs={"slug": funding.slug}),
    title=lambda funding: funding.name,
)

LINKS = CheckedLinks(
    key="aides",
    label="l'aide",
    queryset=lambda: Funding.objects.published(),
    fields=("application_url", "information_url"),
    title=lambda funding: funding.name,
)


# Its organisations' agents keep theirs from their account page.
AGENT_SPACE = AgentSpace(
    key="aides",
    title="Mes aides",
    list_label="Les aides de mes structures",
    description="les aides que vos structures financent, leurs sessions et leurs relectures.",
    list_url_name="funding_agents:list",
    create_label="Proposer une aide",
    create_url_name="funding_agents:create",
    order=30,
)


# On the pages of /territoires/ (registered by ``portal/extensions.py``).
TERRITORY = Section(
    key="aides",
    title="Aides ouvertes à ce territoire",
    template="portal/funding/includes/territory_rows.html",
    rows=territory_fundings,
    empty="Aucune aide publiée n'est ouverte aujourd'hui à ce territoire.",
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    FOLLOWABLE_LISTS.register(FUNDINGS.key, FUNDINGS)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    REPORTABLE_KINDS.register(REPORTABLE.key, REPORTABLE)
    CURATED_KINDS.register(CURATED.key, CURATED)
    CHECKED_LINKS.register(LINKS.key, LINKS)
    AGENT_SPACES.register(AGENT_SPACE.key, AGENT_SPACE)
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)
    ORIENTATION_SECTIONS.register(ORIENTATION)
    register_section(ORGANISATION)
