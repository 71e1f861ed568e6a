"""Resources and aides take part in the curation every curated kind shares: "Signaler
une erreur" on their pages (``/signaler/<kind>/<key>/``), the « à vérifier » of the
admin, the owners' weekly reminder and the weekly check of their external links."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from directory.freshness.services import check_links, send_review_reminders
from directory.models import ErrorReport, LinkCheck
from portal.funding import services as funding_services
from portal.resources import services as resource_services
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.directory.freshness.conftest import site  # noqa: F401 (the loopback site)
from tests.portal.factories import make_resource_row
from tests.portal.funding.factories import make_funding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


@pytest.fixture
def owner():
    return make_organisation("Syndicat <b>numérique</b>", slug="syndicat")


@pytest.fixture
def items(owner):
    return {
        "ressources": make_resource_row("Guide <script>x</script>", owner),
        "aides": make_funding("Fonds <i>numérique</i>", owner=owner),
    }


def _report_url(kind, item) -> str:
    return reverse("reports:report", kwargs={"kind": kind, "key": str(item.pk)})


@pytest.mark.parametrize("kind", ["ressources", "aides"])
def test_a_published_item_links_to_its_report_form_which_reaches_the_curators(
    client, items, kind, django_capture_on_commit_callbacks
):
    make_curator("curateur@example.fr")
    item = items[kind]
    form = _report_url(kind, item)
    page = client.get(item.get_absolute_url()).content.decode()
    assert f'<a href="{form}" rel="nofollow">Signaler une erreur</a>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form, {"message": "Lien <b>périmé</b>.", "email": "u@example.fr"})
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    report = ErrorReport.objects.get()
    assert (report.kind, report.object_key, report.status) == (kind, str(item.pk), "nouveau")
    (sent,) = mail.outbox
    assert sent.to == ["curateur@example.fr"]


@pytest.mark.parametrize("kind", ["ressources", "aides"])
@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested", "refused"])
def test_unpublished_items_cannot_be_reported(client, owner, kind, state):
    item = (
        make_resource_row("Brouillon", owner, state=state)
        if kind == "ressources"
        else make_funding("Brouillon", owner=owner, state=state)
    )
    assert client.get(_report_url(kind, item)).status_code == 404
    assert client.post(_report_url(kind, item), {"message": "x"}).status_code == 404
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize("key", ["0", "99999999", "1 OR 1=1", "１", "-1", "9" * 30])
def test_forged_keys_are_404(client, items, key):
    for kind in ("ressources", "aides"):
        url = reverse("reports:report", kwargs={"kind": kind, "key": key})
        assert client.get(url).status_code == 404


def test_the_admin_filters_items_due_for_review(admin_client, items, settings):
    settings.REVIEW_AFTER_DAYS = 30
    for item in items.values():
        type(item).objects.filter(pk=item.pk).update(
            reviewed_at=timezone.now() - timedelta(days=31)
        )
    fresh = make_funding("Aide revue")
    for name, item in (("resource", items["ressources"]), ("funding", items["aides"])):
        url = reverse(f"admin:portal_{name}_changelist") + "?verification=a-verifier&etat=tous"
        listed = admin_client.get(url).context["cl"].result_list
        assert list(listed) == [item], name
    listed = admin_client.get(
        reverse("admin:portal_funding_changelist") + "?verification=verifie&etat=tous"
    ).context["cl"]
    assert list(listed.result_list) == [fresh]


def test_owners_are_reminded_of_their_resources_and_aides_due(items, owner, settings):
    settings.REVIEW_AFTER_DAYS = 30
    make_agent("agente@example.fr", owner)
    for item in items.values():
        type(item).objects.filter(pk=item.pk).update(
            reviewed_at=timezone.now() - timedelta(days=31)
        )
    assert send_review_reminders() == 1
    (sent,) = mail.outbox
    assert sent.to == ["agente@example.fr"]
    assert "Ressources :\n- Guide <script>x</script> : http" in sent.body
    assert "Aides :\n- Fonds <i>numérique</i> : http" in sent.body
    assert f"/ressources/{items['ressources'].slug}/modifier/" in sent.body
    assert f"/aides/{items['aides'].slug}/modifier/" in sent.body


def test_an_owners_edit_confirms_the_item(owner):
    agent = make_agent("agente@example.fr", owner)
    old = timezone.now() - timedelta(days=400)
    resource = make_resource_row("Guide", owner, state="draft")
    funding = make_funding("Aide", owner=owner)
    for item in (resource, funding):
        type(item).objects.filter(pk=item.pk).update(reviewed_at=old)
    resource_services.update_resource(resource=resource, by=agent, values={"summary": "Neuf."})
    funding_services.update_funding(funding=funding, by=agent, values={"summary": "Neuf."})
    for item in (resource, funding):
        item.refresh_from_db()
        assert item.reviewed_at > timezone.now() - timedelta(minutes=1)
        assert not item.needs_review


def test_external_links_of_published_resources_and_aides_are_checked(owner, site, settings):  # noqa: F811
    settings.LINK_CHECK_BROKEN_AFTER = 1
    make_resource_row("Guide ailleurs", owner, link=site.base + "/absente")
    make_resource_row("Brouillon ailleurs", owner, state="draft", link=site.base + "/cachee")
    make_funding("Aide", application_url=site.base + "/ok", information_url=site.base + "/disparue")
    check_links()
    assert set(LinkCheck.objects.values_list("kind", "url", "consecutive_failures")) == {
        ("ressources", site.base + "/absente", 1),
        ("aides", site.base + "/ok", 0),
        ("aides", site.base + "/disparue", 1),
    }
    assert ("HEAD", "/cachee") not in site.hits  # an unpublished resource is not checked
