"""ANFR's weekly observatory of mobile stations: counted per commune, operator,
technology and status, for the week of the edition; the latest edition of a week
replaces an earlier one, never the reverse."""

import datetime

import pytest

from observatories.importing.pipeline import import_file
from observatories.mobile.imports import ANFR_STATIONS
from observatories.models import AnfrWeek, AreaStations, CommuneStations, ImportRun

from .files import ANFR, rows_of, snapshot, table, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMAND = ImportRun.Trigger.COMMAND
WEEK = datetime.date(2025, 9, 29)  # a Monday
HEADER, ROWS = table(ANFR)


def imported(path):
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return run


def counts(week=WEEK) -> dict:
    return {
        (row.commune_id, row.operator, row.generation, row.status): row.stations
        for row in CommuneStations.objects.filter(week=week)
    }


def test_the_sample_counts_the_stations_of_each_commune_operator_technology_and_status():
    run = imported(ANFR)  # UTF-8 with a BOM, as ANFR publishes it

    assert run.format == ANFR_STATIONS.key and run.source.publisher == "ANFR"
    assert (run.rows_read, run.rows_created, run.rows_outside) == (6, 6, 1)
    assert run.edition == "semaine 40 de 2025"
    # Orange's station in Dijon has two 4G systems: one station.
    assert counts() == {
        ("21231", "20801", "4G", "En service"): 1,
        ("21231", "20801", "5G", "En service"): 1,
        ("21231", "20810", "4G", "Projet approuvé"): 1,
        ("25056", "20820", "5G", "Techniquement opérationnel"): 1,
        ("21060", "20815", "4G", "En service"): 1,  # 21019, merged into Belleneuve
    }
    week = AnfrWeek.objects.get()
    assert (week.week, week.published, week.run, str(week)) == (
        WEEK, WEEK, run, "semaine 40 de 2025"
    )  # fmt: skip


def test_stations_are_summed_per_territory():
    imported(ANFR)
    region = {
        (row.operator, row.generation, row.status): row.stations
        for row in AreaStations.objects.filter(level="region", code="27", week=WEEK)
    }
    assert region[("20801", "4G", "En service")] == 1
    assert sum(region.values()) == 5
    assert AreaStations.objects.filter(level="epci", code="242100410").count() == 3


def test_a_later_edition_of_the_week_replaces_its_counts(tmp_path):
    imported(ANFR)
    rows = [row for row in ROWS if row[1] != "SFR"]  # SFR's project withdrawn
    rows = [[*row[:21], "En service" if row[1] == "BOUYGUES TELECOM" else row[21]] for row in rows]
    later = imported(write(tmp_path / "2025-10-02_observatoire_anfr.csv", HEADER, rows))

    assert counts()[("25056", "20820", "5G", "En service")] == 1
    assert ("21231", "20810", "4G", "Projet approuvé") not in counts()
    assert ("25056", "20820", "5G", "Techniquement opérationnel") not in counts()
    assert (later.rows_created, later.rows_unchanged) == (1, 4)
    assert AnfrWeek.objects.get().published == datetime.date(2025, 10, 2)
    assert not AreaStations.objects.filter(operator="20810").exists()


def test_an_earlier_edition_of_a_week_already_held_is_refused_and_changes_nothing(tmp_path):
    imported(write(tmp_path / "2025-10-02_observatoire_anfr.csv", HEADER, ROWS))
    before = snapshot()
    run = import_file(write(tmp_path / "2025-09-30_anfr.csv", HEADER, ROWS[:3]), trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error == (
        "Une édition plus récente de cette semaine (du 02/10/2025) est déjà importée ; celle "
        "du 30/09/2025 ne la remplace pas."
    )
    assert snapshot() == before


def test_another_week_adds_history(tmp_path):
    imported(ANFR)
    imported(write(tmp_path / "2025-10-06_observatoire_anfr.csv", HEADER, ROWS[:2]))
    assert list(AnfrWeek.objects.values_list("week", flat=True)) == [
        datetime.date(2025, 10, 6), WEEK
    ]  # fmt: skip
    assert len(counts()) == 5 and len(counts(datetime.date(2025, 10, 6))) == 1


def test_without_a_date_in_its_name_the_edition_is_the_latest_update_of_its_rows(tmp_path):
    rows = rows_of(ANFR, lines={2: {"date_maj": "03/10/2025"}})
    run = imported(write(tmp_path / "observatoire_anfr.csv", HEADER, rows))
    assert AnfrWeek.objects.get().published == datetime.date(2025, 10, 3)
    assert run.edition == "semaine 40 de 2025"


def test_an_edition_without_any_date_is_refused_in_french(tmp_path):
    rows = [[*row[:8], "", *row[9:]] for row in ROWS]
    run = import_file(write(tmp_path / "observatoire_anfr.csv", HEADER, rows), trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("Date de l'édition introuvable")


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("adm_lb_nom", "TELCO OI", "« TELCO OI » n'est pas un opérateur connu (20801 Orange, "
         "20810 SFR, 20815 Free Mobile, 20820 Bouygues Telecom)."),
        ("generation", "6G", "« 6G » n'est pas une technologie connue (2G, 3G, 4G, 5G)."),
        ("statut", "", "statut manquant."),
        ("sta_nm_anfr", "", "numéro de station manquant."),
        ("code_insee", "21999", "« 21999 » n'est pas un code commune connu du référentiel."),
    ],
)  # fmt: skip
def test_a_bad_value_rejects_its_row_in_french(tmp_path, settings, column, value, reason):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    rows = rows_of(ANFR, lines={5: {column: value}})
    run = imported(write(tmp_path / "2025-09-29_anfr.csv", HEADER, rows))
    assert run.rows_rejected == 1 and run.reconciles()
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (5, column, value, reason)
    ]


def test_an_empty_commune_code_falls_back_on_the_address_and_names_may_be_written_freely(
    tmp_path,
):
    rows = rows_of(ANFR, lines={2: {"code_insee": ""}, 6: {"adm_lb_nom": "Bouygues  Telecom"}})
    imported(write(tmp_path / "2025-09-29_anfr.csv", HEADER, rows))
    assert counts()[("21231", "20801", "4G", "En service")] == 1
    assert counts()[("25056", "20820", "5G", "Techniquement opérationnel")] == 1


def test_a_row_twice_is_rejected(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    run = imported(write(tmp_path / "2025-09-29_anfr.csv", HEADER, [*ROWS, ROWS[1]]))
    assert list(run.rejects.values_list("line", "column", "reason")) == [
        (9, "id", "doublon de la ligne 3.")
    ]
