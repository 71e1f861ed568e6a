"""Pages in a real headless Chromium: accessibility (axe-core), keyboard, CSP, privacy."""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from strategy.models import Orientation

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

if not shutil.which(CHROMIUM):
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is required in CI (apt-get install chromium)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

# Transactional (the live server needs committed data): pytest-django runs these
# after the other database tests, whose data they would otherwise erase.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM would
    # then refuse to run from the test itself. The live server has its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class PageWatch:
    """Records what a page asked for and what went wrong in it."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https"} and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign_requests.append(request.url)

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)


@pytest.fixture(autouse=True)
def unhashed_static_files(settings):
    """The live server finds static files by their source name (the hashed names
    of production are tested in test_static_files)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = PageWatch(page, live_server.url)
    yield page
    context.close()


def public_urls():
    return [
        reverse("portal:home"),
        reverse("strategy:overview"),
        Orientation.objects.get(number=13).get_absolute_url(),
        Orientation.objects.get(number=1).get_absolute_url(),
        reverse("strategy:indicators"),
        reverse("portal:legal_notice"),
        reverse("portal:accessibility"),
        reverse("portal:privacy"),
        reverse("portal:site_map"),
        reverse("observatories:mobile"),  # without mobile data: its empty state
        reverse("observatories:mobile_map"),  # the same
        reverse("observatories:open_data"),  # without open data: its empty state
        reverse("groups:list"),
        reverse("accounts:sign_up"),
        reverse("accounts:password_reset"),
    ]


def assert_accessible(page, url: str) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"


def test_public_pages_have_no_wcag_aa_violation_no_csp_error_no_foreign_request(page, live_server):
    for url in public_urls():
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert_accessible(page, url)
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
    # The error pages share one template: the 404 stands for them all.
    response = page.goto(live_server.url + "/page-inexistante/")
    assert response.status == 404
    assert_accessible(page, "/page-inexistante/")
    assert page.watch.foreign_requests == []


def test_health_page_is_accessible_even_when_degraded(page, live_server):
    url = reverse("portal:health")
    page.goto(live_server.url + url)  # 503 here: no worker runs beside the live server
    assert_accessible(page, url)


def test_pages_are_accessible_on_a_phone_too(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    for url in public_urls():
        page.goto(live_server.url + url)
        assert_accessible(page, url)
        # Nothing wider than the screen: no horizontal scrolling of the page.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page, live_server):
    page.goto(live_server.url + reverse("strategy:overview"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert "contenu" in focused.lower()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_menu_collapses_on_a_phone_and_opens_with_the_keyboard(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + reverse("portal:home"))
    toggle = page.get_by_role("button", name="Menu")
    strategy_link = page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="La stratégie"
    )
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not strategy_link.is_visible()

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert strategy_link.is_visible()

    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    context.close()


def test_menu_stays_usable_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("portal:home"))
    nav = page.get_by_role("navigation", name="Menu principal")
    assert nav.get_by_role("link", name="La stratégie").is_visible()
    context.close()


def test_a_curator_uses_the_admin_under_the_strict_csp(page, live_server):
    from directory.models import User

    User.objects.create_superuser(email="curatrice@example.fr", password="cheval-batterie-agrafe")
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Adresse électronique").fill("curatrice@example.fr")
    page.get_by_label("Mot de passe").fill("cheval-batterie-agrafe")
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))

    orientation = Orientation.objects.get(number=14)
    page.goto(live_server.url + reverse("admin:strategy_orientation_change", args=[orientation.pk]))
    # The admin's own JavaScript runs: adding an inline piste creates a new form.
    page.get_by_role("button", name="Ajouter un objet Piste d'action supplémentaire").click()
    assert page.locator("#id_action_tracks-1-title").is_visible()
    assert page.watch.console_errors == []


