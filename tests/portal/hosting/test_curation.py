"""Data centres in the site's catalogues: « Signaler une erreur » on each page
(reaching the curators' queue), their section under the observatory and their pages
in the sitemap, a section on their operator's organisation page, the weekly check of
their links, « à vérifier » without owners to remind. And the demo rows."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from directory.freshness.services import check_links, send_review_reminders
from directory.models import ErrorReport, LinkCheck
from portal.hosting.demo import create_demo_hosting
from portal.models import DataCentre
from scoran.lib.catalogues import CURATED_KINDS
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.directory.freshness.conftest import site  # noqa: F401 (the loopback site)
from tests.portal.hosting.factories import make_data_centre

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()  # the report form's throttle


def report_url(key) -> str:
    return reverse("reports:report", kwargs={"kind": "hebergement", "key": str(key)})


def test_an_error_reported_on_a_data_centre_reaches_the_curators(
    client, small_region, django_capture_on_commit_callbacks
):
    make_curator("curateur@example.fr")
    centre = make_data_centre("Centre <b>de Dijon</b>")
    page = client.get(centre.get_absolute_url()).content.decode()
    assert f'<a href="{report_url(centre.pk)}" rel="nofollow">Signaler une erreur</a>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            report_url(centre.pk), {"message": "Il n'est plus certifié HDS.", "email": ""}
        )
    assert response.status_code == 302 and response["Location"] == centre.get_absolute_url()
    report = ErrorReport.objects.get()
    assert (report.kind, report.object_key) == ("hebergement", str(centre.pk))
    (sent,) = mail.outbox
    assert sent.to == ["curateur@example.fr"]


@pytest.mark.parametrize("key", ["0", "99999999", "1 OR 1=1", "１", "-1", "9" * 30, "x\x00"])
def test_forged_or_withdrawn_keys_are_404(client, small_region, key):
    withdrawn = make_data_centre("Retiré", is_published=False)
    for target in (key, withdrawn.pk):
        assert client.get(report_url(target)).status_code == 404
        assert client.post(report_url(target), {"message": "x"}).status_code == 404
    assert not ErrorReport.objects.exists()


def test_the_section_is_in_the_observatory_and_its_pages_in_the_sitemap(client, small_region):
    centre = make_data_centre("Centre public")
    withdrawn = make_data_centre("Retiré", is_published=False)
    assert (
        f'href="{reverse("hosting:list")}"'
        in client.get(reverse("portal:site_map")).content.decode()
    )
    xml = client.get(reverse("sitemap")).content.decode()
    assert f"http://testserver{centre.get_absolute_url()}</loc>" in xml
    assert withdrawn.get_absolute_url() not in xml
    breadcrumbs = client.get(reverse("hosting:list")).context["breadcrumbs"]
    assert breadcrumbs[0] == ("Observatoire", reverse("observatories:home"))


def test_the_operators_page_lists_its_published_data_centres(client, small_region):
    operator = make_organisation("Hébergeur régional")
    make_data_centre("Salle de Dijon", operator=operator, services=["cloud"])
    make_data_centre("Salle retirée", operator=operator, is_published=False)
    make_data_centre("Salle d'un autre", operator=make_organisation("Autre"))
    html = client.get(operator.get_absolute_url()).content.decode()
    assert "Centres de données et hébergement" in html
    assert "Salle de Dijon" in html and "Cloud" in html
    assert "Salle retirée" not in html and "Salle d&#x27;un autre" not in html


def test_the_links_of_published_rows_are_checked(small_region, site, settings):  # noqa: F811
    settings.LINK_CHECK_BROKEN_AFTER = 1
    make_data_centre("Centre", url=site.base + "/disparue")
    make_data_centre("Sans site")
    make_data_centre("Retiré", url=site.base + "/cachee", is_published=False)
    check_links()
    assert list(LinkCheck.objects.values_list("kind", "url", "consecutive_failures")) == [
        ("hebergement", site.base + "/disparue", 1)
    ]
    assert ("HEAD", "/cachee") not in site.hits


def test_rows_due_for_review_remind_nobody(small_region, settings):
    settings.REVIEW_AFTER_DAYS = 30
    operator = make_organisation("Hébergeur")
    make_agent("agent@example.fr", operator)
    make_data_centre("Centre", operator=operator)
    DataCentre.objects.update(reviewed_at=timezone.now() - timedelta(days=31))
    kind = CURATED_KINDS["hebergement"]
    assert kind.queryset().due_for_review().count() == 1
    assert send_review_reminders() == 0 and mail.outbox == []


def test_eight_demo_rows_marked_as_such_every_service_and_certification(small_region):
    from observatories.models import Commune, Department

    for code, name in (("58", "Nièvre"), ("70", "Haute-Saône"), ("71", "Saône-et-Loire"),
                       ("89", "Yonne"), ("90", "Territoire de Belfort")):  # fmt: skip
        Department.objects.create(code=code, name=name, region_id="27")
    for code, name in (("90010", "Belfort"), ("71076", "Chalon-sur-Saône"),
                       ("89024", "Auxerre"), ("25388", "Montbéliard"), ("58194", "Nevers"),
                       ("70550", "Vesoul")):  # fmt: skip
        Commune.objects.create(code=code, name=name, department_id=code[:2])
    syndicate = make_organisation("Syndicat (démonstration)", slug="syndicat-numerique-demo")
    rows = create_demo_hosting()
    assert len(rows) == 8
    centres = DataCentre.objects.all()
    assert not centres.filter(is_demo=False).exists()
    assert all("(démonstration)" in c.name and ".invalid/" in c.url for c in centres)
    assert all("démonstration" in c.operator_name for c in centres)
    assert {s for c in centres for s in c.services} == set(DataCentre.Service.values)
    assert {s for c in centres for s in c.certifications} == set(DataCentre.Certification.values)
    assert {c.sector for c in centres} == {"public", "prive"}
    assert {c.kind for c in centres} == {"centre", "offre"}
    assert centres.filter(operator=syndicate).count() == 1
    assert centres.filter(latitude__isnull=True).exists()
    create_demo_hosting()  # a later run: the same rows
    assert DataCentre.objects.count() == 8
