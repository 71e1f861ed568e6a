"""Where the Dorsale shows on the rest of the site: its section on the site map and in
sitemap.xml (the explanation page only, never a request), the page of orientation 1
(the orientation that asks for this access point) and no other."""

import pytest
from django.urls import reverse

from strategy.models import Orientation
from tests.portal.interconnection.factories import make_request

pytestmark = pytest.mark.django_db

HOME = reverse("interconnection:home")


def test_the_site_map_and_the_sitemap_hold_the_explanation_page_only(client, small_region):
    request = make_request()
    assert f'href="{HOME}"' in client.get(reverse("portal:site_map")).content.decode()
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert f"http://testserver{HOME}</loc>" in sitemap
    assert str(request.uuid) not in sitemap and "/dorsale/nouvelle/" not in sitemap


def test_orientation_1_leads_to_the_access_point(client):
    first = client.get(Orientation.objects.get(number=1).get_absolute_url()).content.decode()
    assert 'id="dorsale"' in first and f'href="{HOME}"' in first
    other = client.get(Orientation.objects.get(number=2).get_absolute_url()).content.decode()
    assert 'id="dorsale"' not in other