def test_observatory_pages_with_figures_are_accessible(page, live_server, small_region):
    from observatories.importing.pipeline import import_file
    from observatories.models import ImportRun
    from tests.observatories.factories import SAMPLE_FIXED_STATS
    from tests.observatories.ftth.test_import import SAMPLE as SAMPLE_FTTH
    from tests.observatories.mobile import files as mobile
    from tests.observatories.open_data import files as open_data

    run = import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    import_file(SAMPLE_FTTH, trigger=ImportRun.Trigger.COMMAND)  # chart, zone, comparison
    for sample in (mobile.COVERAGE, mobile.SITES, mobile.TARGETED, mobile.ANFR):
        import_file(sample, trigger=ImportRun.Trigger.COMMAND)
    import_file(open_data.JUNE, trigger=ImportRun.Trigger.COMMAND)  # the EPCI, departments, region
    for url in (
        reverse("observatories:home"),
        run.get_absolute_url(),
        reverse("observatories:commune", kwargs={"code": "21231"}),
        reverse("observatories:epci", kwargs={"siren": "242100410"}),
        reverse("observatories:department", kwargs={"code": "21"}),
        reverse("observatories:commune_table"),
        reverse("observatories:commune_table") + "?share_30_min=beaucoup",
        reverse("observatories:mobile"),
        reverse("observatories:mobile_map"),
        reverse("observatories:open_data"),
        reverse("observatories:open_data") + "?departement=75&publie=oui",  # a forged filter
        # "Signaler une erreur" on the commune's figures: the form of every kind.
        reverse("reports:report", kwargs={"kind": "chiffres-communes", "key": "21231"}),
        # The strategy's indicators computed by the imports: tables, sparklines, trends.
        reverse("strategy:indicators"),
        Orientation.objects.get(number=1).get_absolute_url(),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        if url.startswith("/strategie/"):
            assert page.locator(".indicator-values table svg.sparkline").count() >= 1, url
            page.locator(".indicator-values details").first.evaluate("node => node.open = true")
        if "/communes/21231/" in url or "/epci/" in url or "/departements/" in url:
            # The territory pages' mobile section is swept with its tables.
            tables = "#mobile-couverture-4G, #mobile-sites-tableau, #mobile-stations-tableau"
            assert page.locator(tables).count() == 3, url
        assert_accessible(page, url)
    assert page.watch.console_errors == []


def test_the_upload_page_follows_the_import_under_the_csp(page, live_server, small_region):
    from directory.models import User
    from observatories.importing.pipeline import import_file
    from observatories.models import ImportRun, ImportUpload
    from tests.observatories.factories import SAMPLE_FIXED_STATS

    curator = User.objects.create_superuser(email="c@example.fr", password="cheval-batterie-agrafe")
    run = import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.UPLOAD, user=curator)
    upload = ImportUpload.objects.create(
        file="imports/commune_debit_filaire.csv", uploaded_by=curator, run=run, status="done"
    )
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Adresse électronique").fill("c@example.fr")
    page.get_by_label("Mot de passe").fill("cheval-batterie-agrafe")
    page.get_by_role("button", name="Connexion").click()
    page.goto(
        live_server.url + reverse("admin:observatories_importupload_change", args=[upload.pk])
    )
    # Only the script writes the counts: it ran, and fetched its JSON, under the policy.
    page.get_by_role("status").filter(has_text="3 créées").wait_for()
    assert page.watch.console_errors == []


