import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatories.importing.pipeline import import_file
from observatories.importing.reading import ImportRefused
from observatories.models import DataSource, ImportRun


class Command(BaseCommand):
    help = (
        "Importe un fichier publié (Arcep, lieux de médiation numérique…) par la chaîne "
        "d'import commune, quel que soit son format, reconnu d'après l'en-tête. Sort en "
        "erreur, avec le motif, si le fichier est refusé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            type=Path,
            help="fichier CSV, CSV.GZ, classeur XLSX ou export JSON tel que publié",
        )
        parser.add_argument(
            "--source", help="identifiant de la source de données (par défaut celle du format)"
        )

    def handle(self, *args, file, source, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        data_source = None
        if source:
            try:
                data_source = DataSource.objects.get(slug=source)
            except DataSource.DoesNotExist:
                raise CommandError(f"Source de données inconnue : « {source} ».") from None

        def progress(rows: int) -> None:
            sys.stderr.write(f"\r{rows:,} lignes lues…".replace(",", " "))
            sys.stderr.flush()

        try:
            run = import_file(
                file, trigger=ImportRun.Trigger.COMMAND, source=data_source, progress=progress
            )
        except ImportRefused as exc:
            raise CommandError(f"Fichier refusé, aucune donnée modifiée. {exc}") from exc
        sys.stderr.write("\n")
        self.stdout.write(outcome(run))


def outcome(run: ImportRun) -> str:
    """What a command says of an import run; CommandError if the file was refused."""
    if run.status == ImportRun.Status.FAILED:
        raise CommandError(f"Fichier refusé, aucune donnée modifiée. {run.error}")
    if run.status == ImportRun.Status.SKIPPED:
        return f"Rien à faire : {run.error}"
    return (
        f"Import n°{run.pk} ({run.source}, édition {run.edition or 'inconnue'}) : "
        f"{run.rows_read} lignes lues = {run.rows_created} créées + {run.rows_updated} mises "
        f"à jour + {run.rows_unchanged} inchangées + {run.rows_rejected} rejetées ; "
        f"{run.rows_outside} hors région ignorées ; durée {run.duration.total_seconds():.1f} s."
    )
