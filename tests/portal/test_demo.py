"""`setup_demo`, run by `make run`: everything the demo portal holds, and the
credentials it prints.

A run takes about twenty seconds (3,685 communes with their outlines, seventeen
imports, the mobile networks' over several quarters):
the demo is set up once, then once more, and each part of it is checked in its own
function on what those runs made.
"""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from directory.models import Membership, Organisation, Place, PlaceIndicator, Project, User
from observatories.models import (
    AreaCoverage,
    AreaFixedStats,
    AreaTechnologyStats,
    Building,
    BuildingEligibility,
    Commune,
    CommuneCoverage,
    CommuneStations,
    MobileSite,
    TargetedSite,
)
from portal.models import Resource, WatchItem
from strategy.models import Indicator, IndicatorValue, Orientation

pytestmark = pytest.mark.django_db

AGENTS = {"agent.syndicat@demo.scoran.invalid", "agent.tiers-lieu@demo.scoran.invalid"}


def printed_passwords(out: str) -> dict[str, str]:
    """{e-mail: password} of every account the command printed."""
    found = dict(re.findall(r"(\S+@demo\.scoran\.invalid) / (\S+)", out))
    for email in ("admin@demo.scoran.invalid", "curateur@demo.scoran.invalid"):
        found[email] = out.split(f"identifiant : {email}", 1)[1].split("mot de passe : ")[1]
        found[email] = found[email].split()[0]
    return found


def test_demo_set_up_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("setup_demo")
    assert not User.objects.filter(email="admin@demo.scoran.invalid").exists()


