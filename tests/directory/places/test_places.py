"""Places of digital mediation: import of the national standard, opening hours,
section 8 indicators, pages, filters, error reports, permissions, sitemap."""

import datetime
import logging
import shutil

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from directory.models import ErrorReport, Place, PlaceIndicator
from directory.places import standard
from directory.places.hours import parse
from directory.places.imports import PLACES
from directory.places.indicators import refresh_place_indicators
from observatories.importing.formats import FORMATS, register
from observatories.importing.pipeline import import_file
from observatories.models import Commune, ImportRun
from scoran.lib.throttling import UNAVAILABLE_MESSAGE
from strategy.models import Indicator, IndicatorValue
from tests.directory.outages import mail_errors, unreachable_redis, unreachable_smtp
from tests.directory.searching import (
    assert_a_search_is_cut_to_its_first_words,
    assert_a_too_long_search_gives_an_empty_list,
)
from tests.observatories.factories import DATA_DIR

SAMPLE = DATA_DIR / "lieux-mediation-numerique.csv"


def complete_small_region():
    """Give the communes of ``small_region`` what places need: postcodes, population
    and representative points."""
    for code, postcodes, population, lat, lon in (
        ("21231", ["21000"], 156_000, 47.3220, 5.0415),
        ("21060", ["21310"], 1_300, 47.3617, 5.2686),
        ("25056", ["25000"], 120_000, 47.2380, 6.0243),
    ):
        Commune.objects.filter(code=code).update(
            postcodes=postcodes, population=population, latitude=lat, longitude=lon
        )


@pytest.fixture
def places_region(small_region):
    complete_small_region()


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
    Place.objects.filter(external_id="bfc-dijon-1").update(state="draft")
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


# --- Opening hours ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "french"),
    [
        (
            "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
            "Du lundi au vendredi : 9 h – 12 h et 14 h – 18 h 30 ; samedi : 8 h 30 – 12 h",
        ),
        ("Mo,We 10:00-12:00", "Lundi et mercredi : 10 h – 12 h"),
        ("Mo, We,Fr 10:00-12:00", "Lundi, mercredi et vendredi : 10 h – 12 h"),
        ("Mo-We,Fr 09:00-12:00", "Du lundi au mercredi et vendredi : 9 h – 12 h"),
        ("Tu 14:00-17:00; PH off", "Mardi : 14 h – 17 h ; les jours fériés : fermé"),
        (
            "Mo-Fr 09:00-17:00; Sa,Su off",
            "Du lundi au vendredi : 9 h – 17 h ; samedi et dimanche : fermé",
        ),
        ("Mo-Su 08:00-20:00", "Tous les jours : 8 h – 20 h"),
        ("10:00-18:00", "Tous les jours : 10 h – 18 h"),
        ("24/7", "Tous les jours : 24 h sur 24"),
        (
            "We 14:00-17:00, 18:00-19:00,20:00-21:00",
            "Mercredi : 14 h – 17 h, 18 h – 19 h et 20 h – 21 h",
        ),
        ("  Th 9:05-12:00 ;  ", "Jeudi : 9 h 05 – 12 h"),
    ],
)
def test_opening_hours_read_in_french(raw, french):
    hours = parse(raw)
    assert hours.understood
    assert str(hours) == french


@pytest.mark.parametrize(
    "raw",
    [
        "Mo-Fr 09:00-12:00; Jan off",  # months
        "sunrise-sunset",
        'Mo-Fr 09:00-12:00 "sur rendez-vous"',
        "Lundi 9h-12h",
        "Mo-PH 09:00-12:00",
        "Mo-Fr 25:00-26:00",
        "Mo-Fr",
    ],
)
def test_hours_outside_the_subset_are_kept_as_published_never_an_error(raw):
    hours = parse(raw)
    assert not hours.understood
    assert str(hours) == raw.strip()
    assert hours.lines == []


def test_no_hours_is_none():
    assert parse("") is None
    assert parse("   ") is None


def test_each_rule_is_a_capitalised_line():
    assert parse("Mo 09:00-12:00; Sa 10:00-11:00").lines == [
        "Lundi : 9 h – 12 h",
        "Samedi : 10 h – 11 h",
    ]


# --- Indicators -------------------------------------------------------------------


def _figures():
    return {(row.level, row.code): row for row in PlaceIndicator.objects.all()}


def test_indicators_are_computed_after_the_import_by_department_and_region(imported):
    from directory.places.indicators import refresh_place_indicators

    # Without Médiathèque Champollion (no coordinates: it stands at Dijon's point).
    Place.objects.filter(external_id="bfc-dijon-2").update(state="draft")
    refresh_place_indicators()
    figures = _figures()
    region, cote_dor, doubs = (
        figures["region", "27"],
        figures["department", "21"],
        figures["department", "25"],
    )
    # Places per 10,000 inhabitants: 2 of 157,300 in Côte-d'Or, 1 of 120,000 in Doubs.
    assert (cote_dor.places, cote_dor.population) == (2, 157_300)
    assert cote_dor.places_per_10k == pytest.approx(0.127146, abs=1e-6)
    assert doubs.places_per_10k == pytest.approx(0.083333, abs=1e-6)
    assert (region.places, region.population) == (3, 277_300)
    assert region.places_per_10k == pytest.approx(0.108186, abs=1e-6)
    # Dijon's point is 2.2496 km from the Fontaine d'Ouche, Belleneuve's place stands
    # at its point (0 km), Besançon's point is 5.2806 km from Planoise.
    assert cote_dor.mean_distance_km == pytest.approx((156_000 * 2.249632) / 157_300, abs=1e-4)
    assert doubs.mean_distance_km == pytest.approx(5.280640, abs=1e-4)
    assert region.mean_distance_km == pytest.approx(
        (156_000 * 2.249632 + 120_000 * 5.280640) / 277_300, abs=1e-4
    )
    assert (region.communes, region.communes_measured) == (3, 3)
    assert region.data_date == datetime.date(2025, 3, 12)  # latest published date_maj
    assert region.run == imported


def test_a_curator_unpublishing_a_place_updates_the_indicators(imported, admin_client):
    place = Place.objects.get(external_id="bfc-besancon-1")
    response = admin_client.post(
        reverse("admin:directory_place_changelist"),
        {"action": "unpublish", "_selected_action": [place.pk]},
    )
    assert response.status_code == 302
    doubs = _figures()["department", "25"]
    assert doubs.places == 0
    assert doubs.mean_distance_km == pytest.approx(
        # Besançon's nearest published place is now Belleneuve's, at its commune's point.
        _figures()["department", "25"].mean_distance_km
    )
    assert doubs.mean_distance_km > 50


def test_the_indicator_page_shows_the_tables_with_the_date_and_source(
    client, imported, django_assert_num_queries
):
    # Indicators, their orientations, their stored values.
    with django_assert_num_queries(3):
        response = client.get(reverse("strategy:indicators"))
    html = response.content.decode()
    section = html.split(f'id="valeurs-{_indicator("lieux_mediation_taux").pk}"')[1]
    section = section.split("</section>")[0]
    assert "Dernière valeur (lieux pour 10 000 habitants)" in section
    assert '<time datetime="2025-03-12">12 mars 2025</time>' in section
    assert '<th scope="row">Côte-d&#x27;Or</th>' in section
    assert imported.get_absolute_url() in section
    assert "Lieux publiés sur ce portail pour 10 000 habitants" in section


def test_the_places_indicators_keep_each_dates_values(imported):
    values = IndicatorValue.objects.filter(indicator=_indicator("lieux_mediation_distance"))
    assert values.count() == 3  # the region, Côte-d'Or, Doubs
    Place.objects.filter(external_id="bfc-besancon-1").update(updated_on=datetime.date(2025, 6, 1))
    refresh_place_indicators()
    assert values.count() == 6
    assert set(values.values_list("edition", flat=True)) == {
        datetime.date(2025, 3, 12),
        datetime.date(2025, 6, 1),
    }


