"""What the information watch offers the site: its section in the menu, its
followable list (Atom), items to search, and the « Veille » section of orientation
pages. Items hold no personal data (no author is recorded)."""

from scoran.lib.catalogues import (
    FOLLOWABLE_LISTS,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    SearchableKind,
    SiteSection,
)
from strategy.sections import ORIENTATION_SECTIONS, Section

from ..models import WatchItem
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
)

ORIENTATION = Section(
    key="veille",
    title="Veille",
    template="portal/watch/includes/rows.html",
    rows=orientation_items,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    FOLLOWABLE_LISTS.register(WATCH.key, WATCH)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    ORIENTATION_SECTIONS.register(ORIENTATION)
