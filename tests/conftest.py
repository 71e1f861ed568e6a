import copy
import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps

from strategy.loader import load_strategy

DATA_DIR = Path(__file__).resolve().parent / "data"


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
