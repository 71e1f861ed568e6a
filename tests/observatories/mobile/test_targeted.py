"""The targeted-coverage scheme (New Deal mobile): the zones of the arrêtés in the
region's departments, their operators and progress in four stages, per edition, and
their sums per department, region and arrêté."""

import datetime

import pytest

from observatories.importing.pipeline import import_file
from observatories.mobile.imports import lambert93_to_wgs84
from observatories.models import AreaTargeted, ImportRun, TargetedSite

from .files import TARGETED, rows_of, snapshot, table, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMAND = ImportRun.Trigger.COMMAND
Q3, Q4 = datetime.date(2025, 9, 30), datetime.date(2025, 12, 31)
HEADER, ROWS = table(TARGETED)
DECREE_2018 = "Arrêté du 4 juillet 2018"


def imported(path):
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return run


def test_lambert_93_is_converted_to_wgs84():
    # The projection's origin is 3° E, 46.5° N; Dijon's town hall is near 5.04° E, 47.32° N.
    assert lambert93_to_wgs84(700_000, 6_600_000) == pytest.approx((46.5, 3.0), abs=1e-9)
    latitude, longitude = lambert93_to_wgs84(853_000, 6_692_000)
    assert (round(latitude, 2), round(longitude, 2)) == (47.31, 5.03)


def test_the_sample_gives_each_zone_its_arrete_operators_leader_and_stages():
    run = imported(TARGETED)

    assert (run.rows_read, run.rows_created, run.rows_outside, run.edition) == (3, 3, 1, "T3 2025")
    zone = TargetedSite.objects.get(number="DCC-21-0001")
    assert (zone.decree, zone.decree_date, zone.department_id) == (
        DECREE_2018, datetime.date(2018, 7, 4), "21"
    )  # fmt: skip
    assert zone.operators == ["20801", "20810", "20815", "20820"] and zone.leader == "20801"
    assert (zone.requested, zone.in_service, zone.within_6_months) == (4, 3, 1)
    assert [stage["sites"] for stage in zone.stages()] == [3, 1, 0, 0]
    assert zone.stages()[0] == {"label": "en service", "sites": 3, "share": 75.0}
    assert (round(zone.latitude, 2), round(zone.longitude, 2)) == (47.3, 4.67)
    assert (zone.zone_name, zone.edition, zone.run) == ("Sombernon", Q3, run)
    # The leader by its name; the date of an arrêté as JJ/MM/AAAA.
    assert TargetedSite.objects.get(number="DCC-25-0003").leader == "20820"
    later = TargetedSite.objects.get(number="DCC-21-0044")
    assert (later.decree_date, later.leader, later.waiting) == (datetime.date(2021, 12, 21), "", 1)


def test_progress_is_summed_per_department_region_and_arrete():
    imported(TARGETED)
    sums = {
        (row.level, row.code, row.decree): (row.zones, row.requested, row.in_service, row.waiting)
        for row in AreaTargeted.objects.all()
    }
    assert sums == {
        ("department", "21", DECREE_2018): (1, 4, 3, 0),
        ("department", "21", "Arrêté du 21 décembre 2021"): (1, 1, 0, 1),
        ("department", "25", DECREE_2018): (1, 2, 0, 0),
        ("region", "27", DECREE_2018): (2, 6, 3, 0),
        ("region", "27", "Arrêté du 21 décembre 2021"): (1, 1, 0, 1),
    }


@pytest.mark.parametrize(
    ("line", "column", "value", "reason"),
    [
        (2, "sites_mes", "4", "les quatre étapes (en service, sous 6 mois, entre 6 et 24 mois, "
         "en attente) totalisent 5 sites, au lieu des 4 sites demandés."),
        (2, "sites_demandes", "beaucoup", "« beaucoup » n'est pas un nombre entier positif."),
        (2, "op_leader", "Opérateur X", "« Opérateur X » n'est pas un opérateur connu (20801 "
         "Orange, 20810 SFR, 20815 Free Mobile, 20820 Bouygues Telecom)."),
        (2, "20810", "peut-être", "« peut-être » n'est pas un indicateur (0 ou 1, True ou False)."),
        (2, "insee_dep", "Côte-d'Or", "« Côte-d'Or » n'est pas un code de département."),
        (2, "x_lambert_93", "826 400,5", None),  # read: spaces and decimal comma
        (2, "y_lambert_93", "2600000", "coordonnées Lambert-93 hors de la France métropolitaine."),
        (2, "date_publication_arrete", "4 juillet 2018",
         "« 4 juillet 2018 » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)."),
        (2, "numero_site", "", "numéro de site manquant ou trop long."),
    ],
)  # fmt: skip
def test_a_bad_value_rejects_its_zone_in_french(tmp_path, settings, line, column, value, reason):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    rows = rows_of(TARGETED, lines={line: {column: value}})
    run = imported(write(tmp_path / "2025_T3_dcc_Metropole_sites.csv", HEADER, rows))
    rejects = list(run.rejects.values_list("line", "value", "reason"))
    if reason is None:
        assert rejects == [] and run.rows_created == 3
    else:
        assert run.rows_rejected == 1 and rejects[0][0] == line and rejects[0][2] == reason


def test_flags_may_be_true_or_false_in_a_file_with_a_bom(tmp_path):
    rows = rows_of(TARGETED, lines={3: {"20801": "True", "20810": "False", "20815": "FALSE",
                                        "20820": "true"}})  # fmt: skip
    imported(write(tmp_path / "2025_T3_dcc_Metropole_sites.csv", HEADER, rows, bom=True))
    assert TargetedSite.objects.get(number="DCC-25-0003").operators == ["20801", "20820"]


def test_each_edition_keeps_its_progress(tmp_path):
    first = imported(TARGETED)
    rows = rows_of(TARGETED, lines={2: {"sites_mes": "4", "sites_6_mois": "0"}})
    second = imported(write(tmp_path / "2025_T4_dcc_Metropole_sites.csv", HEADER, rows))

    assert second.rows_created == 3
    progress = dict(
        TargetedSite.objects.filter(number="DCC-21-0001").values_list("edition", "in_service")
    )
    assert progress == {Q3: 3, Q4: 4}
    region = AreaTargeted.objects.filter(level="region", decree=DECREE_2018)
    assert dict(region.values_list("edition", "in_service")) == {Q3: 3, Q4: 4}
    assert TargetedSite.objects.get(number="DCC-21-0001", edition=Q3).run == first


def test_a_file_without_its_quarter_in_its_name_is_refused_and_changes_nothing(tmp_path):
    imported(TARGETED)
    before = snapshot()
    path = write(tmp_path / "dcc_Metropole_sites.csv", HEADER, ROWS[:2])
    run = import_file(path, trigger=COMMAND)
    assert run.status == ImportRun.Status.FAILED and run.error.startswith("Trimestre introuvable")
    assert snapshot() == before
