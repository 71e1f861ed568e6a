"""Filing an interconnection request: an agent of a public organisation describes its
sites (commune, and address or point), the form shows what the observatory says of
each commune's fibre, the request is « reçue » with its history and its e-mails; the
French refusals, the limits and hostile input, nothing half-written."""

import datetime
import html

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from observatories.models import CommuneFtth
from portal.interconnection import services
from portal.models import InterconnectionRequest, InterconnectionSite, InterconnectionStep
from portal.models.interconnection import MAX_SITES
from scoran.lib import throttling
from tests.directory.factories import make_agent, make_curator, make_organisation

pytestmark = pytest.mark.django_db

URL = reverse("interconnection:create")


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


@pytest.fixture
def org():
    return make_organisation("Département de la Côte-d'Or", slug="cd21", kind="department")


@pytest.fixture
def agent(org, client):
    user = make_agent("agent@cotedor.fr", org)
    client.force_login(user)
    return user


def text(response) -> str:
    """The page as read: entities decoded, non-breaking spaces as spaces."""
    return html.unescape(response.content.decode()).replace("\u202f", " ").replace("\xa0", " ")


def site(index: int, **values) -> dict:
    fields = {"name": "", "address": "", "commune": "", "latitude": "", "longitude": ""}
    return {f"sites-{index}-{name}": value for name, value in {**fields, **values}.items()}


def form(org, *sites, total=None, action="deposer", **changes) -> dict:
    sites = sites or (
        site(0, name="Collège Jean-Moulin", address="1 rue de l'École", commune="Dijon"),
    )
    data = {
        "organisation": org.pk,
        "subject": "Raccordement des collèges",
        "use": "gfu",
        "use_detail": "",
        "capacity_mbps": "1000",
        "desired_date": (timezone.localdate() + datetime.timedelta(days=120)).isoformat(),
        "description": "",
        "contact_name": "Dominique Contact",
        "contact_email": "contact@cotedor.fr",
        "contact_phone": "03 80 63 00 00",
        "sites-TOTAL_FORMS": str(total if total is not None else len(sites)),
        "sites-INITIAL_FORMS": "0",
        "sites-MIN_NUM_FORMS": "1",
        "sites-MAX_NUM_FORMS": str(MAX_SITES),
        "action": action,
        **changes,
    }
    for row in sites:
        data.update(row)
    return data


def test_an_agent_files_a_request_with_its_sites(client, org, agent, small_region, committed):
    make_curator("curatrice@region.fr")
    data = form(
        org,
        site(0, name="Collège Jean-Moulin", address="1 rue de l'École", commune="dijon"),
        site(1, name="Antenne", commune="25056", latitude="47,2378", longitude="6.0241"),
        site(2),  # a blank row: ignored
        total=3,
    )
    with committed():
        response = client.post(URL, data)
    request = InterconnectionRequest.objects.get()
    assert response.url == request.get_absolute_url() == f"/dorsale/{request.uuid}/"
    assert (request.organisation, request.requested_by, request.state) == (org, agent, "received")
    assert request.capacity_label == "1 Gbit/s" and request.use_label.startswith("GFU")
    sites = list(request.sites.order_by("position"))
    assert [(s.position, s.name, s.commune_id) for s in sites] == [
        (1, "Collège Jean-Moulin", "21231"),
        (2, "Antenne", "25056"),
    ]
    assert (sites[1].latitude, sites[1].longitude, sites[1].address) == (47.2378, 6.0241, "")
    step = InterconnectionStep.objects.get()
    assert (step.request, step.action, step.by) == (request, "received", agent)
    acknowledgment, to_curators = mail.outbox
    assert acknowledgment.to == ["agent@cotedor.fr", "contact@cotedor.fr"]
    assert acknowledgment.subject.endswith(f"Demande d'interconnexion n° {request.pk} : reçue")
    assert f"{settings.SITE_URL}/dorsale/{request.uuid}/" in acknowledgment.body
    assert to_curators.to == ["curatrice@region.fr"]
    assert "demande le raccordement de 2 sites" in to_curators.body
    assert f"/admin/portal/interconnectionrequest/{request.pk}/change/" in to_curators.body
    page = client.get(response.url).content.decode()
    assert "Raccordement des collèges" in page and "Demande reçue" in page


def test_the_requester_who_is_the_contact_gets_one_email(
    client, org, agent, small_region, committed
):
    with committed():
        client.post(URL, form(org, contact_email="AGENT@cotedor.fr"))
    assert [message.to for message in mail.outbox] == [["agent@cotedor.fr"]]


