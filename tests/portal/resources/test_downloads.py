"""The files of the resources: served as downloads only (attachment, our stored
type, nosniff, a sandboxing CSP), the permanent link always on the latest version,
earlier versions still downloadable, and nothing unpublished served to the public."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.resources import services
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.portal.factories import PDF, make_resource_row, resource_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_versions(resource):
    """Versions 1.0 (a PDF) then 2.0 (a CSV and a PDF) of ``resource``."""
    services.add_version(
        resource=resource,
        by=None,
        label="1.0",
        day=datetime.date(2025, 1, 10),
        files=[resource_pdf("guide-v1.pdf")],
        check_author=False,
    )
    services.add_version(
        resource=resource,
        by=None,
        label="2.0",
        day=datetime.date(2025, 6, 1),
        files=[
            SimpleUploadedFile("tableau.csv", b"commune;prises\nDijon;12\n", "text/html"),
            resource_pdf("guide-v2.pdf", PDF + b"% v2\n"),
        ],
        check_author=False,
    )
    return resource


def fetch(client, url):
    """The response, its file read to the end (``body``), which closes it."""
    response = client.get(url)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


def assert_download(response, *, name: str, content_type: str):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type  # ours, never the browser's word
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="{name}"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_the_permanent_link_serves_the_latest_versions_first_file(client):
    resource = with_versions(make_resource_row(link=None))
    response = fetch(client, reverse("resources:latest", args=[resource.slug]))
    assert_download(response, name="tableau.csv", content_type="text/csv")
    assert response.body == b"commune;prises\nDijon;12\n"


def test_a_new_version_replaces_the_file_of_the_permanent_link(client):
    resource = make_resource_row(link=None)
    services.add_version(
        resource=resource,
        by=None,
        label="1.0",
        day=datetime.date(2025, 1, 10),
        files=[resource_pdf("ancien.pdf")],
        check_author=False,
    )
    url = reverse("resources:latest", args=[resource.slug])
    assert 'filename="ancien.pdf"' in fetch(client, url)["Content-Disposition"]
    services.add_version(
        resource=resource,
        by=None,
        label="1.1",
        day=datetime.date(2025, 1, 10),  # the same day: the last added is the current one
        files=[resource_pdf("nouveau.pdf")],
        check_author=False,
    )
    assert 'filename="nouveau.pdf"' in fetch(client, url)["Content-Disposition"]


def test_earlier_versions_stay_listed_and_downloadable(client):
    resource = with_versions(make_resource_row(link=None))
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "Version actuelle : 2.0" in page
    assert "Versions précédentes" in page
    old = resource.versions.get(label="1.0").files.get()
    assert old.get_absolute_url() in page
    response = fetch(client, old.get_absolute_url())
    assert_download(response, name="guide-v1.pdf", content_type="application/pdf")
    assert response.body == PDF


def test_a_version_by_link_redirects_the_permanent_link(client):
    resource = make_resource_row(link="https://exemple.fr/guide.pdf")
    response = client.get(reverse("resources:latest", args=[resource.slug]))
    assert response.status_code == 302
    assert response["Location"] == "https://exemple.fr/guide.pdf"


def test_a_resource_without_version_has_no_download(client):
    resource = make_resource_row(link=None)
    assert client.get(reverse("resources:latest", args=[resource.slug])).status_code == 404


def test_a_file_is_only_reached_through_its_own_resource(client):
    one = with_versions(make_resource_row("Un", link=None))
    other = make_resource_row("Autre", link=None)
    stored = one.versions.first().files.first()
    forged = reverse("resources:file", args=[other.slug, stored.pk])
    assert client.get(forged).status_code == 404
    assert client.get(reverse("resources:file", args=[one.slug, 999999])).status_code == 404


@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested", "refused"])
def test_unpublished_files_are_404_for_the_public_and_served_to_their_agents(client, state):
    author = make_organisation("Autrice")
    resource = with_versions(make_resource_row(organisation=author, state=state, link=None))
    stored = resource.versions.last().files.first()
    urls = [reverse("resources:latest", args=[resource.slug]), stored.get_absolute_url()]
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(make_agent("autre@example.fr", make_organisation("Autre")))
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(make_agent("agent@example.fr", author))
    for url in urls:
        response = fetch(client, url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]  # a preview is kept by no cache
    client.force_login(make_curator())
    for url in urls:
        assert fetch(client, url).status_code == 200


def test_a_hostile_file_name_stays_one_header(client):
    resource = make_resource_row(link=None)
    services.add_version(
        resource=resource,
        by=None,
        label="1.0",
        day=datetime.date(2025, 1, 10),
        files=[resource_pdf('note"\r\nSet-Cookie: x=1\r\n.pdf')],
        check_author=False,
    )
    response = fetch(client, reverse("resources:latest", args=[resource.slug]))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "\n" not in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_feed_follows_the_filtered_list(client):
    make_resource_row("Un guide")
    make_resource_row("Un modèle", kind="modele", contract_kind="ccap")
    feed = client.get(reverse("resources:feed"), {"type": "modele"}).content.decode()
    assert "Un modèle" in feed and "Un guide" not in feed
    assert "/ressources/?type=modele" in feed


def test_a_file_missing_from_the_disk_is_404_not_an_error(client, caplog):
    resource = with_versions(make_resource_row(link=None))
    stored = resource.latest_version().first_file()
    stored.file.storage.delete(stored.file.name)
    response = client.get(resource.get_download_url())
    assert response.status_code == 404
    assert client.get(stored.get_absolute_url()).status_code == 404
    assert "missing from the storage" in caplog.text
