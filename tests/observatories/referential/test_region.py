"""The region the portal covers is one setting (``REGION_CODE``, ``REGION_NAME``): the
territory load, the figures and the comparisons all follow it."""

import pytest
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.models import Commune, ImportRun
from observatories.referential.selectors import parents_of, region
from tests.observatories.factories import SAMPLE_FIXED_STATS
from tests.observatories.referential.test_territories import commune, write_referential

pytestmark = pytest.mark.django_db


def test_the_territory_load_keeps_the_region_of_the_setting(tmp_path, settings):
    from observatories.referential.loader import load_territories

    folder = write_referential(
        tmp_path / "ref", [commune("21231", "Dijon"), commune("69123", "Lyon")]
    )
    files = folder / "regions.json"
    files.write_text(files.read_text().replace("]", ', {"code": "84", "nom": "ARA"}]'))
    settings.REGION_CODE = "84"
    load_territories(data_dir=folder)
    assert list(Commune.objects.values_list("code", flat=True)) == ["69123"]


@pytest.mark.usefixtures("small_region")
def test_pages_compare_with_the_region_of_the_setting(client, settings):
    import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    settings.REGION_NAME = "Région du réglage"
    html = client.get(reverse("observatories:commune", args=["21231"])).content.decode()
    assert "Région du réglage" in html.split('id="tableau-comparaison"', 1)[1]
    assert (
        "Éligibilité des locaux de la région"
        in client.get(reverse("observatories:home")).content.decode()
    )

    settings.REGION_CODE = "84"  # no figures were summed for that region
    assert region().code == "84"
    assert parents_of(Commune.objects.get(code="25056"))[-1].code == "84"
    html = client.get(reverse("observatories:home")).content.decode()
    assert "Éligibilité des locaux de la région" not in html
