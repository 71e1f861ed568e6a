"""Who sees what of the interconnection requests: the permission matrix of every page
and of the admin, forged identifiers, what the public sees (counts, never a request),
and the SQL each page runs, the same for 1 request or 20, 1 site or 20. Withdrawing a
request is for its organisation's agents only: curators see it but get 403."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from directory.models import Membership, User
from portal.models import InterconnectionRequest
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_user,
)
from tests.portal.interconnection.factories import make_request

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = [
    "anonymous",
    "no_organisation",
    "requester",
    "colleague",
    "other_public_agent",
    "private_agent",
    "staff_without_permission",
    "curator",
    "superuser",
]


@pytest.fixture
def world(small_region):
    department = make_organisation("Département", kind="department")
    requester = make_agent("demandeur@departement.fr", department)
    colleague = make_agent("collegue@departement.fr", department, Membership.Role.ADMIN)
    staff = make_user("equipe@region.fr", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_event"))
    return {
        "request": make_request(department, by=requester, subject="Fibre des collèges"),
        "users": {
            "anonymous": None,
            "no_organisation": make_user("seul@exemple.fr"),
            "requester": requester,
            "colleague": colleague,
            "other_public_agent": make_agent(
                "agent@commune.fr", make_organisation("Commune", kind="commune")
            ),
            "private_agent": make_agent(
                "agent@entreprise.fr", make_organisation("Entreprise", kind="company")
            ),
            "staff_without_permission": staff,
            "curator": make_curator(),
            "superuser": User.objects.create_superuser(email="root@region.fr", password="x" * 16),
        },
    }


# page → outcome for each role, in ROLES' order
MATRIX = {
    "home": [200, 200, 200, 200, 200, 200, 200, 200, 200],
    "mine": [LOGIN, 200, 200, 200, 200, 200, 200, 200, 200],
    "create": [LOGIN, 403, 200, 200, 200, 403, 403, 403, 403],
    "detail": [LOGIN, 404, 200, 200, 404, 404, 404, 200, 200],
    "withdraw": [LOGIN, 404, 200, 200, 404, 404, 404, 403, 403],  # agents only
    "admin_list": [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 403, 200, 200],
    "admin_change": [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 403, 200, 200],
}


def url_of(page: str, request: InterconnectionRequest) -> str:
    return {
        "home": reverse("interconnection:home"),
        "mine": reverse("interconnection:mine"),
        "create": reverse("interconnection:create"),
        "detail": request.get_absolute_url(),
        "withdraw": reverse("interconnection:withdraw", args=[request.uuid]),
        "admin_list": reverse("admin:portal_interconnectionrequest_changelist"),
        "admin_change": reverse("admin:portal_interconnectionrequest_change", args=[request.pk]),
    }[page]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", MATRIX)
def test_the_permission_matrix(client, world, role, page):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = client.get(url_of(page, world["request"]))
    expected = MATRIX[page][ROLES.index(role)]
    if expected == LOGIN:
        assert response.status_code == 302
        assert "connexion" in response.url or "/admin/login/" in response.url
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["requester", "colleague", "curator"])
def test_a_request_shows_only_to_whom_may_see_it_in_the_lists(client, world, role):
    client.force_login(world["users"][role])
    page = client.get(reverse("interconnection:mine")).content.decode()
    assert ("Fibre des collèges" in page) == (role != "curator")  # not a member


def test_forged_identifiers_are_404(client, world):
    client.force_login(world["users"]["other_public_agent"])
    other = world["request"]
    assert client.get(reverse("interconnection:detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get(other.get_absolute_url()).status_code == 404
    for path in (f"/dorsale/{other.pk}/", "/dorsale/%00/", "/dorsale/' OR 1=1--/"):
        assert client.get(path).status_code == 404


def test_an_agent_who_leaves_the_organisation_no_longer_sees_its_requests(client, world):
    requester = world["users"]["requester"]
    client.force_login(requester)
    url = world["request"].get_absolute_url()
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=requester).delete()
    assert client.get(url).status_code == 404


def test_the_public_sees_counts_and_never_a_request(client, world):
    make_request(world["request"].organisation, subject="Sites secrets", state="connected")
    page = client.get(reverse("interconnection:home")).content.decode()
    assert "Fibre des collèges" not in page and "Sites secrets" not in page
    assert "contact@departement.fr" not in page
    assert '<dd class="stat__value">2</dd>' in page  # requests (and sites: 2)
    assert '<tr><th scope="row">Reçue</th><td class="num">1</td></tr>' in page
    assert '<tr><th scope="row">Raccordée</th><td class="num">1</td></tr>' in page
    assert "Connectez-vous" in page


@pytest.mark.parametrize(
    ("role", "offer"),
    [("requester", "Déposer une demande</a>"), ("private_agent", "Seuls les agents d")],
)
def test_the_explanation_page_offers_what_the_person_may_do(client, world, role, offer):
    client.force_login(world["users"][role])
    assert offer in client.get(reverse("interconnection:home")).content.decode()


# ---------- SQL pinned ----------


def many(world, requests: int, sites: int):
    organisation = world["request"].organisation
    rows = tuple((f"Site {i}", "1 rue", "21231") for i in range(sites))
    return [make_request(organisation, subject=f"Demande {n}", sites=rows) for n in range(requests)]


@pytest.mark.parametrize(("requests", "sites"), [(1, 1), (20, 20)])
def test_the_pages_run_a_fixed_number_of_queries(
    client, world, ftth_deployed, django_assert_num_queries, requests, sites
):
    made = many(world, requests, sites)
    client.force_login(world["users"]["requester"])
    # session, user; public organisations of the person; the counts by step, of sites
    with django_assert_num_queries(5):
        assert client.get(reverse("interconnection:home")).status_code == 200
    # session, user; public organisations of the person; the requests
    with django_assert_num_queries(4):
        assert client.get(reverse("interconnection:mine")).status_code == 200
    # session, user; the request, its sites, its steps; the communes' profiles, quarters;
    # whether the person may withdraw it
    with django_assert_num_queries(8):
        assert client.get(made[-1].get_absolute_url()).status_code == 200
    # session, user; the request, its sites, its steps; whether the person may withdraw it
    with django_assert_num_queries(6):
        url = reverse("interconnection:withdraw", args=[made[-1].uuid])
        assert client.get(url).status_code == 200
    # session, user; public organisations of the person
    with django_assert_num_queries(3):
        assert client.get(reverse("interconnection:create")).status_code == 200
