"""The territory pages (/territoires/…): each section's content and emptiness, the
figures compared with the department and the region, former codes redirected,
hostile addresses, constant query counts and the page cache."""

import pytest
from django.urls import reverse

from directory.models import GroupMembership, WorkingGroup
from observatories.caching import bump_data_version
from observatories.models import Commune
from tests.conftest import h1_texts
from tests.directory.factories import make_organisation, make_place, make_project, make_user
from tests.portal.agenda.factories import make_event
from tests.portal.factories import make_resource_row
from tests.portal.field_reports.factories import make_report
from tests.portal.funding.factories import make_funding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

COMMUNE = reverse("territories:commune", args=["21231"])
EPCI = reverse("territories:epci", args=["242100410"])
DEPARTMENT = reverse("territories:department", args=["21"])
REGION = reverse("territories:region")
PAGES = [COMMUNE, EPCI, DEPARTMENT, REGION]


def section(html: str, key: str) -> str:
    """The section ``key`` of a page ("" without it)."""
    if f'<section id="{key}"' not in html:
        return ""
    return html.split(f'<section id="{key}"', 1)[1].split("</section>", 1)[0]


def page(client, url: str = COMMUNE) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_each_page_has_one_title_and_links_to_the_observatory(client, url):
    html = page(client, url)
    assert len(h1_texts(html)) == 1
    assert "Les chiffres détaillés dans l'observatoire" in html
    assert 'media="print"' in html and "territory-print" in html
