"""What the territory pages offer the site: their section (« Territoires », on the
site map and in the menu's site map, with every territory's page in the sitemap),
and the communes to search (by name, postcode or INSEE code: a result leads to the
commune's page)."""

from django.urls import reverse

from observatories.models import Commune
from scoran.lib.catalogues import SEARCHABLE_KINDS, SITE_SECTIONS, SearchableKind, SiteSection

from .selectors import territory_pages

SECTION = SiteSection(
    key="territoires",
    title="Territoires : une page par commune",
    url_name="territories:find",
    description="Tout ce que le portail sait d'une commune, d'une intercommunalité, d'un "
    "département ou de la région : fibre, éligibilité, couverture mobile, lieux de "
    "médiation, acteurs, projets, aides, évènements et ressources.",
    order=25,
    sitemap=territory_pages,
)


def _commune_summary(commune: Commune) -> str:
    postcodes = ", ".join(commune.postcodes)
    return " – ".join(
        filter(
            None,
            [
                f"Commune de {commune.department.name} ({commune.department_id})",
                f"code postal {postcodes}" if postcodes else "",
                f"code INSEE {commune.code}",
            ],
        )
    )


SEARCH = SearchableKind(
    key="communes",
    label="Communes",
    queryset=lambda: Commune.objects.select_related("department"),
    title=lambda commune: commune.name,
    link=lambda commune: reverse("territories:commune", kwargs={"code": commune.code}),
    summary=_commune_summary,
    body=lambda commune: " ".join([commune.code, *commune.postcodes, *commune.former_codes]),
    departments=lambda commune: [commune.department_id],
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
