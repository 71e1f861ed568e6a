"""Editions compared and anomalies flagged: the curators' comparison of two editions
(totals, movers, codes that appeared or disappeared), the FttH anomalies listed for
curators and flagged « à vérifier » on the public pages, « données au T-x »."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from observatories.editions.selectors import DATASETS, compare, editions, ftth_anomalies
from observatories.importing.pipeline import import_file
from observatories.models import AreaFtth, CommuneFixedStats, FtthDeployment, ImportRun
from tests.observatories.factories import Q3, Q4, ftth_run
from tests.observatories.ftth.test_import import write_workbook
from tests.observatories.imports.test_views import staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]
COMMAND = ImportRun.Trigger.COMMAND
HEADER = [
    "Code commune", "Nom commune", "Meilleure estimation des locaux T4 2025",
    "OI T4 2025", "T3 2025", "T4 2025",
]  # fmt: skip


def text(html: str) -> str:
    return " ".join(html.replace("\xa0", " ").replace("\u202f", " ").split())


@pytest.fixture
def two_editions(tmp_path):
    """Two imports: T3 2025 (Dijon, Belleneuve), then T4 2025 (Dijon moved, Belleneuve
    gone, Besançon new)."""
    t3 = [["21231", "Dijon", 98000, "Orange", 90000, None], ["21060", "B", 800, "X", 300, None]]
    import_file(write_workbook(tmp_path / "t3.xlsx", HEADER, t3), trigger=COMMAND)
    t4 = [["21231", "Dijon", 98000, "Orange", 90000, 97000], ["25056", "B", 7, "S", None, 5]]
    import_file(write_workbook(tmp_path / "t4.xlsx", HEADER, t4), trigger=COMMAND)


def test_two_editions_are_compared_by_totals_movers_and_codes_that_came_or_went(two_editions):
    comparison = compare(DATASETS["ftth"], before=Q3, after=Q4)
    assert comparison.totals == {
        "before": 90300, "after": 97005, "change": 6705, "codes_before": 2, "codes_after": 2,
    }  # fmt: skip
    assert [(r["code"], r["before"], r["after"], r["change"]) for r in comparison.movers] == [
        ("21231", 90000, 97000, 7000)
    ]
    assert [(r["code"], r["name"], r["after"]) for r in comparison.appeared] == [
        ("25056", "Besançon", 5)
    ]
    assert [(r["code"], r["before"]) for r in comparison.disappeared] == [("21060", 300)]


def test_movers_are_ranked_by_absolute_change(small_region):
    old, new = ftth_run("T3 2025"), ftth_run("T4 2025")
    for code, before, after in (("21231", 100, 90), ("21060", 10, 60), ("25056", 5, 5)):
        FtthDeployment.objects.create(commune_id=code, quarter=Q3, connectable=before, run=old)
        FtthDeployment.objects.create(commune_id=code, quarter=Q4, connectable=after, run=new)
    movers = compare(DATASETS["ftth"], before=Q3, after=Q4).movers
    assert [(row["code"], row["change"]) for row in movers] == [("21060", 50), ("21231", -10)]


def test_curators_compare_the_latest_two_editions_by_default(client, two_editions):
    client.force_login(staff("view_importrun"))
    html = text(
        client.get(reverse("admin:observatories_editions_compare", args=["ftth"])).content.decode()
    )
    assert "Les plus fortes évolutions (1)" in html
    assert "<td>90 000</td><td>97 000</td><td>+7 000</td>" in html
    assert "Codes apparus au T4 2025 (1)" in html and "25056 – Besançon : 5" in html
    assert "Codes disparus depuis le T3 2025 (1)" in html and "21060 – Belleneuve : 300" in html
    index = client.get(reverse("admin:observatories_editions")).content.decode()
    assert "Déploiement FttH par commune" in index and "Données ouvertes des collectivités" in index


@pytest.mark.parametrize(
    "query",
    [
        {"avant": "2025-09-31", "apres": "2025-12-31"},
        {"avant": "2024-12-31", "apres": "2025-12-31"},
        {"avant": "<script>alert(1)</script>", "apres": "=cmd|' /C calc'!A0"},
        {"avant": "2025-09-30" * 1000, "apres": "2025-12-31"},
    ],
)
def test_forged_editions_are_refused_in_french(client, two_editions, query):
    client.force_login(staff("view_importrun"))
    response = client.get(reverse("admin:observatories_editions_compare", args=["ftth"]), query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette édition n&#x27;existe pas dans ce jeu de données" in html
    assert "<script>alert" not in html and "Les plus fortes évolutions" not in html


def test_the_same_edition_twice_is_refused(client, two_editions):
    client.force_login(staff("view_importrun"))
    query = {"avant": "2025-12-31", "apres": "2025-12-31"}
    html = client.get(reverse("admin:observatories_editions_compare", args=["ftth"]), query)
    assert "Choisissez deux éditions différentes." in html.content.decode()


def test_an_unknown_dataset_is_not_found(client):
    client.force_login(staff("view_importrun"))
    url = reverse("admin:observatories_editions_compare", args=["inconnu"])
    assert client.get(url).status_code == 404


def test_every_dataset_is_compared_even_without_editions(client):
    client.force_login(staff("view_importrun"))
    for slug in DATASETS:
        html = client.get(reverse("admin:observatories_editions_compare", args=[slug]))
        assert "il en faut deux pour les comparer" in html.content.decode()


@pytest.mark.parametrize("name", ["observatories_editions", "observatories_anomalies"])
def test_the_curator_pages_are_for_staff_with_the_permission(client, name):
    url = reverse(f"admin:{name}")
    assert client.get(url).status_code == 302  # to the admin's sign-in
    client.force_login(staff())
    assert client.get(url).status_code == 403
    compare_url = reverse("admin:observatories_editions_compare", args=["ftth"])
    assert client.get(compare_url).status_code == 403


def test_the_comparison_runs_the_same_queries_whatever_the_rows(
    client, two_editions, tmp_path, django_assert_num_queries
):
    client.force_login(staff("view_importrun"))
    url = reverse("admin:observatories_editions_compare", args=["ftth"])
    client.get(url)
    with django_assert_num_queries(9):  # session, user, admin, editions, 4 to compare
        client.get(url)
    rows = [[code, "x", 10, "O", 1, 2] for code in ("21231", "21060", "25056")]
    import_file(write_workbook(tmp_path / "more.xlsx", HEADER, rows), trigger=COMMAND)
    with django_assert_num_queries(9):
        client.get(url)


def test_the_import_run_page_links_to_the_curator_pages(client, two_editions):
    client.force_login(staff("view_importrun"))
    run = ImportRun.objects.first()
    html = client.get(reverse("admin:observatories_importrun_change", args=[run.pk])).content
    assert reverse("admin:observatories_editions").encode() in html
    assert reverse("admin:observatories_anomalies").encode() in html


# Anomalies -----------------------------------------------------------------------


@pytest.fixture
def decreased(ftth_deployed):
    """ftth_deployed, with Dijon's connectable premises falling from Q3 to Q4."""
    FtthDeployment.objects.filter(commune_id="21231", quarter=Q3).update(connectable=95_000)
    return ftth_deployed


