"""The section 8 indicators' values: computed from the observatory's stored sums
after each import, entered by curators in the admin, kept per edition, shown with
their gap and trend, exported, and read by territory pages."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from observatories.ftth.services import refresh_area_ftth
from observatories.importing.pipeline import import_file
from observatories.indicators import fixed_eligibility, ftth_coverage, mobile_4g_coverage
from observatories.models import AreaFixedStats, CommuneFixedStats, ImportRun
from strategy.models import Indicator, IndicatorValue
from strategy.selectors import format_value, indicator_figures, indicator_values_for
from strategy.services import refresh_indicator_values
from tests.directory.factories import make_curator, make_user
from tests.observatories.factories import SAMPLE_FIXED_STATS
from tests.observatories.mobile.test_selectors import populate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

PAGE = reverse("strategy:indicators")


def indicator(measure: str) -> Indicator:
    return Indicator.objects.get(measure=measure)


def values(measure: str, **filters) -> dict:
    """{(series, level, code, edition): value} of the indicator."""
    return {
        (v.series, v.level, v.code, v.edition): v.value
        for v in IndicatorValue.objects.filter(indicator=indicator(measure), **filters)
    }


def entered_indicator(position: int = 10) -> Indicator:
    """« Le nombre de Pass numériques distribués »: entered by curators."""
    found = Indicator.objects.get(position=position)
    assert found.measure == ""
    return found


# ---------- Computed measures ----------


def test_ftth_coverage_per_territory_and_quarter(ftth_deployed, django_assert_num_queries):
    refresh_area_ftth(ftth_deployed)
    with django_assert_num_queries(2):  # the territories' names, the sums with their runs
        measure = ftth_coverage()
    points = {(p.level, p.code, p.period): p.value for p in measure.points}
    # Côte-d'Or: connectable premises over the latest edition's 98,000 premises.
    assert points["department", "21", "T3 2025"] == pytest.approx(100 * 50_400 / 98_000, abs=0.01)
    assert points["department", "21", "T4 2025"] == pytest.approx(100 * 90_000 / 98_000, abs=0.01)
    assert points["department", "25", "T4 2025"] == 102.5  # more than the estimate: kept
    assert points["region", "27", "T4 2025"] == pytest.approx(100 * 172_000 / 178_000, abs=0.01)
    assert measure.unit == "%" and measure.source == "Arcep, Arcep – déploiements FttH par commune"
    assert all(p.source_url == ftth_deployed.get_absolute_url() for p in measure.points)
    assert not any(p.level == "epci" for p in measure.points)


def test_fixed_eligibility_gives_the_8_and_30_mbits_series(django_assert_num_queries):
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    with django_assert_num_queries(2):
        measure = fixed_eligibility()
    region = AreaFixedStats.objects.get(level="region", code="27")
    points = {(p.series, p.level, p.code): p.value for p in measure.points}
    assert points["≥ 8 Mbit/s (bon haut débit)", "region", "27"] == round(
        region.share("eligible_8"), 2
    )
    assert points["≥ 30 Mbit/s (très haut débit)", "department", "25"] == pytest.approx(
        100 * 70_200 / 71_540, abs=0.01
    )
    assert len(points) == 2 * 3  # two series, the region and two departments


def test_4g_coverage_is_the_best_operators_population_in_good_coverage(
    django_assert_num_queries,
):
    populate(quarters=2, sites=0, weeks=0)
    with django_assert_num_queries(2):
        measure = mobile_4g_coverage()
    points = {(p.level, p.code, p.period): p.value for p in measure.points}
    # Every operator covers Dijon at 95 %, Belleneuve 45 %, Besançon 80 % (+1 at Q4).
    assert points["department", "21", "T3 2025"] == pytest.approx(70.0)
    assert points["department", "21", "T4 2025"] == pytest.approx(71.0)
    assert points["department", "25", "T4 2025"] == pytest.approx(81.0)
    assert points["region", "27", "T4 2025"] == pytest.approx((96 + 46 + 81) / 3, abs=0.01)


def test_the_import_pipeline_refreshes_the_values_in_its_transaction():
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    stored = values("eligibilite_fixe")
    assert len(stored) == 6
    edition = datetime.date(2025, 12, 31)
    assert stored["≥ 8 Mbit/s (bon haut débit)", "department", "21", edition] == pytest.approx(
        100 * (97_500 + 770) / (98_012 + 812), abs=0.01
    )


def test_a_failing_measure_neither_fails_the_import_nor_half_writes(monkeypatch, caplog):
    """A measure that raises (a bug, a value a constraint refuses) leaves the import
    whole: its rows are loaded, the run succeeds, and no value is half-written."""
    from strategy.measures import MEASURES, Calculation

    def broken():
        raise RuntimeError("broken measure")

    with MEASURES.replaced("couverture_4g", Calculation(broken, "")):
        run = import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED
    assert CommuneFixedStats.objects.exists()
    assert not IndicatorValue.objects.exists()  # the refresh's savepoint rolled back
    assert "indicator values not refreshed" in caplog.text
    refresh_indicator_values()  # the daily task catches up
    assert len(values("eligibilite_fixe")) == 6


def test_a_value_refused_by_a_constraint_does_not_fail_the_import(monkeypatch):
    from strategy.measures import MEASURES, Calculation, Measure, Point

    def negative():
        point = Point("region", "27", "Région", datetime.date(2025, 12, 31), "T4 2025", -1.0)
        return Measure(unit="%", source="test", points=[point])

    with MEASURES.replaced("couverture_4g", Calculation(negative, "")):
        run = import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED
    assert CommuneFixedStats.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_a_refresh_never_overwrites_a_curators_value_of_the_same_edition():
    """An indicator whose values curators entered, computed later: the refresh
    skips the edition a curator holds instead of turning it into a computed one."""
    from strategy.measures import MEASURES, Calculation, Measure, Point

    entered = entered_indicator()
    edition = datetime.date(2025, 12, 31)
    curator = make_curator()
    IndicatorValue.objects.create(
        indicator=entered, level="region", code="27", label="Région", year=2025,
        edition=edition, period="2025", value=1234, source="Hub", entered_by=curator,
        origin=IndicatorValue.Origin.ENTERED,
    )  # fmt: skip

    def computed():
        points = [
            Point("region", "27", "Région", edition, "2025", 5.0),
            Point("region", "27", "Région", datetime.date(2026, 3, 31), "T1 2026", 7.0),
        ]
        return Measure(unit="", source="calcul", points=points)

    Indicator.objects.filter(pk=entered.pk).update(measure="test_measure")
    with MEASURES.replaced("test_measure", Calculation(computed, "")):
        refresh_indicator_values()
    kept = IndicatorValue.objects.get(indicator=entered, edition=edition)
    assert (kept.origin, kept.value, kept.source) == ("entered", 1234, "Hub")
    assert kept.entered_by == curator
    assert IndicatorValue.objects.get(indicator=entered, edition="2026-03-31").value == 7.0


def second_edition(tmp_path):
    text = SAMPLE_FIXED_STATS.read_text(encoding="utf-8")
    text = text.replace("2025-12-31", "2026-03-31").replace(";96000;", ";97000;")
    path = tmp_path / "commune_debit_filaire_2026T1.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_edition_is_kept_when_the_next_is_imported_and_survives_its_sums(tmp_path):
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    import_file(second_edition(tmp_path), trigger=ImportRun.Trigger.COMMAND)
    series = "≥ 30 Mbit/s (très haut débit)"
    editions = {key[3]: value for key, value in values("eligibilite_fixe").items()
                if key[:3] == (series, "department", "21")}  # fmt: skip
    assert sorted(editions) == [datetime.date(2025, 12, 31), datetime.date(2026, 3, 31)]
    assert editions[datetime.date(2026, 3, 31)] > editions[datetime.date(2025, 12, 31)]
    # The source drops its older edition: the indicator's history keeps it.
    CommuneFixedStats.objects.filter(edition=datetime.date(2025, 12, 31)).delete()
    AreaFixedStats.objects.filter(edition=datetime.date(2025, 12, 31)).delete()
    refresh_indicator_values()
    assert len(values("eligibilite_fixe", edition=datetime.date(2025, 12, 31))) == 6


def test_the_command_recomputes_every_measure(ftth_deployed, capsys):
    from django.core.management import call_command

    refresh_area_ftth(ftth_deployed)
    call_command("refresh_indicators")
    assert "valeurs d'indicateurs calculées" in capsys.readouterr().out
    assert values("couverture_ftth")
    call_command("refresh_indicators")  # again: the same rows, updated in place
    assert (
        len(values("couverture_ftth"))
        == IndicatorValue.objects.filter(indicator=indicator("couverture_ftth")).count()
    )


# ---------- Gap, trend, page ----------


def add_values(measure_or_indicator, rows, unit="%"):
    target = (
        measure_or_indicator
        if isinstance(measure_or_indicator, Indicator)
        else indicator(measure_or_indicator)
    )
    for level, code, label, edition, value in rows:
        IndicatorValue.objects.create(
            indicator=target, level=level, code=code, label=label, year=edition.year,
            edition=edition, period=f"T{(edition.month - 1) // 3 + 1} {edition.year}",
            value=value, unit=unit, source="Arcep", origin="computed",
        )  # fmt: skip
    return target


Q1, Q2 = datetime.date(2025, 3, 31), datetime.date(2025, 6, 30)


def test_gap_to_the_target_and_trend_one_point_per_edition():
    ftth = add_values(
        "couverture_ftth",
        [
            ("department", "21", "Côte-d'Or", Q2, 80.0),
            ("region", "27", "BFC", Q1, 60.0),
            ("region", "27", "BFC", Q2, 75.5),
            ("department", "25", "Doubs", Q2, 101.0),
        ],
    )
    (figures,) = indicator_figures([ftth])
    region, cote_dor, doubs = figures.rows
    assert (region.label, cote_dor.label, doubs.label) == ("BFC", "Côte-d'Or", "Doubs")
    assert region.gap == pytest.approx(24.5) and region.gap_text == "24,5\xa0points"
    assert doubs.gap_text == "cible atteinte"
    assert region.trend == [("T1 2025", "60,0\xa0%"), ("T2 2025", "75,5\xa0%")]
    assert region.sparkline and not cote_dor.sparkline  # one edition: no line
    assert figures.target_text == "100\xa0% en 2025"


def test_a_count_has_no_gap_and_is_formatted_in_french():
    assert format_value(1234.0, "") == "1\xa0234"
    assert format_value(12.345, "km") == "12,3"
    pass_numerique = add_values(entered_indicator(), [("region", "27", "BFC", Q1, 5000.0)], unit="")
    (figures,) = indicator_figures([pass_numerique])
    assert figures.rows[0].gap is None and figures.target_text == "non fixée"


def test_the_page_shows_tables_with_captions_and_the_data_needed(client):
    add_values(
        "couverture_ftth", [("region", "27", "BFC", Q1, 60.0), ("region", "27", "BFC", Q2, 75.5)]
    )
    html = client.get(PAGE).content.decode()
    ftth = html.split(f'id="valeurs-{indicator("couverture_ftth").pk}"')[1].split("</section>")[0]
    assert "<caption" in ftth and '<th scope="col">Territoire</th>' in ftth
    assert '<th scope="row">BFC</th>' in ftth and "75,5\xa0%" in ftth
    assert "<polyline" in ftth and "<li>T1 2025 : 60,0\xa0%</li>" in ftth
    lpwan = Indicator.objects.get(name__contains="LPWan")
    section = html.split(f'id="valeurs-{lpwan.pk}"')[1].split("</section>")[0]
    assert "Pas encore de valeur" in section
    assert "Sites des opérateurs de réseau basse fréquence" in section


def test_the_orientation_page_shows_its_indicators_values(client):
    add_values("couverture_ftth", [("region", "27", "BFC", Q2, 75.5)])
    orientation = indicator("couverture_ftth").orientations.get()
    html = client.get(orientation.get_absolute_url()).content.decode()
    assert "75,5\xa0%" in html and "Le taux de locaux raccordables au FttH" in html


# ---------- Exports ----------


@pytest.fixture
def hostile_value():
    return IndicatorValue.objects.create(
        indicator=entered_indicator(), level="region", code="27", label="=HYPERLINK(\"x\")",
        year=2024, edition=datetime.date(2025, 1, 15), period="2024", value=12.0, unit="",
        source="@SUM(1+1)", origin="entered",
    )  # fmt: skip


def test_the_csv_export_has_every_value_and_no_formula(client, hostile_value):
    add_values("couverture_ftth", [("region", "27", "BFC", Q2, 75.5)])
    response = client.get(PAGE, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    ftth = next(row for row in rows if row["Indicateur"].startswith("Le taux de locaux"))
    assert (ftth["Territoire"], ftth["Valeur"], ftth["Unité"]) == ("BFC", "75.5", "%")
    assert ftth["Date des données"] == "2025-06-30" and ftth["Source"] == "Arcep"
    entered = next(row for row in rows if row is not ftth)
    assert entered["Territoire"] == '\'=HYPERLINK("x")' and entered["Source"] == "'@SUM(1+1)"


def test_the_xlsx_export_holds_texts_as_text_cells(client, hostile_value):
    response = client.get(PAGE, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(values_only=False))[:2]
    assert [cell.value for cell in header][:3] == ["Indicateur", "Série", "Territoire"]
    assert row[2].value == '=HYPERLINK("x")' and row[2].data_type == "s"


# ---------- Curators ----------


def admin_add(client, indicator_, **changes):
    data = {
        "indicator": indicator_.pk, "territory": "department:21", "year": "2024",
        "value": "1200", "kind": "nombre", "edition": "2025-02-10",
        "source": "Hub France Connectée, bilan 2024", "source_url": "https://example.fr/bilan",
        **changes,
    }  # fmt: skip
    return client.post(reverse("admin:strategy_indicatorvalue_add"), data)


@pytest.fixture
def curator_client(client):
    client.force_login(make_curator())
    return client


def test_a_curator_enters_a_value_with_its_source_and_date(curator_client):
    response = admin_add(curator_client, entered_indicator())
    assert response.status_code == 302, response.content.decode()[:2000]
    value = IndicatorValue.objects.get()
    assert (value.level, value.code, value.label) == ("department", "21", "Côte-d'Or")
    assert (value.year, value.period, value.value, value.unit) == (2024, "2024", 1200, "")
    assert value.origin == "entered" and value.entered_by.email == "curatrice@example.fr"
    (figures,) = indicator_figures([entered_indicator()])
    assert figures.rows[0].value_text == "1\xa0200"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "%", "value": "150"}, "value", "Une part ne peut pas dépasser 100 %."),
        ({"value": "-3"}, "value", "La valeur ne peut pas être négative."),
        ({"value": "1e20"}, "value", "La valeur est trop grande"),
        ({"value": "nan"}, "value", "Saisissez un nombre."),
        ({"year": "1990"}, "year", "L'année doit être comprise entre 2015 et"),
        (
            {"edition": "2099-01-01"},
            "edition",
            "La date des données ne peut pas être dans le futur.",
        ),
        ({"edition": "2023-05-01"}, "edition", "ne peut pas précéder l'année décrite (2024)"),
        ({"territory": "department:99"}, "territory", "Sélectionnez un choix valide"),
        ({"territory": "epci:242100410"}, "territory", "Sélectionnez un choix valide"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "http"),
        ({"source": "x" * 300}, "source", "au plus 255 caractères"),
    ],
)
def test_the_curators_form_refuses_bad_and_hostile_input_in_french(
    curator_client, changes, field, message
):
    response = admin_add(curator_client, entered_indicator(), **changes)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not IndicatorValue.objects.exists()


def test_one_value_per_territory_and_year(curator_client):
    admin_add(curator_client, entered_indicator())
    response = admin_add(curator_client, entered_indicator(), value="5")
    assert "Une valeur existe déjà pour ce territoire et cette année" in response.content.decode()
    assert IndicatorValue.objects.count() == 1


def test_two_years_from_the_same_report_are_entered(curator_client):
    """One report (one date of the data) gives the figures of several years."""
    assert admin_add(curator_client, entered_indicator()).status_code == 302
    response = admin_add(curator_client, entered_indicator(), year="2023", value="900")
    assert response.status_code == 302, response.content.decode()[:2000]
    (figures,) = indicator_figures([entered_indicator()])
    (row,) = figures.rows
    assert row.trend == [("2023", "900"), ("2024", "1\xa0200")]


def test_a_computed_indicator_takes_no_entered_value(curator_client):
    response = admin_add(curator_client, indicator("couverture_ftth"))
    assert response.status_code == 200
    assert not IndicatorValue.objects.exists()


def test_script_in_an_entered_source_is_escaped_on_the_page(curator_client, client):
    admin_add(curator_client, entered_indicator(), source="<script>alert(1)</script>")
    html = client.get(PAGE).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html


def test_only_staff_with_the_declared_permission_edit_values(client):
    url = reverse("admin:strategy_indicatorvalue_add")
    client.force_login(make_user("agent@example.fr", is_staff=True))
    assert client.get(url).status_code == 403
    assert admin_add(client, entered_indicator()).status_code == 403
    curator = make_curator()
    assert curator.has_perm("strategy.add_indicatorvalue")
    assert curator.has_perm("strategy.change_indicatorvalue")
    client.force_login(curator)
    assert client.get(url).status_code == 200


def test_computed_values_are_read_only_even_for_curators(curator_client):
    value = add_values("couverture_ftth", [("region", "27", "BFC", Q2, 75.5)]).values.get()
    url = reverse("admin:strategy_indicatorvalue_change", args=[value.pk])
    response = curator_client.get(url)
    assert response.status_code == 200 and "Enregistrer" not in response.content.decode()
    assert curator_client.post(url, {"value": "1"}).status_code == 403
    delete = reverse("admin:strategy_indicatorvalue_delete", args=[value.pk])
    assert curator_client.post(delete, {"post": "yes"}).status_code == 403
    assert IndicatorValue.objects.get().value == 75.5


def test_the_indicator_page_of_the_admin_has_the_inline_only_when_entered(curator_client):
    entered = curator_client.get(
        reverse("admin:strategy_indicator_change", args=[entered_indicator().pk])
    )
    assert "aleurs saisies (une par territoire" in entered.content.decode()
    computed = curator_client.get(
        reverse("admin:strategy_indicator_change", args=[indicator("couverture_ftth").pk])
    )
    assert "aleurs saisies (une par territoire" not in computed.content.decode()


# ---------- The selector for territory pages ----------


def test_a_departments_values_come_first_then_the_regions(django_assert_num_queries):
    add_values(
        "couverture_ftth",
        [
            ("region", "27", "BFC", Q2, 75.5),
            ("department", "21", "Côte-d'Or", Q2, 80.0),
            ("department", "25", "Doubs", Q2, 70.0),
        ],
    )
    with django_assert_num_queries(2):
        figures = indicator_values_for("department", "21")
    assert len(figures) == Indicator.objects.count()
    ftth = next(item for item in figures if item.indicator.measure == "couverture_ftth")
    assert [row.label for row in ftth.rows] == ["Côte-d'Or", "BFC"]  # no Doubs


def test_a_commune_page_compares_its_department_and_the_region(django_assert_num_queries):
    add_values(
        "couverture_ftth",
        [("region", "27", "BFC", Q2, 75.5), ("department", "25", "Doubs", Q2, 70.0),
         ("department", "21", "Côte-d'Or", Q1, 50.0), ("department", "21", "Côte-d'Or", Q2, 80.0)],
    )  # fmt: skip
    with django_assert_num_queries(2):
        figures = indicator_values_for("commune", "21231", department="21")
    ftth = next(item for item in figures if item.indicator.measure == "couverture_ftth")
    assert [(row.label, len(row.values)) for row in ftth.rows] == [("Côte-d'Or", 2), ("BFC", 1)]
    empty = next(item for item in figures if "LPWan" in item.indicator.name)
    assert empty.rows == [] and empty.indicator.data_needed_list


def test_the_export_reads_every_value_in_one_query(client, django_assert_num_queries):
    add_values(
        "couverture_ftth", [("region", "27", "BFC", Q1, 60.0), ("region", "27", "BFC", Q2, 75.5)]
    )
    with django_assert_num_queries(1):
        response = client.get(PAGE, {"format": "csv"})
    assert response.content.decode("utf-8-sig").count("\n") == 3


def test_a_curator_enters_values_from_the_indicators_admin_page(curator_client):
    target = entered_indicator()
    url = reverse("admin:strategy_indicator_change", args=[target.pk])
    prefix = "values"
    data = {
        "axis": target.axis_id, "position": target.position, "objective": target.objective,
        "name": target.name, "data_needed": target.data_needed, "key": target.key,
        "measure": target.measure, "target_year": "", "target_share": "",
        "orientations": [o.pk for o in target.orientations.all()],
        f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-territory": "region:27", f"{prefix}-0-year": "2024",
        f"{prefix}-0-value": "18000", f"{prefix}-0-kind": "nombre",
        f"{prefix}-0-edition": "2025-01-20", f"{prefix}-0-source": "Hub France Connectée",
        f"{prefix}-0-source_url": "", f"{prefix}-0-demo": "",
    }  # fmt: skip
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    value = IndicatorValue.objects.get(indicator=target)
    assert (value.label, value.value, value.origin) == ("Bourgogne-Franche-Comté", 18000, "entered")
    assert value.entered_by.email == "curatrice@example.fr"


def test_the_same_territory_and_year_twice_in_the_inline_is_an_error_not_a_crash(
    curator_client,
):
    target = entered_indicator()
    url = reverse("admin:strategy_indicator_change", args=[target.pk])
    row = {
        "territory": "region:27", "year": "2024", "value": "18000", "kind": "nombre",
        "edition": "2025-01-20", "source": "Hub France Connectée", "source_url": "", "demo": "",
    }  # fmt: skip
    data = {
        "axis": target.axis_id, "position": target.position, "objective": target.objective,
        "name": target.name, "data_needed": target.data_needed, "key": target.key,
        "measure": target.measure, "target_year": "", "target_share": "",
        "orientations": [o.pk for o in target.orientations.all()],
        "values-TOTAL_FORMS": "2", "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0", "values-MAX_NUM_FORMS": "1000",
        **{f"values-0-{name}": value for name, value in row.items()},
        **{f"values-1-{name}": value for name, value in row.items()},
    }  # fmt: skip
    data["values-1-value"] = "19000"
    response = curator_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert "deux fois" in str(errors)
    assert not IndicatorValue.objects.filter(indicator=target).exists()


def test_the_migration_names_the_computed_indicators_and_keeps_a_curators_choice():
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("strategy.migrations.0005_indicator_values")
    mobile = Indicator.objects.get(position=3)
    assert (mobile.measure, mobile.key, mobile.target_share) == (
        "couverture_4g",
        "couverture-4g",
        100,
    )
    assert Indicator.objects.get(position=1).measure == "eligibilite_fixe"
    Indicator.objects.filter(pk=mobile.pk).update(measure="", target_share=90)
    migration.fill_computed_indicators(django_apps, None)
    mobile.refresh_from_db()
    assert (mobile.measure, mobile.target_share) == ("couverture_4g", 90)
