"""The wholesale offers in the site's catalogues: their section under the observatory
(site map, sitemap.xml with each network's page, the observatory's home), the
weekly check of the offers' and networks' links, and « à vérifier » without any
owner to remind (curators keep them). And the demo networks."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.freshness.services import check_links, send_review_reminders
from directory.models import LinkCheck
from observatories.models import Network, WholesaleOffer
from observatories.operators.demo import create_demo_networks
from scoran.lib.catalogues import CHECKED_LINKS, CURATED_KINDS
from tests.directory.factories import make_agent, make_organisation
from tests.directory.freshness.conftest import site  # noqa: F401 (the loopback site)
from tests.observatories.operators.factories import make_network, make_offer

pytestmark = pytest.mark.django_db


def test_the_page_is_in_the_observatory_on_the_site_map_and_its_home(client, small_region):
    network = make_network("RIP du Doubs", slug="rip-doubs")
    withdrawn = make_network("Retiré", slug="retire", is_published=False)
    url = reverse("observatories:operators")
    site_map = client.get(reverse("portal:site_map")).content.decode()
    assert f'href="{url}"' in site_map
    home = client.get(reverse("observatories:home")).content.decode()
    assert f'<a href="{url}">Réseaux et offres de gros</a>' in home
    # The hosting page is the portal's: the home links to it through the catalogue.
    assert f'<a href="{reverse("hosting:list")}">' in home
    xml = client.get(reverse("sitemap")).content.decode()
    assert f"http://testserver{network.get_absolute_url()}</loc>" in xml
    assert withdrawn.get_absolute_url() not in xml


def test_the_links_of_published_offers_and_networks_are_checked(small_region, site, settings):  # noqa: F811
    settings.LINK_CHECK_BROKEN_AFTER = 1
    network = make_network("RIP", website=site.base + "/ok")
    make_offer(network, "Délégataire", url=site.base + "/disparue")
    make_offer(network, "Retirée", url=site.base + "/cachee", is_published=False)
    hidden = make_network("Réseau retiré", website=site.base + "/cache", is_published=False)
    make_offer(hidden, "Sur un réseau retiré", url=site.base + "/cache-aussi")
    check_links()
    assert set(LinkCheck.objects.values_list("kind", "url", "consecutive_failures")) == {
        ("reseaux", site.base + "/ok", 0),
        ("offres-de-gros", site.base + "/disparue", 1),
    }
    broken = LinkCheck.objects.get(url=site.base + "/disparue")
    assert broken.object_title == "Délégataire – RIP"
    assert broken.object_url == network.get_absolute_url()
    assert {"reseaux", "offres-de-gros"} <= set(CHECKED_LINKS.keys())


def test_items_due_for_review_remind_nobody_but_are_curated(small_region, settings):
    settings.REVIEW_AFTER_DAYS = 30
    make_agent("agent@example.fr", make_organisation("Syndicat mixte Doubs THD"))
    network = make_network("Syndicat mixte Doubs THD")
    make_offer(network, "Délégataire")
    old = timezone.now() - timedelta(days=31)
    Network.objects.update(reviewed_at=old)
    WholesaleOffer.objects.update(reviewed_at=old)
    for key in ("reseaux", "offres-de-gros"):
        kind = CURATED_KINDS[key]
        assert kind.queryset().due_for_review().count() == 1
        assert "/admin/observatories/" in kind.link(kind.queryset().get())
    assert send_review_reminders() == 0
    assert mail.outbox == []


def test_the_demo_names_the_public_networks_of_the_seeds_and_marks_the_rest(small_region):
    create_demo_networks()
    networks = Network.objects.all()
    assert networks.count() >= 10 and not networks.filter(is_demo=False).exists()
    authorities = set(networks.values_list("authority", flat=True))
    assert {
        "Syndicat mixte Doubs THD",
        "Syndicat mixte Nièvre Numérique",
        "Syndicat mixte Haute-Saône Numérique",
        "Région Bourgogne-Franche-Comté",
    } <= authorities
    offers = WholesaleOffer.objects.all()
    assert offers.count() >= 20 and not offers.filter(is_demo=False).exists()
    assert all("(démonstration)" in offer.operator for offer in offers)
    assert all(".invalid/" in offer.url for offer in offers)
    assert set(networks.values_list("zone", flat=True)) == {"RIP", "AMII"}
    doubs = networks.get(slug="rip-doubs")
    assert list(doubs.departments.values_list("code", flat=True)) == ["25"]
    create_demo_networks()  # a later run: the same rows
    assert (Network.objects.count(), WholesaleOffer.objects.count()) == (
        networks.count(),
        offers.count(),
    )
