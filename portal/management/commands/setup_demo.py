import secrets

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.models import User
from observatories.territories import load_territories
from strategy.loader import load_strategy

DEMO_ADMIN_EMAIL = "admin@demo.scoran.invalid"


class Command(BaseCommand):
    help = (
        "Demo mode only: bring the strategy text in line with its source file, load the "
        "territories, create the demo administrator and print how to sign in."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("setup_demo only runs in demo mode (DEBUG=1).")
        # The data migration loads the text once; a demo database made before a
        # correction of the file would otherwise keep the old text.
        load_strategy(apps)
        territories = load_territories()
        self.stdout.write(
            f"Territoires : {territories.communes} communes de Bourgogne-Franche-Comté."
        )
        password = secrets.token_urlsafe(12)
        admin, _ = User.objects.get_or_create(email=DEMO_ADMIN_EMAIL)
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "Portail de démonstration : http://127.0.0.1:8000/",
                    "Administration           : http://127.0.0.1:8000/admin/",
                    f"  identifiant : {DEMO_ADMIN_EMAIL}",
                    f"  mot de passe : {password}  (nouveau à chaque lancement)",
                    "",
                ]
            )
        )