def test_the_form_shows_the_fibre_of_each_sites_commune(client, org, agent, ftth_deployed):
    CommuneFtth.objects.filter(commune_id="21231").update(operators="Orange, SFR FTTH")
    response = client.get(URL)
    assert response.status_code == 200
    data = form(
        org,
        site(0, name="Collège", commune="Dijon"),
        site(1, name="Mairie", commune="Belleneuve"),
        site(2, name="Ailleurs", commune="Atlantide"),
        action="afficher",
    )
    page = text(client.post(URL, data))
    assert not InterconnectionRequest.objects.exists()
    assert "Fibre à Dijon (21231)" in page
    assert "91,8 % des locaux raccordables au FttH (90 000 sur 98 000, T4 2025)" in page
    assert "Zone : Zone d'initiative privée (AMII)" in page
    assert "Opérateurs d'infrastructure : Orange, SFR FTTH" in page
    # Belleneuve's latest quarter is older than the region's: its own is shown.
    assert "Fibre à Belleneuve (21060)" in page and "50,0 % des locaux" in page
    assert "Zone : Réseau d'initiative publique" in page
    # Shown again without errors: nothing typed yet is wrong.
    assert "Erreur" not in page and 'value="Atlantide"' in page


def test_a_communes_fibre_is_fetched_for_the_form(client, agent, ftth_deployed):
    url = reverse("interconnection:commune_network")
    page = text(client.get(url, {"commune": "Besançon"}))
    assert "Fibre à Besançon (25056)" in page and "102,5 %" in page
    assert 'data-commune-code="25056"' in page
    unknown = client.get(url, {"commune": "<script>alert(1)</script>"}).content.decode()
    assert "n&#x27;est pas reconnu" in unknown  # escaped and "<script>alert" not in unknown
    assert client.get(url, {"commune": ""}).content.decode().strip() == ""
    client.logout()
    assert client.get(url, {"commune": "Dijon"}).status_code == 302  # to the sign-in page


def test_a_commune_without_figures_says_so(client, agent, small_region):
    page = client.get(reverse("interconnection:commune_network"), {"commune": "21231"})
    assert (
        "L'observatoire n'a pas de donnée sur la fibre dans cette commune." in page.content.decode()
    )


def test_adding_a_site_keeps_what_was_typed(client, org, agent, small_region):
    data = form(org, site(0, name="Collège", commune="Dijon"), site(1), total=2, action="ajouter")
    page = client.post(URL, data).content.decode()
    assert not InterconnectionRequest.objects.exists()
    assert 'name="sites-TOTAL_FORMS" value="2"' in page  # the blank row dropped, one added
    assert 'value="Collège"' in page and "<legend>Site 2</legend>" in page
    assert "Ce champ est obligatoire" not in page


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"name": "Mairie", "commune": "Dijon"},
            "address",
            "Indiquez l'adresse du site ou placez-le sur la carte.",
        ),
        (
            {"name": "Mairie", "commune": "Dijon", "latitude": "47.3"},
            "longitude",
            "Indiquez la latitude et la longitude, ou aucune des deux.",
        ),
        (
            {"name": "Mairie", "commune": "Dijon", "latitude": "48.85", "longitude": "2.35"},
            "latitude",
            "Ce point est hors de Bourgogne-Franche-Comté : vérifiez la latitude et la longitude "
            "(en degrés décimaux).",
        ),
        (
            {"name": "Mairie", "address": "1 place", "commune": "Atlantide"},
            "commune",
            "« Atlantide » n'est pas reconnu : indiquez le nom exact ou le code INSEE.",
        ),
        (
            {"name": "Mairie", "address": "1 place", "commune": "Dijon ; Besançon"},
            "commune",
            "Un site est dans une seule commune : n'en indiquez qu'une.",
        ),
        ({"name": "Mairie", "address": "1 place"}, "commune", "Ce champ est obligatoire."),
    ],
)
def test_a_site_is_refused_in_french_next_to_its_field(
    client, org, agent, small_region, values, field, message
):
    response = client.post(URL, form(org, site(0, **values)))
    assert response.status_code == 200
    assert message in response.context["sites"].forms[0].errors[field]
    assert not InterconnectionRequest.objects.exists()
    assert "des sites contiennent des erreurs" in response.content.decode()


@pytest.mark.usefixtures("commune_outlines")  # Dijon: 5.0 to 5.1 east, 47.3 to 47.4 north
def test_a_site_s_point_lies_in_its_commune(client, org, agent, committed):
    elsewhere = site(0, name="Mairie", commune="Dijon", latitude="47.25", longitude="6.05")
    response = client.post(URL, form(org, elsewhere))
    assert response.context["sites"].forms[0].errors["latitude"] == [
        "Ce point est à 72,0 km de la commune de Dijon : vérifiez la commune, ou la latitude "
        "et la longitude."
    ]
    assert not InterconnectionRequest.objects.exists()
    inside = site(0, name="Mairie", commune="Dijon", latitude="47.35", longitude="5.05")
    with committed():
        assert client.post(URL, form(org, inside)).status_code == 302
    assert InterconnectionRequest.objects.get().sites.get().latitude == 47.35


