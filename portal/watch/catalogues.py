"""What the information watch offers the site: its section in the menu, its
followable list (Atom), items to search, the « Veille » section of orientation
pages, the agents' space of their proposals, and the personal data of a proposal
(who proposed it, who took each step of its review).

Watch items are neither curated kinds (the owners' reminder to review) nor
reportable kinds: a news item is dated and its link leads to a page of another
site, so there is nothing for an owner to confirm as still right months later
(the feeds' items have no owner at all), and an item has no page of its own here
to report an error on: its title links out to its source."""

from django.utils.html import strip_tags

from scoran.lib.catalogues import (
    AGENT_SPACES,
    FOLLOWABLE_LISTS,
    PERSONAL_DATA,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    AgentSpace,
    OnDelete,
    PersonalData,
    SearchableKind,
    SiteSection,
    history_steps,
)
from strategy.sections import ORIENTATION_SECTIONS, Section

from ..models import WatchItem, WatchItemStep
from .feeds import WATCH
from .selectors import orientation_items

SECTION = SiteSection(
    key="veille",
    title="Veille",
    url_name="watch:list",
    description="Les actualités du numérique choisies par l'équipe et lues dans des flux "
    "publics, chacune avec un lien vers sa source.",
    order=68,
    in_menu=True,
)

SEARCH = SearchableKind(
    key="veille",
    label="Veille",
    queryset=lambda: WatchItem.objects.published(),
    title=lambda item: item.title,
    summary=lambda item: item.source_name,
    body=lambda item: strip_tags(item.summary),
    orientations=lambda item: [o.number for o in item.orientations.all()],
    date=lambda item: item.published_on,
    preload=lambda rows: rows.prefetch_related("orientations"),
)

ORIENTATION = Section(
    key="veille",
    title="Veille",
    template="portal/watch/includes/rows.html",
    rows=orientation_items,
)


# The history and the items stay, without the person.
PERSONAL = PersonalData(
    key="etapes_de_veille",
    fields={
        "portal.WatchItemStep.by": OnDelete.DETACH,
        "portal.WatchItem.created_by": OnDelete.DETACH,
    },
    export=history_steps(WatchItemStep, of="item", label="information"),
)

# Its organisations' agents keep their proposals from their account page.
AGENT_SPACE = AgentSpace(
    key="veille",
    title="Mes propositions de veille",
    list_label="Les informations proposées par mes structures",
    description="les actualités que vos structures proposent pour la veille et leurs relectures.",
    list_url_name="watch_agents:list",
    create_label="Proposer une information",
    create_url_name="watch_agents:create",
    order=40,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    FOLLOWABLE_LISTS.register(WATCH.key, WATCH)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    ORIENTATION_SECTIONS.register(ORIENTATION)
    AGENT_SPACES.register(AGENT_SPACE.key, AGENT_SPACE)
    PERSONAL_DATA.register(PERSONAL.key, PERSONAL)
