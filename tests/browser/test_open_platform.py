"""The open platform in a real headless Chromium: a visitor searches « numerique »
from the header, refines the results to the resources, opens one, subscribes by
e-mail to the resources of its orientation, confirms from the captured e-mail (the
button of the page, never the link alone), receives the digest once a new resource
of that orientation is published (and not one of another orientation), then
unsubscribes in one click from the digest's link. The search and subscription pages
pass axe-core (WCAG 2.1 A and AA). Shares the browser fixtures of test_pages (skipped
with it when Chromium is missing)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import Subscription
from portal.search.services import rebuild_index
from portal.subscriptions.digests import send_digests
from strategy.models import Orientation
from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.directory.factories import isolated_cache, make_organisation
from tests.portal.factories import make_resource_row

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]

EMAIL = "lea.martin@exemple.fr"
TITLE = "Guide du numérique responsable"


def link_in(message, marker: str) -> str:
    (link,) = {word for word in message.body.split() if marker in word}
    return link


def test_a_visitor_finds_a_resource_subscribes_to_its_orientation_then_unsubscribes(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
):
    """Long because it follows one subscription from the search to the unsubscription,
    each step depending on the one before."""
    isolated_cache(settings)  # throttling counters of our own
    settings.SITE_URL = live_server.url  # the e-mails' links lead to this server
    mail.outbox.clear()
    author = make_organisation("Syndicat auteur")
    orientation, other = Orientation.objects.order_by("number")[:2]
    resource = make_resource_row(TITLE, author, orientations=[orientation])
    rebuild_index()

    # The header's search box, with the accents left out.
    page.goto(live_server.url + reverse("portal:home"))
    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill("numerique")
    box.press("Enter")
    page.wait_for_url("**" + reverse("search:results") + "?q=numerique")
    assert_accessible(page, reverse("search:results"))
    # The strategy's pages speak of « numérique » everywhere: the visitor refines.
    page.get_by_role("link", name="Ressources (1)").click()
    page.wait_for_url("**type=ressources*")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**" + resource.get_absolute_url())

    # The resources of its orientation, followed by e-mail, daily.
    listing = f"{reverse('resources:list')}?orientation={orientation.number}"
    page.goto(live_server.url + listing)
    page.get_by_label("Adresse électronique (obligatoire)").fill(EMAIL)
    page.get_by_label("Chaque jour").check()
    page.get_by_role("button", name="S'abonner").click()
    page.wait_for_url("**" + reverse("subscriptions:done") + "*")
    assert_accessible(page, reverse("subscriptions:done"))
    (asked,) = mail.outbox
    assert asked.to == [EMAIL]

    # The link alone confirms nothing (a link scanner may open it): the button does.
    confirmation = link_in(asked, "/abonnements/confirmer/")
    page.goto(confirmation)
    assert_accessible(page, "/abonnements/confirmer/…")
    assert Subscription.objects.get().confirmed_at is None
    page.get_by_role("button", name="Confirmer l'abonnement").click()
    page.wait_for_load_state()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None
    assert subscription.query == f"orientation={orientation.number}"

    # A new resource of the orientation, and one of another: the digest holds the first.
    make_resource_row("Kit de sobriété numérique", author, orientations=[orientation],
                      published_at=timezone.now())  # fmt: skip
    make_resource_row("Référentiel sans rapport", author, orientations=[other],
                      published_at=timezone.now())  # fmt: skip
    mail.outbox.clear()
    assert send_digests(frequency="quotidien").sent == 1
    (digest,) = mail.outbox
    assert digest.to == [EMAIL]
    assert "Kit de sobriété numérique" in digest.body
    assert "Référentiel sans rapport" not in digest.body and TITLE not in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click on the digest's link.
    page.goto(link_in(digest, "/abonnements/desabonner/"))
    assert_accessible(page, "/abonnements/desabonner/…")
    page.get_by_role("button", name="Me désabonner").click()
    page.wait_for_load_state()
    assert not Subscription.objects.exists()
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