def test_the_demo_sets_up_the_whole_portal_and_can_run_again(settings, capsys, client, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "http://127.0.0.1:8011"  # make run PORT=8011
    Orientation.objects.filter(number=1).update(title="Ancien titre")
    call_command("setup_demo")
    out = capsys.readouterr().out
    passwords = printed_passwords(out)
    assert "Portail de démonstration : http://127.0.0.1:8011/\n" in out
    assert "127.0.0.1:8000" not in out

    check_strategy_text_comes_back_from_the_source_file()
    check_the_communes_of_the_region()
    check_invented_figures_under_sources_that_say_so(client)
    check_invented_mobile_figures()
    check_mobile_figures_on_the_territory_pages_and_the_ranked_table(client)
    check_invented_open_data(client)
    check_invented_buildings(client)
    check_invented_places(client)
    check_accounts_whose_printed_passwords_work(client, passwords)
    check_projects_in_every_state()
    resources = check_demo_resources(client)
    check_demo_aides(client)
    check_demo_networks_and_data_centres(client, out)
    check_demo_field_reports(client, out)
    indicator_values = check_demo_indicator_values(client, out)
    check_demo_maturity_answers(client, out)
    check_the_territory_page_of_dijon(client)

    call_command("setup_demo")  # new passwords at each run, the same content
    again = printed_passwords(capsys.readouterr().out)
    assert set(again) == set(passwords)
    assert all(again[email] != passwords[email] for email in passwords)
    assert Project.objects.count() == 5
    assert Resource.objects.count() == resources
    assert Commune.objects.count() == 3685
    assert IndicatorValue.objects.count() == indicator_values  # nothing repeated
    # One watch item proposed by a demo agent waits for the curators, once.
    proposed = WatchItem.objects.filter(organisation__isnull=False)
    assert list(proposed.values_list("state", flat=True)) == ["submitted"]


def check_demo_indicator_values(client, out: str) -> int:
    """The computed indicators have values from the demo imports, for the region
    and every department; a few entered ones are marked as demonstration."""
    for measure in ("couverture_ftth", "eligibilite_fixe", "couverture_4g",
                    "lieux_mediation_taux", "telechargements_guide_territoires"):  # fmt: skip
        computed = IndicatorValue.objects.filter(indicator__measure=measure, origin="computed")
        assert computed.filter(level="region", code="27").exists(), measure
    ftth = IndicatorValue.objects.filter(indicator__measure="couverture_ftth")
    assert ftth.filter(level="department").values("code").distinct().count() == 8
    entered = IndicatorValue.objects.filter(origin="entered")
    assert entered.exists() and not entered.filter(demo=False).exists()
    html = client.get(reverse("strategy:indicators")).content.decode()
    assert "(démonstration)" in html
    total = IndicatorValue.objects.count()
    assert f"Valeurs des indicateurs de la stratégie : {total}." in out
    return total


def check_the_territory_page_of_dijon(client):
    """« Votre commune » finds Dijon, whose page gathers the demo's figures and content."""
    response = client.get(reverse("territories:find"), {"q": "dijon"})
    assert response["Location"] == reverse("territories:commune", args=["21231"])
    html = client.get(response["Location"]).content.decode()
    assert "Déploiement de la fibre optique (FttH)" in html
    assert '<section aria-labelledby="mobile">' in html
    for key in ("lieux", "structures", "projets", "aides", "agenda", "ressources"):
        shown = html.split(f'<section id="{key}"', 1)[1].split("</section>", 1)[0]
        assert "<li" in shown, key
    # The strategy's indicators of Côte-d'Or and the region, the open data's latest edition.
    indicators = html.split('<section id="indicateurs"', 1)[1].split('<section id="donnees', 1)[0]
    assert "<table" in indicators and "Côte-d&#x27;Or" in indicators
    open_data = html.split('<section id="donnees-ouvertes"', 1)[1].split("</section>", 1)[0]
    assert "31 décembre 2025" in open_data and "/observatoire/open-data/?" in open_data


def check_demo_resources(client) -> int:
    """Invented resources (the details: tests/portal/resources/test_demo.py)."""
    resources = Resource.objects.filter(is_demo=True)
    assert resources.count() >= 20
    guide = resources.get(is_territory_guide=True)
    assert client.get(guide.get_absolute_url()).status_code == 200
    return resources.count()


def check_strategy_text_comes_back_from_the_source_file():
    assert Orientation.objects.get(number=1).title.startswith("Un territoire 100% THD")


def check_the_communes_of_the_region():
    assert Commune.objects.count() == 3685


def check_invented_figures_under_sources_that_say_so(client):
    region = AreaFixedStats.objects.select_related("run__source").get(level="region", code="27")
    assert region.communes == 3685
    assert "données fictives" in region.run.source.name
    technologies = AreaTechnologyStats.objects.get(level="region", code="27")
    assert technologies.communes == 3685 and technologies.premises == region.premises
    assert "données fictives" in technologies.run.source.name
    assert "données fictives" in client.get(reverse("observatories:home")).content.decode()


def check_invented_mobile_figures():
    """Every commune over several quarters, about 3,000 sites, 60 targeted-coverage
    zones, two weeks of ANFR stations (the files: tests/observatories/mobile/test_demo.py)."""
    quarters = AreaCoverage.objects.filter(level="region").values("edition").distinct()
    assert quarters.count() == 3
    latest = CommuneCoverage.objects.filter(edition="2025-12-31")
    assert latest.values("commune").distinct().count() == 3685
    assert latest.count() == 3685 * 4 * 4
    assert MobileSite.objects.filter(edition="2025-12-31").count() == 3000
    assert TargetedSite.objects.filter(edition="2025-12-31").count() == 60
    assert CommuneStations.objects.values("week").distinct().count() == 2
    for model in (AreaCoverage, MobileSite, TargetedSite, CommuneStations):
        assert (
            "données fictives"
            in model.objects.select_related("run__source").first().run.source.name
        )


def check_invented_open_data(client):
    """Two invented editions of the observatory of local open data (the files:
    tests/observatories/open_data/test_demo.py), on their page and the indicator."""
    from observatories.models import AreaOpenData, CollectivityOpenData

    region = AreaOpenData.objects.filter(level="region").order_by("edition")
    assert [str(area.edition) for area in region] == ["2025-06-30", "2025-12-31"]
    assert region[0].over_threshold > 100 and region[0].run.source.name.startswith("Démonstration")
    assert (
        CollectivityOpenData.objects.filter(kind="department").values("siren").distinct().count()
        == 8
    )
    html = client.get(reverse("observatories:open_data")).content.decode()
    assert "données fictives" in html and "Dijon" in html
    # The indicator of orientation 13, computed from both editions.
    values = IndicatorValue.objects.filter(indicator__measure="open_data_collectivites")
    assert values.filter(level="region").values("edition").distinct().count() == 2
    indicators = client.get(reverse("strategy:indicators")).content.decode()
    indicator = Indicator.objects.get(measure="open_data_collectivites")
    section = indicators.split(f'id="valeurs-{indicator.pk}"')[1].split("</section>")[0]
    assert "publiant au moins un jeu de données" in section
    assert '<th scope="row">Bourgogne-Franche-Comté</th>' in section
    assert "2 éditions" in section and "Démonstration" in section


def check_mobile_figures_on_the_territory_pages_and_the_ranked_table(client):
    for name, code in (("commune", "21231"), ("epci", "242100410"), ("department", "21")):
        html = client.get(reverse(f"observatories:{name}", args=[code])).content.decode()
        section = html.split('<section aria-labelledby="mobile">', 1)[1].split("</section>")[0]
        assert 'id="mobile-couverture-4G"' in section and 'id="mobile-sites-tableau"' in section
        assert "données fictives" in section
    table = reverse("observatories:commune_table")
    html = client.get(table, {"couverture_4g": "avec", "order": "-sites"}).content.decode()
    assert "Aucune commune ne correspond" not in html
    export = client.get(table, {"order": "part_4g", "format": "csv"}).content.decode("utf-8-sig")
    header, first = export.splitlines()[:2]
    assert "sites mobiles" in header and first.endswith("T4 2025")


def check_invented_buildings(client):
    building = Building.objects.select_related("run__source").order_by("imb_id").first()
    assert Building.objects.count() == 1500 and BuildingEligibility.objects.count() == 1500
    assert "données fictives" in building.run.source.name
    html = client.get(building.get_absolute_url()).content.decode()
    assert "Démonstration – données fictives" in html and "Fibre optique (FttH)" in html


def check_invented_places(client):
    places = Place.objects.select_related("source", "commune")
    assert places.count() == 40
    assert {place.commune.department_id for place in places} == {
        "21", "25", "39", "58", "70", "71", "89", "90",
    }  # fmt: skip
    assert all("données fictives" in place.source.name for place in places)
    region = PlaceIndicator.objects.get(level="region", code="27")
    assert region.places == 40 and region.mean_distance_km > 0
    assert "Démonstration" in client.get(reverse("strategy:indicators")).content.decode()


def check_accounts_whose_printed_passwords_work(client, passwords):
    admin = User.objects.get(email="admin@demo.scoran.invalid")
    assert admin.is_superuser and admin.is_staff
    curator = User.objects.get(email="curateur@demo.scoran.invalid")
    assert curator.is_staff and not curator.is_superuser
    assert curator.groups.filter(name="Curateurs").exists()
    assert set(passwords) == AGENTS | {admin.email, curator.email}
    for email, password in passwords.items():
        assert client.login(username=email, password=password), email
    assert Membership.objects.get(user__email="agent.syndicat@demo.scoran.invalid").role == "admin"
    assert Organisation.objects.published().count() == 3


def check_projects_in_every_state():
    states = sorted(Project.objects.values_list("state", flat=True))
    assert states == ["draft", "published", "published", "published", "submitted"]
    assert list(Project.objects.late().values_list("title", flat=True)) == [
        "Raccordement en fibre des sites publics prioritaires (démonstration)"
    ]
    assert list(Project.objects.over_budget().values_list("title", flat=True)) == [
        "Capteurs connectés dans les bâtiments communaux (démonstration)"
    ]
    curator = User.objects.get(email="curateur@demo.scoran.invalid")
    published = Project.objects.published().get(
        images__isnull=False, organisation__slug="tiers-lieu-demo"
    )
    assert published.events.filter(action="published", by=curator).exists()


def check_demo_aides(client):
    from portal.models import Funding

    rows = Funding.objects.filter(is_demo=True)
    assert rows.count() >= 25
    assert {key[0] for f in rows for key in f.territory_keys} == {"F", "R", "D", "E", "C"}
    html = client.get(reverse("funding:list"), {"territoire": "21231"}).content.decode()
    assert "(démonstration)" in html


def check_demo_networks_and_data_centres(client, out: str):
    from observatories.models import Network
    from portal.models import DataCentre

    assert "Réseaux et leurs offres de gros de démonstration : 11." in out
    assert "Centres de données et offres d'hébergement de démonstration : 8." in out
    assert Network.objects.filter(is_demo=True).count() == 11
    html = client.get(reverse("observatories:operators"), {"commune": "25056"}).content.decode()
    assert "Syndicat mixte Doubs THD" in html and "Données de démonstration" in html
    assert DataCentre.objects.filter(is_demo=True).count() == 8
    points = client.get(reverse("hosting:geojson")).json()["features"]
    assert len(points) == 8  # every commune of the region has its point


def check_demo_field_reports(client, out: str):
    from portal.models import FieldReport

    assert "Remontées terrain de démonstration : 5." in out
    assert FieldReport.objects.filter(is_demo=True).count() == 5
    html = client.get(reverse("field_reports:home")).content.decode()
    assert "Belleneuve" in html  # a validated report and its merged duplicate, once


def check_demo_maturity_answers(client, out: str):
    from portal.maturity.selectors import SUPPRESSED
    from portal.models import MaturityAnswer

    assert "Réponses de démonstration à l'autodiagnostic de maturité : 30." in out
    assert MaturityAnswer.objects.filter(is_demo=True).count() == 30
    html = client.get(reverse("maturity:results")).content.decode()
    assert "30 réponses" in html and SUPPRESSED in html
    assert (
        'Côte-d&#x27;Or (21)</th>\n                \n                  <td class="num">10<' in html
    )
