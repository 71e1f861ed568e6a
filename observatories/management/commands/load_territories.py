from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatories.territories import BFC, DEFAULT_DATA_DIR, TerritoryFileError, load_territories


class Command(BaseCommand):
    help = (
        "Charge ou met à jour les territoires (région, départements, EPCI, communes et "
        "leurs contours) depuis les fichiers du référentiel."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DEFAULT_DATA_DIR,
            help="dossier des fichiers regions.json, departements.json, epci.json, "
            "communes.json (et communes-contours.geojson)",
        )
        parser.add_argument("--region", default=BFC, help="code INSEE de la région (27)")

    def handle(self, *args, data_dir, region, **options):
        try:
            summary = load_territories(data_dir=data_dir, region_code=region)
        except TerritoryFileError as exc:
            raise CommandError(f"Fichiers refusés, aucune donnée modifiée. {exc}") from exc
        self.stdout.write(
            f"{summary.departments} départements, {summary.epcis} EPCI, "
            f"{summary.communes} communes ({summary.outlines} contours) chargés ; "
            f"{summary.removed_communes} commune(s) disparue(s) retirée(s)."
        )
