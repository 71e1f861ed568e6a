"""Bad files (mixed or unknown encodings, binary garbage, a corrupt gzip, a header
longer than the csv module takes, numbers too large for the database, a corrupt
workbook) end in a French refusal naming the line, recorded on the run, and the
data stays as it was: never an internal error, never an unrecorded run."""

import datetime
import gzip
import re
import shutil
import zipfile

import pytest

from observatories.importing.formats import COMMUNE_FIXED_STATS
from observatories.importing.pipeline import import_file
from observatories.importing.reading import ImportRefused
from observatories.models import CommuneFixedStats, CommuneFtth, FtthDeployment, ImportRun
from tests.observatories.factories import DATA_DIR, SAMPLE_FIXED_STATS

from .hostile import BUILDINGS_HEADER, FIXED_HEADER, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMAND = ImportRun.Trigger.COMMAND
FIXED_ROWS = SAMPLE_FIXED_STATS.read_bytes().splitlines()[1:]
BUILDINGS = DATA_DIR / "base_imb_21.csv"
BUILDING_ROWS = BUILDINGS.read_bytes().splitlines()[1:]
ELIGIBILITY = DATA_DIR / "actuel_21.csv.gz"
ELIGIBILITY_HEADER, *ELIGIBILITY_ROWS = gzip.decompress(ELIGIBILITY.read_bytes()).splitlines()
GARBAGE = bytes((n * 131 + 7) % 256 for n in range(3000))  # NUL bytes included


@pytest.fixture
def loaded():
    """Data of every kind in place, and a snapshot of it."""
    workbook = DATA_DIR / "obs-hd-thd-deploiement.xlsx"
    for path in (SAMPLE_FIXED_STATS, BUILDINGS, ELIGIBILITY, workbook):
        run = import_file(path, trigger=COMMAND)
        assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return snapshot()


def lines(*rows: bytes) -> bytes:
    return b"\n".join(rows) + b"\n"


def corrupt_gzip(content: bytes) -> bytes:
    """A gzip whose header is valid and whose deflate stream turns to garbage."""
    data = bytearray(gzip.compress(content))
    middle = len(data) // 2
    data[middle : middle + 64] = GARBAGE[:64]
    return bytes(data)


LATIN_ROW = FIXED_ROWS[1].replace(b"Belleneuve", "Belleneuvé".encode("cp1252"))
UTF8_ROW = FIXED_ROWS[0].replace(b"Dijon", "Dijon é".encode())
BUILDING_LATIN = BUILDING_ROWS[4].replace(b"Grande Rue", "Grande Ru\xe9".encode("latin-1"))
BYTES = bytes(range(1, 256)).replace(b"\n", b"").replace(b"\r", b"")  # all but NUL and breaks

BAD_FILES = {
    "utf8-then-latin1": (
        "communes.csv",
        lines(FIXED_HEADER, UTF8_ROW, LATIN_ROW, FIXED_ROWS[2]),
        "Ligne 3 : encodage mélangé, cette ligne n'est pas dans le même encodage que la ligne 2",
    ),
    "neither-utf8-nor-cp1252": (
        "communes.csv",
        lines(FIXED_HEADER, LATIN_ROW, FIXED_ROWS[0].replace(b"Dijon", b"Dij\x81n")),
        "Ligne 3 : octet 0x81 illisible, le fichier n'est ni en UTF-8 ni en Windows-1252",
    ),
    "binary-garbage": (
        "communes.csv",
        lines(FIXED_HEADER, FIXED_ROWS[0]) + BYTES * 4,
        "Ligne 3 : octet 0x81 illisible",
    ),
    "binary-garbage-with-nul": (
        "communes.csv",
        lines(FIXED_HEADER, FIXED_ROWS[0]) + GARBAGE.replace(b"\n", b""),
        "Ligne 3 : caractère nul",
    ),
    "garbage-inside-a-valid-gzip": (
        "communes.csv.gz",
        corrupt_gzip(lines(FIXED_HEADER, *FIXED_ROWS * 3000)),
        "Fichier illisible ou tronqué à partir de la ligne ",
    ),
    "buildings-mixed-encodings": (
        "base_imb_21.csv",
        lines(BUILDINGS_HEADER, *BUILDING_ROWS[:2], BUILDING_LATIN),
        "Ligne 4 : encodage mélangé",
    ),
    "buildings-neither-utf8-nor-cp1252": (
        "base_imb_21.csv",
        lines(BUILDINGS_HEADER, BUILDING_LATIN, BUILDING_ROWS[2].replace(b"Place", b"Pl\x8fce")),
        "Ligne 3 : octet 0x8F illisible",
    ),
    "buildings-nul-byte": (
        "base_imb_21.csv",
        lines(BUILDINGS_HEADER, *BUILDING_ROWS[:3], b"IMB/21231/X/0009;\x00;1"),
        "Ligne 5 : caractère nul",
    ),
    "buildings-garbage-inside-a-valid-gzip": (
        "base_imb_21.csv.gz",
        corrupt_gzip(lines(BUILDINGS_HEADER, *BUILDING_ROWS * 3000)),
        "Fichier illisible ou tronqué à partir de la ligne ",
    ),
    "eligibility-binary-garbage": (
        "actuel_21.csv",
        lines(ELIGIBILITY_HEADER, *ELIGIBILITY_ROWS[:3]) + BYTES,
        "Ligne 5 : octet 0x81 illisible",
    ),
}


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES.values(), ids=BAD_FILES)
def test_a_bad_file_is_refused_in_french_naming_the_line_and_changes_nothing(
    tmp_path, loaded, name, content, reason
):
    path = tmp_path / name
    path.write_bytes(content)
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith(reason), run.error
    assert snapshot() == loaded