def test_unpublishing_the_latest_updated_place_gives_the_strategy_a_new_latest_value(imported):
    """The places' latest update goes back in time: the new figures are not written
    over the older date's value while the stale value of the later date stays the
    latest shown (they are dated of the day of the change)."""
    from strategy.selectors import indicator_figures

    indicator = _indicator("lieux_mediation_taux")
    latest = Place.objects.published().order_by("-updated_on").first()
    Place.objects.filter(pk=latest.pk).update(state="draft")
    refresh_place_indicators()
    stored = PlaceIndicator.objects.get(level="region")
    (figures,) = indicator_figures([indicator])
    region = next(row for row in figures.rows if row.latest.level == "region")
    assert region.latest.value == pytest.approx(stored.places_per_10k, abs=1e-3)
    assert region.latest.edition == timezone.localdate()
    # The earlier date's value is the history, not rewritten.
    assert len(region.values) == 2


def test_unpublishing_every_place_gives_the_strategy_a_latest_value_of_zero(imported):
    from strategy.selectors import indicator_figures

    Place.objects.update(state="draft")
    refresh_place_indicators()
    (figures,) = indicator_figures([_indicator("lieux_mediation_taux")])
    region = next(row for row in figures.rows if row.latest.level == "region")
    assert region.latest.value == 0


def test_the_indicator_page_says_which_data_is_needed_before_any_import(client, db):
    html = client.get(reverse("strategy:indicators")).content.decode()
    section = html.split(f'id="valeurs-{_indicator("lieux_mediation_taux").pk}"')[1]
    assert "Pas encore de valeur : elle sera calculée" in section.split("</section>")[0]
    assert "Base régionale de données sur les tiers-lieux" in section


def _indicator(measure: str) -> Indicator:
    return Indicator.objects.get(measure=measure)


# --- Pages ------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    from directory.models import User

    user = User.objects.create_superuser(email="curatrice@example.fr", password="x" * 16)
    client.force_login(user)
    return client


def _more_places(count: int):
    template = Place.objects.get(external_id="bfc-dijon-1")
    Place.objects.bulk_create(
        Place(
            **{
                field.attname: getattr(template, field.attname)
                for field in Place._meta.concrete_fields
                if field.name not in {"id", "external_id"}
            },
            external_id=f"autre-{number}",
        )
        for number in range(count)
    )


def test_the_list_shows_places_with_provenance_and_links_to_their_pages(client, imported):
    response = client.get(reverse("places:list"))
    assert response.status_code == 200
    html = response.content.decode()
    place = Place.objects.get(external_id="bfc-dijon-1")
    assert f'href="{place.get_absolute_url()}"' in html
    assert "Source : Jeu d&#x27;essai SCORAN, mis à jour le" in html
    assert "4 lieux" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"service": "Loisirs et créations numériques"}, {"bfc-belleneuve-1"}),
        ({"public": "Seniors"}, {"bfc-dijon-1"}),
        ({"frais": "Gratuit"}, {"bfc-dijon-1", "bfc-besancon-1", "bfc-dijon-2"}),
        ({"departement": "25"}, {"bfc-besancon-1"}),
        ({"q": "champollion"}, {"bfc-dijon-2"}),
        ({"q": "21310"}, {"bfc-belleneuve-1"}),
        ({"departement": "21", "frais": "Payant"}, {"bfc-belleneuve-1"}),
    ],
)
def test_filters(client, imported, query, expected):
    response = client.get(reverse("places:list"), query)
    shown = {place.external_id for place in response.context["page"].object_list}
    assert shown == expected
    geojson = client.get(reverse("places:geojson"), query).json()
    assert len(geojson["features"]) == len(expected)


def test_a_wrong_filter_value_is_reported_next_to_its_field(client, imported):
    html = client.get(reverse("places:list"), {"frais": "Offert"}).content.decode()
    assert "Certains filtres sont incorrects" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_frais_error"' in html
    assert 'id="id_frais_error"' in html
    assert "Sélectionnez un choix valide" in html


def test_a_too_long_search_gives_an_empty_list_of_places_with_a_french_error(client, imported):
    assert_a_too_long_search_gives_an_empty_list(
        client, reverse("places:list"), ["Médiathèque Champollion", "Tiers-lieu de Belleneuve"]
    )


def test_a_search_of_places_is_cut_to_its_first_ten_words(client, imported):
    assert_a_search_is_cut_to_its_first_words(client, reverse("places:list"))


