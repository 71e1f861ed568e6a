from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from observatories.sources.services import add_source
from observatories.sources.tasks import DEFAULT_SCHEDULE, schedule_source


class Command(BaseCommand):
    help = (
        "Ajoute une source de données récupérée automatiquement (téléchargée à chaque "
        "échéance, importée si elle a changé) et planifie sa récupération."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="identifiant de la source")
        parser.add_argument("--format", required=True, help="format des fichiers (voir l'aide)")
        parser.add_argument("--name", required=True, help="nom de la source")
        parser.add_argument("--url", required=True, help="adresse de téléchargement (https)")
        parser.add_argument(
            "--schedule",
            default=DEFAULT_SCHEDULE,
            metavar="CRON",
            help=f"échéances, en syntaxe cron (heure de Paris) ; par défaut « {DEFAULT_SCHEDULE} »",
        )

    def handle(self, *args, slug, format, name, url, schedule, **options):
        try:
            with transaction.atomic():
                source = add_source(slug=slug, fmt=format, name=name, url=url)
                schedule_source(source, cron=schedule)
        except ValidationError as exc:
            raise CommandError(f"Source refusée. {' '.join(exc.messages)}") from exc
        except ValueError as exc:  # the schedule
            raise CommandError(f"Source refusée. {exc}") from exc
        self.stdout.write(
            f"Source « {source.slug} » ajoutée ({source.name}, format {source.format}) ; "
            f"récupération planifiée « {schedule} » (heure de Paris)."
        )
