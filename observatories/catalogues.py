"""What the observatory offers the site: its sections (with every territory's page
in the sitemap), its part of a curator's personal data (the imports they ran), and
each feature's entries (``operators/catalogues.py``)."""

from django.urls import reverse

from scoran.lib.catalogues import (
    PERSONAL_DATA,
    REPORTABLE_KINDS,
    SITE_SECTIONS,
    OnDelete,
    PersonalData,
    ReportableKind,
    SiteSection,
    isoformat,
)
from strategy import measures

from .indicators import MEASURES, territories
from .models import Commune, ImportRun, ImportUpload
from .open_data import catalogues as open_data
from .operators import catalogues as operators
from .referential.sections import TerritorySection, register_territory_section
from .referential.selectors import territory_indicators
from .sitemaps import territory_pages

SECTIONS = [
    SiteSection(
        key="observatoire",
        title="Observatoire",
        url_name="observatories:home",
        description="Le haut et le très haut débit fixe, le déploiement de la fibre : "
        "une page par département, intercommunalité et commune.",
        order=30,
        in_menu=True,
        sitemap=territory_pages,
    ),
    SiteSection(
        key="communes",
        title="Classement des communes par éligibilité",
        url_name="observatories:commune_table",
        order=31,
        parent="observatoire",
    ),
    SiteSection(
        key="carte-ftth",
        title="Carte de la couverture FttH des communes",
        url_name="observatories:map",
        order=32,
        parent="observatoire",
    ),
    SiteSection(
        key="adresse",
        title="Éligibilité d'une adresse",
        url_name="observatories:address",
        order=33,
        parent="observatoire",
    ),
    SiteSection(
        key="couverture-mobile",
        title="Couverture mobile",
        url_name="observatories:mobile",
        description="La couverture des réseaux mobiles par opérateur et technologie, les "
        "sites, les communes mal couvertes et le dispositif de couverture ciblée.",
        order=36,
        parent="observatoire",
    ),
    SiteSection(
        key="carte-mobile",
        title="Carte des sites mobiles",
        url_name="observatories:mobile_map",
        description="Les sites des opérateurs du dernier trimestre, par opérateur et "
        "technologie, avec leur tableau et leur export CSV.",
        order=37,
        parent="observatoire",
    ),
]


def _imports(user) -> dict:
    return {
        "imports_lances": [
            {
                "source": run.source.name,
                "fichier": run.file_name,
                "etat": run.get_status_display(),
                "le": isoformat(run.started_at),
            }
            for run in ImportRun.objects.filter(triggered_by=user).select_related("source")
        ],
        "fichiers_deposes": [
            {
                "fichier": upload.file.name,
                "etat": upload.get_status_display(),
                "le": isoformat(upload.uploaded_at),
            }
            for upload in ImportUpload.objects.filter(uploaded_by=user)
        ],
    }


# The runs and files stay (they trace every figure to its file), without the person.
IMPORTS = PersonalData(
    key="imports_de_donnees",
    fields={
        "observatories.ImportRun.triggered_by": OnDelete.DETACH,
        "observatories.ImportUpload.uploaded_by": OnDelete.DETACH,
    },
    export=_imports,
    order=200,  # curators' work, after the parts every person has
)


def _commune(code: str) -> Commune | None:
    if len(code) != 5 or not (code.isascii() and code.isalnum()):
        return None
    return Commune.objects.filter(code=code).first()


def _commune_page(code: str) -> str:
    return reverse("observatories:commune", kwargs={"code": code})


# Visitors report errors on a commune's figures (keyed by its INSEE code) through the
# form of whichever app takes reports: the commune's page links to it by this key.
COMMUNE_FIGURES = ReportableKind(
    key="chiffres-communes",
    label="les chiffres de la commune",
    lookup=_commune,
    page=_commune_page,
    key_of=lambda commune: commune.code,
    title=lambda commune: f"{commune.name} ({commune.code})",
    link=lambda commune: _commune_page(commune.code),
)


# On the pages of /territoires/, first of the sections: the strategy's indicators, the
# values of the territory's department(s) and of the region (2 queries, read at each
# request: curators enter values in the admin, which no data version follows).
INDICATORS = TerritorySection(
    key="indicateurs",
    title="Indicateurs de la stratégie",
    template="observatories/includes/territory_indicators.html",
    rows=territory_indicators,
    empty="Aucune valeur des indicateurs de la stratégie n'est encore enregistrée pour ce "
    "territoire, son département ou la région.",
)


def register() -> None:
    # The section 8 indicators computed from the stored sums, and the territories
    # curators enter the other indicators' values for.
    for key, (function, note) in MEASURES.items():
        measures.register(key, function, note=note)
    measures.TERRITORIES.register("referential", territories)
    REPORTABLE_KINDS.register(COMMUNE_FIGURES.key, COMMUNE_FIGURES)
    for section in SECTIONS:
        SITE_SECTIONS.register(section.key, section)
    PERSONAL_DATA.register(IMPORTS.key, IMPORTS)
    register_territory_section(INDICATORS)
    operators.register()
    open_data.register()