def test_each_anomaly_is_listed_for_curators(decreased):
    anomalies = ftth_anomalies()
    assert (anomalies.latest, anomalies.previous) == (Q4, Q3)
    assert [(row.commune_id, round(row.coverage, 1)) for row in anomalies.over] == [
        ("25056", 102.5)
    ]
    assert [(row.commune_id, row.previous, row.connectable) for row in anomalies.decreased] == [
        ("21231", 95_000, 90_000)
    ]
    assert [row.commune_id for row in anomalies.missing] == ["21060"]


def test_clean_data_has_no_anomaly(two_editions):
    FtthDeployment.objects.filter(commune_id="25056").delete()  # 5 of 7: fine, but new
    anomalies = ftth_anomalies()
    assert (anomalies.over, anomalies.decreased) == ([], [])
    assert [row.commune_id for row in anomalies.missing] == ["21060"]
    FtthDeployment.objects.filter(commune_id="21060").delete()
    assert ftth_anomalies().count == 0


def test_curators_see_the_anomalies_in_the_admin(client, decreased, django_assert_num_queries):
    client.force_login(staff("view_importrun"))
    url = reverse("admin:observatories_anomalies")
    with django_assert_num_queries(8):  # session, user, admin, quarters, 3 kinds
        html = text(client.get(url).content.decode())
    assert "Au T4 2025, comparé au T3 2025 : 3 anomalies." in html
    assert "Besançon (25056)</a></th><td>82 000</td><td>80 000</td><td>102,5 %</td>" in html
    assert "Dijon (21231)</a></th><td>95 000</td><td>90 000</td>" in html
    assert "Belleneuve (21060)</a> : 400 locaux raccordables au T3 2025" in html


