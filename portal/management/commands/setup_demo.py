import secrets
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from directory.demo import create_demo_organisations
from directory.demo_projects import CURATOR_EMAIL, create_demo_projects, demo_curator
from directory.groups.demo import create_demo_groups
from directory.models import Membership, User
from directory.places.imports import PLACES
from observatories.importing.formats import (
    COMMUNE_FIXED_STATS,
    FTTH_DEPLOYMENTS,
    MCI_BUILDINGS,
    MCI_ELIGIBILITY,
    Format,
)
from observatories.importing.pipeline import import_file
from observatories.importing.technologies import COMMUNE_TECHNOLOGIES
from observatories.mobile.demo import import_demo as import_demo_mobile
from observatories.models import DataSource, ImportRun
from observatories.open_data.demo import import_demo as import_demo_open_data
from observatories.operators.demo import create_demo_networks
from observatories.referential.loader import load_territories
from portal.agenda.demo import create_demo_events
from portal.field_reports.demo import create_demo_field_reports
from portal.funding.demo import create_demo_fundings
from portal.groups.demo import create_demo_group_items
from portal.hosting.demo import create_demo_hosting
from portal.interconnection.demo import create_demo_requests
from portal.maturity.demo import create_demo_answers
from portal.resources.demo import create_demo_resources
from portal.search.services import rebuild_index as rebuild_search_index
from portal.watch.demo import create_demo_proposal, create_demo_watch
from strategy.demo import create_demo_indicator_values
from strategy.loader import load_strategy

DEMO_ADMIN_EMAIL = "admin@demo.scoran.invalid"
DEMO_DIR = settings.BASE_DIR / "fixtures" / "arcep"
# Files in the published formats with invented figures (see fixtures/arcep/README.md).
DEMO_FILES = [
    (COMMUNE_FIXED_STATS, DEMO_DIR / "demo-commune_debit_filaire-2025T4.csv"),
    (FTTH_DEPLOYMENTS, DEMO_DIR / "demo-deploiement-ftth-2025T4.xlsx"),
    (COMMUNE_TECHNOLOGIES, DEMO_DIR / "demo-commune_meilleure_techno_thd-2025T4.csv"),
    # Buildings of Côte-d'Or, then their eligibility (which needs the buildings).
    (MCI_BUILDINGS, DEMO_DIR / "demo-base_imb_21-2025T4.csv.gz"),
    (MCI_ELIGIBILITY, DEMO_DIR / "demo-actuel_21-2025T4.csv.gz"),
    # Invented places of digital mediation (see fixtures/places/README.md).
    (PLACES, settings.BASE_DIR / "fixtures" / "places" / "demo-lieux-mediation-numerique.csv"),
]


def demo_source(fmt: Format) -> DataSource:
    """Invented figures: their source says so on every page that shows them."""
    source, _ = DataSource.objects.get_or_create(
        slug=f"demo-{fmt.source.slug}",
        defaults={
            "name": f"Démonstration – données fictives au format « {fmt.label} »",
            "publisher": "Démonstration (données fictives)",
            "licence": "Données inventées, sans valeur",
            "format": fmt.key,
        },
    )
    return source


def demo_imports() -> list[ImportRun]:
    """The demo files run through the pipeline, each under its demo source."""
    runs = [
        import_file(path, trigger=ImportRun.Trigger.COMMAND, source=demo_source(fmt))
        for fmt, path in DEMO_FILES
    ]
    # Mobile networks: files in the published formats written for the demo (invented
    # figures for every commune over several quarters), under demo sources too; and
    # two invented editions of the observatory of local open data.
    return runs + import_demo_mobile(demo_source) + import_demo_open_data(demo_source)


def demo_administrator() -> str:
    """The demo's superuser, with a new password at each run (returned)."""
    password = secrets.token_urlsafe(12)
    admin, _ = User.objects.get_or_create(email=DEMO_ADMIN_EMAIL)
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()
    return password


@contextmanager
def without_emails():
    """The demo's e-mails would go to invented addresses (curators, agents, members of
    the demo groups): not sent. They leave when the transaction commits, still under
    the dummy backend."""
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        yield


