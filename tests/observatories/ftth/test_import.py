"""The Arcep FttH deployment workbook (XLSX, sheet "Communes", header on row 5)."""

import datetime
import gc
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from observatories.importing.pipeline import import_file
from observatories.importing.reading import ImportRefused
from observatories.models import AreaFtth, CommuneFtth, FtthDeployment, ImportRun, Zone
from tests.observatories.factories import DATA_DIR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMAND = ImportRun.Trigger.COMMAND
SAMPLE = DATA_DIR / "obs-hd-thd-deploiement.xlsx"
HEADER = [
    "Code commune", "Nom commune", "Meilleure estimation des locaux T4 2025",
    "Source retenue T4 2025", "Engagements L. 33-13 et AMEL", "OI T4 2025",
    "Zones très denses", "T4 2017", "T4 2024", "T4 2025",
]  # fmt: skip
ROWS = [
    ["21231", "Dijon", 98000, "IPE", "Orange (AMII) (100%)", "Orange", "Non", 1000, 90000, 97000],
    [21019, "Belleneuve (ancien code)", 800, "IPE", "", "Côte-d'Or THD", "Non", None, 300, 790],
    ["25056", "Besançon", "71 540", "IPE", "SFR (AMEL) (100%)", "SFR FttH", "", 0, 60000, 71000],
    ["69123", "Lyon", 400000, "IPE", "", "Orange", "Oui", 1, 2, 3],
]


@pytest.fixture(autouse=True)
def no_file_left_open():
    """A file left open by a test's import warns (an error here) in that test."""
    yield
    gc.collect()


def write_workbook(path, header=HEADER, rows=ROWS, *, sheet="Communes", titles=4):
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for number in range(titles):
        worksheet.append([f"Titre {number + 1}"] if number % 2 == 0 else [])
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def deployments(code):
    return dict(
        FtthDeployment.objects.filter(commune_id=code).values_list("quarter", "connectable")
    )


def test_the_shipped_sample_matches_the_published_layout():
    """tests/data/obs-hd-thd-deploiement.xlsx is ``write_workbook()``'s output."""
    run = import_file(SAMPLE, trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_outside) == (3, 3, 1)


def test_the_command_imports_a_workbook_and_reports_it_in_french(capsys):
    call_command("import_arcep", str(SAMPLE))
    out = capsys.readouterr().out
    assert "3 lignes lues = 3 créées + 0 mises à jour + 0 inchangées + 0 rejetées" in out
    assert "édition T4 2025" in out
    assert ImportRun.objects.get().trigger == COMMAND


def test_the_command_refuses_a_broken_workbook_with_a_french_reason(tmp_path):
    path = tmp_path / "casse.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 10)
    with pytest.raises(CommandError, match="Classeur illisible"):
        call_command("import_arcep", str(path))


