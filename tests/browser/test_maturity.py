"""The maturity self-assessment in a real headless Chromium: accessibility (axe-core,
WCAG 2.1 A and AA) of the presentation, of each page of the questionnaire (one with
its errors), of the result and of the public aggregates; a visitor answers with the
keyboard and clicks only, goes back a page, sees their result and leaves then
withdraws a contact. No console error, no request leaving the site."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from portal.maturity import services
from portal.maturity.questionnaire import DIMENSIONS
from portal.models import MaturityAnswer, MaturityContact
from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.portal.maturity.factories import make_answer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]


def _answer_page(page, number: int) -> None:  # noqa: F811
    for question in DIMENSIONS[number].questions:
        page.locator(f'input[name="{question.key}"][value="{number % 4}"]').check()


def test_a_visitor_answers_sees_the_result_and_the_public_aggregates(
    page,  # noqa: F811
    live_server,
    small_region,
    monkeypatch,
):
    """Long because it is the one browser journey of the questionnaire, axe-core on
    each of its pages."""
    cache.clear()
    monkeypatch.setattr(services, "MIN_SECONDS", 0)
    home = reverse("maturity:home")
    page.goto(live_server.url + home)
    assert_accessible(page, home)
    page.get_by_role("link", name="Commencer l'autodiagnostic").click()
    url = reverse("maturity:questionnaire")
    expect(page.get_by_text("Étape 1 sur 6")).to_be_visible()
    assert_accessible(page, url + " (étape 1)")
    page.get_by_role("button", name="Page suivante").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, url + " (étape 1, erreurs)")
    page.get_by_role("group", name="Votre département (obligatoire)").get_by_label(
        "Côte-d'Or (21)"
    ).check()
    page.get_by_label("Commerce et artisanat").check()
    page.get_by_label("1 à 9 salariés").check()
    page.get_by_label("Association").check()
    page.keyboard.press("Enter")  # the first button: « Page suivante »
    for number in range(len(DIMENSIONS)):
        expect(page.get_by_text(f"Étape {number + 2} sur 6")).to_be_visible()
        assert_accessible(page, f"{url} (étape {number + 2})")
        _answer_page(page, number)
        if number == 1:  # back a page, and forward again
            page.get_by_role("button", name="Page précédente").click()
            expect(page.get_by_text("Étape 2 sur 6")).to_be_visible()
            assert page.locator(f'input[name="{DIMENSIONS[0].questions[0].key}"]:checked')
            page.get_by_role("button", name="Page suivante").click()
            _answer_page(page, number)
        name = "Voir mon résultat" if number == len(DIMENSIONS) - 1 else "Page suivante"
        page.get_by_role("button", name=name).click()
    expect(page.get_by_role("heading", name="Votre résultat")).to_be_visible()
    answer = MaturityAnswer.objects.get()
    assert page.url == live_server.url + answer.get_absolute_url()
    assert_accessible(page, "résultat")
    page.get_by_label("Votre adresse électronique").fill("presidente@example.fr")
    page.get_by_label("J'accepte").check()
    page.get_by_role("button", name="Laisser mon contact").click()
    expect(page.get_by_role("button", name="Retirer mon contact")).to_be_visible()
    assert MaturityContact.objects.get().email == "presidente@example.fr"
    assert_accessible(page, "résultat (contact laissé)")
    page.get_by_role("button", name="Retirer mon contact").click()
    expect(page.get_by_role("button", name="Laisser mon contact")).to_be_visible()
    assert not MaturityContact.objects.exists()

    for _ in range(12):
        make_answer("25")
    results = reverse("maturity:results")
    page.goto(live_server.url + results)
    assert page.get_by_role("table", name="Score moyen sur 100, par département").is_visible()
    assert_accessible(page, results)
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []
