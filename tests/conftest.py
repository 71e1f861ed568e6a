import copy
import re

import pytest
from django.apps import apps as django_apps

from strategy.loader import load_strategy
from tests.observatories.factories import Q3, Q4, ftth_run, square


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
def commune_outlines(small_region):
    """A square for each commune of ``small_region``."""
    from observatories.models import CommuneOutline

    for code, lon, lat in (("21231", 5.0, 47.3), ("21060", 5.2, 47.3), ("25056", 6.0, 47.2)):
        CommuneOutline.objects.create(commune_id=code, geometry=square(lon, lat))


@pytest.fixture
def ftth_deployed(small_region):
    """Dijon 91.8 % at Q4 (its Q3 figures and older profile must be ignored);
    Besançon 102.5 % (more connectable premises than the estimate); Belleneuve
    only reported at Q3: no figure for the latest quarter."""
    from observatories.models import CommuneFtth, FtthDeployment

    old, run = ftth_run("T3 2025"), ftth_run("T4 2025")
    profiles = [
        ("21231", Q3, 100_000, "AMII", old),
        ("21231", Q4, 98_000, "AMII", run),
        ("25056", Q4, 80_000, "AMII", run),
        ("21060", Q3, 800, "RIP", old),
    ]
    for code, edition, premises, zone, by in profiles:
        CommuneFtth.objects.create(
            commune_id=code, edition=edition, premises=premises, zone=zone, run=by
        )
    deployments = [
        ("21231", Q3, 50_000, old),
        ("21231", Q4, 90_000, run),
        ("25056", Q4, 82_000, run),
        ("21060", Q3, 400, old),
    ]
    for code, quarter, connectable, by in deployments:
        FtthDeployment.objects.create(
            commune_id=code, quarter=quarter, connectable=connectable, run=by
        )
    return run


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
def no_page_cache(settings):
    """Pages and calendars are written by their views; tests of the page cache and
    of the kept calendars turn them back on."""
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 0
    settings.AGENDA_CALENDAR_CACHE_SECONDS = 0


@pytest.fixture(autouse=True, scope="session")
def strict_templates(django_test_environment):
    """Our templates may not use undefined variables; the admin's are not ours.

    Set once per session (a worker's): assigning TEMPLATES resets Django's template
    engines and their cached loaders, so doing it per test compiled every template
    again in every test."""
    from django.conf import settings
    from django.test.utils import override_settings

    templates = copy.deepcopy(settings.TEMPLATES)
    for engine in templates:
        engine.setdefault("OPTIONS", {})["string_if_invalid"] = UndefinedVariable("%s")
    with override_settings(TEMPLATES=templates):
        yield


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing(django_test_environment):
    """Accounts are made by the thousand in the suite: a fast hasher for all of them
    (production's is PBKDF2, slow on purpose: about half a second per account, which
    was most of the set-up time of the permission matrices). Production keeps
    Django's default hashers."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def h1_texts(html: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)
