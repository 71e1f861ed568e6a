"""Demo aides (``manage.py setup_demo``, DEBUG only): invented aides marked as
demonstration (``is_demo`` and « démonstration » in their summary), covering every
kind, every territory level, every beneficiary, permanent, open, closing soon,
upcoming and closed ones. Their dates are relative to the day the command runs:
a later run puts them back in the same places around today (same slugs)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from directory.models import Organisation
from observatories.models import EPCI, Commune, Department, Region
from strategy.models import Orientation

from ..models import Funding, FundingSession
from .services import refresh_territory_keys

K, B, R = Funding.Kind, Funding.Beneficiary, Funding.Recurrence
PUBLISHED, SUBMITTED, DRAFT = (Funding.State.PUBLISHED, Funding.State.SUBMITTED,
                               Funding.State.DRAFT)  # fmt: skip
OWNER = "syndicat-numerique-demo"  # its agents keep the aides they own

# Session shapes, in days from today: (opens in, closes in); None for no bound.
PERMANENT = ()
OPEN = ((-60, 120),)
SOON = ((-90, 12),)
IN_30_DAYS = ((-30, 30),)
UPCOMING = ((20, 110),)
CLOSED = ((-200, -10),)
RECURRING = ((-400, -300), (-30, 45), (335, 410))

# name, kinds, beneficiaries, territory ("FR", "R27", "D21", "E", "C21231"), sessions,
# funders (names), rates (min, max), amounts (min, max), orientations, state, owned
AIDES = [
    ("Fonds France Numérique Ensemble", [K.SUBSIDY], [B.ASSOCIATIONS, B.COMMUNES], "FR", OPEN,
     "État – ANCT", (20, 80), (5_000, 50_000), [6], PUBLISHED, False),
    ("Prêt croissance TPE numérique", [K.LOAN], [B.COMPANIES], "FR", PERMANENT,
     "Bpifrance", None, (10_000, 300_000), [11], PUBLISHED, False),
    ("Avance remboursable Industrie du futur", [K.RECOVERABLE_ADVANCE], [B.COMPANIES], "R27",
     SOON, "Région Bourgogne-Franche-Comté", None, (50_000, 500_000), [11], PUBLISHED, False),
    ("Appel à projets Territoires intelligents", [K.CALL_FOR_PROJECTS, K.SUBSIDY],
     [B.COMMUNES, B.EPCIS], "R27", IN_30_DAYS, "Région Bourgogne-Franche-Comté\nFEDER",
     (30, 60), (20_000, 400_000), [3, 4], PUBLISHED, True),
    ("Ingénierie technique pour les réseaux de capteurs", [K.TECHNICAL_ENGINEERING],
     [B.COMMUNES, B.EPCIS], "D21", PERMANENT, "Conseil départemental de la Côte-d'Or",
     None, None, [4], PUBLISHED, True),
    ("Accompagnement juridique des marchés publics numériques", [K.LEGAL_ENGINEERING],
     [B.COMMUNES, B.PUBLIC_BODIES], "R27", OPEN, "Banque des Territoires", None, None, [5],
     PUBLISHED, False),
    ("Montage financier des projets de tiers-lieux", [K.FINANCIAL_ENGINEERING],
     [B.ASSOCIATIONS, B.EPCIS], "D25", UPCOMING, "Conseil départemental du Doubs", None, None,
     [7], PUBLISHED, False),
    ("Subvention Dorsale : raccordement des zones d'activité", [K.SUBSIDY], [B.EPCIS],
     "D39", SOON, "Syndicat mixte du numérique", (40, 70), (10_000, 200_000), [1], PUBLISHED,
     True),
    ("Aide aux pylônes de téléphonie mobile en zone blanche", [K.SUBSIDY], [B.COMMUNES],
     "D58", CLOSED, "État – New Deal mobile", (50, 100), None, [2], PUBLISHED, False),
    ("Chèque numérique pour les commerçants", [K.SUBSIDY], [B.COMPANIES], "E", OPEN,
     "Intercommunalité", (50, 50), (500, 1_500), [11], PUBLISHED, False),
    ("Conseiller numérique mutualisé", [K.SUBSIDY, K.TECHNICAL_ENGINEERING],
     [B.COMMUNES, B.ASSOCIATIONS], "E", RECURRING, "Intercommunalité", (70, 80), None, [6],
     PUBLISHED, False),
    ("Aide à l'équipement numérique des écoles", [K.SUBSIDY], [B.COMMUNES], "C21231", OPEN,
     "Ville", (50, 80), (1_000, 30_000), [8], PUBLISHED, False),
    ("Appel à projets Données ouvertes locales", [K.CALL_FOR_PROJECTS], [B.COMMUNES, B.EPCIS],
     "C25056", CLOSED, "Ville", None, (5_000, 25_000), [9], PUBLISHED, False),
    ("Fonds européen pour l'inclusion numérique", [K.SUBSIDY], [B.ASSOCIATIONS],
     "R27", RECURRING, "Union européenne – FSE+", (40, 60), (15_000, 150_000), [6],
     PUBLISHED, False),
    ("Prêt à taux zéro pour la fibre des entreprises", [K.LOAN], [B.COMPANIES], "D71",
     UPCOMING, "Conseil départemental de Saône-et-Loire", None, (2_000, 20_000), [1],
     PUBLISHED, False),
    ("Soutien aux projets de cybersécurité des collectivités", [K.SUBSIDY, K.TECHNICAL_ENGINEERING],
     [B.COMMUNES, B.EPCIS, B.DEPARTMENTS], "FR", SOON, "État – ANSSI", (50, 100),
     (10_000, 100_000), [10], PUBLISHED, False),
    ("Appel à manifestation d'intérêt Agriculture connectée", [K.CALL_FOR_PROJECTS],
     [B.FARMERS, B.COMPANIES], "D70", OPEN, "Chambre d'agriculture", None, (3_000, 30_000),
     [11], PUBLISHED, False),
    ("Avance remboursable pour les start-up du numérique", [K.RECOVERABLE_ADVANCE],
     [B.COMPANIES, B.RESEARCH], "D90", CLOSED, "Pôle métropolitain", None, (30_000, 200_000),
     [11], PUBLISHED, False),
    ("Diagnostic de maturité numérique des associations", [K.TECHNICAL_ENGINEERING],
     [B.ASSOCIATIONS], "D89", PERMANENT, "Conseil départemental de l'Yonne", None, None, [11],
     PUBLISHED, False),
    ("Aide au déploiement de la 5G industrielle", [K.SUBSIDY], [B.COMPANIES, B.RESEARCH],
     "FR", CLOSED, "France 2030", (25, 45), (100_000, 2_000_000), [2], PUBLISHED, False),
    ("Ingénierie financière des réseaux d'initiative publique", [K.FINANCIAL_ENGINEERING],
     [B.DEPARTMENTS, B.REGION, B.PUBLIC_BODIES], "R27", OPEN, "Banque des Territoires", None,
     None, [1], PUBLISHED, True),
    ("Médiation numérique des personnes âgées", [K.SUBSIDY], [B.ASSOCIATIONS, B.INDIVIDUALS],
     "D21", IN_30_DAYS, "Conférence des financeurs", (60, 80), (2_000, 20_000), [6],
     PUBLISHED, False),
    ("Tiers-lieux ruraux : fonds d'amorçage", [K.SUBSIDY, K.CALL_FOR_PROJECTS],
     [B.ASSOCIATIONS, B.COMMUNES], "D58", UPCOMING, "État – France Tiers-Lieux", (30, 50),
     (10_000, 50_000), [7], PUBLISHED, False),
    ("Conseil juridique sur la donnée publique", [K.LEGAL_ENGINEERING], [B.COMMUNES, B.EPCIS],
     "FR", PERMANENT, "Etalab", None, None, [9], PUBLISHED, False),
    ("Subvention pour l'éclairage public connecté", [K.SUBSIDY], [B.COMMUNES], "C21231", SOON,
     "Syndicat d'énergie", (30, 50), (5_000, 80_000), [4], PUBLISHED, True),
    ("Fonds de prêts d'honneur numérique", [K.LOAN], [B.INDIVIDUALS, B.COMPANIES], "R27",
     RECURRING, "Initiative Bourgogne-Franche-Comté", None, (2_000, 15_000), [11], PUBLISHED,
     False),
    ("Aide aux réseaux LoRa communaux (en attente)", [K.SUBSIDY], [B.COMMUNES], "D21", OPEN,
     "Syndicat mixte du numérique", (40, 60), None, [4], SUBMITTED, True),
    ("Fonds de sobriété numérique (brouillon)", [K.SUBSIDY], [B.COMMUNES, B.EPCIS], "R27",
     UPCOMING, "Syndicat mixte du numérique", (20, 40), None, [12], DRAFT, True),
]  # fmt: skip


def _territory(funding: Funding, key: str) -> str:
    """Set the territory named by ``key``; returns what it says."""
    if key == "FR":
        funding.is_national = True
        return "toute la France"
    if key.startswith("R") and (region := Region.objects.filter(code=key[1:]).first()):
        funding.regions.set([region])
        return region.name
    if key.startswith("D") and (department := Department.objects.filter(code=key[1:]).first()):
        funding.departments.set([department])
        return department.name
    if key == "E" and (epci := EPCI.objects.order_by("-population", "siren").first()):
        funding.epcis.set([epci])
        return epci.name
    if key.startswith("C") and (commune := Commune.objects.filter(code=key[1:]).first()):
        funding.communes.set([commune])
        return commune.name
    funding.is_national = True  # the referential is not loaded: no narrower territory
    return "toute la France"


def _sessions(funding: Funding, shape, today: date) -> None:
    funding.sessions.all().delete()
    FundingSession.objects.bulk_create(
        FundingSession(
            funding=funding,
            opens_on=today + timedelta(days=opens) if opens is not None else None,
            deadline=today + timedelta(days=closes) if closes is not None else None,
        )
        for opens, closes in shape
    )


@transaction.atomic
def create_demo_fundings(today: date | None = None) -> list[Funding]:
    today = today or timezone.localdate()
    owner = Organisation.objects.filter(slug=OWNER).first()
    created = []
    for number, row in enumerate(AIDES, start=1):
        (name, kinds, beneficiaries, territory, shape, funders, rates, amounts, orientations,
         state, owned) = row  # fmt: skip
        funding, _ = Funding.objects.update_or_create(
            slug=f"demo-aide-{number:02d}",
            defaults={
                "name": f"{name} (démonstration)",
                "summary": "Aide fictive de démonstration : ses montants, dates et "
                "financeurs sont inventés.",
                "description": f"Aide **fictive**, créée pour la démonstration du portail.\n\n"
                f"Elle montre une aide de nature « {', '.join(k.label for k in kinds)} ».",
                "kinds": list(kinds),
                "beneficiaries": list(beneficiaries),
                "funder_names": funders,
                "subsidy_rate_min": rates[0] if rates else None,
                "subsidy_rate_max": rates[1] if rates else None,
                "amount_min": amounts[0] if amounts else None,
                "amount_max": amounts[1] if amounts else None,
                "recurrence": R.RECURRING
                if len(shape) > 1
                else (R.PERMANENT if not shape else R.ONCE),
                "information_url": f"https://aides.demo.scoran.invalid/{number}",
                "application_url": f"https://depot.demo.scoran.invalid/{number}" if shape else "",
                "contact": "Service des aides (démonstration) – aides@demo.scoran.invalid",
                "owner": owner if owned else None,
                "state": state,
                "is_demo": True,
                "is_national": False,
                "published_at": timezone.now() if state == PUBLISHED else None,
                "submitted_at": timezone.now() if state == SUBMITTED else None,
            },
        )
        for field in ("regions", "departments", "epcis", "communes"):
            getattr(funding, field).clear()
        where = _territory(funding, territory)
        funding.territory_note = f"Périmètre de démonstration : {where}"
        funding.save()
        funding.orientations.set(Orientation.objects.filter(number__in=orientations))
        _sessions(funding, shape, today)
        refresh_territory_keys(funding=funding)
        created.append(funding)
    return created