def test_the_map_data_places_each_place_or_its_commune(client, imported):
    features = {
        f["properties"]["nom"]: f for f in client.get(reverse("places:geojson")).json()["features"]
    }
    assert features["Espace numérique de la Fontaine d'Ouche"]["geometry"]["coordinates"] == [
        5.0147,
        47.3131,
    ]
    champollion = features["Médiathèque Champollion"]
    assert champollion["geometry"]["coordinates"] == [5.0415, 47.3220]
    assert champollion["properties"]["approximatif"] is True


@pytest.mark.parametrize(("url_name", "queries"), [("places:list", 3), ("places:geojson", 1)])
def test_lists_use_the_same_queries_whatever_the_number_of_places(
    client, imported, django_assert_num_queries, url_name, queries
):
    with django_assert_num_queries(queries):
        client.get(reverse(url_name))
    _more_places(40)
    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_the_place_page_shows_address_hours_in_french_contacts_offer_and_source(
    client, imported, django_assert_num_queries
):
    place = Place.objects.get(external_id="bfc-dijon-1")
    with django_assert_num_queries(1):
        response = client.get(place.get_absolute_url())
    html = response.content.decode()
    assert "<h1>Espace numérique de la Fontaine d&#x27;Ouche</h1>" in html
    assert "2 place de la Fontaine d&#x27;Ouche" in html
    assert "<li>Du lundi au vendredi : 9 h – 12 h et 14 h – 18 h 30</li>" in html
    assert "<li>Samedi : 8 h 30 – 12 h</li>" in html
    assert 'href="tel:+33380000001"' in html
    assert "<li>Aide aux démarches administratives</li>" in html
    assert 'mis à jour le <time datetime="2025-03-12">12 mars 2025</time>' in html
    assert f'href="{imported.get_absolute_url()}"' in html
    assert "Signaler une erreur" in html


def test_hours_that_cannot_be_read_are_shown_as_published_with_a_note(client, imported):
    place = Place.objects.get(external_id="bfc-besancon-1")
    html = client.get(place.get_absolute_url()).content.decode()
    assert "Mo-Th 08:30-12:00; Fr 08:30-12:00,13:30-16:30 ; Jan off" in html
    assert "Horaires reproduits tels que publiés" in html


def test_the_short_or_an_old_address_redirects_to_the_page(client, imported):
    place = Place.objects.get(external_id="bfc-dijon-1")
    for url in (
        reverse("places:short", kwargs={"pk": place.pk}),
        reverse("places:detail", kwargs={"pk": place.pk, "slug": "ancien-nom"}),
    ):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == place.get_absolute_url()


def test_an_organisation_page_lists_the_places_of_its_siren(client, imported):
    from tests.directory.factories import make_organisation

    place = Place.objects.get(external_id="bfc-dijon-1")
    city = make_organisation("Ville de Dijon", slug="ville-de-dijon", siren=place.pivot[:9])
    other = make_organisation("Syndicat", slug="syndicat", siren="732829320")
    page = client.get(city.get_absolute_url()).content.decode()
    assert "Lieux de médiation numérique" in page
    assert f'href="{place.get_absolute_url()}"' in page
    other_page = client.get(other.get_absolute_url()).content.decode()
    assert "Lieux de médiation numérique" not in other_page
    Place.objects.filter(pk=place.pk).update(state="draft")
    assert place.name not in client.get(city.get_absolute_url()).content.decode()


# --- Error reports ----------------------------------------------------------------


@pytest.fixture
def curators(db):
    """One curator who handles reports; staff without that permission, an inactive
    curator and a visitor, who hear nothing."""
    from directory.models import User
    from tests.directory.factories import make_curator

    make_curator("curateur@example.fr")
    inactive = make_curator("inactif@example.fr")
    inactive.is_active = False
    inactive.save()
    User.objects.create_user(email="equipe-sans-droit@example.fr", is_staff=True)
    User.objects.create_user(email="visiteur@example.fr")


