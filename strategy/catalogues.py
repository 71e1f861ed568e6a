"""What the strategy offers the site: its sections (overview, indicators) and its
orientations to search."""

from django.utils.text import Truncator

from scoran.lib.catalogues import (
    PERSONAL_DATA,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    OnDelete,
    PersonalData,
    SearchableKind,
    SiteSection,
    isoformat,
)

from .models import ActionTrack, Indicator, IndicatorValue, Orientation
from .sitemaps import OrientationSitemap


def _orientation_title(orientation: Orientation) -> str:
    return f"Orientation {orientation.number} – {orientation.title}"


def _orientation_links() -> list[tuple[str, str]]:
    """Every orientation, under the strategy on the site map (1 query)."""
    return [
        (_orientation_title(orientation), orientation.get_absolute_url())
        for orientation in Orientation.objects.only("number", "title")
    ]


SECTIONS = [
    SiteSection(
        key="strategie",
        title="La stratégie",
        url_name="strategy:overview",
        description="Les enjeux, les défis et les quinze orientations de la SCORAN, "
        "avec leurs pistes d'action.",
        order=10,
        in_menu=True,
        sitemap=OrientationSitemap,
        pages=_orientation_links,
    ),
    SiteSection(
        key="indicateurs",
        title="Indicateurs de suivi",
        menu_title="Indicateurs",
        url_name="strategy:indicators",
        description="Les indicateurs qui suivent la mise en œuvre de la stratégie.",
        order=20,
        in_menu=True,
        parent="strategie",
    ),
]

SEARCH = SearchableKind(
    key="orientations",
    label="Orientations de la stratégie",
    queryset=Orientation.objects.all,
    title=_orientation_title,
    summary=lambda orientation: Truncator(orientation.context).words(30),
    body=lambda orientation: "\n".join(
        [orientation.context, orientation.key_figures, orientation.consultation_feedback]
    ),
    orientations=lambda orientation: [orientation.number],
    date=lambda orientation: orientation.updated_at,
)

SEARCH_TRACKS = SearchableKind(
    key="pistes",
    label="Pistes d'action",
    queryset=lambda: ActionTrack.objects.select_related("orientation"),
    title=lambda track: f"Piste {track.code} – {track.title}",
    summary=lambda track: track.detail,
    body=lambda track: track.sub_actions,
    orientations=lambda track: [track.orientation.number],
)

SEARCH_INDICATORS = SearchableKind(
    key="indicateurs",
    label="Indicateurs de suivi",
    queryset=Indicator.objects.all,
    title=lambda indicator: indicator.name,
    summary=lambda indicator: indicator.objective,
    body=lambda indicator: indicator.data_needed,
    orientations=lambda indicator: [o.number for o in indicator.orientations.all()],
    preload=lambda rows: rows.prefetch_related("orientations"),
)


def _entered_values(user) -> list[dict]:
    return [
        {
            "indicateur": value.indicator.name,
            "territoire": value.label,
            "annee": value.year,
            "valeur": value.value,
            "modifiee_le": isoformat(value.updated_at),
        }
        for value in IndicatorValue.objects.filter(entered_by=user).select_related("indicator")
    ]


# The values a curator entered stay (they are the indicators' history), without them.
ENTERED_VALUES = PersonalData(
    key="valeurs_d_indicateurs_saisies",
    fields={"strategy.IndicatorValue.entered_by": OnDelete.DETACH},
    export=_entered_values,
    order=210,
)


def register() -> None:
    PERSONAL_DATA.register(ENTERED_VALUES.key, ENTERED_VALUES)
    for section in SECTIONS:
        SITE_SECTIONS.register(section.key, section)
    for kind in (SEARCH, SEARCH_TRACKS, SEARCH_INDICATORS):
        SEARCHABLE_KINDS.register(kind.key, kind)
