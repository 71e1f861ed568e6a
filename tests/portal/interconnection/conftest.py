"""What the interconnection tests share: a department's request filed by its agent,
and e-mails sent on commit."""

import pytest

from tests.directory.factories import make_agent, make_organisation
from tests.portal.interconnection.factories import make_request


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def org():
    return make_organisation("Département", kind="department")


@pytest.fixture
def requester(org):
    return make_agent("demandeur@departement.fr", org)


@pytest.fixture
def request_row(org, requester, small_region):
    return make_request(org, by=requester, subject="Fibre des collèges")