def test_an_error_report_is_stored_and_emailed_to_curators_after_commit(
    client, imported, curators, django_capture_on_commit_callbacks
):
    cache.clear()
    place = Place.objects.get(external_id="bfc-dijon-1")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            place.get_absolute_url(),
            {"message": "Le lieu a déménagé rue Jean-Jaurès.", "email": "usager@example.fr"},
        )
    assert response.status_code == 302
    assert len(callbacks) == 1
    report = ErrorReport.objects.get()
    assert (report.kind, report.object_key, report.object_title, report.email) == (
        "lieux",
        str(place.pk),
        place.name,
        "usager@example.fr",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["curateur@example.fr"]
    assert mail.outbox[0].subject == f"[SCORAN BFC] Erreur signalée : {place.name}"
    assert "Le lieu a déménagé" in mail.outbox[0].body
    assert "usager@example.fr" in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert "votre signalement a été transmis" in page


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"message": "", "email": ""}, "message", "Décrivez l&#x27;erreur constatée."),
        (
            {"message": "x", "email": "pas-une-adresse"},
            "email",
            "Saisissez une adresse électronique valide",
        ),
        ({"message": "x" * 2001, "email": ""}, "message", "2000 caractères"),
    ],
)
def test_a_bad_report_is_refused_with_a_french_message_next_to_the_field(
    client, imported, curators, data, field, error
):
    cache.clear()
    place = Place.objects.get(external_id="bfc-dijon-1")
    response = client.post(place.get_absolute_url(), data)
    assert response.status_code == 200  # the page again, with the errors
    html = response.content.decode()
    assert error in html
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert ErrorReport.objects.count() == 0
    assert mail.outbox == []