def test_an_agent_signs_in_with_the_keyboard_and_edits_the_profile(page, live_server):
    """Long because it follows one person's journey step by step, each step
    depending on the one before: split, it would repeat the set-up of each."""
    from directory.models import Membership, Organisation, User
    from observatories.models import Commune, Department, Region

    region = Region.objects.create(code="27", name="Bourgogne-Franche-Comté")
    Department.objects.create(code="21", name="Côte-d'Or", region=region)
    Commune.objects.create(code="21231", name="Dijon", department_id="21", postcodes=["21000"])
    organisation = Organisation.objects.create(
        slug="syndicat",
        name="Syndicat du numérique",
        kind="syndicate",
        commune_id="21231",
        description="Nous déployons la fibre.",
        contact_email="contact@syndicat.example.fr",
        state="published",
    )
    organisation.themes.set(Orientation.objects.filter(number__in=[1, 3]))
    agent = User.objects.create_user(email="agent@example.fr", password="cheval-batterie-agrafe")
    Membership.objects.create(user=agent, organisation=organisation, role="admin")

    sign_in = reverse("accounts:login")
    page.goto(live_server.url + sign_in)
    assert_accessible(page, sign_in)
    # The keyboard alone: from the e-mail field, Tab to the password, Enter to submit.
    page.get_by_label("Adresse électronique").focus()
    page.keyboard.type("agent@example.fr")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type("mauvais-mot-de-passe")
    page.keyboard.press("Enter")
    page.get_by_role("alert").wait_for()
    assert_accessible(page, sign_in + " (erreur)")
    page.get_by_label("Mot de passe").fill("cheval-batterie-agrafe")
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url(live_server.url + reverse("accounts:account"))
    assert_accessible(page, reverse("accounts:account"))

    for url in (reverse("directory:list"), organisation.get_absolute_url()):
        page.goto(live_server.url + url)
        assert_accessible(page, url)

    page.get_by_role("link", name="Modifier la fiche").click()
    edit = reverse("directory:edit", args=["syndicat"])
    page.wait_for_url(live_server.url + edit)
    assert_accessible(page, edit)
    page.get_by_label("SIRET").fill("123")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    page.get_by_role("alert").wait_for()
    siret = page.get_by_label("SIRET")
    assert siret.get_attribute("aria-invalid") == "true"
    assert "id_siret_error" in siret.get_attribute("aria-describedby")
    assert_accessible(page, edit + " (erreurs)")

    page.get_by_label("SIRET").fill("732 829 320 00074")
    page.get_by_label("Présentation").fill("Nous déployons la fibre optique dans toute la région.")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    page.wait_for_url(live_server.url + organisation.get_absolute_url())
    assert "dans toute la région" in page.content()
    assert page.get_by_role("status").inner_text().startswith("Succès")
    members = reverse("directory:members", args=["syndicat"])
    page.goto(live_server.url + members)
    assert_accessible(page, members)
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_an_address_is_chosen_among_suggestions_with_the_keyboard(page, live_server, small_region):
    from observatories.importing.pipeline import import_file
    from observatories.models import ImportRun
    from tests.observatories.factories import DATA_DIR

    for name in ("base_imb_21.csv", "actuel_21.csv.gz"):
        run = import_file(DATA_DIR / name, trigger=ImportRun.Trigger.COMMAND)
        assert run.status == ImportRun.Status.SUCCEEDED, run.error
    url = reverse("observatories:address")
    page.goto(live_server.url + url)
    assert_accessible(page, url)

    field = page.get_by_role("combobox", name="Adresse")
    field.focus()
    page.keyboard.type("12 rue de la liberte")
    options = page.get_by_role("listbox").get_by_role("option")
    options.first.wait_for()
    assert options.count() == 2
    assert page.get_by_role("status").text_content() == (
        "2 adresses suggérées, flèche bas pour les parcourir."
    )
    assert field.get_attribute("aria-expanded") == "true"
    assert_accessible(page, url + " (suggestions)")

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    assert field.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/adresse/IMB/21231/X/0001/")
    assert page.get_by_role("heading", level=1).text_content() == "12 Rue de la Liberté, Dijon"
    assert_accessible(page, page.url)
    assert page.watch.console_errors == []


def test_the_address_search_works_without_javascript(browser, live_server, small_region):
    from observatories.importing.pipeline import import_file
    from observatories.models import ImportRun
    from tests.observatories.factories import DATA_DIR

    import_file(DATA_DIR / "base_imb_21.csv", trigger=ImportRun.Trigger.COMMAND)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("observatories:address"))
    address_search = page.get_by_role("search", name="Rechercher une adresse")
    address_search.get_by_role("textbox", name="Adresse").fill("eglise dijon")
    address_search.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="4 Place de l'Église, Dijon").click()
    assert page.get_by_role("heading", level=1).text_content() == "4 Place de l'Église, Dijon"
    context.close()


