from django.core.management.base import BaseCommand, CommandError

from observatories.importing.reading import ImportRefused
from observatories.models import DataSource, ImportRun
from observatories.sources.services import FetchError, fetch_and_import

from .import_file import outcome


class Command(BaseCommand):
    help = (
        "Récupère maintenant une source de données planifiée : la télécharge si elle a "
        "changé et l'importe. Sort en erreur, avec le motif, si le téléchargement échoue "
        "ou si le fichier est refusé."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="identifiant de la source")

    def handle(self, *args, slug, **options):
        source = DataSource.objects.filter(slug=slug).first()
        if source is None:
            raise CommandError(f"Source de données inconnue : « {slug} ».")
        if not source.url:
            raise CommandError(f"La source « {slug} » n'a pas d'adresse de téléchargement.")
        if not source.is_active:
            reason = source.disabled_reason or "réactivez-la dans l'administration."
            raise CommandError(f"La source « {slug} » est désactivée. {reason}")
        try:
            run = fetch_and_import(source, trigger=ImportRun.Trigger.COMMAND)
        except ImportRefused as exc:
            raise CommandError(f"Fichier refusé, aucune donnée modifiée. {exc}") from exc
        except FetchError as exc:
            raise CommandError(f"Téléchargement impossible : {exc}") from exc
        if run is None:
            self.stdout.write("Fichier inchangé depuis la dernière récupération : rien à faire.")
            return
        self.stdout.write(outcome(run))
