"""The public list of the information watch: visibility, filters, links out,
constant queries."""

import pytest
from django.urls import reverse

from observatories.models import DataSource
from portal.models import WatchItem
from strategy.models import Orientation
from tests.conftest import h1_texts
from tests.portal.watch.factories import make_watch_item

pytestmark = pytest.mark.django_db


def make_item(title="Une information", **fields) -> WatchItem:
    return make_watch_item(title, **fields)


def many(count: int) -> list[WatchItem]:
    orientation = Orientation.objects.get(number=1)
    items = [make_item(f"Information {n}") for n in range(count)]
    for item in items:
        item.orientations.add(orientation)
    return items


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_constant_queries(client, count, django_assert_num_queries):
    many(count)
    # count, rows, orientations, choices of the orientation and source filters
    with django_assert_num_queries(5):
        response = client.get(reverse("watch:list"))
    html = response.content.decode()
    assert h1_texts(html) == ["Veille"]
    assert f"{count} information" in html


def test_only_published_items_reach_the_public(client):
    make_item("Publiée")
    for state in (WatchItem.State.DRAFT, WatchItem.State.SUBMITTED, WatchItem.State.REFUSED):
        make_item(f"Cachée {state}", state=state)
    html = client.get(reverse("watch:list")).content.decode()
    assert "Publiée" in html
    assert "Cachée" not in html
    assert "1 information" in html


def test_an_item_names_its_source_and_links_out(client):
    make_item("Lien", link="https://exemple.fr/a", source_name="Le Journal")
    html = client.get(reverse("watch:list")).content.decode()
    assert '<a href="https://exemple.fr/a" rel="noopener nofollow">Lien</a>' in html
    assert "Le Journal" in html


def test_filters_by_orientation_source_and_words(client):
    source = DataSource.objects.create(slug="flux-a", name="Flux A", format="rss")
    first = make_item("Fibre optique à Dole", source=source, guid="1")
    first.orientations.add(Orientation.objects.get(number=1))
    make_item("Inclusion numérique")
    url = reverse("watch:list")
    assert "1 information" in client.get(url, {"orientation": 1}).content.decode()
    assert "Fibre" in client.get(url, {"source": "flux-a"}).content.decode()
    html = client.get(url, {"q": "inclusion"}).content.decode()
    assert "Inclusion numérique" in html and "Fibre optique" not in html


def test_a_summary_written_by_a_curator_is_cleaned():
    item = make_item(summary='<p onclick="x()">Texte<img src="https://tiers.example/p.gif"></p>')
    assert item.summary == "<p>Texte</p>"


def test_nul_bytes_in_the_query_are_refused_cleanly(client):
    response = client.get(reverse("watch:list"), {"q": "a\x00b"})
    assert response.status_code == 200
    assert "Aucune information ne correspond" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("agent", 302), ("curator", 200)])
def test_only_curators_reach_the_admin_of_items(client, who, status):
    from tests.directory.factories import make_curator, make_user

    if who == "agent":
        client.force_login(make_user("agent@example.fr"))
    elif who == "curator":
        client.force_login(make_curator("curatrice@example.fr"))
    response = client.get(reverse("admin:portal_watchitem_changelist"))
    assert response.status_code == status


def test_the_orientation_page_shows_its_latest_published_items(client):
    orientation = Orientation.objects.get(number=1)
    shown = make_item("Attachée", link="https://exemple.fr/attachee")
    shown.orientations.add(orientation)
    hidden = make_item("Proposée", state=WatchItem.State.SUBMITTED)
    hidden.orientations.add(orientation)
    make_item("Ailleurs")
    html = client.get(orientation.get_absolute_url()).content.decode()
    assert '<a href="https://exemple.fr/attachee" rel="noopener nofollow">Attachée</a>' in html
    assert "Proposée" not in html and "Ailleurs" not in html


def test_the_feed_links_out_and_holds_only_published_items(client):
    make_item("Publiée", link="https://exemple.fr/p")
    make_item("Brouillon", state=WatchItem.State.DRAFT)
    xml = client.get(reverse("watch:feed")).content.decode()
    assert "https://exemple.fr/p" in xml
    assert "Brouillon" not in xml
