"""The demo's invented editions (``observatories/open_data/demo.py``): the published
columns, the same files for the same seed, figures that import under a source that
says they are invented, and the page that shows them."""

import csv
import hashlib

import pytest
from django.urls import reverse

from observatories.models import ImportRun
from observatories.open_data import demo
from portal.management.commands.setup_demo import demo_source

from .files import JUNE, table

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_data_region")]


def test_the_demo_files_have_the_published_header_and_the_same_rows_for_the_seed(tmp_path):
    items = demo.collectivities()
    assert {item[2] for item in items} == {"COM", "METRO", "DEP", "REG"}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = (demo.write_demo_files(tmp_path / name, items) for name in "ab")
    assert [path.name for path in first] == [
        "2025-06-30_observatoire-open-data-demo.csv",
        "2025-12-31_observatoire-open-data-demo.csv",
    ]
    with first[0].open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle, delimiter=";")) == table(JUNE)[0]
    digests = [[hashlib.sha256(p.read_bytes()).hexdigest() for p in ps] for ps in (first, second)]
    assert digests[0] == digests[1]


def test_the_demo_editions_import_as_invented_figures_and_show_on_the_page(client):
    runs = demo.import_demo(demo_source)
    assert [run.status for run in runs] == [ImportRun.Status.SUCCEEDED] * 2, runs[0].error
    assert runs[0].source.publisher == "Démonstration (données fictives)"
    html = client.get(reverse("observatories:open_data")).content.decode()
    assert "Démonstration (données fictives)" in html and "Dijon" in html
