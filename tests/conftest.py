import copy
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from strategy.loader import load_strategy

DATA_DIR = Path(__file__).resolve().parent / "data"
SAMPLE_FIXED_STATS = DATA_DIR / "commune_debit_filaire.csv"


@pytest.fixture
def small_region(db):
    """Three communes of two departments, one in an EPCI; Belleneuve absorbed 21019."""
    from observatories.models import EPCI, Commune, Department, Region

    region = Region.objects.create(code="27", name="Bourgogne-Franche-Comté")
    for code, name in (("21", "Côte-d'Or"), ("25", "Doubs")):
        Department.objects.create(code=code, name=name, region=region)
    metropole = EPCI.objects.create(siren="242100410", name="Dijon Métropole", kind="METRO")
    Commune.objects.create(code="21231", name="Dijon", department_id="21", epci=metropole)
    Commune.objects.create(
        code="21060", name="Belleneuve", department_id="21", former_codes=["21019"]
    )
    Commune.objects.create(code="25056", name="Besançon", department_id="25")


@pytest.fixture
def strategy(transactional_db):
    """The strategy content, for tests whose database is emptied between tests
    (live server, browser). Ordinary tests see it from the data migration."""
    load_strategy(django_apps)


class UndefinedVariable(str):
    """Raised on a template variable that does not exist (Django formats
    ``string_if_invalid`` with the variable's name when it holds ``%s``)."""

    def __mod__(self, name):
        raise AssertionError(f"undefined template variable: {name}")


@pytest.fixture(autouse=True)
def strict_templates(settings):
    """Our templates may not use undefined variables; the admin's are not ours."""
    templates = copy.deepcopy(settings.TEMPLATES)
    for engine in templates:
        engine.setdefault("OPTIONS", {})["string_if_invalid"] = UndefinedVariable("%s")
    settings.TEMPLATES = templates  # assigning resets Django's template engines


def h1_texts(html: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)
