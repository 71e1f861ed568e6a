"""Samples of OpenDataFrance's observatory of local open data (``data/``: real SIRENs
of the test region's collectivités, invented figures; Paris is outside the region),
two editions, and files written from them as exports drift: other column names,
separators, quotes, a BOM, CRLF, decimal commas, gzip."""

import csv
import gzip
import io
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
JUNE = DATA / "2025-06-30_observatoire-open-data-territoires.csv"
DECEMBER = DATA / "2025-12-31_observatoire-open-data-territoires.csv"
# Communes of ``small_region`` and their SIRENs (the fixture leaves them empty).
COMMUNE_SIRENS = {"21231": "212102313", "25056": "212500565", "21060": "212100606"}


def table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a sample."""
    header, *rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";")
    return header, rows


def write(path: Path, header: list[str], rows: list[list[str]], *, delimiter=";", quote=False,
          bom=False, crlf=False, packed=False, encoding="utf-8") -> Path:  # fmt: skip
    """A file of ``rows``, written as asked."""
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL,
        lineterminator="\r\n" if crlf else "\n",
    )
    writer.writerow(header)
    writer.writerows(rows)
    data = ("\ufeff" if bom else "") + out.getvalue()
    raw = data.encode(encoding)
    path.write_bytes(gzip.compress(raw) if packed else raw)
    return path


def with_rows(tmp_path: Path, rows: list[list[str]], name: str = "2025-06-30_odf.csv") -> Path:
    """The June sample's header over ``rows``."""
    header, _ = table(JUNE)
    return write(tmp_path / name, header, rows)


def row(siren="212102313", nom="Dijon", kind="COM", population="156920", url="", platform="1",
        datagouv="0") -> list[str]:  # fmt: skip
    """A row in the sample's columns."""
    return [siren, nom, kind, "27", "21", population, url, platform, "", datagouv]
