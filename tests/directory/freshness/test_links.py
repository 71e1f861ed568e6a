"""The external link checker (``scoran.lib.links``) against a real loopback server,
and the weekly job storing its results and telling curators of broken links."""

import pytest
from django.core import mail
from django.urls import reverse

from directory.freshness.services import _polite_order, check_links
from directory.models import LinkCheck, Organisation
from scoran.lib import links
from tests.directory.factories import make_agent, make_curator, make_organisation, make_project
from tests.directory.outages import closed_port


def test_a_page_that_answers_is_ok_with_one_head_request(site):
    outcome = links.check(site.base + "/ok")
    assert (outcome.status, outcome.error, outcome.ok) == (200, "", True)
    assert site.hits == {("HEAD", "/ok"): 1}


def test_a_missing_page_is_broken(site):
    outcome = links.check(site.base + "/absente")
    assert (outcome.status, outcome.ok) == (404, False)


def test_a_server_refusing_head_is_asked_with_get(site):
    outcome = links.check(site.base + "/sans-head")
    assert (outcome.status, outcome.ok) == (200, True)
    assert site.hits == {("HEAD", "/sans-head"): 1, ("GET", "/sans-head"): 1}


def test_a_redirect_is_followed(site):
    outcome = links.check(site.base + "/deplace")
    assert (outcome.status, outcome.ok) == (200, True)
    assert site.hits[("HEAD", "/ok")] == 1


def test_a_redirect_loop_is_reported_as_such(site):
    outcome = links.check(site.base + "/boucle-a")
    assert (outcome.error, outcome.ok) == ("boucle de redirections", False)
    assert sum(site.hits.values()) == 2


def test_redirects_are_bounded(site, settings):
    settings.LINK_CHECK_MAX_REDIRECTS = 3
    outcome = links.check(site.base + "/loin-0")
    assert (outcome.error, outcome.ok) == ("trop de redirections", False)
    assert sum(site.hits.values()) == 4  # the first request and three redirects


def test_a_server_that_does_not_answer_in_time_is_given_up(site, settings):
    settings.LINK_CHECK_TIMEOUT = 0.2
    site.slow_for = 2
    outcome = links.check(site.base + "/lent")
    assert (outcome.error, outcome.ok) == ("pas de réponse dans le délai", False)


def test_a_server_dripping_its_answer_is_given_up_within_the_time_allowed(site, settings):
    settings.LINK_CHECK_TIMEOUT = 1  # each header comes well within it, the whole not
    outcome = links.check(site.base + "/goutte")
    assert (outcome.status, outcome.error) == (None, "pas de réponse dans le délai")


