"""The API's documentation page in a real headless Chromium: Swagger UI from our
static files draws the operations under the strict CSP (no console error, no request
leaving the site), and the page is accessible, Swagger UI's widgets included, with
operations and schemas opened."""

import pytest
from django.urls import reverse

from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]


def test_the_documentation_page_draws_the_api_under_the_csp(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
):
    url = reverse("api:docs")
    response = page.goto(live_server.url + url)
    assert response.status == 200
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.locator(".opblock-summary-path", has_text="/api/v1/veille/").first.wait_for()
    assert page.locator(".opblock").count() >= 21
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
    assert_accessible(page, url)
    # Swagger UI's widgets too, operations and schemas opened: its examples in dark
    # plain text (its syntax colours are inline styles, refused by the CSP), its
    # selects named, its scrolled examples reachable with the keyboard.
    for summary in page.locator(".opblock-summary").all()[:2]:
        summary.click()
    page.locator(".models-control").click()
    example = page.locator(".highlight-code > .microlight").first
    example.wait_for()
    assert example.get_attribute("tabindex") == "0"
    assert page.locator("#swagger-ui select:not([aria-label])").count() == 0
    assert_accessible(page, url + " (opérations ouvertes)")
    assert page.watch.console_errors == []
