"""The whole life of a project in a real headless Chromium (Debian's chromium): an agent
signs in, drafts a project with an image and submits it; a curator publishes it from
the admin's moderation queue; the public then finds it on the list, on its page (with
its image) and on the page of the orientation it serves. Shares the browser fixtures
of test_browser (skipped with it when Chromium is missing)."""

import pytest
from django.urls import reverse

from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    PageWatch,
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.directory.factories import (
    PASSWORD,
    image_upload,
    make_agent,
    make_curator,
    make_organisation,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]

TITLE = "Tiers-lieu numérique des Vosges saônoises"
ALT_TEXT = "La salle commune du tiers-lieu, avec ses postes en libre accès"


def sign_in(tab, live_server, url: str, email: str) -> None:
    tab.goto(live_server.url + url)
    tab.get_by_label("Adresse électronique").fill(email)
    tab.get_by_label("Mot de passe").fill(PASSWORD)
    tab.get_by_label("Mot de passe").press("Enter")


def test_an_agents_project_is_published_by_a_curator_and_reaches_the_public(
    page,  # noqa: F811  (the fixture imported above)
    browser,  # noqa: F811
    live_server,
    settings,
    tmp_path,
):
    """Long because it follows one person's journey step by step, each step
    depending on the one before: split, it would repeat the set-up of each."""
    from directory.models import Project
    from strategy.models import Orientation

    settings.MEDIA_ROOT = tmp_path
    organisation = make_organisation("Syndicat du numérique", slug="syndicat")
    agent = make_agent("agent@example.fr", organisation)
    curator = make_curator("curatrice@example.fr")
    orientation = Orientation.objects.get(number=4)
    picture = tmp_path / "salle.png"
    picture.write_bytes(image_upload("salle.png", size=(800, 450)).read())

    # The agent drafts the project with an image, then submits it.
    sign_in(page, live_server, reverse("accounts:login"), agent.email)
    page.wait_for_url(live_server.url + reverse("accounts:account"))
    page.goto(live_server.url + reverse("project_agents:create"))
    page.get_by_label("Titre (obligatoire)").fill(TITLE)
    page.get_by_label("Résumé (obligatoire)").fill("Un lieu de médiation numérique pour tous.")
    page.get_by_label("Description (obligatoire)").fill("Ouvert **six jours sur sept**.")
    page.locator(f'input[name="orientations"][value="{orientation.pk}"]').check()
    page.locator('input[name="images-0-image"]').set_input_files(str(picture))
    page.locator('input[name="images-0-alt_text"]').fill(ALT_TEXT)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    project = Project.objects.get(title=TITLE)
    page.wait_for_url(live_server.url + reverse("project_agents:edit", args=[project.slug]))
    assert project.images.get().alt_text == ALT_TEXT
    page.get_by_role("button", name="Soumettre à la relecture").click()
    page.wait_for_url(live_server.url + reverse("project_agents:mine"))
    project.refresh_from_db()
    assert project.state == Project.State.SUBMITTED

    # Nobody else sees it yet.
    visitor = browser.new_context(locale="fr-FR")
    public = visitor.new_page()
    detail = project.get_absolute_url()
    assert public.goto(live_server.url + detail).status == 404
    public.goto(live_server.url + reverse("projects:list"))
    assert TITLE not in public.content()

    # The curator publishes it from the moderation queue.
    desk = browser.new_context(locale="fr-FR")
    admin = desk.new_page()
    sign_in(admin, live_server, reverse("admin:login"), curator.email)
    admin.wait_for_url(live_server.url + reverse("admin:index"))
    admin.goto(live_server.url + reverse("admin:directory_project_changelist"))
    admin.get_by_role("link", name=TITLE).click()
    admin.get_by_role("link", name="Publier", exact=True).click()
    admin.get_by_role("button", name="Publier").click()
    admin.get_by_text("1 projet(s) publié(s).").wait_for()
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED

    # The public finds it on the list, its page (image included) and its orientation.
    public.watch = PageWatch(public, live_server.url)
    public.goto(live_server.url + reverse("projects:list"))
    public.get_by_role("link", name=TITLE).click()
    public.wait_for_url(live_server.url + detail)
    image = public.get_by_role("img", name=ALT_TEXT)
    # loading="lazy": the page's load event does not wait for the image, so wait for it
    # (it fails after Playwright's timeout if the image never loads).
    image.scroll_into_view_if_needed()
    public.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert_accessible(public, detail)
    public.goto(live_server.url + orientation.get_absolute_url())
    assert public.locator("#projets").get_by_role("link", name=TITLE).is_visible()
    assert public.watch.console_errors == []
    assert public.watch.foreign_requests == []
    visitor.close()
    desk.close()
