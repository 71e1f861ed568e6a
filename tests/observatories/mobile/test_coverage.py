"""Arcep coverage per commune, operator and technology: a national file of one
quarter (named by the file), the region's rows checked and kept, history by quarter,
and the territory sums weighted by population and by area."""

import datetime

import pytest

from observatories.importing.pipeline import import_file
from observatories.importing.reading import ImportRefused
from observatories.mobile.imports import COVERAGE as COVERAGE_FORMAT
from observatories.models import AreaCoverage, Commune, CommuneCoverage, ImportRun

from .files import COVERAGE, rows_of, snapshot, table, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMAND = ImportRun.Trigger.COMMAND
Q3, Q4 = datetime.date(2025, 9, 30), datetime.date(2025, 12, 31)
HEADER, ROWS = table(COVERAGE)


def coverage(code, operator="20801", generation="4G", edition=Q3) -> CommuneCoverage:
    return CommuneCoverage.objects.get(
        commune_id=code, operator=operator, generation=generation, edition=edition
    )


def imported(path):
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return run


def test_the_sample_is_imported_with_counts_that_reconcile_and_its_provenance():
    run = imported(COVERAGE)

    assert run.format == COVERAGE_FORMAT.key and run.edition == "T3 2025"
    assert (run.rows_read, run.rows_created, run.rows_rejected, run.rows_outside) == (5, 5, 0, 1)
    assert run.reconciles()
    assert (run.source.publisher, run.source.licence) == ("Arcep", "Licence Ouverte 2.0")
    dijon = coverage("21231")
    assert dijon.levels() == [
        {"level": "pas de couverture", "surface": 0.0, "population": 0.0},
        {"level": "couverture limitée", "surface": 1.1, "population": 0.2},
        {"level": "bonne couverture", "surface": 20.3, "population": 9.8},
        {"level": "très bonne couverture", "surface": 78.6, "population": 90.0},
    ]
    assert dijon.run == run and dijon.edition_label == "T3 2025"
    assert dijon.population_covered == pytest.approx(99.8)
    # Beire-le-Fort (21019) merged into Belleneuve: its former code is resolved.
    assert coverage("21060").population_very_good == 30.0
    # Lyon is counted outside the region, not rejected, and not kept.
    assert not CommuneCoverage.objects.filter(commune_id="69123").exists()


def test_a_file_without_its_quarter_in_its_name_is_refused_in_french(tmp_path):
    path = write(tmp_path / "couverture_communes.csv", HEADER, ROWS)
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Trimestre introuvable : le nom du fichier doit le dire")
    assert not CommuneCoverage.objects.exists()


def test_a_file_with_wrong_columns_is_refused_in_french_and_changes_nothing(tmp_path):
    imported(COVERAGE)
    before = snapshot()
    header = [name.replace("couv_tbc", "couv_tres_bonne") for name in HEADER]
    with pytest.raises(ImportRefused, match="Format non reconnu : les colonnes ne correspondent"):
        import_file(write(tmp_path / "2025_T4_couv.csv", header, ROWS), trigger=COMMAND)
    # Under its source, the refusal is recorded on a run.
    run = import_file(
        write(tmp_path / "2025_T4_couv.csv", header, ROWS),
        trigger=COMMAND,
        source=COVERAGE_FORMAT.default_source(),
    )
    assert run.status == ImportRun.Status.FAILED and "Format non reconnu" in run.error
    assert snapshot() == before


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("couv_tbc", "101", "« 101 » : pourcentage attendu entre 0 et 100."),
        ("pop_nc", "-1", "« -1 » : pourcentage attendu entre 0 et 100."),
        ("pop_cl", "NaN", "« NaN » : pourcentage attendu entre 0 et 100."),
        ("couv_bc", "", "valeur manquante."),
        ("couv_cl", "1,1,0", "« 1,1,0 » n'est pas un nombre (pourcentage)."),
        ("couv_cl", "beaucoup", "« beaucoup » n'est pas un nombre (pourcentage)."),
        ("mcc_mnc", "20888", "« 20888 » n'est pas un opérateur connu (20801 Orange, 20810 SFR, "
         "20815 Free Mobile, 20820 Bouygues Telecom)."),
        ("techno", "6G", "« 6G » n'est pas une technologie connue (2G, 3G, 4G, 5G)."),
        ("commune", "2123", "« 2123 » n'est pas un code commune INSEE (5 caractères)."),
        ("commune", "21999", "« 21999 » n'est pas un code commune connu du référentiel."),
    ],
)  # fmt: skip
def test_a_bad_value_rejects_its_row_with_column_value_and_a_french_reason(
    tmp_path, settings, column, value, reason
):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    rows = rows_of(COVERAGE, lines={3: {column: value}})
    run = imported(write(tmp_path / "2025_T3_couv.csv", HEADER, rows))

    assert (run.rows_read, run.rows_created, run.rows_rejected) == (5, 4, 1)
    assert run.reconciles()
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (3, column, value, reason)
    ]


