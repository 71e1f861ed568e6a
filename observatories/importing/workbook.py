"""Open a sheet of an XLSX workbook as a ``Table``, the way CSV files are opened.

A workbook is a zip archive: its entries and their unpacked size are checked
before openpyxl opens it. Rows are streamed (read-only mode). The header is the
first row, among the first ``HEADER_SEARCH_ROWS``, holding a required column: Arcep
puts four title rows above it, and editions move it.
"""

import datetime
from pathlib import Path

from django.conf import settings
from openpyxl import load_workbook

from scoran.lib.archives import ZIP_MAGIC, ArchiveRefused, check_zip

from .reading import ImportRefused, Table, normalise

HEADER_SEARCH_ROWS = 15
# Sheets that hold one row per commune, and the column that marks their header.
COMMUNE_SHEETS = {"communes"}
HEADER_MARKERS = {"code_commune", "code_insee"}
# Codes a spreadsheet stored as numbers, with the width to restore their leading zeros.
CODE_WIDTHS = {"code_commune": 5, "code_insee": 5, "code_departement": 2, "code_region": 2}


def is_workbook(path: Path) -> bool:
    with path.open("rb") as probe:
        return probe.read(4) == ZIP_MAGIC


def check_archive(source) -> None:
    """Refuse a zip with too many entries or too large once unpacked, unopened
    (``scoran.lib.archives``)."""
    try:
        check_zip(
            source,
            max_entries=settings.IMPORT_MAX_XLSX_ENTRIES,
            max_unpacked_bytes=settings.IMPORT_MAX_XLSX_UNPACKED_BYTES,
        )
    except ArchiveRefused as exc:
        if exc.code == "unreadable":
            raise ImportRefused(
                f"Classeur illisible : ce n'est pas un fichier XLSX valide ({exc})."
            ) from exc
        raise ImportRefused(f"Classeur refusé : {exc}") from exc


def cell_text(value, column: str = "") -> str:
    """A cell as the text a CSV would hold: ``2017.0`` → ``2017``, codes zero-padded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value).zfill(CODE_WIDTHS.get(column, 0))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _sheet(workbook):
    for worksheet in workbook.worksheets:
        if normalise(worksheet.title) in COMMUNE_SHEETS:
            return worksheet
    names = ", ".join(f"« {worksheet.title} »" for worksheet in workbook.worksheets)
    raise ImportRefused(f"Aucune feuille « Communes » dans ce classeur (feuilles : {names}).")


class OpenSheet:
    """What ``Table.close()`` closes: the sheet's row reader, then the workbook (the
    archive's file stays open while a reader of one of its entries is)."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.rows = None  # the generator of openpyxl's iter_rows, once started

    def close(self) -> None:
        if self.rows is not None:
            self.rows.close()
        self.workbook.close()


def _rows(rows, start: int):
    """(line, cells) of openpyxl's rows from line ``start``. openpyxl parses the
    sheet's XML as it goes: whatever it raises is about the file, refused naming
    the line it was reading."""
    line = start
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # any parser error: see the docstring
            raise ImportRefused(
                f"Ligne {line} : classeur illisible ({type(exc).__name__} : {exc})."
            ) from exc
        yield line, cells
        line += 1


def _open(path: Path) -> OpenSheet:
    check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl's errors on a malformed file vary
        raise ImportRefused(f"Classeur illisible : {type(exc).__name__} : {exc}") from exc
    return OpenSheet(workbook)


def _find_header(rows) -> tuple:
    """The cells of the header: the first row holding a required column."""
    for number, values in rows:
        columns = [normalise(cell_text(value)) for value in values]
        if HEADER_MARKERS & set(columns):
            if len(columns) > settings.IMPORT_MAX_COLUMNS:
                raise ImportRefused(
                    f"Ligne {number} : plus de {settings.IMPORT_MAX_COLUMNS} colonnes dans "
                    "l'en-tête de la feuille « Communes »."
                )
            return values
        if number >= HEADER_SEARCH_ROWS:
            raise ImportRefused(
                f"En-tête introuvable dans les {HEADER_SEARCH_ROWS} premières lignes de la "
                "feuille « Communes » (colonne « Code commune » attendue)."
            )
    raise ImportRefused("La feuille « Communes » est vide.")


def open_workbook(path: Path) -> Table:
    sheet = _open(path)
    try:
        worksheet = _sheet(sheet.workbook)
        try:
            sheet.rows = worksheet.iter_rows(values_only=True)
        except Exception as exc:  # openpyxl reads the sheet's dimensions
            raise ImportRefused(f"Classeur illisible : {type(exc).__name__} : {exc}") from exc
        rows = _rows(sheet.rows, 1)
        values = _find_header(rows)
    except ImportRefused:
        sheet.close()
        raise
    raw_columns = [cell_text(value) for value in values]
    columns = [normalise(text) for text in raw_columns]
    width = len(columns)

    def records():
        for line, cells in rows:
            # Cells past the header are ignored; missing trailing cells are empty.
            texts = [
                cell_text(value, column) for value, column in zip(cells, columns, strict=False)
            ]
            if not any(texts):
                continue
            texts += [""] * (width - len(texts))
            yield line, dict(zip(columns, texts, strict=True))

    return Table(columns, raw_columns, records(), "xlsx", "", sheet)
