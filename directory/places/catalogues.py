"""What the places offer the site: their section, their followable list (the Atom
feed), places to search, and errors to report on them."""

from django.urls import reverse

from scoran.lib.catalogues import (
    FOLLOWABLE_LISTS,
    PERSONAL_DATA,
    REPORTABLE_KINDS,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    OnDelete,
    PersonalData,
    ReportableKind,
    SearchableKind,
    SiteSection,
    history_steps,
    lookup_by_pk,
)

from ..models import Place, PlaceEvent
from .feeds import PLACES
from .sitemaps import PlaceSitemap

SECTION = SiteSection(
    key="lieux",
    title="Lieux de médiation numérique",
    menu_title="Lieux",
    url_name="places:list",
    description="Où se faire accompagner dans ses usages du numérique, près de chez soi.",
    order=60,
    in_menu=True,
    sitemap=PlaceSitemap,
)

SEARCH = SearchableKind(
    key="lieux",
    label="Lieux de médiation numérique",
    queryset=lambda: Place.objects.published().select_related("commune"),
    title=lambda place: place.name,
    summary=lambda place: place.summary or place.commune.name,
    body=lambda place: f"{place.commune.name} {place.postcode}\n{place.description}",
    departments=lambda place: [place.commune.department_id],
    date=lambda place: place.updated_on,
)


REPORTABLE = ReportableKind(
    key="lieux",
    label="le lieu",
    lookup=lookup_by_pk(lambda: Place.objects.published()),
    page=lambda key: reverse("places:short", kwargs={"pk": int(key)}),
    title=lambda place: place.name,
)


PERSONAL = [
    # Publication decisions stay in the place's history, without the person.
    PersonalData(
        key="moderation_de_lieux",
        fields={"directory.PlaceEvent.by": OnDelete.DETACH},
        export=history_steps(PlaceEvent, of="place", label="lieu"),
    ),
    # The places' public contacts, as the national data set publishes them.
    PersonalData(
        key="adresses_de_contact_des_lieux",
        fields={"directory.Place.emails": OnDelete.KEEP},
    ),
]


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    REPORTABLE_KINDS.register(REPORTABLE.key, REPORTABLE)
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)


def register_followable() -> None:
    """The places' followable list, after the projects' (the first one)."""
    FOLLOWABLE_LISTS.register(PLACES.key, PLACES)