def test_four_levels_that_do_not_add_up_to_100_reject_the_row(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    rows = rows_of(
        COVERAGE,
        lines={
            2: {"couv_tbc": "70.00"},  # 91.40 %
            3: {"pop_tbc": "80.40"},  # 100.40 %: within the rounding, kept
            4: {"pop_tbc": "61.00"},  # 101 %
        },
    )
    run = imported(write(tmp_path / "2025_T3_couv.csv", HEADER, rows))

    assert (run.rows_created, run.rows_rejected) == (3, 2)
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (2, "couv_nc, couv_cl, couv_bc, couv_tbc", "0.00 + 1.10 + 20.30 + 70.00",
         "« 0.00 + 1.10 + 20.30 + 70.00 » : les quatre niveaux de couverture (pas de "
         "couverture, couverture limitée, bonne couverture, très bonne couverture) de la "
         "surface doivent totaliser 100 % (à 0,5 point près)."),
        (4, "pop_nc, pop_cl, pop_bc, pop_tbc", "2.00 + 8.00 + 30.00 + 61.00",
         "« 2.00 + 8.00 + 30.00 + 61.00 » : les quatre niveaux de couverture (pas de "
         "couverture, couverture limitée, bonne couverture, très bonne couverture) de la "
         "population doivent totaliser 100 % (à 0,5 point près)."),
    ]  # fmt: skip
    assert coverage("21231", "20810").population_very_good == 80.4


def test_a_key_twice_rejects_the_later_row(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    rows = [*ROWS, ROWS[0]]
    run = imported(write(tmp_path / "2025_T3_couv.csv", HEADER, rows))
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (6, 5, 1)
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (8, "commune, mcc_mnc, techno", "21231 20801 4G", "doublon de la ligne 2.")
    ]


def test_too_many_bad_rows_refuse_the_file_and_nothing_changes(tmp_path):
    imported(COVERAGE)
    before = snapshot()
    rows = rows_of(COVERAGE, lines={2: {"couv_tbc": "170"}, 3: {"mcc_mnc": "Opérateur X"}})
    run = import_file(write(tmp_path / "2025_T3_couv_bis.csv", HEADER, rows), trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert "Trop de lignes rejetées : 2 sur 5" in run.error
    assert run.rejects.count() == 2 and snapshot() == before


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("2025_T3_couv.csv", {"quote": True, "crlf": True}),  # as published
        ("2025_T3_couv.csv", {"bom": True}),  # no quotes, a BOM
        ("2025_T3_couv.csv", {"delimiter": ",", "crlf": True}),  # re-saved with commas
        ("2025_T3_couv.csv.gz", {"packed": True}),
    ],
    ids=["quotes-crlf", "bom-no-quotes", "commas", "gzip"],
)
def test_files_are_read_as_published_or_re_saved(tmp_path, name, options):
    run = imported(write(tmp_path / name, HEADER, ROWS, **options))
    assert (run.rows_read, run.rows_created, run.rows_outside) == (5, 5, 1)
    assert coverage("21231").surface_limited == 1.1


def test_decimal_commas_and_padded_or_drifted_values_are_read(tmp_path):
    rows = rows_of(
        COVERAGE,
        lines={
            2: {"couv_cl": "1,10", "couv_bc": "20,3", "commune": " 21231 ", "techno": "4g"},
            3: {"mcc_mnc": "SFR", "pop_tbc": "80"},
        },
    )
    header = [f" {name.upper()} " for name in HEADER]  # headers drift too
    imported(write(tmp_path / "2025_T3_couv.csv", header, rows, delimiter=";"))
    assert (coverage("21231").surface_limited, coverage("21231").surface_good) == (1.1, 20.3)
    assert coverage("21231", "20810").population_very_good == 80.0


def test_the_same_file_again_is_skipped_and_changes_nothing():
    first = imported(COVERAGE)
    before = snapshot()
    again = import_file(COVERAGE, trigger=COMMAND)
    assert again.status == ImportRun.Status.SKIPPED and again.edition == "T3 2025"
    assert snapshot() == before
    assert set(CommuneCoverage.objects.values_list("run", flat=True)) == {first.pk}


