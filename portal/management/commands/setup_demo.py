import secrets

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.models import User
from observatories.importing.formats import COMMUNE_FIXED_STATS, MCI_BUILDINGS, MCI_ELIGIBILITY
from observatories.importing.pipeline import import_file
from observatories.models import DataSource, ImportRun
from observatories.territories import load_territories
from strategy.loader import load_strategy

DEMO_ADMIN_EMAIL = "admin@demo.scoran.invalid"
DEMO_DIR = settings.BASE_DIR / "fixtures" / "arcep"
DEMO_FIXED_STATS = DEMO_DIR / "demo-commune_debit_filaire-2025T4.csv"
# Buildings of Côte-d'Or and their eligibility, then what the pages show of them.
DEMO_BUILDINGS = [
    (DEMO_DIR / "demo-base_imb_21-2025T4.csv.gz", MCI_BUILDINGS, "immeubles"),
    (DEMO_DIR / "demo-actuel_21-2025T4.csv.gz", MCI_ELIGIBILITY, "éligibilité des immeubles"),
]


def demo_source(fmt=COMMUNE_FIXED_STATS, what: str = "") -> DataSource:
    """Invented figures: their source says so on every page that shows them."""
    suffix = f", {what}" if what else ""
    source, _ = DataSource.objects.get_or_create(
        slug=f"demo-{fmt.source.slug.removeprefix('arcep-')}",
        defaults={
            "name": "Démonstration – données fictives au format « Ma connexion internet »" + suffix,
            "publisher": "Démonstration (données fictives)",
            "licence": "Données inventées, sans valeur",
            "format": fmt.key,
        },
    )
    return source


class Command(BaseCommand):
    help = (
        "Demo mode only: bring the strategy text in line with its source file, load the "
        "territories and the demo figures, create the demo administrator and print how "
        "to sign in."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("setup_demo only runs in demo mode (DEBUG=1).")
        # The data migration loads the text once; a demo database made before a
        # correction of the file would otherwise keep the old text.
        load_strategy(apps)
        territories = load_territories()
        run = import_file(DEMO_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND, source=demo_source())
        buildings = [
            import_file(path, trigger=ImportRun.Trigger.COMMAND, source=demo_source(fmt, what))
            for path, fmt, what in DEMO_BUILDINGS
        ]
        password = secrets.token_urlsafe(12)
        admin, _ = User.objects.get_or_create(email=DEMO_ADMIN_EMAIL)
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"Territoires : {territories.communes} communes de Bourgogne-Franche-Comté.",
                    f"Éligibilité fixe (données fictives) : import n°{run.pk}, "
                    f"{run.get_status_display().lower()}.",
                    "Immeubles de Côte-d'Or et leur éligibilité (données fictives) : imports "
                    + ", ".join(f"n°{b.pk} {b.get_status_display().lower()}" for b in buildings)
                    + ".",
                    "",
                    "Portail de démonstration : http://127.0.0.1:8000/",
                    "Administration           : http://127.0.0.1:8000/admin/",
                    f"  identifiant : {DEMO_ADMIN_EMAIL}",
                    f"  mot de passe : {password}  (nouveau à chaque lancement)",
                    "",
                ]
            )
        )
