"""`setup_demo`, run by `make run`: demo administrator and current strategy text."""

import pytest
from django.core.management import CommandError, call_command

from directory.models import User
from strategy.models import Orientation

pytestmark = pytest.mark.django_db


def test_demo_creates_an_administrator_whose_printed_password_works(settings, capsys, client):
    settings.DEBUG = True
    call_command("setup_demo")
    out = capsys.readouterr().out
    password = out.split("mot de passe : ", 1)[1].split()[0]
    admin = User.objects.get(email="admin@demo.scoran.invalid")
    assert admin.is_superuser and admin.is_staff
    assert client.login(username="admin@demo.scoran.invalid", password=password)


def test_demo_brings_back_the_strategy_text_of_the_source_file(settings):
    settings.DEBUG = True
    Orientation.objects.filter(number=1).update(title="Ancien titre")
    call_command("setup_demo")
    assert Orientation.objects.get(number=1).title.startswith("Un territoire 100% THD")


def test_demo_set_up_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("setup_demo")
    assert not User.objects.filter(email="admin@demo.scoran.invalid").exists()


def test_demo_loads_the_communes_of_the_region(settings):
    from observatories.models import Commune

    settings.DEBUG = True
    call_command("setup_demo")
    assert Commune.objects.count() == 3685


def test_demo_imports_invented_figures_under_a_source_that_says_so(settings, client):
    from django.urls import reverse

    from observatories.models import AreaFixedStats, AreaTechnologyStats

    settings.DEBUG = True
    call_command("setup_demo")
    region = AreaFixedStats.objects.select_related("run__source").get(level="region", code="27")
    assert region.communes == 3685
    assert "données fictives" in region.run.source.name
    technologies = AreaTechnologyStats.objects.get(level="region", code="27")
    assert technologies.communes == 3685 and technologies.premises == region.premises
    assert "données fictives" in technologies.run.source.name
    assert "données fictives" in client.get(reverse("observatories:home")).content.decode()


def test_demo_creates_organisations_agents_a_curator_and_projects_in_every_state(
    settings, capsys, client, tmp_path
):
    from directory.models import Membership, Organisation, Project

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("setup_demo")
    out = capsys.readouterr().out
    agents = dict(
        line.strip().split(" ", 3)[0:3:2]
        for line in out.splitlines()
        if "@demo.scoran.invalid / " in line
    )
    assert set(agents) == {
        "agent.syndicat@demo.scoran.invalid",
        "agent.tiers-lieu@demo.scoran.invalid",
    }
    for email, password in agents.items():
        assert client.login(username=email, password=password)
    assert Membership.objects.get(user__email="agent.syndicat@demo.scoran.invalid").role == "admin"
    assert Organisation.objects.published().count() == 3

    curator_password = out.split("curateur@demo.scoran.invalid", 1)[1].split("mot de passe : ")[1]
    curator = User.objects.get(email="curateur@demo.scoran.invalid")
    assert curator.is_staff and not curator.is_superuser
    assert curator.groups.filter(name="Curateurs").exists()
    assert client.login(username=curator.email, password=curator_password.split()[0])

    states = sorted(Project.objects.values_list("state", flat=True))
    assert states == ["draft", "published", "published", "published", "submitted"]
    assert list(Project.objects.late().values_list("title", flat=True)) == [
        "Raccordement en fibre des sites publics prioritaires (démonstration)"
    ]
    assert list(Project.objects.over_budget().values_list("title", flat=True)) == [
        "Capteurs connectés dans les bâtiments communaux (démonstration)"
    ]
    published = Project.objects.published().get(
        images__isnull=False, organisation__slug="tiers-lieu-demo"
    )
    assert published.events.filter(action="published", by=curator).exists()

    call_command("setup_demo")  # new passwords at each run, the same projects
    again = capsys.readouterr().out
    assert agents["agent.syndicat@demo.scoran.invalid"] not in again
    assert Project.objects.count() == 5


def test_demo_imports_invented_buildings_whose_pages_say_so(settings, client):
    from observatories.models import Building, BuildingEligibility

    settings.DEBUG = True
    call_command("setup_demo")
    building = Building.objects.select_related("run__source").order_by("imb_id").first()
    assert Building.objects.count() == 1500 and BuildingEligibility.objects.count() == 1500
    assert "données fictives" in building.run.source.name
    html = client.get(building.get_absolute_url()).content.decode()
    assert "Démonstration – données fictives" in html and "Fibre optique (FttH)" in html
