""" "Signaler une erreur" on any reportable item: organisations, projects and a
commune's figures through ``/signaler/<kind>/<key>/`` (places keep the form on their
page, see ``tests/directory/places``), the curators' queue and the erasure of the
sender's address once a report is closed."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse

from directory.models import ErrorReport
from directory.reports.services import REPORTS_PER_HOUR, close_reports, report_error
from scoran.lib.catalogues import REPORTABLE_KINDS, ReportableKind, report_url
from scoran.lib.throttling import UNAVAILABLE_MESSAGE
from tests.conftest import h1_texts
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_project,
    make_user,
)
from tests.directory.outages import unreachable_redis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


@pytest.fixture
def organisation():
    return make_organisation("Syndicat <b>du</b> numérique", slug="syndicat")


@pytest.fixture
def project(organisation):
    agent = make_agent("agent@example.fr", organisation)
    return make_project(organisation, by=agent, state="published", title="Fibre des écoles")


def url(kind: str, key) -> str:
    return reverse("reports:report", kwargs={"kind": kind, "key": str(key)})


def test_every_directory_and_observatory_kind_is_reportable():
    assert {"lieux", "organisations", "projets", "chiffres-communes"} <= set(
        REPORTABLE_KINDS.keys()
    )


def test_a_report_on_an_organisation_is_stored_mailed_to_curators_and_thanked(
    client, organisation, django_capture_on_commit_callbacks
):
    make_curator("curateur@example.fr")
    page = client.get(url("organisations", organisation.pk))
    assert h1_texts(page.content.decode()) == ["Signaler une erreur"]
    assert f'href="{organisation.get_absolute_url()}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("organisations", organisation.pk),
            {"message": "Le site a changé d'adresse.", "email": "usager@example.fr"},
        )
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    report = ErrorReport.objects.get()
    assert (report.kind, report.object_key, report.object_title, report.status) == (
        "organisations",
        str(organisation.pk),
        "Syndicat <b>du</b> numérique",
        "nouveau",
    )
    (sent,) = mail.outbox
    assert sent.to == ["curateur@example.fr"]
    assert sent.subject == "[SCORAN BFC] Erreur signalée : Syndicat <b>du</b> numérique"
    assert "sur la structure « Syndicat <b>du</b> numérique »" in sent.body
    assert "usager@example.fr" in sent.body
    assert "votre signalement a été transmis" in client.get(response["Location"]).content.decode()


def test_a_project_and_a_communes_figures_are_reported_the_same_way(client, project, small_region):
    for kind, key, page in (
        ("projets", project.pk, project.get_absolute_url()),
        ("chiffres-communes", "21231", reverse("observatories:commune", args=["21231"])),
    ):
        response = client.post(url(kind, key), {"message": "Chiffre faux."})
        assert response.status_code == 302 and response["Location"] == page
    assert list(ErrorReport.objects.order_by("pk").values_list("kind", "object_title")) == [
        ("projets", "Fibre des écoles"),
        ("chiffres-communes", "Dijon (21231)"),
    ]


def test_each_items_page_links_to_its_form_through_the_catalogue(
    client, organisation, project, small_region
):
    pages = {
        organisation.get_absolute_url(): url("organisations", organisation.pk),
        project.get_absolute_url(): url("projets", project.pk),
        reverse("observatories:commune", args=["21231"]): url("chiffres-communes", "21231"),
    }
    for page, form in pages.items():
        html = client.get(page).content.decode()
        assert f'<a href="{form}" rel="nofollow">Signaler une erreur</a>' in html, page
    # Territories that are not communes take no report.
    department = client.get(reverse("observatories:department", args=["21"])).content.decode()
    assert "Signaler une erreur" not in department


def test_a_kind_that_takes_no_reports_has_no_link():
    assert report_url("inconnu", object()) == ""


@pytest.mark.parametrize(
    "key", ["999999", "abc", "1 OR 1=1", "-1", "1" * 101, "<script>", "0x10", "fullwidth"]
)
def test_forged_keys_are_404(client, organisation, key):
    if key == "fullwidth":  # the organisation's key in digits int() reads too
        key = str(organisation.pk).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    assert client.get(url("organisations", key)).status_code == 404
    assert client.post(url("organisations", key), {"message": "x"}).status_code == 404
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize("key", ["99999", "2123", "212311", "21 31", "2A004"])
def test_unknown_communes_are_404(client, small_region, key):
    assert client.post(url("chiffres-communes", key), {"message": "x"}).status_code == 404


def test_a_forged_kind_is_404(client, organisation):
    for kind in ("utilisateurs", "admin", "ErrorReport"):
        assert client.post(url(kind, organisation.pk), {"message": "x"}).status_code == 404
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize("as_curator", [False, True])
def test_unpublished_items_cannot_be_reported_even_by_curators(client, project, as_curator):
    if as_curator:
        client.force_login(make_curator())
    draft = make_organisation("Brouillon", is_published=False)
    project.__class__.objects.filter(pk=project.pk).update(state="draft")
    for kind, key in (("organisations", draft.pk), ("projets", project.pk)):
        assert client.get(url(kind, key)).status_code == 404
        assert client.post(url(kind, key), {"message": "x"}).status_code == 404
    assert not ErrorReport.objects.exists()
    assert "Signaler une erreur" not in client.get(project.get_absolute_url()).content.decode()


def test_a_revision_of_a_project_cannot_be_reported(client, project):
    from tests.directory.factories import make_revision_row

    revision = make_revision_row(project, title="Révision")
    assert client.post(url("projets", revision.pk), {"message": "x"}).status_code == 404


def test_a_bad_report_is_refused_in_french_next_to_its_field(client, organisation):
    response = client.post(url("organisations", organisation.pk), {"message": "", "email": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Décrivez l&#x27;erreur constatée." in html
    assert "Saisissez une adresse électronique valide" in html
    assert not ErrorReport.objects.exists()


def test_reports_are_throttled_per_client_across_every_kind(client, organisation, project):
    targets = [url("organisations", organisation.pk), url("projets", project.pk)]
    for number in range(REPORTS_PER_HOUR):
        assert client.post(targets[number % 2], {"message": "Erreur"}).status_code == 302
    refused = client.post(targets[0], {"message": "Encore"})
    assert refused.status_code == 429
    assert "réessayez dans une heure" in refused.content.decode()
    assert ErrorReport.objects.count() == REPORTS_PER_HOUR
    other = client.post(targets[1], {"message": "Autre"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_an_ipv6_client_cannot_escape_the_limit_by_changing_address_in_its_network(
    client, organisation
):
    target = url("organisations", organisation.pk)
    for number in range(REPORTS_PER_HOUR):
        address = f"2a01:cb00:1:2::{number + 1:x}"
        assert client.post(target, {"message": "Erreur"}, REMOTE_ADDR=address).status_code == 302
    refused = client.post(target, {"message": "Encore"}, REMOTE_ADDR="2a01:cb00:1:2:ffff::1")
    assert refused.status_code == 429
    mapped = client.post(target, {"message": "Autre"}, REMOTE_ADDR="::ffff:192.0.2.7")
    assert mapped.status_code == 302  # an IPv4 client, counted as such
    assert (
        client.post(target, {"message": "Autre"}, REMOTE_ADDR="2a01:cb00:1:3::1").status_code == 302
    )


def test_reports_are_refused_in_french_when_the_counters_are_down(client, organisation, settings):
    unreachable_redis(settings)
    response = client.post(url("organisations", organisation.pk), {"message": "Erreur"})
    assert response.status_code == 503
    assert UNAVAILABLE_MESSAGE in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_the_form_page_costs_the_same_queries_whatever_the_item(
    client, organisation, small_region, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert client.get(url("organisations", organisation.pk)).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(url("chiffres-communes", "21231")).status_code == 200


# --- Closing reports ---------------------------------------------------------------


def _report(organisation, email="usager@example.fr", message="Erreur") -> ErrorReport:
    return report_error(
        kind=REPORTABLE_KINDS["organisations"], obj=organisation, message=message, email=email
    )


def test_closing_a_report_erases_the_senders_address_and_records_who_and_when(organisation):
    curator = make_curator()
    treated, rejected, other = (_report(organisation) for _ in range(3))
    assert close_reports(reports=[treated], status="traite", by=curator) == 1
    assert close_reports(reports=[rejected], status="rejete", by=curator) == 1
    for report, status in ((treated, "traite"), (rejected, "rejete")):
        report.refresh_from_db()
        assert (report.status, report.email, report.treated_by) == (status, "", curator)
        assert report.treated_at is not None
    other.refresh_from_db()
    assert (other.status, other.email) == ("nouveau", "usager@example.fr")
    # A closed report stays as it was closed.
    assert close_reports(reports=[treated], status="rejete", by=curator) == 0
    with pytest.raises(ValueError):
        close_reports(reports=[other], status="nouveau", by=curator)


def test_the_database_refuses_a_closed_report_that_keeps_an_address(organisation):
    report = _report(organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        ErrorReport.objects.filter(pk=report.pk).update(status="traite")


def test_the_admin_queue_filters_links_and_closes_in_bulk(admin_client, organisation, project):
    from django.contrib.auth import get_user_model

    on_organisation = _report(organisation, message="<script>alert(1)</script>")
    on_project = report_error(
        kind=REPORTABLE_KINDS["projets"], obj=project, message="Date fausse", email="a@b.fr"
    )
    queue = reverse("admin:directory_errorreport_changelist")
    html = admin_client.get(queue).content.decode()
    assert reverse("admin:directory_organisation_change", args=[organisation.pk]) in html
    assert reverse("admin:directory_project_change", args=[project.pk]) in html
    assert "la structure" in html and "le projet" in html
    only_projects = admin_client.get(queue, {"kind": "projets"}).context["cl"].result_list
    assert list(only_projects) == [on_project]
    change = admin_client.get(
        reverse("admin:directory_errorreport_change", args=[on_organisation.pk])
    )
    assert "<script>alert(1)</script>" not in change.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in change.content.decode()

    response = admin_client.post(
        queue,
        {"action": "mark_treated", "_selected_action": [on_organisation.pk, on_project.pk]},
    )
    assert response.status_code == 302
    admin = get_user_model().objects.get(is_superuser=True)
    assert set(ErrorReport.objects.values_list("status", "email", "treated_by")) == {
        ("traite", "", admin.pk)
    }
    new = admin_client.get(queue, {"status__exact": "nouveau"}).context["cl"].result_list
    assert list(new) == []


def test_a_curator_holds_the_queue_and_a_visitor_does_not(client, organisation):
    _report(organisation)
    queue = reverse("admin:directory_errorreport_changelist")
    client.force_login(make_user("visiteur@example.fr"))
    assert client.get(queue).status_code == 302  # to the admin's sign-in
    client.force_login(make_curator())
    assert client.get(queue).status_code == 200


def test_the_queue_costs_the_same_queries_for_one_and_many_reports(
    admin_client, organisation, django_assert_num_queries
):
    queue = reverse("admin:directory_errorreport_changelist")
    _report(organisation)
    admin_client.get(queue)
    with django_assert_num_queries(5) as one:
        admin_client.get(queue)
    for _ in range(10):
        _report(organisation)
    with django_assert_num_queries(len(one.captured_queries)):
        admin_client.get(queue)


def test_a_new_kind_plugs_in_with_one_registration(client, organisation):
    """How resources and aides will join: one entry in the catalogue."""
    entry = ReportableKind(
        key="essais",
        label="l'essai",
        lookup=lambda key: organisation if key == "un" else None,
        page=lambda key: "/essai/",
        key_of=lambda obj: "un",
    )
    with REPORTABLE_KINDS.replaced("essais", entry):
        assert report_url("essais", organisation) == url("essais", "un")
        assert client.post(url("essais", "un"), {"message": "x"}).status_code == 302
        assert client.post(url("essais", "deux"), {"message": "x"}).status_code == 404
    assert ErrorReport.objects.get().kind == "essais"
