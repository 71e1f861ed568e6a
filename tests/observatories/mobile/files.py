"""The published samples of the mobile networks' formats (``data/``: real commune
codes of the region, invented values) and files written from them as people re-save
them: other separators, quotes or none, a BOM, CRLF, decimal commas, gzip."""

import csv
import gzip
import io
from pathlib import Path

from observatories.models import (
    AnfrWeek,
    AreaCoverage,
    AreaSites,
    AreaStations,
    AreaTargeted,
    CommuneCoverage,
    CommuneStations,
    MobileSite,
    TargetedSite,
)

DATA = Path(__file__).resolve().parent / "data"
COVERAGE = DATA / "2025_T3_couv_Metropole_commune.csv"
SITES = DATA / "2025_T3_sites_Metropole.csv"
TARGETED = DATA / "2025_T3_dcc_Metropole_sites.csv"
ANFR = DATA / "2025-09-29_observatoire_anfr.csv"


def table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a sample."""
    text = path.read_text(encoding="utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text), delimiter=";")
    return header, rows


def write(path: Path, header: list[str], rows: list[list[str]], *, delimiter=";", quote=False,
          bom=False, crlf=False, packed=False, encoding="utf-8") -> Path:  # fmt: skip
    """A file of ``rows``, written as asked."""
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator="\r\n" if crlf else "\n",
        quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8-sig" if bom else encoding)
    path.write_bytes(gzip.compress(data) if packed else data)
    return path


def rows_of(sample: Path, **changes) -> list[list[str]]:
    """The sample's rows, with ``{line: {column: value}}`` changes (line 2 is the
    first row)."""
    header, rows = table(sample)
    for line, values in changes.get("lines", {}).items():
        for column, value in values.items():
            rows[line - 2][header.index(column)] = value
    return rows


def snapshot() -> list:
    """Every row the mobile imports write."""
    models = [
        CommuneCoverage, AreaCoverage, MobileSite, AreaSites, TargetedSite, AreaTargeted,
        AnfrWeek, CommuneStations, AreaStations,
    ]  # fmt: skip
    return [sorted(model.objects.values_list(), key=repr) for model in models]
