"""The SCORAN targets on the observatory pages are those of the strategy's indicators:
a curator who changes an indicator's deadline or share changes the pages."""

import pytest
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.models import ImportRun
from observatories.targets import FIXED_SERVICE, FTTH_COVERAGE, Target, scoran_targets
from strategy.models import Indicator
from tests.observatories.factories import SAMPLE_FIXED_STATS
from tests.observatories.ftth.test_import import SAMPLE as SAMPLE_FTTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]


@pytest.fixture
def imported():
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    import_file(SAMPLE_FTTH, trigger=ImportRun.Trigger.COMMAND)


def text(response) -> str:
    html = response.content.decode()
    return " ".join(html.replace("\xa0", " ").replace("\u202f", " ").split())


def test_the_targets_are_those_of_orientation_1_in_the_strategy():
    assert scoran_targets(FIXED_SERVICE, FTTH_COVERAGE) == {
        FIXED_SERVICE: Target(2022, 100),
        FTTH_COVERAGE: Target(2025, 100),
    }
    assert Indicator.objects.get(key=FTTH_COVERAGE).objective == (
        "La couverture FttH du territoire à 100% à horizon 2025"
    )


def test_pages_follow_the_indicators_when_their_targets_change(client, imported):
    home = text(client.get(reverse("observatories:home")))
    assert "un territoire 100 % très haut débit en 2022" in home
    assert "(FttH) à horizon 2025" in home
    assert "Écart à l'objectif SCORAN (100 % en 2025)" in home

    Indicator.objects.filter(key=FIXED_SERVICE).update(target_year=2024, target_share=95)
    Indicator.objects.filter(key=FTTH_COVERAGE).update(target_year=2030, target_share=90)
    home = text(client.get(reverse("observatories:home")))
    assert "un territoire 95 % très haut débit en 2024" in home
    assert (
        "Objectif SCORAN : 95 % des locaux éligibles au très haut débit (≥ 30 Mbit/s) en 2024"
        in home
    )
    assert "(FttH) à horizon 2030" in home
    assert "Écart à l'objectif SCORAN (90 % en 2030)" in home
    assert "0,0 points" in home  # 99.1 % connectable: past a 90 % target
    for url in (
        reverse("observatories:commune", args=["21231"]),
        reverse("observatories:epci", args=["242100410"]),
        reverse("observatories:department", args=["21"]),
    ):
        assert "Écart à l'objectif SCORAN (90 % en 2030)" in text(client.get(url))


def test_without_its_indicator_a_page_shows_no_target(client, imported):
    Indicator.objects.filter(key__in=[FIXED_SERVICE, FTTH_COVERAGE]).update(key="")
    home = text(client.get(reverse("observatories:home")))
    assert "Déploiement de la fibre optique (FttH), T4 2025" in home
    assert "Objectif SCORAN" not in home and "Écart" not in home
    commune = text(client.get(reverse("observatories:commune", args=["21231"])))
    assert "Locaux raccordables à la fibre (FttH)" in commune and "Écart" not in commune


def test_a_target_share_is_a_percentage():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Indicator.objects.filter(key=FTTH_COVERAGE).update(target_share=101)