def test_anomalies_without_data(client):
    client.force_login(staff("view_importrun"))
    html = client.get(reverse("admin:observatories_anomalies")).content.decode()
    assert "Aucun déploiement FttH n'a encore été importé." in html
    assert ftth_anomalies().count == 0


# Public pages --------------------------------------------------------------------


def flagged(client, url) -> str:
    html = text(unescape(client.get(url).content.decode()))
    section = html.split('id="ftth"')[1].split("</section>")[0]
    return section


def test_a_coverage_over_100_is_flagged_on_the_commune_page(client, ftth_deployed):
    section = flagged(client, reverse("observatories:commune", args=["25056"]))
    assert '<a class="status-error" href="#ftth-a-verifier">À vérifier</a>' in section
    assert 'id="ftth-a-verifier"' in section
    assert (
        "Plus de locaux raccordables (82 000) que de locaux recensés (80 000) au T4 2025" in section
    )


def test_a_decrease_is_flagged_on_the_commune_page(client, decreased):
    section = flagged(client, reverse("observatories:commune", args=["21231"]))
    assert "Moins de locaux raccordables au T4 2025 (90 000) qu'au T3 2025 (95 000)" in section


def test_a_commune_missing_from_the_latest_quarter_is_flagged(client, ftth_deployed):
    section = flagged(client, reverse("observatories:commune", args=["21060"]))
    assert (
        "Absente de l'édition du T4 2025 : les chiffres affichés sont ceux du T3 2025." in section
    )


def test_a_clean_commune_is_not_flagged(client, ftth_deployed):
    section = flagged(client, reverse("observatories:commune", args=["21231"]))
    assert "À vérifier" not in section and "ftth-a-verifier" not in section


def test_larger_territories_are_flagged_from_their_own_series(client, ftth_deployed):
    """The sums of Doubs: over 100 % at Q4; of Côte-d'Or: fewer premises at Q4."""
    for code, before, after, premises in (("25", 70_000, 82_000, 80_000), ("21", 9, 8, 10)):
        for quarter, connectable in ((Q3, before), (Q4, after)):
            AreaFtth.objects.create(
                level="department", code=code, quarter=quarter, connectable=connectable,
                premises=premises, run=ftth_deployed,
            )  # fmt: skip
    section = flagged(client, reverse("observatories:department", args=["25"]))
    assert "À vérifier" in section and "la part dépasse 100 %" in section
    assert "Moins de locaux" not in section
    section = flagged(client, reverse("observatories:department", args=["21"]))
    assert "Moins de locaux raccordables au T4 2025 (8) qu'au T3 2025 (9)" in section
    assert "la part dépasse 100 %" not in section


def test_every_figure_states_the_quarter_of_its_data(client, ftth_deployed):
    section = flagged(client, reverse("observatories:commune", args=["21231"]))
    assert "Données au T4 2025. Source :" in section
    section = flagged(client, reverse("observatories:commune", args=["21060"]))
    assert "Données au T3 2025. Source :" in section


