"""NUL bytes, overlong and forged values on the new public and agents' surfaces of
the resource library, the funding guide and the error reports: a French message or
a 404, never a server error, nothing written."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from directory.models import ErrorReport
from portal.funding.agent_forms import FundingForm
from portal.models import Funding, Resource
from portal.resources.forms import ResourceForm
from tests.directory.factories import make_agent, make_organisation
from tests.portal.factories import make_resource_row
from tests.portal.funding.factories import make_funding

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Le caractère nul n’est pas autorisé."


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


@pytest.mark.parametrize("list_name", ["resources:list", "funding:list"])
@pytest.mark.parametrize(
    "params",
    [
        {"q": "fibre\x00"},
        {"q": "x" * 5000},
        {"territoire": "\x00"},
        {"territoire": "<script>alert(1)</script>"},
        {"orientation": "1 OR 1=1"},
        {"structure": "\x00"},
        {"page": "-1"},
        {"type": '=HYPERLINK("http://x")'},
    ],
)
def test_lists_answer_hostile_filters_without_error(client, list_name, params):
    make_resource_row("Guide")
    make_funding("Aide")
    response = client.get(reverse(list_name), params)
    assert response.status_code == 200  # an invalid filter gives the page, said in French
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/ressources/%00/", "/aides/%00/", "/ressources/%00/telecharger/", "/signaler/aides/%00/"],
)
def test_nul_bytes_in_addresses_are_404(client, path):
    assert client.get(path).status_code == 404


def test_a_report_with_a_nul_byte_is_refused_in_french(client):
    funding = make_funding("Aide")
    url = reverse("reports:report", kwargs={"kind": "aides", "key": str(funding.pk)})
    response = client.post(url, {"message": "Erreur\x00", "email": ""})
    assert response.status_code == 200
    assert NUL_MESSAGE in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_agents_forms_refuse_nul_bytes_in_french():
    organisation = make_organisation("Syndicat")
    resource_form = ResourceForm(
        data={"title": "Guide\x00", "summary": "x"},
        organisations=[organisation],
        user=make_agent("agent@syndicat.fr", organisation),
    )
    assert NUL_MESSAGE in resource_form.errors["title"]
    funding_form = FundingForm(
        data={"name": "Aide\x00", "summary": "x"}, organisations=[organisation]
    )
    assert NUL_MESSAGE in funding_form.errors["name"]
    assert not Resource.objects.exists() and not Funding.objects.exists()
