import re

import pytest
from django.apps import apps as django_apps

from strategy.loader import load_strategy


@pytest.fixture
def strategy(transactional_db):
    """The strategy content, for tests whose database is emptied between tests
    (live server, browser). Ordinary tests see it from the data migration."""
    load_strategy(django_apps)


def h1_texts(html: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)
