"""What the places offer the site: their section, places to search, and the error
reports a person sent with their e-mail address."""

from scoran.lib.catalogues import (
    PERSONAL_DATA,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    OnDelete,
    PersonalData,
    SearchableKind,
    SiteSection,
    history_steps,
    isoformat,
)

from ..models import ErrorReport, Place, PlaceEvent
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
)


def _reports(user) -> list[dict]:
    return [
        {
            "lieu": report.place.name,
            "message": report.message,
            "envoye_le": isoformat(report.created_at),
            "traite": report.is_resolved,
        }
        for report in ErrorReport.objects.filter(email__iexact=user.email).select_related("place")
    ]


def _forget_reports_address(user) -> None:
    """The reports stay for the curators, without the sender's address."""
    ErrorReport.objects.filter(email__iexact=user.email).update(email="")


PERSONAL = [
    PersonalData(
        key="signalements_de_lieux",
        fields={"directory.ErrorReport.email": OnDelete.DETACH},
        export=_reports,
        erase=_forget_reports_address,
    ),
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
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)
