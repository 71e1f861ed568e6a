"""Arcep's sites per quarter ("Mon réseau mobile"): the region's sites of a national
file, their technologies, 5G bands and flags, history by quarter, and their counts
per territory and operator."""

import datetime

import pytest

from observatories.importing.pipeline import import_file
from observatories.models import AreaSites, ImportRun, MobileSite

from .files import SITES, rows_of, snapshot, table, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMAND = ImportRun.Trigger.COMMAND
Q3, Q4 = datetime.date(2025, 9, 30), datetime.date(2025, 12, 31)
HEADER, ROWS = table(SITES)


def imported(path):
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return run


def site(number, edition=Q3) -> MobileSite:
    return MobileSite.objects.get(number=number, edition=edition)


def test_the_sample_is_imported_with_each_sites_technologies_bands_and_flags():
    run = imported(SITES)

    assert (run.rows_read, run.rows_created, run.rows_outside, run.edition) == (4, 4, 1, "T3 2025")
    orange = site("00000021A1")
    assert (orange.operator, orange.commune_id, orange.anfr_station) == ("20801", "21231",
                                                                         "0212290001")  # fmt: skip
    assert (orange.latitude, orange.longitude) == (47.3221, 5.0412)
    assert orange.generations == ["2G", "3G", "4G", "5G"] and orange.bands_5g == [2100, 3500]
    assert orange.capacity_240 and not orange.white_zone and orange.run == run
    sfr = site("S21-0042")
    assert (sfr.shared_id, sfr.generations, sfr.strategic) == ("P-21-7", ["2G", "3G", "4G"], True)
    # A site of Beire-le-Fort (21019, merged): in Belleneuve, in a white zone, targeted.
    free = site("FR-21019-1")
    assert (free.commune_id, free.white_zone, free.targeted) == ("21060", True, True)
    assert not MobileSite.objects.filter(commune_id="69123").exists()  # Lyon: outside


def test_sites_are_counted_per_territory_operator_technology_and_band():
    run = imported(SITES)
    dijon = AreaSites.objects.get(level="epci", code="242100410", edition=Q3, operator="20801")
    assert (dijon.sites, dijon.sites_5g, dijon.band_3500, dijon.band_700) == (1, 1, 1, 0)
    assert dijon.by_generation() == [("2G", 1), ("3G", 1), ("4G", 1), ("5G", 1)]
    department = {row.operator: row for row in AreaSites.objects.filter(level="department",
                                                                        code="21")}  # fmt: skip
    assert set(department) == {"20801", "20810", "20815"}
    assert (department["20815"].white_zone, department["20815"].targeted) == (1, 1)
    assert (department["20810"].strategic, department["20810"].sites_5g) == (1, 0)
    region = AreaSites.objects.filter(level="region", code="27")
    assert sum(row.sites for row in region) == 4 and {row.run_id for row in region} == {run.pk}
    bouygues = region.get(operator="20820")
    assert bouygues.by_band() == [(700, 1), (800, 0), (1800, 0), (2100, 0), (3500, 0)]


def test_flags_written_true_or_false_are_read_as_0_or_1(tmp_path):
    flags = [i for i, name in enumerate(HEADER) if name.startswith("site_")]
    rows = [
        [("True" if value == "1" else "False") if i in flags else value
         for i, value in enumerate(row)]
        for row in ROWS
    ]  # fmt: skip
    imported(write(tmp_path / "2025_T3_sites_Metropole.csv", HEADER, rows, quote=True, crlf=True))
    assert site("00000021A1").bands_5g == [2100, 3500]
    assert site("FR-21019-1").white_zone and not site("S21-0042").has_5g


def test_a_windows_1252_file_with_a_bom_less_header_is_read(tmp_path):
    path = write(tmp_path / "2025_T3_sites_Metropole.csv", HEADER, ROWS, encoding="cp1252")
    assert "Côte".encode("cp1252") in path.read_bytes()
    imported(path)
    assert MobileSite.objects.count() == 4


