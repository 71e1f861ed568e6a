"""Send the e-mail digests due now (what the scheduled jobs run):

make manage ARGS="send_digests --frequence quotidien"
"""

from django.core.management.base import BaseCommand

from portal.models.subscriptions import Frequency
from portal.subscriptions.digests import send_digests


class Command(BaseCommand):
    help = "Envoie les courriels des abonnements dus (quotidiens ou hebdomadaires)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequence", choices=Frequency.values, default=Frequency.DAILY, dest="frequency"
        )

    def handle(self, *args, frequency: str, **options):
        run = send_digests(frequency=frequency)
        self.stdout.write(
            f"{run.subscriptions} abonnement(s) examiné(s), {run.sent} courriel(s) envoyé(s), "
            f"{run.items} élément(s), {run.failed_batches} lot(s) en échec."
        )
