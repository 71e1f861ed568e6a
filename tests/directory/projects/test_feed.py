"""The projects' Atom feed (the first followable list): what agents typed is never
markup for feed readers."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.directory.factories import make_organisation, make_project_row

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'


def test_summaries_and_carriers_names_are_escaped_html_in_the_feed(client):
    carrier = make_organisation(f"Syndicat {IMAGE}")
    make_project_row("Fibre", carrier, summary=f"Raccorder {SCRIPT} les écoles & mairies.")
    response = client.get(reverse("projects:feed"))
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted
    (entry,) = feed.findall(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # Once XML-decoded, the HTML a feed reader renders holds the tags as text only.
    assert summary.text == (
        "Raccorder &lt;script&gt;alert(1)&lt;/script&gt; les écoles &amp; mairies. "
        "(porté par Syndicat &lt;img src=x onerror=&quot;alert(2)&quot;&gt;)"
    )
    assert "<script" not in summary.text and "<img" not in summary.text
    # Titles and author names are Atom text constructs: shown as typed, never parsed.
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == f"Syndicat {IMAGE}"
