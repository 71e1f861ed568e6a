"""A signed-in person's subscriptions: listed at /compte/abonnements/, frequency
changed, unsubscribed; in the personal-data download; erased with the account."""

import json

import pytest

from directory.accounts import services as account_services
from portal.models import Delivery, Subscription
from tests.directory.factories import make_user

from .conftest import confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def lea(client):
    user = make_user("lea@example.fr")
    client.force_login(user)
    return user


def test_the_account_page_links_to_the_subscriptions(client, lea):
    html = client.get("/compte/").content.decode()
    assert 'href="/compte/abonnements/"' in html


def test_my_subscriptions_are_those_of_my_address(client, lea, django_assert_num_queries):
    mine = confirmed("LEA@example.fr", query="type=guide")
    confirmed("LEA@example.fr", list_key="agenda", confirmed_at=None)
    confirmed("autre@example.fr")
    with django_assert_num_queries(3):  # session, user, subscriptions
        page = client.get("/compte/abonnements/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("Me désabonner<") == 2
    assert "En attente de confirmation" in html
    assert "Type de ressource : Guide méthodologique" in html
    assert f"/abonnements/desabonner/{mine.key}/" in html
    assert "autre@example.fr" not in html


def test_the_page_needs_an_account(client):
    response = client.get("/compte/abonnements/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_changing_the_frequency_of_mine_only(client, lea):
    mine = confirmed("lea@example.fr")
    other = confirmed("autre@example.fr")
    url = f"/compte/abonnements/{mine.key}/frequence/"
    assert client.post(url, {f"s{mine.pk}-frequency": "hebdomadaire"}).status_code == 302
    mine.refresh_from_db()
    assert mine.frequency == "hebdomadaire"
    response = client.post(
        f"/compte/abonnements/{other.key}/frequence/", {f"s{other.pk}-frequency": "hebdomadaire"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.frequency == "quotidien"


def test_subscriptions_are_in_the_download_and_erased_with_the_account(client, lea):
    mine = confirmed("lea@example.fr", query="type=guide")
    Delivery.objects.create(subscription=mine, item_key="42")
    kept = confirmed("autre@example.fr")
    data = json.loads(client.get("/compte/mes-donnees/").content)
    (row,) = data["abonnements_par_courriel"]
    assert row["filtres"] == "type=guide" and row["adresse"] == "lea@example.fr"
    assert [sent["element"] for sent in row["envois"]] == ["42"]
    account_services.delete_account(user=lea)
    assert list(Subscription.objects.all()) == [kept]