def test_the_ftth_map_draws_the_communes_and_a_keyboard_reaches_each_one(
    page, live_server, commune_outlines, ftth_deployed
):
    url = reverse("observatories:map")
    page.goto(live_server.url + url)
    communes = page.locator("#carte path.ftth")
    communes.nth(2).wait_for()  # drawn from the fetched GeoJSON
    assert communes.count() == 3
    assert page.locator("#carte path.ftth--none").count() == 1  # Belleneuve

    # The map itself takes the focus; the arrows move it (Leaflet's keyboard handler).
    pane = page.locator("#carte .leaflet-map-pane")
    before = pane.get_attribute("style")
    page.locator("#carte").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "before => document.querySelector('#carte .leaflet-map-pane').getAttribute('style') "
        "!== before",
        arg=before,
    )

    # A commune by its name, then its page, without the mouse.
    field = page.get_by_label("Aller à une commune")
    field.focus()
    page.keyboard.type("Dijon (21231)")
    page.keyboard.press("Enter")
    info = page.get_by_role("status").filter(has_text="Dijon (21231)")
    info.wait_for()
    assert "91,8 % des locaux raccordables (de 80 à moins de 100 %)" in info.inner_text()
    assert page.locator("#carte path.is-selected").count() == 1
    assert page.locator("#carte .leaflet-popup").is_visible()
    page.keyboard.press("Tab")  # the "Afficher" button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Fiche de Dijon"
    assert_accessible(page, url)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + reverse("observatories:commune", args=["21231"]))

    # A click on a commune says the same.
    page.go_back()
    page.locator("#carte path.ftth--4").click()  # Besançon, over 100 %
    page.get_by_role("status").filter(has_text="Besançon (25056) : 102,5 %").wait_for()
    # Its page flags the figure « à vérifier », with the note the flag links to.
    besancon = reverse("observatories:commune", args=["25056"])
    page.goto(live_server.url + besancon)
    page.get_by_role("link", name="À vérifier").click()
    assert page.evaluate("location.hash") == "#ftth-a-verifier"
    assert page.locator("#ftth-a-verifier").is_visible()
    assert_accessible(page, besancon)
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_the_mobile_sites_map_is_filtered_and_opened_with_the_keyboard(
    page, live_server, small_region
):
    """Filter by operator, Tab to a cluster, Enter until a site, its details in a
    popup and the status region, Escape back to the site; axe-core on the drawn map;
    then the sites of one mast, listed from their cluster. Long because it is one
    keyboard journey through the map, each step from where the one before left the
    focus."""
    from observatories.models import MobileSite, Operator
    from tests.observatories.factories import ftth_run
    from tests.observatories.mobile.test_map import Q4, site

    run = ftth_run()
    MobileSite.objects.bulk_create(
        site(Q4, operator, f"{operator}-{n}", "21231", "4G", run=run,
             latitude=47.30 + (n % 6) * 0.004, longitude=5.02 + (n // 6) * 0.006)
        for operator in (Operator.ORANGE, Operator.SFR) for n in range(30)
    )  # fmt: skip
    MobileSite.objects.bulk_create(  # one mast: no zoom splits them, they are listed
        site(Q4, Operator.BOUYGUES, f"MAT-{n}", "21231", "4G", run=run, latitude=47.33,
             longitude=5.05)
        for n in range(3)
    )  # fmt: skip
    url = reverse("observatories:mobile_map")
    page.goto(live_server.url + url)
    page.locator("#carte .map-cluster").first.wait_for()
    page.get_by_label("Opérateur", exact=True).focus()
    page.keyboard.type("SFR")
    page.keyboard.press("Tab")  # Technologie
    page.keyboard.press("Tab")  # Appliquer
    page.keyboard.press("Enter")
    page.wait_for_url(f"**operateur={Operator.SFR}**")
    page.get_by_role("status").filter(has_text="30 sites sur la carte.").wait_for()

    page.locator("#carte").focus()
    page.keyboard.press("Tab")
    label = "document.activeElement.getAttribute('aria-label') || ''"
    assert page.evaluate(label).startswith("Groupe de ")
    for _ in range(12):  # each Enter zooms on the cluster and focuses a part of it
        if not page.evaluate(label).startswith("Groupe de "):
            break
        before = page.evaluate(label)
        page.keyboard.press("Enter")
        page.wait_for_function(
            f"b => ({label}) !== b && document.activeElement.closest('#carte')", arg=before
        )
    name = page.evaluate(label)
    assert name.startswith("SFR, site 20810-") and name.endswith(", Dijon (21231)")
    page.keyboard.press("Space")  # a button: Enter or Space
    popup = page.locator("#carte .leaflet-popup")
    popup.wait_for()
    assert "4G." in popup.inner_text() and name in popup.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Fiche de Dijon"
    assert name in page.get_by_role("status").inner_text()
    page.wait_for_function(  # faded in: axe-core reads its final colours
        "() => getComputedStyle(document.querySelector('#carte .leaflet-popup')).opacity === '1'"
    )
    assert_accessible(page, url)
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    assert page.evaluate(label) == name

    # Sites at one point, which no zoom splits: Enter lists them all, each with its link.
    page.goto(f"{live_server.url}{url}?operateur={Operator.BOUYGUES}")
    page.get_by_role("status").filter(has_text="3 sites sur la carte.").wait_for()
    page.locator("#carte").focus()
    page.keyboard.press("Tab")
    mast = "Groupe de 3 sites au même endroit : voir la liste"
    assert page.evaluate(label) == mast
    page.keyboard.press("Enter")
    popup.wait_for()
    names = popup.locator("li strong").all_inner_texts()
    assert names == [f"Bouygues Telecom, site MAT-{n}, Dijon (21231)" for n in range(3)]
    assert page.evaluate("document.activeElement.textContent") == "Fiche de Dijon"
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    assert page.evaluate(label) == mast
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_the_ftth_map_page_stands_without_javascript(browser, live_server, ftth_deployed):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("observatories:map"))
    notice = page.locator("noscript .callout")  # Playwright's text search skips <noscript>
    assert notice.is_visible() and "La carte demande JavaScript" in notice.inner_text()
    assert not page.locator("#carte-interactive").is_visible()
    assert page.get_by_role("table", name="Communes par taux de couverture FttH").is_visible()
    assert page.get_by_role("link", name="Voir les mêmes données en tableau").is_visible()
    context.close()  # (axe-core needs the page's JavaScript: checked on the map test)


def test_the_agenda_and_the_watch_are_accessible_to_visitors_and_agents(
    page, live_server, small_region
):
    """Their public pages (with a cancelled event, Markdown, cleaned summaries) and
    the agents' lists and forms, blank, filled and with errors; the commune page
    with its upcoming events."""
    from portal.models import Event, WatchItem, WatchItemStep
    from strategy.models import Orientation
    from tests.directory.factories import PASSWORD, make_agent, make_organisation
    from tests.portal.agenda.factories import make_event
    from tests.portal.watch.factories import make_watch_item

    organisation = make_organisation("Syndicat du numérique", slug="syndicat")
    agent = make_agent("agent@example.fr", organisation)
    orientation = Orientation.objects.get(number=5)
    event = make_event("Atelier ouverture des données", organisation, commune_id="21231",
                       description="Un **atelier** : [programme](https://exemple.fr/p).",
                       orientations=[orientation])  # fmt: skip
    make_event("Comité annulé", organisation, status=Event.Status.CANCELLED)
    make_event("Atelier passé", organisation, start=event.start.replace(year=2025))
    make_watch_item("La fibre arrive à Dole", summary="<p>Le déploiement <b>avance</b>.</p>")
    proposal = make_watch_item("Rapport sur l'inclusion", state="changes_requested",
                               organisation=organisation, summary_text="Un *rapport*.")  # fmt: skip
    WatchItemStep.objects.create(item=proposal, action="changes_requested", message="La date ?")
    assert WatchItem.objects.published().count() == 1
    for url in (
        reverse("agenda:list"),
        event.get_absolute_url(),
        reverse("agenda:archives"),
        reverse("watch:list"),
        reverse("observatories:commune", args=["21231"]),
    ):
        assert page.goto(live_server.url + url).status == 200, url
        assert_accessible(page, url)

    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Adresse électronique").fill(agent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url(live_server.url + reverse("accounts:account"))
    for url in (
        reverse("agenda_agents:list"),
        reverse("agenda_agents:edit", args=[event.slug]),
        reverse("watch_agents:list"),
        reverse("watch_agents:edit", args=[proposal.pk]),
    ):
        assert page.goto(live_server.url + url).status == 200, url
        assert_accessible(page, url)
    for url in (reverse("agenda_agents:create"), reverse("watch_agents:create")):
        page.goto(live_server.url + url)
        assert_accessible(page, url)
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        page.get_by_role("alert").first.wait_for()
        assert_accessible(page, url + " (erreurs)")
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
