"""Places of digital mediation: import of the national standard, opening hours,
section 8 indicators, pages, filters, error reports, permissions, sitemap."""

import datetime
import shutil

import pytest

from directory.models import Place
from directory.places import standard
from directory.places.imports import PLACES
from observatories.importing.formats import FORMATS, register
from observatories.importing.pipeline import import_file
from observatories.models import Commune, ImportRun

from .conftest import DATA_DIR

SAMPLE = DATA_DIR / "lieux-mediation-numerique.csv"


@pytest.fixture
def places_region(small_region):
    """The small region with what places need: postcodes, population and points."""
    for code, postcodes, population, lat, lon in (
        ("21231", ["21000"], 156_000, 47.3220, 5.0415),
        ("21060", ["21310"], 1_300, 47.3617, 5.2686),
        ("25056", ["25000"], 120_000, 47.2380, 6.0243),
    ):
        Commune.objects.filter(code=code).update(
            postcodes=postcodes, population=population, latitude=lat, longitude=lon
        )


@pytest.fixture
def imported(places_region, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5  # the sample has one bad row of five
    run = import_file(SAMPLE, trigger=ImportRun.Trigger.COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return run


# --- Import -------------------------------------------------------------------------


def test_the_format_is_registered_once_by_the_directory_app():
    assert [fmt.key for fmt in FORMATS].count(PLACES.key) == 1
    register(PLACES)
    assert [fmt.key for fmt in FORMATS].count(PLACES.key) == 1


def test_closed_lists_come_from_the_schema_copy():
    assert standard.closed_list("frais_a_charge") == ("Gratuit", "Gratuit sous condition", "Payant")
    assert "Langues étrangères (anglais)" in standard.closed_list("prise_en_charge_specifique")
    assert standard.required_columns() == {
        "id",
        "pivot",
        "nom",
        "commune",
        "code_postal",
        "adresse",
        "date_maj",
    }


def test_import_counts_reconcile_and_places_outside_the_region_are_set_aside(imported):
    run = imported
    assert run.format == PLACES.key
    assert (run.rows_read, run.rows_created, run.rows_rejected, run.rows_outside) == (5, 4, 1, 1)
    assert run.reconciles()
    assert Place.objects.count() == 4
    assert not Place.objects.filter(commune__name="Reims").exists()


def test_unknown_value_of_a_closed_list_rejects_the_row_naming_column_and_value(imported):
    reject = imported.rejects.get()
    assert (reject.line, reject.column, reject.value) == (7, "services", "Réparation de vélos")
    assert "« Réparation de vélos » ne fait pas partie des valeurs admises" in reject.reason
    assert not Place.objects.filter(external_id="bfc-besancon-2").exists()


def test_a_former_commune_code_and_a_missing_code_resolve_to_the_current_commune(imported):
    assert Place.objects.get(external_id="bfc-belleneuve-1").commune_id == "21060"
    # No code_insee: found from the postcode and the commune's name.
    assert Place.objects.get(external_id="bfc-dijon-2").commune_id == "21231"


def test_values_are_stored_as_published(imported):
    place = Place.objects.get(external_id="bfc-dijon-1")
    assert place.source.slug == PLACES.source.slug
    assert place.run == imported
    assert place.slug == "espace-numerique-de-la-fontaine-douche-dijon"
    assert place.services == [
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
        "Accès internet et matériel informatique",
    ]
    assert place.costs == ["Gratuit"]
    assert place.typologies == ["MUNI", "BIB"]
    assert place.opening_hours == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
    assert place.updated_on == datetime.date(2025, 3, 12)
    assert (place.latitude, place.longitude) == (47.3131, 5.0147)
    assert place.is_published


def test_reimporting_the_same_content_changes_nothing_and_keeps_curators_choices(
    imported, tmp_path
):
    Place.objects.filter(external_id="bfc-dijon-1").update(is_published=False)
    copy = tmp_path / "lieux-copie.csv"
    shutil.copy(SAMPLE, copy)
    with open(copy, "a", encoding="utf-8") as handle:
        handle.write("\n")  # another file (digest), the same rows
    again = import_file(copy, trigger=ImportRun.Trigger.COMMAND)
    assert again.status == ImportRun.Status.SUCCEEDED, again.error
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 4)
    assert not Place.objects.get(external_id="bfc-dijon-1").is_published


def test_a_changed_place_is_updated(imported, tmp_path):
    changed = tmp_path / "lieux-modifies.csv"
    changed.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("Médiathèque Champollion", "Médiathèque C."),
        encoding="utf-8",
    )
    again = import_file(changed, trigger=ImportRun.Trigger.COMMAND)
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 1, 3)
    assert Place.objects.get(external_id="bfc-dijon-2").name == "Médiathèque C."


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("pivot", "12-34", "n'est ni un SIRET ni un RNA"),
        ("code_postal", "2100", "n'est pas un code postal"),
        ("date_maj", "hier", "n'est pas une date"),
        ("telephone", "03 80 00 00 01", "n'est pas au format international"),
        ("courriels", "contact@", "n'est pas une adresse électronique"),
        ("frais_a_charge", "Gratuit|Offert", "« Offert » ne fait pas partie"),
        ("longitude", "", "latitude et longitude vont ensemble"),
        ("latitude", "47,3.1", "n'est pas un nombre décimal"),
        ("nom", "", "valeur obligatoire manquante"),
        ("presentation_resume", "x" * 281, "plus de 280 caractères"),
    ],
)
def test_values_breaking_the_standard_reject_the_row_with_a_french_reason(
    places_region, tmp_path, settings, column, value, reason
):
    import csv

    settings.IMPORT_MAX_REJECT_RATE = 1
    with SAMPLE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    row = dict(rows[0], **{column: value})
    path = tmp_path / "lieux.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerow(row)
        writer.writerow(rows[2])
    run = import_file(path, trigger=ImportRun.Trigger.COMMAND)
    reject = run.rejects.get()
    assert reject.column == column
    assert reason in reject.reason
    assert Place.objects.count() == 1
