"""Who may edit the networks and their wholesale offers: curators in the admin, and
nobody else (agents, staff without the role, visitors); the public pages take no
writes. Links must be web addresses (http or https), in the form and in the
database; a curator's save confirms the network and the offers it shows."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from observatories.models import Network, WholesaleOffer
from tests.directory.factories import make_agent, make_curator, make_organisation, make_user
from tests.observatories.operators.factories import make_network, make_offer

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "agent", "staff", "curator", "superuser"]


@pytest.fixture
def world(small_region):
    network = make_network("RIP du Doubs", slug="rip-doubs", departments=["25"])
    offer = make_offer(network, "Délégataire")
    superuser = make_user("admin@example.fr", is_staff=True, is_superuser=True)
    return {
        "network": network,
        "offer": offer,
        "users": {
            "anonymous": None,
            "agent": make_agent("agent@example.fr", make_organisation()),
            "staff": make_user("personnel@example.fr", is_staff=True),  # no role
            "curator": make_curator(),
            "superuser": superuser,
        },
    }


def network_form(**changes) -> dict:
    return {
        "name": "RIP de la Nièvre",
        "slug": "rip-nievre",
        "zone": "RIP",
        "authority": "Syndicat mixte Nièvre Numérique",
        "contract": "",
        "is_published": "on",
        "description": "",
        "website": "https://rip.example.fr/",
        "departments": [],
        "epcis": [],
        "communes": [],
        "territory_note": "",
        "reviewed_at_0": "2026-01-01",
        "reviewed_at_1": "10:00:00",
        "offers-TOTAL_FORMS": "1",
        "offers-INITIAL_FORMS": "0",
        "offers-MIN_NUM_FORMS": "0",
        "offers-MAX_NUM_FORMS": "1000",
        "offers-0-operator": "Délégataire Nièvre",
        "offers-0-role": "infrastructure",
        "offers-0-markets": ["ftth-passif", "ftto"],
        "offers-0-url": "https://offre.example.fr/",
        "offers-0-note": "",
        "offers-0-is_published": "on",
        **changes,
    }


def offer_form(network, **changes) -> dict:
    return {
        "network": network.pk,
        "operator": "FAI",
        "role": "fai",
        "markets": ["ftth-active"],
        "url": "https://fai.example.fr/gros/",
        "note": "",
        "is_published": "on",
        **changes,
    }


OK_PAGE = {"anonymous": LOGIN, "agent": LOGIN, "staff": 403, "curator": 200, "superuser": 200}
OK_SAVE = {**OK_PAGE, "curator": 302, "superuser": 302}

# name: (method, url(world), data(world) or None, {role: expected})
ACTIONS = {
    "réseaux (liste)": ("get", lambda w: reverse("admin:observatories_network_changelist"), None,
                        OK_PAGE),
    "réseau (ajouter)": ("post", lambda w: reverse("admin:observatories_network_add"),
                         lambda w: network_form(), OK_SAVE),
    "réseau (modifier)": (
        "post",
        lambda w: reverse("admin:observatories_network_change", args=[w["network"].pk]),
        lambda w: network_form(name="RIP modifié", slug="rip-doubs", **{"offers-TOTAL_FORMS": "0"}),
        OK_SAVE,
    ),
    "réseau (supprimer)": (
        "post",
        lambda w: reverse("admin:observatories_network_delete", args=[w["network"].pk]),
        lambda w: {"post": "yes"},
        OK_SAVE,
    ),
    "offres (liste)": ("get", lambda w: reverse("admin:observatories_wholesaleoffer_changelist"),
                       None, OK_PAGE),
    "offre (ajouter)": ("post", lambda w: reverse("admin:observatories_wholesaleoffer_add"),
                        lambda w: offer_form(w["network"]), OK_SAVE),
    "offre (modifier)": (
        "post",
        lambda w: reverse("admin:observatories_wholesaleoffer_change", args=[w["offer"].pk]),
        lambda w: offer_form(w["network"], operator="Délégataire renommé"),
        OK_SAVE,
    ),
    "offre (supprimer)": (
        "post",
        lambda w: reverse("admin:observatories_wholesaleoffer_delete", args=[w["offer"].pk]),
        lambda w: {"post": "yes"},
        OK_SAVE,
    ),
}  # fmt: skip


def state() -> tuple:
    return (
        sorted(Network.objects.values_list("name", flat=True)),
        sorted(WholesaleOffer.objects.values_list("operator", flat=True)),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(client, world, role, action):
    method, url, data, expected = ACTIONS[action]
    user = world["users"][role]
    if user:
        client.force_login(user)
    before = state()
    target = url(world)
    response = getattr(client, method)(target, data(world) if data else None)
    if expected[role] == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == expected[role], response.content.decode()[:2000]
    if expected[role] != 302 and method == "post":
        assert state() == before  # a refused write writes nothing


@pytest.mark.parametrize("role", ["anonymous", "agent", "curator"])
def test_the_public_pages_take_no_writes(client, world, role):
    if world["users"][role]:
        client.force_login(world["users"][role])
    for url in (reverse("observatories:operators"), world["network"].get_absolute_url()):
        assert client.post(url, {"name": "Piraté"}).status_code == 405
    assert state() == (["RIP du Doubs"], ["Délégataire"])


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://offres.example.fr/",
        "file:///etc/passwd",
        "mailto:offres@example.fr",
        " javascript:alert(1)",
    ],
)
def test_only_web_addresses_are_taken_as_links(client, world, link):
    client.force_login(world["users"]["curator"])
    response = client.post(
        reverse("admin:observatories_wholesaleoffer_add"), offer_form(world["network"], url=link)
    )
    assert response.status_code == 200  # the form again, with its error
    assert "commençant par http:// ou https://" in response.content.decode()
    response = client.post(
        reverse("admin:observatories_network_add"), network_form(website=link, slug="autre")
    )
    assert response.status_code == 200
    assert state() == (["RIP du Doubs"], ["Délégataire"])


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "ftp://x.fr/"])
def test_the_database_refuses_other_links_whoever_writes(world, link):
    for write in (
        lambda: make_offer(world["network"], "Pirate", url=link),
        lambda: make_network("Pirate", website=link),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            write()


def test_a_curators_save_confirms_the_network_and_its_offers(client, world):
    old = timezone.now() - timedelta(days=400)
    Network.objects.update(reviewed_at=old)
    WholesaleOffer.objects.update(reviewed_at=old)
    client.force_login(world["users"]["curator"])
    network = world["network"]
    response = client.post(
        reverse("admin:observatories_network_change", args=[network.pk]),
        network_form(
            name="RIP du Doubs",
            slug="rip-doubs",
            **{
                "offers-INITIAL_FORMS": "1",
                "offers-0-id": world["offer"].pk,
                "offers-0-network": network.pk,
                "offers-0-operator": "Délégataire",
                "offers-0-url": world["offer"].url,
            },
        ),
    )
    assert response.status_code == 302
    for row in (Network.objects.get(), WholesaleOffer.objects.get()):
        assert not row.needs_review


def test_a_curator_adds_a_network_with_its_offers_shown_at_once(client, world):
    client.force_login(world["users"]["curator"])
    client.post(reverse("admin:observatories_network_add"), network_form(departments=["21"]))
    network = Network.objects.get(slug="rip-nievre")
    offer = network.offers.get()
    assert offer.markets == ["ftth-passif", "ftto"]
    html = client.get(reverse("observatories:operators"), {"departement": "21"}).content.decode()
    assert "RIP de la Nièvre" in html and 'href="https://offre.example.fr/"' in html


def test_the_admin_filters_networks_and_offers_due_for_review(admin_client, world, settings):
    settings.REVIEW_AFTER_DAYS = 30
    due = make_network("Ancien réseau")
    Network.objects.filter(pk=due.pk).update(reviewed_at=timezone.now() - timedelta(days=31))
    WholesaleOffer.objects.update(reviewed_at=timezone.now() - timedelta(days=31))
    url = reverse("admin:observatories_network_changelist") + "?verification=a-verifier"
    assert list(admin_client.get(url).context["cl"].result_list) == [due]
    url = reverse("admin:observatories_wholesaleoffer_changelist") + "?verification=a-verifier"
    assert list(admin_client.get(url).context["cl"].result_list) == [world["offer"]]
