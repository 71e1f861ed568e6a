"""The steps of a field report, taken by curators in the admin on the shared
moderation: nouvelle → validée, fusionnée with a duplicate (the report kept named) or
rejetée with a reason; each step in the history with who and when, e-mailed after
commit to the reporter; impossible moves and forged merges refused in French; agents
never move a report; the curators' exports (CSV formula-safe, GeoJSON), validated
reports only, nothing of the reporter."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from directory.models import Membership
from portal.field_reports import services
from portal.models import FieldReport
from tests.directory.factories import make_agent, make_curator, make_organisation, make_user
from tests.portal.field_reports.factories import make_report

pytestmark = pytest.mark.django_db
State = FieldReport.State
CHANGELIST = reverse("admin:portal_fieldreport_changelist")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def org():
    return make_organisation("Communauté de communes", kind="epci")


@pytest.fixture
def reporter(org):
    return make_agent("agent@val.fr", org)


@pytest.fixture
def report(org, reporter, small_region):
    return make_report(org, by=reporter)


@pytest.fixture
def curator(client):
    user = make_curator("curatrice@region.fr")
    client.force_login(user)
    return user


def decide(client, report, slug, message=""):
    url = reverse("admin:portal_fieldreport_moderate", args=[report.pk, slug])
    return client.post(url, {"message": message})


def merge(client, report, into, message=""):
    url = reverse("admin:portal_fieldreport_merge", args=[report.pk])
    return client.post(url, {"into": into, "message": message})


def test_a_curator_validates_a_report(client, report, reporter, curator, committed):
    change = reverse("admin:portal_fieldreport_change", args=[report.pk])
    page = client.get(change).content.decode()
    assert (
        "Valider</a>" in page and "Rejeter</a>" in page and "Fusionner avec un doublon</a>" in page
    )
    with committed():
        decide(client, report, "valider", "Transmise à l'équipe projet.")
    report.refresh_from_db()
    assert report.state == State.VALIDATED
    steps = list(report.steps.order_by("at", "pk").values_list("action", "by", "message"))
    assert steps == [
        ("filed", reporter.pk, ""),
        ("validated", curator.pk, "Transmise à l'équipe projet."),
    ]
    (sent,) = mail.outbox
    assert sent.to == [reporter.email]
    assert sent.subject.endswith(f"n° {report.pk} : validée")
    assert "Transmise à l'équipe projet." in sent.body
    assert f"{settings.SITE_URL}{report.get_absolute_url()}" in sent.body
    client.force_login(reporter)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Validée" in page and "par l'équipe d'animation" in page
    assert curator.email not in page


def test_a_rejection_needs_its_reason(client, report, curator, committed):
    response = decide(client, report, "rejeter")
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    with pytest.raises(ValidationError, match="Donnez le motif du rejet"):
        services.move_report(report=report, action="reject", by=curator, message=" ")
    with committed():
        decide(client, report, "rejeter", "Zone couverte depuis mars.")
    report.refresh_from_db()
    assert report.state == State.REJECTED
    (sent,) = mail.outbox
    assert "Motif du rejet :\nZone couverte depuis mars." in sent.body
    step = report.steps.get(action="rejected")
    assert (step.by, step.message) == (curator, "Zone couverte depuis mars.")


def test_a_duplicate_is_merged_into_the_report_kept(client, org, report, curator, committed):
    kept = make_report(org, state=State.VALIDATED)
    earlier = make_report(org)
    services.merge_report(report=earlier, into=report, by=curator)  # merged into ``report``
    with committed():
        response = merge(client, report, kept.pk, "Même portion de route.")
    assert response.status_code == 302
    report.refresh_from_db()
    earlier.refresh_from_db()
    assert (report.state, report.duplicate_of) == (State.MERGED, kept)
    assert earlier.duplicate_of == kept  # no chain: what pointed to ``report`` follows it
    (sent,) = mail.outbox
    assert f"fusionnée avec la remontée n° {kept.pk}" in sent.body
    assert "Même portion de route." in sent.body
    assert report.steps.get(action="merged").by == curator


@pytest.mark.parametrize("target", ["itself", "merged", "rejected", "unknown", "text"])
def test_a_forged_merge_is_refused(client, org, report, curator, target):
    other = make_report(org)
    targets = {
        "itself": report.pk,
        "merged": make_report(org, state=State.MERGED, duplicate_of=other).pk,
        "rejected": make_report(org, state=State.REJECTED).pk,
        "unknown": 999999,
        "text": "1 OR 1=1",
    }
    response = merge(client, report, targets[target])
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["into"])
    expected = {
        "itself": "ne peut pas être fusionnée avec elle-même",
        "merged": "choisissez une remontée nouvelle ou validée",
        "rejected": "choisissez une remontée nouvelle ou validée",
        "unknown": "Aucune remontée ne porte le n° 999999.",
        "text": "Indiquez le numéro d'une remontée",
    }[target]
    assert expected in errors
    report.refresh_from_db()
    assert (report.state, report.duplicate_of) == (State.NEW, None)
    assert not mail.outbox


@pytest.mark.parametrize(
    ("state", "action", "refusal"),
    [
        ("validated", "validate", "seule une remontée nouvelle peut être validée"),
        ("rejected", "validate", "seule une remontée nouvelle peut être validée"),
        ("rejected", "reject", "elle ne peut plus être rejetée"),
    ],
)
def test_impossible_moves_are_refused_in_french(report, curator, state, action, refusal):
    FieldReport.objects.filter(pk=report.pk).update(state=state)
    with pytest.raises(ValidationError) as error:
        services.move_report(report=report, action=action, by=curator, message="Non.")
    label = dict(State.choices)[state].lower()
    assert error.value.messages == [f"« {report} » est « {label} » : {refusal}."]
    assert report.steps.count() == 1 and not mail.outbox


def test_a_merged_report_cannot_be_merged_again(org, report, curator):
    kept = make_report(org)
    services.merge_report(report=report, into=kept, by=curator)
    with pytest.raises(ValidationError, match="elle ne peut plus être fusionnée"):
        services.merge_report(report=report, into=make_report(org), by=curator)
    report.refresh_from_db()
    assert report.duplicate_of == kept


def test_reports_are_validated_in_bulk(client, org, report, curator):
    other = make_report(org)
    rejected = make_report(org, state=State.REJECTED)
    response = client.post(
        CHANGELIST,
        {"action": "validate", ACTION_CHECKBOX_NAME: [report.pk, other.pk, rejected.pk]},
        follow=True,
    )
    assert "2 remontée(s) validée(s)." in response.content.decode()
    assert FieldReport.objects.filter(state=State.VALIDATED).count() == 2


@pytest.mark.parametrize("who", ["reporter", "colleague", "staff_without_permission"])
def test_only_curators_move_a_report(org, report, reporter, who):
    users = {
        "reporter": lambda: reporter,
        "colleague": lambda: make_agent("admin@val.fr", org, Membership.Role.ADMIN),
        "staff_without_permission": lambda: make_user("equipe@region.fr", is_staff=True),
    }
    user = users[who]()
    with pytest.raises(PermissionDenied):
        services.move_report(report=report, action="validate", by=user)
    with pytest.raises(PermissionDenied):
        services.merge_report(report=report, into=make_report(org), by=user)
    report.refresh_from_db()
    assert (report.state, report.duplicate_of) == (State.NEW, None)


def test_curators_cannot_add_or_rewrite_a_report(client, report, curator):
    assert client.get(reverse("admin:portal_fieldreport_add")).status_code == 403
    change = reverse("admin:portal_fieldreport_change", args=[report.pk])
    client.post(change, {"description": "Réécrite", "state": "validated", "is_demo": "on"})
    report.refresh_from_db()
    assert (report.description, report.state) == ("Appels coupés.", State.NEW)


def _export(client, action, *reports):
    return client.post(
        CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in reports]}
    )


def test_the_csv_export_holds_the_validated_reports_without_formula(
    client, org, reporter, curator, small_region
):
    formula = '=HYPERLINK("http://x","y")'
    validated = make_report(
        org, by=reporter, state=State.VALIDATED, description=formula, address="+33 route"
    )
    make_report(org, state=State.MERGED, duplicate_of=validated)
    new = make_report(org, by=reporter, description="Nouvelle")
    response = _export(client, "export_csv", validated, new)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2  # the header and the validated report
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Description"] == "'" + formula and row["Adresse ou lieu-dit"] == "'+33 route"
    assert row["Remontée n°"] == str(validated.pk) and row["Doublons fusionnés"] == "1"
    assert row["Opérateurs"] == "Orange" and row["Code INSEE"] == "21231"
    assert reporter.email not in response.content.decode("utf-8-sig")


def test_the_geojson_export_holds_the_validated_reports(
    client, org, reporter, curator, small_region
):
    validated = make_report(
        org, by=reporter, state=State.VALIDATED, latitude=47.3, longitude=5.0, signal_dbm=-110
    )
    make_report(org, state=State.REJECTED)
    response = _export(client, "export_geojson", *FieldReport.objects.all())
    data = json.loads(response.content)
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [5.0, 47.3]}
    assert feature["properties"]["numero"] == validated.pk
    assert feature["properties"]["signal_dbm"] == -110
    assert reporter.email not in response.content.decode()


@pytest.mark.parametrize("moves", [0, 2])
def test_the_change_page_costs_the_same_whatever_the_history(
    client, report, curator, moves, django_assert_num_queries
):
    if moves:
        services.move_report(report=report, action="validate", by=curator)
        services.move_report(report=report, action="reject", by=curator, message="Couvert.")
    change = reverse("admin:portal_fieldreport_change", args=[report.pk])
    ContentType.objects.clear_cache()
    # session, user; the report; permissions (own, groups); the report again (the
    # change form); its steps with who took them and their report's commune; the
    # report's commune, content type, organisation, reporter
    with django_assert_num_queries(11):
        assert client.get(change).status_code == 200
