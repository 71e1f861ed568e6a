"""Arcep "Ma connexion internet" per commune and best technology (commune_meilleure_techno_thd):
import, territory sums and the section of the territory pages."""

import csv
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from observatories.importing.formats import COMMUNE_FIXED_STATS, detect_format
from observatories.importing.pipeline import import_file
from observatories.importing.reading import ImportRefused, normalise
from observatories.importing.technologies import COMMUNE_TECHNOLOGIES
from observatories.models import AreaTechnologyStats, CommuneTechnologyStats, ImportRun
from tests.observatories.factories import DATA_DIR, SAMPLE_FIXED_STATS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

SAMPLE = DATA_DIR / "commune_meilleure_techno_thd.csv"
HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
COMMAND = ImportRun.Trigger.COMMAND
DEMO_DIR = django_settings.BASE_DIR / "fixtures" / "arcep"


def write(tmp_path, lines, name="techno.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def header_of(path) -> list[str]:
    return [normalise(name) for name in path.read_text(encoding="utf-8").splitlines()[0].split(";")]


def stats(code) -> CommuneTechnologyStats:
    return CommuneTechnologyStats.objects.get(commune_id=code)


def area(level, code) -> AreaTechnologyStats:
    return AreaTechnologyStats.objects.get(level=level, code=code)


@pytest.fixture
def imported():
    return import_file(SAMPLE, trigger=COMMAND)


# Import


def test_a_file_is_imported_with_counts_that_reconcile(imported):
    run = imported
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.format == "mci_commune_meilleure_techno_thd" and run.edition == "T4 2025"
    assert (run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged) == (3, 3, 0, 0)
    assert run.rows_rejected == 0 and run.reconciles()
    assert run.source.publisher == "Arcep" and run.source.licence == "Licence Ouverte 2.0"
    dijon = stats("21231")
    assert (dijon.premises, dijon.eligible_8) == (98012, 97500)  # "98 012" read as 98012
    assert [t["premises"] for t in dijon.technologies()] == [
        94000, 1500, 500, 0, 1400, 60, 0, 40,
    ]  # fmt: skip
    assert dijon.run == run


def test_the_former_code_of_a_merged_commune_is_resolved(imported):
    # The file's line for 21019 (Beire-le-Fort) is Belleneuve's, 21060.
    assert set(CommuneTechnologyStats.objects.values_list("commune_id", flat=True)) == {
        "21231",
        "21060",
        "25056",
    }
    assert (stats("21060").premises, stats("21060").ftth) == (812, 590)


def test_a_commune_outside_the_region_is_counted_apart_not_rejected(imported):
    assert imported.rows_outside == 1  # Lyon
    assert not CommuneTechnologyStats.objects.filter(commune_id="69123").exists()


def test_technologies_adding_up_to_more_than_the_premises_are_rejected_in_french(
    tmp_path, settings
):
    settings.IMPORT_MAX_REJECT_RATE = 0.8
    path = write(
        tmp_path,
        [
            "21231;Dijon;21;27;100;all;100;60;20;10;0;10;0;0;0;2025-12-31",
            # Each count fits in the 100 premises, but not their sum (120).
            "25056;Besançon;25;27;100;all;100;60;20;10;0;10;20;0;0;2025-12-31",
            "21060;Belleneuve;21;27;100;all;120;60;0;0;0;0;0;0;0;2025-12-31",
        ],
    )
    run = import_file(path, trigger=COMMAND)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (3, 1, 2)
    assert run.reconciles()
    assert list(run.rejects.values_list("line", "column", "value", "reason")) == [
        (
            3,
            "elig_ftth, elig_coax, elig_cu_30, elig_thdr, elig_cu_8, elig_4gf, elig_hdr, elig_sat",
            "60+20+10+0+10+20+0+0",
            "les technologies totalisent 120 locaux, plus que les 100 locaux de la commune "
            "(chaque local ne compte que pour sa meilleure technologie).",
        ),
        (
            4,
            "nbr_elig_8",
            "120",
            "120 locaux pour cette colonne, plus que les 100 locaux de la commune.",
        ),
    ]
    assert list(CommuneTechnologyStats.objects.values_list("commune_id", flat=True)) == ["21231"]


def test_each_format_is_recognised_and_neither_is_taken_for_the_other():
    technologies, fixed = header_of(SAMPLE), header_of(SAMPLE_FIXED_STATS)
    assert detect_format(technologies) is COMMUNE_TECHNOLOGIES
    assert detect_format(fixed) is COMMUNE_FIXED_STATS
    assert not COMMUNE_FIXED_STATS.matches(set(technologies))
    assert not COMMUNE_TECHNOLOGIES.matches(set(fixed))
    # Both share code_insee, nbr, type and date: one missing count column is no match.
    with pytest.raises(ImportRefused, match="Format non reconnu"):
        detect_format([c for c in technologies if c != "elig_sat"])
    # A file merging both cannot be put in one table or the other.
    with pytest.raises(ImportRefused, match="Format ambigu"):
        detect_format(technologies + [c for c in fixed if c not in technologies])


# Territory sums


def test_an_import_rebuilds_the_sums_of_region_departments_and_epci(imported, tmp_path):
    region = area("region", "27")
    assert (region.communes, region.premises, region.eligible_8) == (
        3,
        98012 + 812 + 71540,
        97500 + 770 + 71100,
    )
    assert (region.ftth, region.coax, region.hd_radio) == (
        94000 + 590 + 68500,
        1500 + 0 + 1200,
        0 + 5 + 0,
    )
    assert region.run == imported
    assert area("department", "21").ftth == 94000 + 590
    assert area("department", "25").ftth == 68500
    assert area("epci", "242100410").premises == 98012  # Belleneuve is in no EPCI here

    text = SAMPLE.read_text(encoding="utf-8").replace(";812;all;770;590;", ";812;all;770;600;")
    text = text.replace(";100;20;5;5;", ";100;10;5;5;")
    (tmp_path / "v2.csv").write_text(text, encoding="utf-8")
    again = import_file(tmp_path / "v2.csv", trigger=COMMAND)
    assert (again.rows_updated, again.rows_unchanged) == (1, 2)
    assert area("department", "21").ftth == 94000 + 600
    assert area("department", "21").run == again


# Pages


def section_of(html: str) -> str:
    """The technologies section, whitespace (and French thousands spaces) collapsed."""
    section = html.split('id="technologies"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", section)


def test_the_commune_page_shows_premises_and_shares_by_technology(client, imported):
    html = client.get(reverse("observatories:commune", kwargs={"code": "21231"})).content.decode()
    section = section_of(html)
    assert "Éligibilité par technologie</h2>" in section
    assert "meilleure technologie (chaque local compté une fois" in section
    assert "données au 31 décembre 2025</caption>" in section
    rows = [
        ("Fibre optique (FttH)", "94 000", 94000),
        ("Câble (coaxial)", "1 500", 1500),
        ("Cuivre ≥ 30 Mbit/s (VDSL2)", "500", 500),
        ("THD radio", "0", 0),
        ("Satellite", "40", 40),
    ]
    for label, premises, count in rows:
        share = f"{100 * count / 98012:.1f}".replace(".", ",")
        assert (
            f'<th scope="row">{label}</th> <td class="num">{premises}</td> '
            f'<td class="num">{share} %</td>'
        ) in section
    assert f"{100 * 97500 / 98012:.1f}".replace(".", ",") + " %" in section
    assert "Source : Arcep, Arcep – Ma connexion internet, meilleure technologie" in section
    assert f'href="{imported.get_absolute_url()}"' in section


def test_epci_and_department_pages_show_their_sums_by_technology(client, imported):
    epci = client.get(reverse("observatories:epci", kwargs={"siren": "242100410"}))
    section = section_of(epci.content.decode())
    assert f"{100 * 94000 / 98012:.1f}".replace(".", ",") + " %" in section

    department = client.get(reverse("observatories:department", kwargs={"code": "21"}))
    section = section_of(department.content.decode())
    ftth = f"{100 * (94000 + 590) / (98012 + 812):.1f}".replace(".", ",")
    assert f'<td class="num">{ftth} %</td>' in section
    assert f'href="{imported.get_absolute_url()}"' in section


def test_a_territory_without_technology_figures_has_no_such_section(client):
    import_file(SAMPLE_FIXED_STATS, trigger=COMMAND)
    html = client.get(reverse("observatories:commune", kwargs={"code": "21231"})).content.decode()
    assert "Éligibilité des locaux" in html
    assert 'id="technologies"' not in html


def test_pages_read_the_latest_edition_in_a_constant_number_of_queries(
    client, tmp_path, django_assert_num_queries
):
    """One query more than without technologies, whatever the editions and rows
    (no FttH data here: the FttH section asks one query and stops); the commune's
    page has two more, for the agenda's and the field reports' sections; the mobile
    section reads 5 (4 for an EPCI, without targeted-coverage arrêtés; 4 for a commune
    without mobile rows: no import behind them to load)."""
    pages = [
        (reverse("observatories:commune", kwargs={"code": "21231"}), 11),
        (reverse("observatories:epci", kwargs={"siren": "242100410"}), 10),
        (reverse("observatories:department", kwargs={"code": "21"}), 11),
    ]
    import_file(SAMPLE_FIXED_STATS, trigger=COMMAND)
    for url, queries in pages:
        with django_assert_num_queries(queries):
            client.get(url)
    import_file(SAMPLE, trigger=COMMAND)
    older = SAMPLE.read_text(encoding="utf-8").replace("2025-12-31", "2025-09-30")
    older = older.replace(";94000;", ";93000;")
    (tmp_path / "t3.csv").write_text(older, encoding="utf-8")
    import_file(tmp_path / "t3.csv", trigger=COMMAND)
    assert CommuneTechnologyStats.objects.count() == 6
    for url, queries in pages:
        with django_assert_num_queries(queries):
            html = client.get(url).content.decode()
        # The latest edition is shown, not the last imported.
        assert "données au 31 décembre 2025</caption>" in section_of(html)
    commune = section_of(client.get(pages[0][0]).content.decode())
    assert "94 000" in commune and "93 000" not in commune


# Demo


def test_the_demo_file_agrees_with_the_demo_speeds_file():
    def rows(name):
        with (DEMO_DIR / name).open(encoding="utf-8", newline="") as handle:
            return {row["code_insee"]: row for row in csv.DictReader(handle, delimiter=";")}

    speeds = rows("demo-commune_debit_filaire-2025T4.csv")
    technologies = rows("demo-commune_meilleure_techno_thd-2025T4.csv")
    assert speeds.keys() == technologies.keys() and len(technologies) == 3685
    columns = ["elig_ftth", "elig_coax", "elig_cu_30", "elig_thdr", "elig_cu_8", "elig_4gf"]
    columns += ["elig_hdr", "elig_sat"]
    for code, row in technologies.items():
        speed = speeds[code]
        numbers = [int(row[column]) for column in columns]
        assert row["nbr"] == speed["nbr"] and row["date"] == speed["date"]
        assert row["elig_ftth"] == speed["elig_thd1g"]
        assert sum(numbers[:3]) == int(speed["elig_thd30"])
        assert sum(numbers) == int(row["nbr_elig_8"]) <= int(row["nbr"])
        assert min(numbers) >= 0