def test_a_closed_port_is_connection_refused(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    outcome = links.check(f"http://127.0.0.1:{closed_port()}/")
    assert (outcome.error, outcome.ok) == ("connexion refusée", False)


def test_a_large_body_is_not_read_to_its_end(site):
    outcome = links.check(site.base + "/gros")  # HEAD: no body at all
    assert outcome.ok
    site.hits.clear()
    status, _ = links._request(site.base + "/gros", "GET")  # reads LINK_CHECK_MAX_BYTES
    assert status == 200


def test_private_addresses_are_refused_unless_allowed(site, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    for url in (site.base + "/ok", "http://localhost:1/", "http://10.0.0.1/", "http://[::1]/"):
        outcome = links.check(url)
        assert (outcome.error, outcome.ok) == ("adresse d'un réseau privé refusée", False), url
    assert sum(site.hits.values()) == 0  # nothing reached the server


@pytest.mark.parametrize(
    "url", ["ftp://example.fr/x", "javascript:alert(1)", "file:///etc/passwd", "http://"]
)
def test_addresses_that_are_not_web_pages_are_refused(url):
    outcome = links.check(url)
    assert outcome.error == "adresse qui n'est pas http(s)" and not outcome.ok


def test_hosts_are_taken_in_turn_so_that_pauses_overlap():
    urls = {"https://a.fr/1", "https://a.fr/2", "https://b.fr/1", "https://c.fr/1"}
    assert _polite_order(urls) == [
        "https://a.fr/1",
        "https://b.fr/1",
        "https://c.fr/1",
        "https://a.fr/2",
    ]


# --- The weekly job ------------------------------------------------------------------


@pytest.fixture
def organisations(db, site):
    make_curator("curateur@example.fr")
    return {
        name: make_organisation(name, website=site.base + path, is_published=published)
        for name, path, published in (
            ("Syndicat", "/ok", True),
            ("Ville", "/absente", True),
            ("Brouillon", "/absente-aussi", False),
        )
    }


def test_the_job_stores_each_link_and_flags_broken_ones_after_repeated_failures(
    organisations, site, settings
):
    settings.LINK_CHECK_BROKEN_AFTER = 2
    assert check_links() == {"checked": 2, "broken": 0}  # the draft is not checked
    assert mail.outbox == []  # one failure is not yet broken
    check_links()
    broken = LinkCheck.objects.broken().get()
    assert (broken.object_title, broken.status_code, broken.consecutive_failures) == (
        "Ville",
        404,
        2,
    )
    assert broken.first_failure_at < broken.last_checked_at
    assert broken.object_url == organisations["Ville"].get_absolute_url()
    (digest,) = mail.outbox
    assert digest.to == ["curateur@example.fr"]
    assert digest.subject == "[SCORAN BFC] Liens cassés : 1"
    assert site.base + "/absente" in digest.body and "HTTP 404" in digest.body
    # Never removed from the item.
    assert Organisation.objects.get(name="Ville").website == site.base + "/absente"
    assert ("HEAD", "/absente-aussi") not in site.hits


def test_a_link_that_answers_again_is_no_longer_broken_and_gone_links_are_forgotten(
    organisations, site, settings
):
    settings.LINK_CHECK_BROKEN_AFTER = 1
    check_links()
    city = organisations["Ville"]
    Organisation.objects.filter(pk=city.pk).update(website=site.base + "/ok")
    check_links()
    assert not LinkCheck.objects.broken().exists()
    assert set(
        LinkCheck.objects.values_list("url", "consecutive_failures", "first_failure_at")
    ) == {(site.base + "/ok", 0, None)}
    Organisation.objects.filter(pk=city.pk).update(state="draft", website="")
    check_links()
    assert LinkCheck.objects.count() == 1


def test_projects_websites_are_checked_too(db, site, settings):
    settings.LINK_CHECK_BROKEN_AFTER = 1
    organisation = make_organisation("Porteur")
    agent = make_agent("agent@example.fr", organisation)
    make_project(organisation, by=agent, state="published", website=site.base + "/absente")
    check_links()
    assert list(LinkCheck.objects.broken().values_list("kind", flat=True)) == ["projets"]


def test_curators_see_broken_links_in_the_admin_and_visitors_do_not(
    organisations, client, settings
):
    settings.LINK_CHECK_BROKEN_AFTER = 1
    check_links()
    url = reverse("admin:directory_linkcheck_changelist")
    assert client.get(url).status_code == 302
    client.force_login(make_curator("autre@example.fr"))
    response = client.get(url, {"casse": "oui"})
    rows = response.context["cl"].result_list
    assert [row.object_title for row in rows] == ["Ville"]
    assert f'href="{organisations["Ville"].get_absolute_url()}"' in response.content.decode()


def test_https_links_are_checked_with_the_certificate_verified(site, tmp_path):
    """A TLS server whose certificate no authority signed: the checker speaks TLS to
    the address it checked and refuses the certificate (no request is sent)."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    make = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    make += ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)]
    subprocess.run(make, check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    site.socket = context.wrap_socket(site.socket, server_side=True)
    https = site.base.replace("http://", "https://")
    outcome = links.check(https + "/ok")
    assert (outcome.error, outcome.ok) == ("connexion chiffrée impossible (certificat)", False)
    assert sum(site.hits.values()) == 0


def test_the_link_checks_page_costs_the_same_queries_for_one_and_many_rows(
    db, site, admin_client, settings, django_assert_num_queries
):
    settings.LINK_CHECK_BROKEN_AFTER = 1
    url = reverse("admin:directory_linkcheck_changelist")
    make_organisation("Une", website=site.base + "/absente")
    check_links()
    admin_client.get(url)
    with django_assert_num_queries(5) as one:
        admin_client.get(url)
    for number in range(10):
        make_organisation(f"Autre {number}", website=f"{site.base}/absente-{number}")
    check_links()
    assert LinkCheck.objects.count() == 11
    with django_assert_num_queries(len(one.captured_queries)):
        admin_client.get(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
        "http://[::ffff:a00:1]/",  # IPv4-mapped 10.0.0.1
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://[64:ff9b:1::a00:1]/",  # local-use NAT64
        "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
        "http://[::127.0.0.1]/",  # IPv4-compatible loopback
        "http://224.0.0.1/",  # multicast
        "http://[ff0e::1]/",  # global-scope IPv6 multicast
        "http://0x7f.1/",  # loopback written in hexadecimal
        "http://2130706433/",  # loopback as one decimal number
    ],
)
def test_private_addresses_in_every_written_form_are_refused(url, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    settings.LINK_CHECK_TIMEOUT = 1
    outcome = links.check(url)
    assert (outcome.error, outcome.ok) == ("adresse d'un réseau privé refusée", False)


def test_a_public_address_embedded_in_ipv6_is_not_refused_for_its_form():
    assert links._is_public("::ffff:8.8.8.8") and links._is_public("64:ff9b::808:808")
    assert links._is_public("2a01:cb00::1") and links._is_public("8.8.8.8")


def test_an_address_an_item_gives_twice_is_counted_once(organisations, site, settings):
    from scoran.lib.catalogues import CHECKED_LINKS, CheckedLinks

    settings.LINK_CHECK_BROKEN_AFTER = 2
    twice = CheckedLinks(
        key="organisations",
        label="la structure",
        queryset=lambda: Organisation.objects.published(),
        fields=("website", "website"),
        title=lambda organisation: organisation.name,
    )
    with CHECKED_LINKS.replaced("organisations", twice):
        check_links()
    city = LinkCheck.objects.get(object_title="Ville")
    assert city.consecutive_failures == 1 and not LinkCheck.objects.broken().exists()


def test_storing_the_results_costs_the_same_queries_for_one_and_many_items(db, site, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of_two_runs() -> int:
        LinkCheck.objects.all().delete()
        with CaptureQueriesContext(connection) as context:
            check_links()  # stores new results
            check_links()  # updates them
        return len(context.captured_queries)

    settings.LINK_CHECK_BROKEN_AFTER = 99  # no digest: only the storing is counted
    make_organisation("Seule", website=site.base + "/ok")
    one = queries_of_two_runs()
    for number in range(20):
        make_organisation(f"Structure {number}", website=site.base + f"/absente-{number}")
    assert queries_of_two_runs() == one
    assert LinkCheck.objects.count() == 21


def test_a_link_that_is_not_a_web_address_is_shown_as_text_in_the_admin(db, admin_client):
    LinkCheck.objects.create(
        kind="organisations",
        object_key="1",
        object_title="<script>alert(1)</script>",
        object_url="/structures/x/",
        url="javascript:alert(document.cookie)",
        error="adresse qui n'est pas http(s)",
        consecutive_failures=3,
        last_checked_at="2026-01-01T00:00:00Z",
    )
    html = admin_client.get(reverse("admin:directory_linkcheck_changelist")).content.decode()
    assert "javascript:alert(document.cookie)" in html
    assert 'href="javascript:' not in html.lower()
    assert "<script>alert(1)</script>" not in html


def test_a_check_started_while_another_runs_does_nothing(organisations, site):
    from django.core.cache import cache

    from directory.freshness.services import CHECKING

    cache.add(CHECKING, 1, timeout=60)  # another worker is checking
    try:
        assert check_links() == {"checked": 0, "broken": 0}
        assert sum(site.hits.values()) == 0 and not LinkCheck.objects.exists()
    finally:
        cache.delete(CHECKING)
    assert check_links()["checked"] == 2
    assert cache.get(CHECKING) is None  # released once done