def test_at_least_one_site(client, org, agent):
    response = client.post(URL, form(org, site(0), site(1), total=2))
    assert response.context["sites"].non_form_errors() == ["Indiquez au moins un site à raccorder."]
    assert not InterconnectionRequest.objects.exists()


@pytest.mark.parametrize("total", [MAX_SITES + 1, 100_000])
def test_more_than_the_sites_allowed_are_refused_in_french(client, org, agent, small_region, total):
    rows = [
        site(i, name=f"Site {i}", address="1 rue", commune="21231") for i in range(MAX_SITES + 1)
    ]
    response = client.post(URL, form(org, *rows, total=total))
    assert response.status_code == 200
    assert response.context["sites"].non_form_errors() == [
        f"Une demande compte au plus {MAX_SITES} sites : déposez une seconde demande pour les "
        "suivants."
    ]
    assert not InterconnectionRequest.objects.exists()


def test_twenty_sites_are_accepted(client, org, agent, small_region):
    rows = [site(i, name=f"Site {i}", address="1 rue", commune="21231") for i in range(MAX_SITES)]
    client.post(URL, form(org, *rows))
    assert InterconnectionSite.objects.count() == MAX_SITES


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"use": "autre"}, "use_detail", "Précisez l'usage prévu."),
        ({"desired_date": "2001-01-01"}, "desired_date", "La date souhaitée est passée"),
        ({"desired_date": "9999-01-01"}, "desired_date", "dix prochaines années"),
        ({"capacity_mbps": "0"}, "capacity_mbps", "supérieure ou égale à 1"),
        ({"capacity_mbps": "200000"}, "capacity_mbps", "inférieure ou égale à 100000"),
        ({"contact_phone": "=1+1"}, "contact_phone", "Indiquez un numéro de téléphone"),
        (
            {"contact_email": "pas-une-adresse"},
            "contact_email",
            "Saisissez une adresse de courriel valide.",
        ),
        ({"subject": "Fibre\x00"}, "subject", "Le caractère nul n’est pas autorisé."),
        ({"use": "gip; DROP TABLE"}, "use", "Sélectionnez un choix valide."),
    ],
)
def test_the_request_is_refused_in_french_next_to_its_field(
    client, org, agent, small_region, changes, field, message
):
    response = client.post(URL, form(org, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not InterconnectionRequest.objects.exists()


def test_scripts_are_shown_as_text(client, org, agent, small_region, committed):
    script = "<script>alert(1)</script>"
    rows = [site(0, name=script, address=script, commune="Dijon")]
    with committed():
        response = client.post(URL, form(org, *rows, subject=script, description=script))
    page = client.get(response.url).content.decode()
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert script in mail.outbox[0].body  # plain text: nothing to run


def test_an_agent_files_only_for_a_public_organisation_of_theirs(client, org, agent):
    elsewhere = make_organisation("Commune d'ailleurs", kind="commune")
    response = client.post(URL, form(elsewhere))
    assert response.context["form"].errors["organisation"] == [
        "Choisissez une structure publique dont vous êtes membre."
    ]
    assert not InterconnectionRequest.objects.exists()


@pytest.mark.parametrize("kind", ["company", "association", "operator", "third_place", "other"])
def test_agents_of_other_organisations_may_not_file(client, kind):
    org = make_organisation("Structure privée", kind=kind)
    client.force_login(make_agent("agent@prive.fr", org))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Seuls les agents d'une structure publique" in text(response)
    assert client.post(URL, form(org)).status_code == 403
    assert not InterconnectionRequest.objects.exists()


def test_the_service_refuses_a_private_organisation(small_region):
    org = make_organisation("Entreprise", kind="company")
    user = make_agent("agent@entreprise.fr", org)
    with pytest.raises(services.PermissionDenied):
        services.file_request(organisation=org, by=user, values={}, sites=[])
    assert not InterconnectionRequest.objects.exists()


def test_filings_are_throttled_per_person(client, org, agent, small_region, monkeypatch):
    monkeypatch.setattr(services, "REQUESTS_PER_DAY", 1)
    client.post(URL, form(org))
    response = client.post(URL, form(org, subject="Encore"))
    assert response.status_code == 200
    assert "demandes aujourd'hui" in " ".join(response.context["form"].non_field_errors())
    assert InterconnectionRequest.objects.count() == 1


def test_a_forged_management_form_is_a_french_error(client, org, agent):
    data = form(org)
    del data["sites-TOTAL_FORMS"]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "<legend>Site 1</legend>" in response.content.decode()
    assert not InterconnectionRequest.objects.exists()


def test_filing_fails_closed_when_the_counters_are_unreachable(
    client, org, agent, small_region, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise throttling.ThrottleUnavailable

    monkeypatch.setattr(throttling, "allow", unreachable)
    response = client.post(URL, form(org))
    assert response.context["form"].non_field_errors() == [throttling.UNAVAILABLE_MESSAGE]
    assert not InterconnectionRequest.objects.exists()
