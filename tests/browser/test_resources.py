"""A resource's whole life in a real headless Chromium: an agent proposes it with a
file and submits it, a curator publishes it from the admin's moderation queue, an
anonymous visitor finds it and downloads it twice, which counts once; the list and
the page of resources pass axe-core (WCAG 2.1 A and AA). Shares the browser fixtures
of test_pages (skipped with it when Chromium is missing)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    PageWatch,
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.browser.test_project_workflow import sign_in
from tests.directory.factories import isolated_cache, make_agent, make_curator, make_organisation
from tests.portal.factories import PDF
from tests.scoran.lib.test_downloads import CHROME

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]

TITLE = "Guide des démarches Territoires intelligents"


def test_an_agents_resource_is_published_then_downloaded_and_counted_once(
    page,  # noqa: F811  (the fixture imported above)
    browser,  # noqa: F811
    live_server,
    settings,
    tmp_path,
):
    """Long because it follows one resource step by step, each step depending on
    the one before: split, it would repeat the set-up of each."""
    from portal.models import Resource, ResourceDownloadMonth

    settings.MEDIA_ROOT = tmp_path / "media"
    isolated_cache(settings)  # no marker of an earlier run counts this visitor
    organisation = make_organisation("Syndicat du numérique", slug="syndicat")
    agent = make_agent("agent@example.fr", organisation)
    curator = make_curator("curatrice@example.fr")
    guide = tmp_path / "guide.pdf"
    guide.write_bytes(PDF)

    # The agent proposes the resource with its file, then submits it.
    sign_in(page, live_server, reverse("accounts:login"), agent.email)
    page.wait_for_url(live_server.url + reverse("accounts:account"))
    page.goto(live_server.url + reverse("resource_agents:create"))
    assert_accessible(page, reverse("resource_agents:create"))
    page.get_by_label("Titre (obligatoire)").fill(TITLE)
    page.get_by_label("Résumé (obligatoire)").fill("Conduire une démarche pas à pas.")
    page.get_by_label("Type (obligatoire)", exact=True).select_option("guide")
    page.get_by_label("Licence (obligatoire)").select_option("lo-2.0")
    page.get_by_label("Date de la ressource (obligatoire)").fill("2026-01-15")
    page.get_by_label("Collectivités", exact=True).check()
    page.get_by_label("Date de la version (obligatoire)").fill("2026-01-15")
    page.get_by_label("Fichiers").set_input_files(str(guide))
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    resource = Resource.objects.get(title=TITLE)
    page.wait_for_url(live_server.url + reverse("resource_agents:edit", args=[resource.slug]))
    page.get_by_role("button", name="Soumettre à la relecture").click()
    page.wait_for_url(live_server.url + reverse("resource_agents:mine"))
    assert_accessible(page, reverse("resource_agents:mine"))
    resource.refresh_from_db()
    assert resource.state == Resource.State.SUBMITTED

    # An anonymous visitor with an ordinary browser: nothing to see or download yet.
    visitor = browser.new_context(locale="fr-FR", user_agent=CHROME, accept_downloads=True)
    public = visitor.new_page()
    download_url = live_server.url + resource.get_download_url()
    assert public.goto(live_server.url + resource.get_absolute_url()).status == 404
    assert public.request.get(download_url).status == 404
    assert not ResourceDownloadMonth.objects.exists()

    # The curator publishes it from the moderation queue.
    desk = browser.new_context(locale="fr-FR")
    admin = desk.new_page()
    sign_in(admin, live_server, reverse("admin:login"), curator.email)
    admin.wait_for_url(live_server.url + reverse("admin:index"))
    admin.goto(live_server.url + reverse("admin:portal_resource_changelist"))
    admin.get_by_role("link", name=TITLE).click()
    admin.get_by_role("link", name="Publier", exact=True).click()
    admin.get_by_role("button", name="Publier").click()
    admin.get_by_text("1 ressource(s) publiée(s).").wait_for()
    resource.refresh_from_db()
    assert resource.state == Resource.State.PUBLISHED

    # The visitor finds it on the list and downloads it twice: it counts once.
    public.watch = PageWatch(public, live_server.url)
    list_url = reverse("resources:list")
    public.goto(live_server.url + list_url)
    assert_accessible(public, list_url)
    public.get_by_role("link", name=TITLE).click()
    public.wait_for_url(live_server.url + resource.get_absolute_url())
    assert_accessible(public, resource.get_absolute_url())
    cookies = visitor.cookies()
    for _ in range(2):
        with public.expect_download() as download:
            public.get_by_role("link", name="Télécharger la version 1.0").click()
        assert download.value.suggested_filename == "guide.pdf"
        assert download.value.path().read_bytes() == PDF
    month = timezone.localdate().replace(day=1)
    assert list(ResourceDownloadMonth.objects.values_list("resource", "month", "count")) == [
        (resource.pk, month, 1)
    ]
    assert visitor.cookies() == cookies  # downloading set no cookie

    # The visitor's "Signaler une erreur" leads to an accessible form.
    public.get_by_role("link", name="Signaler une erreur").click()
    report_url = reverse("reports:report", kwargs={"kind": "ressources", "key": resource.pk})
    public.wait_for_url(live_server.url + report_url)
    assert_accessible(public, report_url)

    # The curator reads the month on the resource's admin page.
    admin.goto(live_server.url + reverse("admin:portal_resource_change", args=[resource.pk]))
    months = admin.locator("#download_months-group")
    assert months.locator(".field-count").inner_text().strip() == "1"
    assert f"{month:%Y}" in months.locator(".field-month").inner_text()
    assert public.watch.console_errors == []
    assert public.watch.foreign_requests == []
    visitor.close()
    desk.close()
