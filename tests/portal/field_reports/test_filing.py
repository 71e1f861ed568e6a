"""Filing a field report: an agent describes the zone (commune, address or point in
the region), the operators, technology and usage, when it was seen, what was seen and
optional measurements; the report is « nouvelle » with its history and e-mails; French
refusals for what is wrong, forged or hostile; the permission matrix of the form."""

import datetime
import html

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from observatories.models import CommuneOutline
from portal.models import FieldReport, FieldReportStep
from tests.directory.factories import make_agent, make_curator, make_organisation, make_user

pytestmark = pytest.mark.django_db

URL = reverse("field_reports:create")


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


@pytest.fixture
def org():
    return make_organisation("Communauté de communes du Val", slug="cc-val", kind="epci")


@pytest.fixture
def agent(org, client, small_region):
    user = make_agent("agent@val.fr", org)
    client.force_login(user)
    return user


def text(response) -> str:
    return html.unescape(response.content.decode()).replace("\u202f", " ").replace("\xa0", " ")


def form(org, **changes) -> dict:
    data = {
        "organisation": org.pk,
        "commune": "Dijon",
        "address": "Route de Beaune",
        "latitude": "",
        "longitude": "",
        "operators": ["20801", "20810"],
        "technology": "4G",
        "usage": "road",
        "observed_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "observed_time": "14:30",
        "description": "Appels coupés sur deux kilomètres.",
        "signal_dbm": "-115",
        "download_mbps": "0,5".replace(",", "."),
        "upload_mbps": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_an_agent_reports_a_zone(client, agent, org, django_capture_on_commit_callbacks):
    curator = make_curator("curatrice@region.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form(org, latitude="47,3220", longitude="5.0415"))
    report = FieldReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.state == FieldReport.State.NEW and report.organisation == org
    assert report.reported_by == agent and report.commune_id == "21231"
    assert report.operators == ["20801", "20810"] and report.technology == "4G"
    assert (report.latitude, report.longitude) == (47.322, 5.0415)
    assert report.signal_dbm == -115 and report.observed_time == datetime.time(14, 30)
    step = FieldReportStep.objects.get()
    assert (step.action, step.by) == ("filed", agent)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([curator.email, agent.email])
    ack = next(m for m in mail.outbox if m.to == [agent.email])
    assert "nouvelle" in ack.subject and report.get_absolute_url() in ack.body


def test_an_address_without_a_point_suffices(client, agent, org):
    response = client.post(URL, form(org, signal_dbm="", download_mbps=""))
    assert response.status_code == 302
    assert FieldReport.objects.get().latitude is None


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"address": ""}, "address", "Indiquez une adresse ou un lieu-dit, ou placez le point"),
        ({"latitude": "43.3", "longitude": "5.4"}, "latitude", "hors de Bourgogne-Franche-Comté"),
        ({"latitude": "47.3"}, "longitude", "Indiquez la latitude et la longitude"),
        ({"operators": []}, "operators", "Cochez au moins un opérateur."),
        ({"operators": ["99999"]}, "operators", "Choisissez parmi Orange"),
        ({"technology": "6G"}, "technology", "Choisissez 2G, 3G, 4G ou 5G."),
        ({"usage": "air"}, "usage", "Choisissez un usage de la liste."),
        ({"commune": "99999"}, "commune", ""),
        ({"organisation": "999999"}, "organisation", "Choisissez une structure dont vous êtes"),
        ({"signal_dbm": "-300"}, "signal_dbm", "supérieure ou égale à -150"),
        ({"download_mbps": "99999"}, "download_mbps", "inférieure ou égale à 10000"),
        ({"upload_mbps": "-1"}, "upload_mbps", "supérieure ou égale à 0"),
        ({"description": "x" * 5001}, "description", "5000 caractères"),
        ({"description": "zone\x00"}, "description", ""),
    ],
)
def test_wrong_or_forged_input_is_refused_in_french(client, agent, org, changes, field, error):
    response = client.post(URL, form(org, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert error in " ".join(errors[field])
    assert not FieldReport.objects.exists()


@pytest.mark.usefixtures("commune_outlines")  # Dijon: 5.0 to 5.1 east, 47.3 to 47.4 north
@pytest.mark.parametrize(
    ("latitude", "longitude", "error"),
    [
        ("47.35", "5.05", None),  # in Dijon
        ("47.35", "5.11", None),  # 0.75 km east of its outline: within the margin
        ("47.35", "5.13", "Ce point est à 2,3 km de la commune de Dijon"),
        ("47.25", "6.05", "Ce point est à 72,0 km de la commune de Dijon"),  # in Besançon
    ],
)
def test_the_point_lies_in_the_commune_named(client, agent, org, latitude, longitude, error):
    response = client.post(URL, form(org, latitude=latitude, longitude=longitude))
    if error is None:
        assert response.status_code == 302
        assert FieldReport.objects.get().commune_id == "21231"
    else:
        assert error in " ".join(response.context["form"].errors["latitude"])
        assert not FieldReport.objects.exists()


def test_an_unreadable_outline_leaves_the_point_taken_and_logged(client, agent, org, caplog):
    CommuneOutline.objects.create(commune_id="21231", geometry={"type": "Point"})
    response = client.post(URL, form(org, latitude="47.25", longitude="6.05"))
    assert response.status_code == 302 and FieldReport.objects.exists()
    assert "outline of commune 21231 unreadable" in caplog.text


def test_a_future_observation_is_refused(client, agent, org):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(URL, form(org, observed_on=tomorrow.isoformat()))
    assert "Cette date est à venir" in text(response)
    later = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%H:%M")
    if later > timezone.localtime().strftime("%H:%M"):  # not past midnight
        today = timezone.localdate().isoformat()
        response = client.post(URL, form(org, observed_on=today, observed_time=later))
        assert "Cette heure est à venir" in text(response)
    assert not FieldReport.objects.exists()


def test_a_script_in_the_description_is_shown_as_text(client, agent, org):
    client.post(URL, form(org, description="<script>alert(1)</script>"))
    report = FieldReport.objects.get()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_agent_cannot_report_for_another_organisation(client, agent, org):
    other = make_organisation("Autre structure")
    response = client.post(URL, form(org, organisation=other.pk))
    assert "organisation" in response.context["form"].errors
    assert not FieldReport.objects.exists()


def test_the_form_permission_matrix(client, small_region):
    assert client.get(URL).status_code == 302  # anonymous: to the sign-in page
    client.force_login(make_user("personne@example.fr"))
    assert client.get(URL).status_code == 403  # a member of no organisation
    client.force_login(make_agent("agent@autre.fr", make_organisation("Autre")))
    assert client.get(URL).status_code == 200


def test_the_number_of_reports_a_day_is_capped(client, agent, org, monkeypatch):
    monkeypatch.setattr("portal.field_reports.services.REPORTS_PER_DAY", 1)
    assert client.post(URL, form(org)).status_code == 302
    response = client.post(URL, form(org))
    assert response.status_code == 200 and "zones aujourd'hui" in text(response)
    assert FieldReport.objects.count() == 1