def test_an_older_edition_without_5g_columns_is_read_without_5g(tmp_path):
    kept = [i for i, name in enumerate(HEADER) if "5g" not in name and name != "site_capa_240mbps"]
    header = [HEADER[i] for i in kept]
    rows = [[row[i] for i in kept] for row in ROWS]
    imported(write(tmp_path / "2019_T4_sites_Metropole.csv", header, rows))
    orange = site("00000021A1", datetime.date(2019, 12, 31))
    assert orange.generations == ["2G", "3G", "4G"] and orange.bands_5g == []


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("code_op", "20899", "« 20899 » n'est pas un opérateur connu (20801 Orange, 20810 SFR, "
         "20815 Free Mobile, 20820 Bouygues Telecom)."),
        ("num_site", "", "numéro de site manquant."),
        ("num_site", "X" * 51,
         f"« {'X' * 51} » : numéro de site trop long (50 caractères au plus)."),
        ("latitude", "47°19'", "« 47°19' » n'est pas un nombre (latitude WGS84)."),
        ("longitude", "181", "« 181 » : longitude WGS84 attendu entre -180 et 180."),
        ("latitude", "", "valeur manquante."),
        ("site_4g", "oui peut-être", "« oui peut-être » n'est pas un indicateur (0 ou 1, True ou "
         "False)."),
        ("site_5g_3500_m_hz", "2", "« 2 » n'est pas un indicateur (0 ou 1, True ou False)."),
        ("insee_com", "21A31", "« 21A31 » n'est pas un code commune INSEE (5 caractères)."),
    ],
)  # fmt: skip
def test_a_bad_value_rejects_its_site_in_french(tmp_path, settings, column, value, reason):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    rows = rows_of(SITES, lines={3: {column: value}})
    run = imported(write(tmp_path / "2025_T3_sites_Metropole.csv", HEADER, rows))
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (4, 3, 1)
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (3, column, value, reason)
    ]


def test_decimal_commas_in_coordinates_are_read(tmp_path):
    rows = rows_of(SITES, lines={2: {"latitude": "47,3221", "longitude": " 5,0412 "}})
    imported(write(tmp_path / "2025_T3_sites_Metropole.csv", HEADER, rows))
    assert (site("00000021A1").latitude, site("00000021A1").longitude) == (47.3221, 5.0412)


def test_a_malformed_commune_of_another_department_is_outside_not_rejected(tmp_path):
    rows = rows_of(SITES, lines={6: {"insee_com": ""}})  # Lyon's row, department 69
    run = imported(write(tmp_path / "2025_T3_sites_Metropole.csv", HEADER, rows))
    assert (run.rows_rejected, run.rows_outside) == (0, 1)


def test_a_second_quarter_adds_history_and_the_first_keeps_its_sites(tmp_path):
    first = imported(SITES)
    rows = rows_of(SITES, lines={3: {"site_5g": "1", "site_5g_3500_m_hz": "1"}})
    second = imported(write(tmp_path / "2025_T4_sites_Metropole.csv", HEADER, rows[:3]))

    assert (second.rows_created, second.edition) == (3, "T4 2025")
    assert not site("S21-0042").has_5g and site("S21-0042", Q4).has_5g
    assert site("S21-0042").run == first
    assert MobileSite.objects.filter(edition=Q3).count() == 4
    assert MobileSite.objects.filter(edition=Q4).count() == 3
    q3 = AreaSites.objects.get(level="department", code="21", edition=Q3, operator="20810")
    q4 = AreaSites.objects.get(level="department", code="21", edition=Q4, operator="20810")
    assert (q3.sites_5g, q4.sites_5g, q3.run, q4.run) == (0, 1, first, second)


def test_the_same_file_again_is_skipped_and_a_refused_one_changes_nothing(tmp_path):
    imported(SITES)
    before = snapshot()
    assert import_file(SITES, trigger=COMMAND).status == ImportRun.Status.SKIPPED
    bad = rows_of(SITES, lines={line: {"code_op": "?"} for line in (2, 3, 4)})
    run = import_file(write(tmp_path / "2025_T3_sites_Metropole.csv", HEADER, bad),
                      trigger=COMMAND)  # fmt: skip
    assert run.status == ImportRun.Status.FAILED and "Trop de lignes rejetées" in run.error
    assert snapshot() == before
