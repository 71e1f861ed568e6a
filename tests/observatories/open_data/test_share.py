"""The indicator of orientation 13: the share of collectivités of more than 3,500
inhabitants (3,500 excluded) publishing at least one dataset, per edition, for the
region and each department, read from the stored sums in constant queries; and the
strategy's indicator showing it."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.indicators import OPEN_DATA, open_data_adoption
from observatories.models import ImportRun
from observatories.open_data.selectors import open_data_share
from strategy import measures
from strategy.models import Indicator

from .files import DECEMBER, JUNE, row, with_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_data_region")]


def figures(area) -> tuple:
    return (area.name, area.over_threshold, area.over_threshold_publishing, area.share)


def test_the_share_of_each_edition_for_the_region_and_each_department():
    for path in (JUNE, DECEMBER):
        import_file(path, trigger=ImportRun.Trigger.COMMAND)
    december, june = open_data_share()
    assert (june.edition, december.edition) == (
        datetime.date(2025, 6, 30),
        datetime.date(2025, 12, 31),
    )
    # June: the Doubs publishes nothing; Belleneuve (1,300 inhabitants) does not count.
    assert figures(june.region) == ("Bourgogne-Franche-Comté", 6, 5, pytest.approx(500 / 6))
    assert [figures(area) for area in june.departments] == [
        ("Côte-d'Or (21)", 3, 3, 100.0),
        ("Doubs (25)", 2, 1, 50.0),
    ]
    assert figures(december.region)[1:] == (6, 6, 100.0)
    assert (june.region.collectivities, december.region.publishing) == (7, 7)


@pytest.mark.parametrize(("population", "counted"), [("3500", 0), ("3501", 1)])
def test_the_threshold_excludes_3500_inhabitants(tmp_path, population, counted):
    import_file(
        with_rows(tmp_path, [row(population=population)]), trigger=ImportRun.Trigger.COMMAND
    )
    (edition,) = open_data_share()
    assert (edition.region.over_threshold, edition.region.over_threshold_publishing) == (
        counted,
        counted,
    )
    assert edition.region.share == (100.0 if counted else None)


def test_the_share_reads_constant_queries_whatever_the_editions(
    django_assert_num_queries, tmp_path
):
    import_file(JUNE, trigger=ImportRun.Trigger.COMMAND)
    with django_assert_num_queries(2):
        open_data_share()
    import_file(DECEMBER, trigger=ImportRun.Trigger.COMMAND)
    with django_assert_num_queries(2):
        assert len(open_data_share()) == 2


def test_the_measure_gives_each_editions_share_per_territory(django_assert_num_queries):
    assert measures.MEASURES[OPEN_DATA].compute is open_data_adoption
    assert open_data_adoption().points == []
    import_file(JUNE, trigger=ImportRun.Trigger.COMMAND)
    import_file(DECEMBER, trigger=ImportRun.Trigger.COMMAND)
    with django_assert_num_queries(3):  # the territories' names, the sums, their runs
        measure = open_data_adoption()
    assert measure.unit == "%"
    assert (
        measure.source == "OpenDataFrance, OpenDataFrance – Observatoire open data des territoires"
    )
    by_key = {(point.level, point.code, point.edition): point for point in measure.points}
    region = by_key["region", "27", datetime.date(2025, 12, 31)]
    assert (region.label, region.value, region.period) == (
        "Bourgogne-Franche-Comté",
        100.0,
        "31 décembre 2025",
    )
    assert by_key["department", "25", datetime.date(2025, 12, 31)].label == "Doubs"
    # Both editions are there, the older first, so that the history survives.
    editions = [point.edition for point in measure.points]
    assert editions == sorted(editions)
    assert set(editions) == {datetime.date(2025, 6, 30), datetime.date(2025, 12, 31)}


def test_the_open_data_indicator_of_section_8_names_the_measure(client):
    indicator = Indicator.objects.get(measure=OPEN_DATA)
    assert "3 500 habitants" in indicator.objective
    assert (indicator.key, indicator.target_share) == ("ouverture-des-donnees", 100)
    import_file(JUNE, trigger=ImportRun.Trigger.COMMAND)
    html = client.get(reverse("strategy:indicators")).content.decode()
    section = html.split(f'id="valeurs-{indicator.pk}"')[1].split("</section>")[0]
    assert "publiant au moins un jeu de données sur leur plateforme" in section
    assert '<th scope="row">Bourgogne-Franche-Comté</th>' in section


def test_the_command_says_what_it_imported(capsys):
    call_command("import_file", str(JUNE))
    assert "7 lignes lues = 7 créées" in capsys.readouterr().out