def test_editions_are_listed_latest_first(two_editions):
    assert editions(DATASETS["ftth"]) == [Q4, Q3]
    assert editions(DATASETS["open-data"]) == []
    assert isinstance(editions(DATASETS["ftth"])[0], datetime.date)


def test_the_map_legend_flags_communes_over_100_percent(client, ftth_deployed):
    html = text(unescape(client.get(reverse("observatories:map")).content.decode()))
    legend = html.split('id="tableau-classes"')[1].split("</table>")[0]
    assert '100 % ou plus</span> (<a href="#ftth-a-verifier">à vérifier</a>)' in legend
    assert legend.count("à vérifier") == 1  # not on the classes without a commune over 100 %
    assert 'id="ftth-a-verifier">À vérifier : une part de locaux raccordables' in html
    assert "Données au T4 2025. Source :" in html


def test_the_commune_table_flags_a_coverage_over_100_percent(client, ftth_deployed):
    for code in ("21231", "25056"):
        CommuneFixedStats.objects.create(
            commune_id=code, edition=Q4, premises=10, ineligible_hd=0, eligible_3=10,
            eligible_8=10, eligible_30=10, eligible_100=5, eligible_1000=5, run=ftth_deployed,
        )  # fmt: skip
    html = text(client.get(reverse("observatories:commune_table")).content.decode())
    rows = {
        row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in html.split('<th scope="row">')[1:]
    }
    assert '102,5 % (<a href="#ftth-a-verifier">à vérifier</a>)' in rows["Besançon"]
    assert "à vérifier" not in rows["Dijon"]


def test_the_portal_territory_page_flags_the_same_anomalies(client, ftth_deployed):
    html = text(
        unescape(client.get(reverse("territories:commune", args=["25056"])).content.decode())
    )
    assert '<a class="status-error" href="#ftth-a-verifier">À vérifier</a>' in html
    assert "la part dépasse 100 %" in html


def test_eligibility_and_mobile_figures_state_their_edition(client, ftth_deployed):
    from tests.observatories.mobile.test_selectors import populate

    CommuneFixedStats.objects.create(
        commune_id="21231", edition=Q4, premises=10, ineligible_hd=0, eligible_3=10,
        eligible_8=10, eligible_30=10, eligible_100=5, eligible_1000=5, run=ftth_deployed,
    )  # fmt: skip
    populate(quarters=2, sites=1, weeks=0)
    html = text(
        unescape(client.get(reverse("observatories:commune", args=["21231"])).content.decode())
    )
    eligibility = html.split('id="eligibilite"')[1].split("</section>")[0]
    assert "Données au T4 2025. Source :" in eligibility
    mobile = html.split('id="mobile"')[1].split("</section>")[0]
    assert mobile.count("Données au T4 2025. Source : Arcep") == 2  # 4G and 5G coverage
    assert "Données au 31 décembre 2025. Source : Arcep" in mobile  # sites
    mobile_page = text(client.get(reverse("observatories:mobile")).content.decode())
    assert "Données au T4 2025. Source : Arcep" in mobile_page


def test_a_territory_with_fewer_communes_than_the_quarter_before_is_flagged(client, two_editions):
    """Belleneuve reported at T3 only: Côte-d'Or counts 2 communes then 1."""
    sums = AreaFtth.objects.filter(level="department", code="21").order_by("quarter")
    assert [(row.quarter, row.communes) for row in sums] == [(Q3, 2), (Q4, 1)]
    section = flagged(client, reverse("observatories:department", args=["21"]))
    assert (
        "1 commune de moins qu'au T3 2025 dans l'édition du T4 2025 : des communes y manquent."
        in section
    )
    assert "Moins de locaux" not in section  # 90,300 then 97,000
    section = flagged(client, reverse("observatories:epci", args=["242100410"]))  # Dijon only
    assert "À vérifier" not in section


def test_sums_written_before_communes_were_counted_are_not_flagged(client, two_editions):
    AreaFtth.objects.update(communes=None)
    section = flagged(client, reverse("observatories:department", args=["21"]))
    assert "À vérifier" not in section
