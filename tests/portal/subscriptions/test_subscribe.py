"""Subscribing from a list, confirming (POST only), unsubscribing (one click or a
button), with tokens that cannot be forged, and filters the list's filter set checks."""

import datetime
import time
from email.header import decode_header, make_header

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from portal.models import Subscription
from portal.subscriptions import services
from portal.subscriptions.digests import send_digests
from portal.subscriptions.tokens import SALT
from scoran.lib.catalogues import FOLLOWABLE_LISTS

from .conftest import confirmed, new_resource, path_of

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/abonnements/ressources/"


def post(client, email="lea@example.fr", filtres="type=guide", frequency="quotidien", **kw):
    return client.post(
        SUBSCRIBE, {"email": email, "frequency": frequency, "filtres": filtres}, **kw
    )


def test_every_followable_list_page_offers_the_form_with_its_filters(client):
    for entry in FOLLOWABLE_LISTS:
        html = client.get(reverse(entry.list_url_name), {"q": "fibre"}).content.decode()
        action = reverse("subscriptions:subscribe", args=[entry.key])
        assert f'action="{action}"' in html, entry.key
        assert 'name="filtres" value="q=fibre"' in html, entry.key


def test_the_whole_flow_subscribe_confirm_digest_unsubscribe(client, outbox, author):
    response = post(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("subscriptions:done")
    assert client.get(response["Location"]).status_code == 200
    (message,) = outbox
    assert message.to == ["lea@example.fr"]
    assert message.subject.startswith("[SCORAN BFC] Confirmez")
    subscription = Subscription.objects.get()
    assert subscription.query == "type=guide"
    # The key, signed with a time stamp (it expires), never the primary key.
    assert f"/confirmer/{subscription.key}:" in path_of(message, "/confirmer/")

    confirm = path_of(message, "/confirmer/")
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Confirmer l&#x27;abonnement" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a GET (a link scanner) confirms nothing
    assert client.post(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    guide = new_resource("Guide du très haut débit", author)
    new_resource("Une étude hors filtre", author, kind="etude")
    outbox.clear()
    run = send_digests(frequency="quotidien")
    assert run.sent == 1
    (digest,) = outbox
    assert "Guide du très haut débit" in digest.body
    assert "hors filtre" not in digest.body
    assert f"https://scoran.example.fr{guide.get_absolute_url()}" in digest.body
    unsubscribe = f"https://scoran.example.fr/abonnements/desabonner/{subscription.key}/"
    assert digest.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in digest.body
    message = digest.message()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "[SCORAN BFC] 1 nouveauté : " + FOLLOWABLE_LISTS["ressources"].title

    # One click: the mail client POSTs without a session or CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(
        unsubscribe.removeprefix("https://scoran.example.fr"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_the_unsubscribe_link_shows_a_button_and_its_post_deletes(client):
    subscription = confirmed()
    url = reverse("subscriptions:unsubscribe", args=[subscription.key])
    page = client.get(url)
    assert page.status_code == 200
    assert "Me désabonner" in page.content.decode()
    assert Subscription.objects.exists()
    assert client.post(url).status_code == 200
    assert not Subscription.objects.exists()
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("key", ["x" * 43, "1", "../../admin", "y" * 500, "%00", "' OR 1=1 --"])
def test_forged_unsubscribe_keys_are_a_french_404(client, key):
    confirmed()
    response = client.post(f"/abonnements/desabonner/{key}/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert Subscription.objects.count() == 1


def test_a_forged_confirmation_is_a_404_and_an_expired_one_a_french_400(client, outbox):
    post(client)
    subscription = Subscription.objects.get()
    forged = signing.TimestampSigner(salt=SALT, key="autre-secret" * 5).sign(subscription.key)
    assert client.get(f"/abonnements/confirmer/{forged}/").status_code == 404
    assert client.post(f"/abonnements/confirmer/{forged}/").status_code == 404
    assert client.get(f"/abonnements/confirmer/{subscription.key}/").status_code == 404
    assert client.post("/abonnements/confirmer/x:y:z/").status_code == 404

    class EightDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 8 * 86400)

    old = EightDaysAgo(salt=SALT).sign(subscription.key)
    assert client.get(f"/abonnements/confirmer/{old}/").status_code == 400
    response = client.post(f"/abonnements/confirmer/{old}/")
    assert response.status_code == 400
    assert "Lien de confirmation expiré" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_subscribing_again_reveals_nothing_and_reminds_the_owner_once_confirmed(client, outbox):
    first = post(client, email="Lea@Example.fr")
    services.confirm(token=path_of(outbox[0], "/confirmer/").split("/")[-2])
    outbox.clear()
    again = post(client, email="lea@example.FR", frequency="hebdomadaire")
    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"]
    # An e-mail leaves either way (its time tells nothing): a reminder, not a link to
    # confirm, to the address subscribed; the frequency is left to its owner.
    (reminder,) = outbox
    assert reminder.to == ["lea@example.fr"]
    assert "Vous êtes déjà abonné : Ressources publiées" in reminder.subject
    assert "/confirmer/" not in reminder.body and "Rien ne change." in reminder.body
    subscription = Subscription.objects.get()
    assert path_of(reminder, "/desabonner/") == f"/abonnements/desabonner/{subscription.key}/"
    assert subscription.get_frequency_display().lower() in reminder.body
    assert subscription.frequency == "quotidien"  # not the weekly one asked again


@pytest.mark.parametrize(
    "email",
    [
        "lea@example.fr\r\nBcc: victime@example.fr",
        "lea@example.fr\nSubject: spam",
        "lea@example.fr, autre@example.fr",
        "<lea@example.fr>",
        "x" * 250 + "@example.fr",
        "pas-une-adresse",
    ],
)
def test_header_injection_and_invalid_addresses_are_refused(client, outbox, email):
    response = post(client, email=email)
    assert response.status_code == 400
    assert "Erreur :" in response.content.decode()
    assert outbox == []
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "filtres",
    [
        "inconnu=1",
        "type=guide&evil=<script>",
        "type=pas-un-type",
        "q=" + "x" * 101,
        "orientation=999",
        "structure=1%20OR%201=1",
        "type=guide&" + "q=a&" * 400,
    ],
)
def test_hostile_filters_are_refused_in_french(client, outbox, filtres):
    response = post(client, filtres=filtres)
    assert response.status_code == 400
    assert "Ces filtres ne sont pas ceux de la liste" in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert outbox == []
    assert not Subscription.objects.exists()


def test_filters_are_normalised_and_page_dropped(client, outbox):
    post(client, filtres="page=3&q=fibre++optique&type=guide&format=csv&licence=")
    assert Subscription.objects.get().query == "q=fibre++optique&type=guide"


def test_an_unknown_list_is_a_404(client):
    assert client.post("/abonnements/inconnue/", {"email": "a@example.fr"}).status_code == 404


def test_the_form_is_throttled_per_address_silently_and_per_client_with_a_429(
    client, outbox, settings
):
    settings.SUBSCRIPTION_EMAILS_PER_ADDRESS = 2
    settings.SUBSCRIPTIONS_PER_IP = 5
    for query in ("type=guide", "type=kit", "type=etude", "type=outil"):
        assert post(client, filtres=query).status_code == 302
    assert len(outbox) == 2  # the address gets no more mails; the page says the same
    assert post(client, email="autre@example.fr").status_code == 302
    refused = post(client, email="troisieme@example.fr")
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()


def test_the_standalone_form_shows_the_filters_in_words(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = client.get(SUBSCRIBE, {"type": "guide"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Type de ressource : Guide méthodologique" in html
    assert 'value="type=guide"' in html


def test_the_list_page_with_the_form_runs_no_more_queries(client, author):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for index in range(3):
        new_resource(f"Ressource {index}", author)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/ressources/", {"type": "guide"}).content.decode()
    assert "S&#x27;abonner" in html or "S'abonner" in html
    assert not any("portal_subscription" in query["sql"] for query in queries.captured_queries)


def test_unconfirmed_subscriptions_are_purged_after_seven_days():
    old = Subscription.objects.create(
        email="a@example.fr", list_key="ressources",
        created_at=timezone.now() - datetime.timedelta(days=8),
    )  # fmt: skip
    recent = Subscription.objects.create(email="b@example.fr", list_key="ressources")
    kept = confirmed(created_at=timezone.now() - datetime.timedelta(days=30))
    assert services.purge_unconfirmed() == 1
    assert set(Subscription.objects.all()) == {recent, kept}
    assert not Subscription.objects.filter(pk=old.pk).exists()


def test_the_purge_and_digests_are_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "portal.subscriptions.tasks.send_daily_digests",
        "portal.subscriptions.tasks.send_weekly_digests",
        "portal.subscriptions.tasks.purge_unconfirmed_subscriptions",
    } <= tasks


def test_a_confirmation_sent_again_is_not_purged_before_its_link_expires(client, outbox):
    post(client)
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=6))
    outbox.clear()
    post(client)  # asked again on day 6: a new link, valid 7 days
    token = path_of(outbox[0], "/confirmer/").split("/")[-2]
    services.purge_unconfirmed(now=timezone.now() + datetime.timedelta(days=2))
    assert services.confirm(token=token).is_confirmed
