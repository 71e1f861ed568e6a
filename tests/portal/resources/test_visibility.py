"""Nothing unpublished reaches the public, on every surface the library has: the
list, the page, each file, the permanent link, the exports, the site search, the
feed, the sitemap, the orientation page and the organisation page. The author's
agents and curators preview what is not published (never cached)."""

import datetime

import pytest
from django.urls import reverse

from portal.resources import services
from scoran.lib.catalogues import search
from strategy.models import Orientation
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.portal.factories import make_resource_row, resource_pdf

pytestmark = pytest.mark.django_db

UNPUBLISHED = ["draft", "submitted", "changes_requested", "refused"]
SECRET = "Zorglubienne"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


@pytest.fixture
def rows(small_region):
    author = make_organisation("Syndicat auteur", slug="auteur")
    orientation = Orientation.objects.get(number=3)
    public = make_resource_row("Guide public", author, orientations=[orientation], link=None)
    hidden = {
        state: make_resource_row(
            f"{SECRET} {state}", author, state=state, orientations=[orientation], link=None
        )
        for state in UNPUBLISHED
    }
    for resource in [public, *hidden.values()]:
        services.add_version(
            resource=resource,
            by=None,
            label="1.0",
            day=datetime.date(2025, 1, 1),
            files=[resource_pdf(f"{resource.slug}.pdf")],
            check_author=False,
        )
    return {"author": author, "orientation": orientation, "public": public, "hidden": hidden}


def public_surfaces(rows) -> dict[str, str]:
    return {
        "list": reverse("resources:list"),
        "list searched": reverse("resources:list") + f"?q={SECRET}",
        "csv": reverse("resources:list") + "?format=csv",
        "feed": reverse("resources:feed"),
        "sitemap": reverse("sitemap"),
        "orientation": rows["orientation"].get_absolute_url(),
        "organisation": rows["author"].get_absolute_url(),
    }


def test_no_public_surface_shows_an_unpublished_resource(client, rows):
    for name, url in public_surfaces(rows).items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = text(response)
        for resource in rows["hidden"].values():
            assert resource.title not in body, name
            assert resource.slug not in body, name
    for name in ("list", "feed", "sitemap", "orientation", "organisation"):
        assert rows["public"].get_absolute_url() in text(client.get(public_surfaces(rows)[name]))
    assert [result.title for result in search("ressources", SECRET)] == []
    assert [result.title for result in search("ressources", "guide public")] == ["Guide public"]


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_an_unpublished_page_and_its_files_are_404_for_the_public(client, rows, state):
    resource = rows["hidden"][state]
    stored = resource.versions.get().files.get()
    urls = [
        resource.get_absolute_url(),
        reverse("resources:latest", args=[resource.slug]),
        stored.get_absolute_url(),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(make_agent("autre@ailleurs.fr", make_organisation("Ailleurs")))
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["agent", "curator"])
def test_the_authors_agents_and_curators_preview_it_never_cached(client, rows, who):
    resource = rows["hidden"]["submitted"]
    user = make_agent("agent@auteur.fr", rows["author"]) if who == "agent" else make_curator()
    client.force_login(user)
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 200
    assert "non visible du public" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # The public lists stay public, even for them.
    assert resource.title not in client.get(reverse("resources:list")).content.decode()


def test_an_unpublished_resource_is_withdrawn_everywhere(client, rows):
    public = rows["public"]
    public.state = "draft"
    public.save()
    assert client.get(public.get_absolute_url()).status_code == 404
    assert client.get(reverse("resources:latest", args=[public.slug])).status_code == 404
    for name, url in public_surfaces(rows).items():
        assert public.get_absolute_url() not in text(client.get(url)), name
