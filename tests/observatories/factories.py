"""Test data of the observatories: the sample files, and rows as the importers
write them (plain functions, as in ``tests/directory/factories.py``)."""

import datetime
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SAMPLE_FIXED_STATS = DATA_DIR / "commune_debit_filaire.csv"
Q3, Q4 = datetime.date(2025, 9, 30), datetime.date(2025, 12, 31)


def ftth_run(edition: str = "T4 2025"):
    """An import of the Arcep FttH workbook, as the importer records it."""
    from observatories.models import DataSource, ImportRun

    source, _ = DataSource.objects.get_or_create(
        slug="arcep-ftth-communes",
        defaults={
            "name": "Arcep – déploiements FttH par commune",
            "publisher": "Arcep",
            "licence": "Licence Ouverte 2.0",
            "format": "arcep_ftth",
        },
    )
    return ImportRun.objects.create(
        source=source,
        format="arcep_ftth",
        edition=edition,
        file_name=f"ftth-{edition}.xlsx",
        file_size=1000,
        sha256=f"{ImportRun.objects.count():064d}",
        trigger=ImportRun.Trigger.COMMAND,
        status=ImportRun.Status.SUCCEEDED,
    )


def square(lon: float, lat: float) -> dict:
    ring = [[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}
