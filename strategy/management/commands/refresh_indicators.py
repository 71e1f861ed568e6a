from django.core.management.base import BaseCommand

from strategy.services import refresh_indicator_values


class Command(BaseCommand):
    help = (
        "Recalcule les valeurs des indicateurs de la SCORAN calculés à partir des données "
        "(toutes les éditions des sommes stockées) ; les éditions passées sont conservées."
    )

    def handle(self, *args, **options):
        written = refresh_indicator_values()
        self.stdout.write(f"{written} valeurs d'indicateurs calculées.")
