"""In production, pages reference static files by hashed names that WhiteNoise
serves with far-future cache headers (the suite runs after collectstatic)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_link_hashed_static_files_served_with_long_cache(client):
    html = client.get(reverse("portal:home")).content.decode()
    stylesheet = re.search(r'href="(/static/css/scoran\.[0-9a-f]{12}\.css)"', html)
    script = re.search(r'src="(/static/js/nav\.[0-9a-f]{12}\.js)"', html)
    assert stylesheet and script, "pages must use the hashed names of the manifest"
    for url in (stylesheet.group(1), script.group(1)):
        response = client.get(url)
        response.close()  # WhiteNoise streams the file
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"]
        assert "max-age=315360000" in response["Cache-Control"]
