"""Invented editions of OpenDataFrance's observatory for the demo: the region's
collectivités from the referential (the region, its departments, its EPCI and its
communes of more than 1,000 inhabitants), with invented platforms and numbers of
datasets, in the published columns; imported through the pipeline by ``setup_demo``
under a source that says the figures are invented. Same seed, same files.

A collectivité publishes more often the larger it is, and more in the later edition.
"""

import csv
import datetime
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from ..importing.base import Format
from ..importing.pipeline import import_file
from ..models import EPCI, Commune, DataSource, Department, ImportRun
from .imports import OPEN_DATA, REGION_SIRENS, department_siren
from .imports import collectivities as known_collectivities

SEED = 2019
EDITIONS = [datetime.date(2025, 6, 30), datetime.date(2025, 12, 31)]
SMALLEST = 1000  # communes below are left out, as the observatory mostly does
HEADER = [
    "siren", "nom", "type", "regcode", "depcode", "pop-insee", "url-ptf", "nb-ptf",
    "url-datagouv", "nb-datagouv",
]  # fmt: skip


def collectivities() -> list[tuple[str, str, str, str, int]]:
    """(SIREN, name, type, department, population) of the region's collectivités the
    referential knows (7 queries)."""
    region = settings.REGION_CODE
    populations = {siren: found[2] for siren, found in known_collectivities(region).items()}
    communes = Commune.objects.filter(department__region_id=region, population__gte=SMALLEST)
    rows = [
        (siren, name, "COM", department, population)
        for siren, name, department, population in communes.exclude(siren="")
        .order_by("code")
        .values_list("siren", "name", "department_id", "population")
    ]
    epcis = EPCI.objects.filter(communes__department__region_id=region).distinct().order_by("siren")
    rows += [
        (siren, name, kind, "", population)
        for siren, name, kind, population in epcis.values_list(
            "siren", "name", "kind", "population"
        )
    ]
    for code, name in Department.objects.filter(region_id=region).values_list("code", "name"):
        if siren := department_siren(code):
            rows.append((siren, f"Département : {name}", "DEP", code, populations[siren]))
    if siren := REGION_SIRENS.get(region):
        rows.append((siren, f"Région {settings.REGION_NAME}", "REG", "", populations[siren]))
    return rows


def edition_rows(items, step: int) -> list[list[str]]:
    """The rows of edition ``step`` (0, 1…): the same draws for the same seed."""
    chance = random.Random(SEED)
    rows = []
    for siren, name, kind, department, population in items:
        size = min(1.0, population / 20_000)
        publishes = chance.random() < 0.15 + 0.6 * size + 0.1 * step
        platform = publishes and chance.random() < 0.5 + 0.4 * size
        datasets = chance.randint(1, 40) + 5 * step if publishes else 0
        url = f"https://data.{siren}.demo.invalid/" if platform else ""
        on_platform = datasets if platform else 0
        rows.append([
            siren, name, kind, settings.REGION_CODE, department,
            str(population), url, str(on_platform), "",
            str(datasets - on_platform),
        ])  # fmt: skip
    return rows


def write_demo_files(folder: Path, items) -> list[Path]:
    paths = []
    for step, edition in enumerate(EDITIONS):
        path = folder / f"{edition.isoformat()}_observatoire-open-data-demo.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(HEADER)
            writer.writerows(edition_rows(items, step))
        paths.append(path)
    return paths


def import_demo(source_for: Callable[[Format], DataSource]) -> list[ImportRun]:
    """Write the demo's editions in a temporary folder and run them through the
    pipeline under the source ``source_for(OPEN_DATA)`` gives (one that says the
    figures are invented); the import runs."""
    items = collectivities()
    with tempfile.TemporaryDirectory(prefix="demo-open-data-") as folder:
        return [
            import_file(path, trigger=ImportRun.Trigger.COMMAND, source=source_for(OPEN_DATA))
            for path in write_demo_files(Path(folder), items)
        ]
