"""The API against its own OpenAPI description (schemathesis, in-process through
WSGI): no server error, every answer valid against the description (status, media
type, body, headers), on a database seeded with a few rows of each kind."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import positive_data_acceptance

from scoran.wsgi import application
from tests.directory.factories import isolated_cache, make_organisation, make_place
from tests.portal.watch.factories import make_watch_item


@pytest.fixture
def api_schema(small_region, settings):
    """The description as a client reads it, on a database seeded with a few rows
    (loaded in the test's database, so lazily)."""
    isolated_cache(settings)
    settings.API_RATE_LIMIT = 10_000
    settings.ALLOWED_HOSTS = ["localhost"]
    make_organisation("Syndicat", slug="syndicat", commune_id="21231")
    make_place("Espace numérique")
    make_watch_item("Une information")
    # As Django's test client does: the WSGI handler would close the test's
    # connection at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _check(operation) -> None:
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=6,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        # A value the description allows may still be refused by a filter (an
        # unknown orientation number): a documented 400, not a failure.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()


@pytest.mark.django_db
def test_the_api_keeps_its_description(api_schema):
    # One loop rather than schemathesis' pytest plug-in, which pytest 9 breaks.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 21
    for operation in operations:
        _check(operation)
