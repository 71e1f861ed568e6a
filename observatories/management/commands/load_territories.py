from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from observatories.referential.loader import (
    DEFAULT_DATA_DIR,
    TerritoryFileError,
    load_territories,
)


class Command(BaseCommand):
    help = (
        "Charge ou met à jour les territoires (région, départements, EPCI, communes et "
        "leurs contours) depuis les fichiers du référentiel. Avec --cog, le fichier des "
        "communes du Code officiel géographique de l'INSEE fait foi pour la liste des "
        "communes de la région, leurs noms et leurs départements."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DEFAULT_DATA_DIR,
            help="dossier des fichiers regions.json, departements.json, epci.json, "
            "communes.json (et communes-contours.geojson)",
        )
        parser.add_argument(
            "--region", default=settings.REGION_CODE, help="code INSEE de la région (27)"
        )
        parser.add_argument(
            "--cog",
            type=Path,
            metavar="FICHIER",
            help="fichier des communes du COG de l'INSEE (v_commune_AAAA.csv, séparateur "
            "virgule, UTF-8). Seules les lignes TYPECOM=COM comptent. Les communes de la "
            "région doivent être les mêmes que dans communes.json, sinon rien n'est chargé "
            "et les communes présentes d'un seul côté sont listées ; chaque commune prend "
            "son nom (LIBELLE) et son département (DEP) dans le COG, et chaque correction "
            "est affichée. Un en-tête sans TYPECOM, COM, REG, DEP ou LIBELLE, ou un code "
            "qui n'est pas du texte (01001, pas 1001), fait refuser le fichier.",
        )

    def handle(self, *args, data_dir, region, cog, **options):
        try:
            summary = load_territories(data_dir=data_dir, region_code=region, cog=cog)
        except TerritoryFileError as exc:
            raise CommandError(f"Fichiers refusés, aucune donnée modifiée. {exc}") from exc
        self.stdout.write(
            f"{summary.departments} départements, {summary.epcis} EPCI, "
            f"{summary.communes} communes ({summary.outlines} contours) chargés ; "
            f"{summary.removed_communes} commune(s) disparue(s) retirée(s)."
        )
        if cog is None:
            return
        if not summary.cog_corrections:
            self.stdout.write(f"Noms et départements conformes à {cog.name}.")
            return
        self.stdout.write(f"{len(summary.cog_corrections)} correction(s) d'après {cog.name} :")
        for correction in summary.cog_corrections:
            self.stdout.write(f"- {correction}")