def test_a_utf16_file_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "communes.csv"
    path.write_bytes(lines(FIXED_HEADER, *FIXED_ROWS).decode().encode("utf-16"))
    with pytest.raises(ImportRefused, match=r"^Ligne 1 : fichier en UTF-16, enregistrez-le"):
        import_file(path, trigger=COMMAND)


def test_a_header_longer_than_the_csv_module_takes_is_refused_on_its_source(tmp_path):
    path = tmp_path / "communes.csv"
    path.write_bytes(lines(FIXED_HEADER + b";" + b"x" * 140_000, *FIXED_ROWS))
    with pytest.raises(ImportRefused, match=r"^Ligne 1 : en-tête illisible"):
        import_file(path, trigger=COMMAND)  # no format, no source: nothing to record it under

    source = COMMUNE_FIXED_STATS.default_source()
    run = import_file(path, trigger=COMMAND, source=source)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Ligne 1 : en-tête illisible"), run.error


def test_a_number_too_large_for_the_database_is_a_rejected_row(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 1
    path = tmp_path / "communes.csv"
    huge = FIXED_ROWS[1].replace(b";812;", b";99999999999999999999;")
    path.write_bytes(lines(FIXED_HEADER, FIXED_ROWS[0], huge))
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (
            3,
            "nbr",
            "99999999999999999999",
            "« 99999999999999999999 » dépasse le plus grand nombre admis (2147483647).",
        )
    ]
    assert set(CommuneFixedStats.objects.values_list("commune_id", flat=True)) == {"21231"}


def test_a_value_the_database_refuses_during_the_copy_names_its_line(tmp_path, monkeypatch, loaded):
    # A parser that lets an impossible value through: PostgreSQL refuses it in the COPY.
    original = COMMUNE_FIXED_STATS.parse_row

    def lenient(row, context):
        (values,) = original(row, context)[0]
        if row["code_insee"] == "25056":
            values["premises"] = 99999999999999999999
        return ([values],)

    monkeypatch.setattr(COMMUNE_FIXED_STATS, "parse_row", lenient)
    path = tmp_path / "communes.csv"
    path.write_bytes(lines(FIXED_HEADER, *FIXED_ROWS).replace(b"2025-12-31", b"2026-03-31"))
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Ligne 4 : valeur refusée par la base de données"), run.error
    assert snapshot() == loaded


def corrupt_workbook(path):
    """A workbook of 600 rows whose sheet XML turns to garbage at its 500th row."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Communes"
    sheet.append(["Code commune", "Meilleure estimation des locaux T4 2025", "T4 2025"])
    for number in range(600):
        sheet.append(["21231", 1000 + number, 900])
    workbook.save(path)
    with zipfile.ZipFile(path) as original:
        entries = [(entry, original.read(entry)) for entry in original.infolist()]
    with zipfile.ZipFile(path, "w") as copy:
        for entry, data in entries:
            if entry.filename.startswith("xl/worksheets/sheet"):
                cut = data.index(b'<row r="500"')
                data = data[:cut] + b"<row r='x'><c><<<" + GARBAGE[:200]
            copy.writestr(entry, data)
    return path


def test_a_workbook_whose_sheet_is_corrupt_is_refused_naming_the_line(tmp_path, loaded):
    run = import_file(corrupt_workbook(tmp_path / "t4.xlsx"), trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert re.match(r"Ligne \d+ : classeur illisible \(", run.error), run.error
    assert snapshot() == loaded


def test_a_workbook_with_a_number_too_large_rejects_its_row(tmp_path, settings):
    from openpyxl import load_workbook

    settings.IMPORT_MAX_REJECT_RATE = 1
    path = tmp_path / "t4.xlsx"
    shutil.copy(DATA_DIR / "obs-hd-thd-deploiement.xlsx", path)
    workbook = load_workbook(path)
    sheet = workbook["Communes"]
    header_row = next(
        row for row in sheet.iter_rows() if any(cell.value == "Code commune" for cell in row)
    )
    premises = next(c.column for c in header_row if str(c.value).startswith("Meilleure"))
    sheet.cell(row=header_row[0].row + 1, column=premises, value=1e20)
    workbook.save(path)

    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    (reject,) = run.rejects.all()
    assert reject.line == header_row[0].row + 1
    assert reject.reason == (
        "« 100000000000000000000 » dépasse le plus grand nombre admis (2147483647)."
    )
    assert CommuneFtth.objects.count() == 2


def test_a_workbook_column_named_like_a_quarter_of_no_year_is_not_one(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Communes"
    sheet.append(["Code commune", "Meilleure estimation des locaux T4 2025", "T4 0000", "T4 2025"])
    sheet.append(["21231", 1000, 10, 900])
    workbook.save(tmp_path / "t4.xlsx")
    run = import_file(tmp_path / "t4.xlsx", trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert list(FtthDeployment.objects.values_list("quarter", "connectable")) == [
        (datetime.date(2025, 12, 31), 900)
    ]