def content_lines(
    *,
    territories,
    runs,
    fundings,
    events,
    groups,
    group_items,
    requests,
    field_reports,
    maturity_answers,
    networks,
    centres,
) -> list[str]:
    """What the demo holds, as printed."""
    return [
        f"Territoires : {territories.communes} communes de Bourgogne-Franche-Comté.",
        *(
            f"{run.source.name} : import n°{run.pk}, {run.get_status_display().lower()}."
            for run in runs
        ),
        f"Aides de démonstration : {len(fundings)}.",
        f"Évènements de démonstration : {len(events)}.",
        f"Groupes de travail de démonstration : {len(groups)}.",
        f"Réunions des groupes de travail : {len(group_items['meetings'])}, "
        f"documents ajoutés : {len(group_items['documents'])}.",
        f"Demandes d'interconnexion de démonstration : {len(requests)}.",
        f"Remontées terrain de démonstration : {len(field_reports)}.",
        f"Réponses de démonstration à l'autodiagnostic de maturité : {len(maturity_answers)}.",
        f"Réseaux et leurs offres de gros de démonstration : {len(networks)}.",
        f"Centres de données et offres d'hébergement de démonstration : {len(centres)}.",
    ]


def credentials_lines(*, password, curator_password, agents) -> list[str]:
    """Where and how to sign in, as printed."""
    return [
        f"Portail de démonstration : {settings.SITE_URL}/",
        f"Administration           : {settings.SITE_URL}/admin/",
        f"  identifiant : {DEMO_ADMIN_EMAIL}",
        f"  mot de passe : {password}  (nouveau à chaque lancement)",
        "",
        "Curatrice (modération et curation des contenus, suivi des actions) : "
        f"{settings.SITE_URL}/admin/",
        f"  identifiant : {CURATOR_EMAIL}",
        f"  mot de passe : {curator_password}",
        "",
        f"Agents des structures de démonstration : {settings.SITE_URL}/compte/connexion/",
        *(
            f"  {agent.email} / {agent.password}  "
            f"({'administrateur' if agent.role == Membership.Role.ADMIN else 'membre'}"
            f" de « {agent.organisation.name} »)"
            for agent in agents
        ),
    ]


class Command(BaseCommand):
    help = (
        "Demo mode only: bring the strategy text in line with its source file, load the "
        "territories and the demo figures, create the demo administrator, organisations "
        "and agents, and print how to sign in."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("setup_demo only runs in demo mode (DEBUG=1).")
        # The data migration loads the text once; a demo database made before a
        # correction of the file would otherwise keep the old text.
        load_strategy(apps)
        territories = load_territories()
        runs = demo_imports()
        password = demo_administrator()
        agents = create_demo_organisations()
        groups = create_demo_groups()  # after the agents, who lead them
        curator, curator_password = demo_curator()
        with without_emails():
            create_demo_projects(curator)
            create_demo_resources(curator)
            proposer = agents[0]  # a watch item proposed, waiting for review
            create_demo_proposal(
                organisation=proposer.organisation, by=User.objects.get(email=proposer.email)
            )
        fundings = create_demo_fundings()
        events = create_demo_events()
        # The meetings and documents of the demo working groups, once these exist.
        with without_emails():
            group_items = create_demo_group_items(curator)
        requests = create_demo_requests(curator)
        networks, centres = create_demo_networks(), create_demo_hosting()
        runs = [*runs, *create_demo_watch()]  # the watch's two feeds
        # Once every demo figure exists (the guide's downloads too).
        indicator_values = create_demo_indicator_values(curator)
        facts = content_lines(
            territories=territories,
            runs=runs,
            fundings=fundings,
            events=events,
            groups=groups,
            group_items=group_items,
            requests=requests,
            field_reports=create_demo_field_reports(curator),
            maturity_answers=create_demo_answers(),
            networks=networks,
            centres=centres,
        )
        facts.append(f"Valeurs des indicateurs de la stratégie : {indicator_values}.")
        # Last: the site's search finds everything above (the signals re-index items
        # saved in a transaction; bulk loads and imports need the rebuild).
        facts.append(f"Index de la recherche : {sum(rebuild_search_index().values())} entrées.")
        access = credentials_lines(
            password=password, curator_password=curator_password, agents=agents
        )
        self.stdout.write("\n".join(["", *facts, "", *access, ""]))