def test_a_second_quarter_adds_history_without_changing_the_first(tmp_path):
    first = imported(COVERAGE)
    rows = rows_of(COVERAGE, lines={2: {"pop_nc": "0.00", "pop_cl": "0.00", "pop_bc": "5.00",
                                        "pop_tbc": "95.00"}})  # fmt: skip
    second = imported(write(tmp_path / "2025_T4_couv_Metropole_commune.csv", HEADER, rows))

    assert second.edition == "T4 2025" and (second.rows_created, second.rows_updated) == (5, 0)
    assert coverage("21231").population_very_good == 90.0 and coverage("21231").run == first
    assert coverage("21231", edition=Q4).population_very_good == 95.0
    assert CommuneCoverage.objects.count() == 10
    region = AreaCoverage.objects.filter(level="region", code="27", operator="20801",
                                         generation="4G")  # fmt: skip
    assert sorted(region.values_list("edition", "run")) == [(Q3, first.pk), (Q4, second.pk)]


def test_the_same_quarter_again_updates_only_the_rows_that_changed(tmp_path):
    first = imported(COVERAGE)
    rows = rows_of(COVERAGE, lines={4: {"couv_nc": "9.50", "couv_cl": "20.50"}})
    again = imported(write(tmp_path / "2025_T3_couv_corrige.csv", HEADER, rows))

    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 1, 4)
    assert coverage("21231", generation="5G").surface_none == 9.5
    assert coverage("21231", generation="5G").run == again and coverage("21231").run == first


def test_territory_sums_weigh_population_shares_by_population_and_surface_by_area():
    communes = {"21231": (156_920, 40.4), "21060": (1_300, 14.0), "25056": (119_000, 65.0)}
    for code, (population, area) in communes.items():
        Commune.objects.filter(code=code).update(population=population, area=area)
    imported(COVERAGE)

    region = AreaCoverage.objects.get(
        level="region", code="27", edition=Q3, operator="20801", generation="4G"
    )
    assert (region.communes, region.population, region.surface) == (3, 277_220, 119.4)
    assert region.population_very_good == 87.572  # (90 * 156,920 + 30 * 1,300 + 85 * 119,000) / …
    assert region.surface_very_good == 68.22  # (78.6 * 40.4 + 30 * 14 + 70 * 65) / 119.4
    department = AreaCoverage.objects.get(
        level="department", code="21", edition=Q3, operator="20801", generation="4G"
    )
    assert department.population_very_good == 89.507
    epci = AreaCoverage.objects.get(level="epci", code="242100410", operator="20810")
    assert (epci.communes, epci.population_very_good, epci.surface_good) == (1, 80.0, 35.0)
    total = sum(getattr(region, f"population_{level}") for level in
                ("none", "limited", "good", "very_good"))  # fmt: skip
    assert total == pytest.approx(100, abs=0.01)


def test_communes_without_an_area_are_left_out_of_the_surface_shares():
    Commune.objects.filter(code="21231").update(population=156_920, area=40.4)
    Commune.objects.filter(code="25056").update(population=119_000, area=65.0)
    imported(COVERAGE)  # Belleneuve has no outline, hence no area

    region = AreaCoverage.objects.get(
        level="region", code="27", edition=Q3, operator="20801", generation="4G"
    )
    assert region.surface == 105.4 and region.surface_very_good == 73.296
    assert region.communes == 3  # its population still counts


def test_a_territory_none_of_whose_communes_has_an_area_has_no_surface_shares():
    imported(COVERAGE)
    region = AreaCoverage.objects.get(
        level="region", code="27", edition=Q3, operator="20801", generation="4G"
    )
    assert region.surface == 0 and region.surface_very_good is None
    assert region.surface_covered is None and region.population_covered == pytest.approx(96.433)


def test_blank_lines_are_skipped_and_lines_still_named_as_in_the_file(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    lines = COVERAGE.read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace(b'"5G"', b'"6G"')  # Dijon's 5G row: line 5 after the blank
    path = tmp_path / "2025_T3_couv.csv"
    path.write_bytes(b"\r\n".join([*lines[:3], b"", *lines[3:]]) + b"\r\n\r\n")
    run = imported(path)
    assert (run.rows_read, run.rows_created, run.rows_outside) == (5, 4, 1)
    assert list(run.rejects.values_list("line", "column")) == [(5, "techno")]