def test_reports_are_throttled_per_address(client, imported):
    from directory.reports.services import REPORTS_PER_HOUR

    cache.clear()
    place = Place.objects.get(external_id="bfc-dijon-1")
    for _ in range(REPORTS_PER_HOUR):
        assert client.post(place.get_absolute_url(), {"message": "Erreur"}).status_code == 302
    response = client.post(place.get_absolute_url(), {"message": "Encore"})
    assert response.status_code == 429
    assert "réessayez dans une heure" in response.content.decode()
    assert ErrorReport.objects.count() == REPORTS_PER_HOUR
    other = client.post(place.get_absolute_url(), {"message": "Autre"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    cache.clear()


def test_an_error_report_is_kept_when_the_mail_server_is_down(
    client, imported, curators, settings, caplog, django_capture_on_commit_callbacks
):
    cache.clear()
    caplog.set_level(logging.INFO)
    unreachable_smtp(settings)
    place = Place.objects.get(external_id="bfc-dijon-1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(place.get_absolute_url(), {"message": "Fermé le lundi."})
    assert response.status_code == 302
    assert ErrorReport.objects.get().message == "Fermé le lundi."
    (error,) = mail_errors(caplog)
    assert "error_report_to_curators.txt" in error and "not sent" in error
    assert "votre signalement a été transmis" in client.get(response["Location"]).content.decode()


def test_error_reports_are_refused_in_french_when_redis_is_down(client, imported, settings):
    place = Place.objects.get(external_id="bfc-dijon-1")
    unreachable_redis(settings)
    response = client.post(place.get_absolute_url(), {"message": "Fermé le lundi."})
    assert response.status_code == 503
    assert UNAVAILABLE_MESSAGE in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_behind_the_proxy_reports_are_throttled_per_client_not_per_proxy(
    client, imported, settings
):
    from directory.reports.services import REPORTS_PER_HOUR

    cache.clear()
    settings.TRUST_X_FORWARDED_FOR = True
    place = Place.objects.get(external_id="bfc-dijon-1")
    for client_number in range(REPORTS_PER_HOUR + 2):
        response = client.post(
            place.get_absolute_url(),
            {"message": "Erreur"},
            REMOTE_ADDR="172.18.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{client_number}",
        )
        assert response.status_code == 302
    cache.clear()


def test_curators_see_reports_in_the_admin_with_a_link_to_the_place(imported, admin_client):
    from directory.reports.services import report_error
    from scoran.lib.catalogues import REPORTABLE_KINDS

    place = Place.objects.get(external_id="bfc-dijon-1")
    report_error(kind=REPORTABLE_KINDS["lieux"], obj=place, message="Fermé le samedi")
    html = admin_client.get(reverse("admin:directory_errorreport_changelist")).content.decode()
    assert "Espace numérique de la Fontaine" in html
    assert f'href="{reverse("places:short", kwargs={"pk": place.pk})}"' in html


def test_an_unpublished_place_takes_no_report_even_from_a_curator(imported, admin_client):
    cache.clear()
    place = Place.objects.get(external_id="bfc-dijon-1")
    Place.objects.filter(pk=place.pk).update(state="draft")
    assert admin_client.get(place.get_absolute_url()).status_code == 200
    response = admin_client.post(place.get_absolute_url(), {"message": "Erreur"})
    assert response.status_code == 404
    assert not ErrorReport.objects.exists()


def test_a_curator_edit_rejects_an_unknown_closed_list_value_and_saves_nothing(
    imported, admin_client
):
    place = Place.objects.get(external_id="bfc-dijon-1")
    url = reverse("admin:directory_place_change", args=[place.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.update(
        {
            "emails": "|".join(place.emails) and ",".join(place.emails),
            "websites": "|".join(place.websites),
            "typologies": ",".join(place.typologies),
            "services": ["Réparation de vélos"],
            "name": "Nouveau nom",
            "error_reports-TOTAL_FORMS": 0,
            "error_reports-INITIAL_FORMS": 0,
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert Place.objects.get(pk=place.pk).name == place.name


# --- Permissions ------------------------------------------------------------------


@pytest.fixture
def as_user(client, db):
    """Sign the client in as nobody, a visitor with an account, or a curator."""
    from django.contrib.auth.models import Permission

    from directory.models import User

    def sign_in(kind: str):
        if kind != "anonymous":
            user = User.objects.create_user(
                email=f"{kind}@example.fr", password="x" * 16, is_staff=kind == "staff"
            )
            if kind == "staff":  # a curator: staff with the places' permissions
                user.user_permissions.set(
                    Permission.objects.filter(content_type__app_label="directory")
                )
            client.force_login(user)
        return client

    return sign_in


@pytest.mark.parametrize("kind", ["anonymous", "member", "staff"])
def test_everyone_sees_published_places_and_only_curators_unpublished_ones(imported, as_user, kind):
    client = as_user(kind)
    published = Place.objects.get(external_id="bfc-dijon-1")
    hidden = Place.objects.get(external_id="bfc-dijon-2")
    hidden.state = "draft"
    hidden.save()
    assert client.get(reverse("places:list")).status_code == 200
    assert client.get(reverse("places:geojson")).status_code == 200
    assert client.get(published.get_absolute_url()).status_code == 200
    expected = 200 if kind == "staff" else 404
    assert client.get(hidden.get_absolute_url()).status_code == expected
    listed = client.get(reverse("places:list")).context["page"].paginator.count
    assert listed == 3  # unpublished places are never listed


@pytest.mark.parametrize("kind", ["anonymous", "member", "staff"])
def test_everyone_may_report_an_error_and_only_curators_reach_the_admin(imported, as_user, kind):
    cache.clear()
    client = as_user(kind)
    place = Place.objects.get(external_id="bfc-dijon-1")
    assert client.post(place.get_absolute_url(), {"message": "Erreur"}).status_code == 302
    admin_list = client.get(reverse("admin:directory_place_changelist"))
    assert (admin_list.status_code == 200) == (kind == "staff")
    cache.clear()


def test_sitemap_lists_published_places_only(client, imported):
    hidden = Place.objects.get(external_id="bfc-dijon-2")
    hidden.state = "draft"
    hidden.save()
    xml = client.get(reverse("sitemap")).content.decode()
    for place in Place.objects.published():
        assert f"<loc>http://testserver{place.get_absolute_url()}</loc>" in xml
    assert hidden.get_absolute_url() not in xml
    assert f"<loc>http://testserver{reverse('places:list')}</loc>" in xml


def test_the_main_navigation_leads_to_the_places(client, db):
    html = client.get(reverse("places:list")).content.decode()
    assert f'href="{reverse("places:list")}" aria-current="page">Lieux</a>' in html
