"""Who may edit the data centres and hosting offers: curators in the admin, nobody
else (agents, the operator's own agents included, staff without the role,
visitors); the public pages take no writes. Links are web addresses only;
coordinates go in pairs; a curator's save confirms the row."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.models import DataCentre
from tests.directory.factories import make_agent, make_curator, make_organisation, make_user
from tests.portal.hosting.factories import make_data_centre

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ["anonymous", "operator_agent", "staff", "curator", "superuser"]


@pytest.fixture
def world(small_region):
    operator = make_organisation("Hébergeur", slug="hebergeur")
    centre = make_data_centre("Centre de Dijon", slug="centre-dijon", operator=operator)
    return {
        "operator": operator,
        "centre": centre,
        "users": {
            "anonymous": None,
            "operator_agent": make_agent("agent@example.fr", operator),
            "staff": make_user("personnel@example.fr", is_staff=True),
            "curator": make_curator(),
            "superuser": make_user("admin@example.fr", is_staff=True, is_superuser=True),
        },
    }


def form(world, **changes) -> dict:
    return {
        "kind": "centre",
        "name": "Nouveau centre",
        "slug": "nouveau-centre",
        "is_published": "on",
        "description": "",
        "url": "https://centre.example.fr/",
        "operator_name": "Hébergeur",
        "operator": world["operator"].pk,
        "sector": "prive",
        "commune": "25056",
        "address": "1 rue des Serveurs",
        "latitude": "47.24",
        "longitude": "6.02",
        "services": ["colocation", "cloud"],
        "certifications": ["hds"],
        "tier": "3",
        "reviewed_at_0": "2026-01-01",
        "reviewed_at_1": "10:00:00",
        **changes,
    }


OK_PAGE = {"anonymous": LOGIN, "operator_agent": LOGIN, "staff": 403, "curator": 200,
           "superuser": 200}  # fmt: skip
OK_SAVE = {**OK_PAGE, "curator": 302, "superuser": 302}

ACTIONS = {
    "liste": ("get", lambda w: reverse("admin:portal_datacentre_changelist"), None, OK_PAGE),
    "ajouter": ("post", lambda w: reverse("admin:portal_datacentre_add"), form, OK_SAVE),
    "modifier": (
        "post",
        lambda w: reverse("admin:portal_datacentre_change", args=[w["centre"].pk]),
        lambda w: form(w, name="Renommé", slug="centre-dijon"),
        OK_SAVE,
    ),
    "supprimer": (
        "post",
        lambda w: reverse("admin:portal_datacentre_delete", args=[w["centre"].pk]),
        lambda w: {"post": "yes"},
        OK_SAVE,
    ),
}


def names() -> list[str]:
    return sorted(DataCentre.objects.values_list("name", flat=True))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix(client, world, role, action):
    method, url, data, expected = ACTIONS[action]
    if world["users"][role]:
        client.force_login(world["users"][role])
    before = names()
    response = getattr(client, method)(url(world), data(world) if data else None)
    if expected[role] == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == expected[role], response.content.decode()[:2000]
    if expected[role] != 302 and method == "post":
        assert names() == before


@pytest.mark.parametrize("role", ["anonymous", "operator_agent", "curator"])
def test_the_public_pages_take_no_writes(client, world, role):
    if world["users"][role]:
        client.force_login(world["users"][role])
    for url in (
        reverse("hosting:list"),
        reverse("hosting:geojson"),
        world["centre"].get_absolute_url(),
    ):
        assert client.post(url, {"name": "Piraté"}).status_code == 405
    assert names() == ["Centre de Dijon"]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"url": "javascript:alert(1)"}, "commençant par http:// ou https://"),
        ({"url": "data:text/html,<script>x</script>"}, "commençant par http:// ou https://"),
        ({"url": "ftp://centre.example.fr/"}, "commençant par http:// ou https://"),
        ({"latitude": ""}, "la latitude et la longitude, ou aucune des deux"),
        ({"latitude": "123"}, "inférieure ou égale à 90"),
        ({"services": []}, "Ce champ est obligatoire."),
        ({"tier": "5"}, "Sélectionnez un choix valide"),
        ({"commune": "99999"}, "Sélectionnez un choix valide"),
    ],
)
def test_wrong_input_is_refused_in_french_and_writes_nothing(client, world, changes, error):
    client.force_login(world["users"]["curator"])
    response = client.post(reverse("admin:portal_datacentre_add"), form(world, **changes))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert names() == ["Centre de Dijon"]


@pytest.mark.parametrize(
    "changes",
    [
        {"url": "javascript:alert(1)"},
        {"url": "JAVASCRIPT://x.fr/%0aalert(1)"},
        {"tier": 7},
        {"latitude": 100.0, "longitude": 5.0},
        {"services": []},
    ],
)
def test_the_database_refuses_what_the_form_refuses(world, changes):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_data_centre("Pirate", **changes)


def test_a_curator_adds_a_row_shown_at_once_and_confirmed(client, world):
    client.force_login(world["users"]["curator"])
    response = client.post(reverse("admin:portal_datacentre_add"), form(world))
    assert response.status_code == 302
    centre = DataCentre.objects.get(slug="nouveau-centre")
    assert (centre.services, centre.certifications, centre.tier) == (
        ["colocation", "cloud"],
        ["hds"],
        3,
    )
    html = client.get(reverse("hosting:list"), {"departement": "25"}).content.decode()
    assert "Nouveau centre" in html
    DataCentre.objects.update(reviewed_at=timezone.now() - timedelta(days=400))
    client.post(
        reverse("admin:portal_datacentre_change", args=[centre.pk]),
        form(world, slug="nouveau-centre"),
    )
    centre.refresh_from_db()
    assert not centre.needs_review


def test_the_admin_filters_rows_due_for_review(admin_client, world, settings):
    settings.REVIEW_AFTER_DAYS = 30
    fresh = make_data_centre("Récent")
    DataCentre.objects.exclude(pk=fresh.pk).update(reviewed_at=timezone.now() - timedelta(days=31))
    url = reverse("admin:portal_datacentre_changelist")
    due = admin_client.get(url + "?verification=a-verifier").context["cl"].result_list
    assert list(due) == [world["centre"]]