def test_each_row_gives_long_rows_and_a_profile(tmp_path):
    run = import_file(write_workbook(tmp_path / "t4.xlsx"), trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.format == "arcep_deploiements_ftth" and run.edition == "T4 2025"
    assert (run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged) == (3, 3, 0, 0)
    assert run.rows_outside == 1 and run.reconciles()
    assert deployments("21231") == {
        datetime.date(2017, 12, 31): 1000,
        datetime.date(2024, 12, 31): 90000,
        datetime.date(2025, 12, 31): 97000,
    }
    # The former code 21019 resolves to Belleneuve; an empty quarter is no data, not 0.
    assert deployments("21060") == {
        datetime.date(2024, 12, 31): 300,
        datetime.date(2025, 12, 31): 790,
    }
    profiles = {p.commune_id: p for p in CommuneFtth.objects.all()}
    assert {code: p.zone for code, p in profiles.items()} == {
        "21231": Zone.AMII,
        "21060": Zone.RIP,
        "25056": Zone.AMEL,
    }
    assert profiles["25056"].premises == 71540 and profiles["25056"].operators == "SFR FttH"
    assert profiles["21231"].edition == datetime.date(2025, 12, 31)
    assert profiles["21231"].commitments == "Orange (AMII) (100%)"


def test_territory_sums_are_written_for_every_quarter(tmp_path):
    import_file(write_workbook(tmp_path / "t4.xlsx"), trigger=COMMAND)
    region = AreaFtth.objects.get(level="region", code="27", quarter="2025-12-31")
    assert (region.connectable, region.premises) == (97000 + 790 + 71000, 98000 + 800 + 71540)
    assert round(region.coverage, 1) == 99.1  # 168,790 of 170,340
    epci = AreaFtth.objects.get(level="epci", code="242100410", quarter="2024-12-31")
    assert (epci.connectable, epci.premises) == (90000, 98000)
    assert AreaFtth.objects.filter(level="department", code="21").count() == 3


def test_headers_that_drift_between_editions_still_import(tmp_path):
    header = [
        " CODE COMMUNE ", "Nom de la commune", "meilleure estimation des locaux T2 2024",
        "Engagements L.33-13 et AMEL", "OI", "Zone très dense", "T1 2024", "T2 2024",
    ]  # fmt: skip
    rows = [["21231", "Dijon", 98000, "", "Orange", "Oui", 10, 20]]
    run = import_file(
        write_workbook(tmp_path / "old.xlsx", header, rows, titles=2), trigger=COMMAND
    )
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.edition == "T2 2024"
    profile = CommuneFtth.objects.get()
    assert (profile.zone, profile.operators, profile.edition) == (
        Zone.ZTD,
        "Orange",
        datetime.date(2024, 6, 30),
    )
    assert deployments("21231") == {datetime.date(2024, 3, 31): 10, datetime.date(2024, 6, 30): 20}


def test_a_new_edition_updates_only_the_communes_that_changed(tmp_path):
    import_file(write_workbook(tmp_path / "a.xlsx"), trigger=COMMAND)
    rows = [list(row) for row in ROWS]
    rows[2][-1] = 71100  # Besançon's last quarter revised
    run = import_file(write_workbook(tmp_path / "b.xlsx", rows=rows), trigger=COMMAND)
    assert (run.rows_created, run.rows_updated, run.rows_unchanged) == (0, 1, 2)
    assert deployments("25056")[datetime.date(2025, 12, 31)] == 71100


def test_bad_cells_are_rejected_with_their_excel_line(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    rows = [list(row) for row in ROWS]
    rows[0][-2] = "beaucoup"
    run = import_file(write_workbook(tmp_path / "bad.xlsx", rows=rows), trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (6, "t4_2024", "beaucoup", "« beaucoup » n'est pas un nombre entier positif.")
    ]
    assert not FtthDeployment.objects.filter(commune_id="21231").exists()
    assert not CommuneFtth.objects.filter(commune_id="21231").exists()
    assert run.reconciles()


def refused(path) -> str:
    with pytest.raises(ImportRefused) as error:
        import_file(path, trigger=COMMAND)
    assert not FtthDeployment.objects.exists() and not CommuneFtth.objects.exists()
    return str(error.value)


def test_a_workbook_without_a_communes_sheet_is_refused(tmp_path):
    message = refused(write_workbook(tmp_path / "x.xlsx", sheet="Départements"))
    assert message == "Aucune feuille « Communes » dans ce classeur (feuilles : « Départements »)."


def test_a_workbook_whose_header_cannot_be_found_is_refused(tmp_path):
    message = refused(write_workbook(tmp_path / "x.xlsx", titles=20))
    assert message.startswith("En-tête introuvable dans les 15 premières lignes")


def test_an_empty_communes_sheet_is_refused(tmp_path):
    message = refused(write_workbook(tmp_path / "x.xlsx", header=[], rows=[], titles=0))
    assert message == "La feuille « Communes » est vide."


def test_a_file_that_only_looks_like_a_zip_is_refused(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert refused(path).startswith("Classeur illisible")


def test_a_workbook_is_checked_before_it_is_unpacked(tmp_path, settings):
    path = write_workbook(tmp_path / "t4.xlsx")
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
        entries = len(archive.infolist())
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = unpacked - 1
    assert refused(path).startswith("Classeur refusé : il occuperait")
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = unpacked
    settings.IMPORT_MAX_XLSX_ENTRIES = entries - 1
    assert refused(path) == (
        f"Classeur refusé : {entries} éléments dans l'archive, la limite est de {entries - 1}."
    )
