"""Who sees what of the field reports: the permission matrix of every page, export
and admin page, forged identifiers, and the SQL each page runs, the same for 1
report or 20."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from directory.models import Membership, User
from portal.models import FieldReport
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_user,
)
from tests.portal.field_reports.factories import make_report

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = [
    "anonymous",
    "no_organisation",
    "reporter",
    "colleague",
    "other_agent",
    "staff_without_permission",
    "curator",
    "superuser",
]


@pytest.fixture
def world(small_region):
    commune = make_organisation("Communauté de communes du Val", kind="epci")
    reporter = make_agent("agent@val.fr", commune)
    staff = make_user("equipe@region.fr", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_event"))
    return {
        "report": make_report(
            commune, by=reporter, description="Pas de réseau au lavoir", state="validated"
        ),
        "users": {
            "anonymous": None,
            "no_organisation": make_user("seul@exemple.fr"),
            "reporter": reporter,
            "colleague": make_agent("collegue@val.fr", commune, Membership.Role.ADMIN),
            "other_agent": make_agent("agent@autre.fr", make_organisation("Autre structure")),
            "staff_without_permission": staff,
            "curator": make_curator(),
            "superuser": User.objects.create_superuser(email="root@region.fr", password="x" * 16),
        },
    }


# page → outcome for each role, in ROLES' order
MATRIX = {
    "home": [200, 200, 200, 200, 200, 200, 200, 200],
    "mine": [LOGIN, 200, 200, 200, 200, 200, 200, 200],
    "create": [LOGIN, 403, 200, 200, 200, 403, 403, 403],
    "detail": [LOGIN, 404, 200, 200, 404, 404, 200, 200],
    "export_csv": [LOGIN, 403, 403, 403, 403, 403, 200, 200],
    "export_geojson": [LOGIN, 403, 403, 403, 403, 403, 200, 200],
    "admin_list": [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 403, 200, 200],
    "admin_change": [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 403, 200, 200],
    "admin_merge": [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 403, 200, 200],
}


def url_of(page: str, report: FieldReport) -> str:
    return {
        "home": reverse("field_reports:home"),
        "mine": reverse("field_reports:mine"),
        "create": reverse("field_reports:create"),
        "detail": report.get_absolute_url(),
        "export_csv": reverse("field_reports:export_csv"),
        "export_geojson": reverse("field_reports:export_geojson"),
        "admin_list": reverse("admin:portal_fieldreport_changelist"),
        "admin_change": reverse("admin:portal_fieldreport_change", args=[report.pk]),
        "admin_merge": reverse("admin:portal_fieldreport_merge", args=[report.pk]),
    }[page]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", MATRIX)
def test_the_permission_matrix(client, world, role, page):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = client.get(url_of(page, world["report"]))
    expected = MATRIX[page][ROLES.index(role)]
    if expected == LOGIN:
        assert response.status_code == 302
        assert "connexion" in response.url or "/admin/login/" in response.url
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["reporter", "colleague", "other_agent", "curator"])
def test_a_report_shows_in_the_list_of_its_organisation_only(client, world, role):
    client.force_login(world["users"][role])
    page = client.get(reverse("field_reports:mine")).content.decode()
    assert (f"n° {world['report'].pk} – Dijon" in page) == (role in ("reporter", "colleague"))


def test_the_curators_export_holds_nothing_of_the_reporter(client, world):
    client.force_login(world["users"]["curator"])
    body = client.get(reverse("field_reports:export_csv")).content.decode("utf-8-sig")
    assert "Pas de réseau au lavoir" in body and "agent@val.fr" not in body
    body = client.get(reverse("field_reports:export_geojson")).content.decode()
    assert "Pas de réseau au lavoir" in body and "agent@val.fr" not in body


def test_forged_identifiers_are_404(client, world):
    client.force_login(world["users"]["other_agent"])
    report = world["report"]
    assert client.get(reverse("field_reports:detail", args=[uuid.uuid4()])).status_code == 404
    for path in (
        f"/remontees-terrain/{report.pk}/",
        "/remontees-terrain/%00/",
        "/remontees-terrain/' OR 1=1--/",
    ):
        assert client.get(path).status_code == 404


def test_an_agent_who_leaves_the_organisation_no_longer_sees_its_reports(client, world):
    reporter = world["users"]["reporter"]
    client.force_login(reporter)
    url = world["report"].get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    Membership.objects.filter(user=reporter).delete()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "offer"),
    [
        ("anonymous", "Connectez-vous"),
        ("reporter", "Signaler une zone</a>"),
        ("no_organisation", "Seuls les agents d"),
    ],
)
def test_the_public_page_offers_what_the_person_may_do(client, world, role, offer):
    if world["users"][role]:
        client.force_login(world["users"][role])
    assert offer in client.get(reverse("field_reports:home")).content.decode()


# ---------- SQL pinned ----------


@pytest.mark.parametrize("count", [1, 20])
def test_the_pages_run_a_fixed_number_of_queries(client, world, django_assert_num_queries, count):
    organisation = world["report"].organisation
    made = [make_report(organisation, state="validated") for _ in range(count)]
    client.force_login(world["users"]["reporter"])
    # session, user; the organisations of the person; the counts
    with django_assert_num_queries(4):
        assert client.get(reverse("field_reports:home")).status_code == 200
    # session, user; the organisations of the person; the reports
    with django_assert_num_queries(4):
        assert client.get(reverse("field_reports:mine")).status_code == 200
    # session, user; the report (organisation, reporter, commune), its steps
    with django_assert_num_queries(4):
        assert client.get(made[-1].get_absolute_url()).status_code == 200
    # session, user; the organisations of the person
    with django_assert_num_queries(3):
        assert client.get(reverse("field_reports:create")).status_code == 200
    client.force_login(world["users"]["curator"])
    # session, user; the curator's permissions (own, groups); the reports
    with django_assert_num_queries(5):
        assert client.get(reverse("field_reports:export_csv")).status_code == 200
