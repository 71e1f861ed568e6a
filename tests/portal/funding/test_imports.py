"""Aides-Territoires exports through the import pipeline: what an aid becomes, the
upsert on (source, id), unpublishing of missing aides, curators' edits kept, rejects."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from observatories.importing.pipeline import import_file
from observatories.models import DataSource, ImportReject, ImportRun
from portal.funding.imports import AIDES_TERRITOIRES
from portal.models import Funding, FundingEvent
from tests.directory.factories import make_organisation

from .conftest import EXPORT, LATER_EXPORT, aids_of, write_export

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referential")]

Action = FundingEvent.Action
REGIONAL_CALL = "160488"
DOUBS_LOAN = "160533"


def run_import(path, source=None) -> ImportRun:
    return import_file(path, trigger=ImportRun.Trigger.COMMAND, source=source)


def aide(external_id: str) -> Funding:
    return Funding.objects.get(external_id=external_id)


def test_an_export_is_recognised_and_every_aid_published_with_its_provenance():
    region = make_organisation("Région Bourgogne-Franche-Comté")
    make_organisation("Banque des Territoires", state="draft")  # unpublished: a name only
    run = run_import(EXPORT)

    assert run.format == AIDES_TERRITOIRES.key
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged) == (7, 7, 0, 0)
    assert run.rows_rejected == 0
    assert run.source.slug == "aides-territoires"
    assert Funding.objects.published().count() == 7

    call = aide(REGIONAL_CALL)
    assert call.source == run.source and call.is_imported
    assert call.name == "Appel à projets Territoires intelligents en Bourgogne-Franche-Comté"
    assert call.kinds == ["subvention", "ingenierie-technique", "appel"]
    assert call.beneficiaries == ["communes", "epci", "departements"]
    assert call.recurrence == Funding.Recurrence.RECURRING
    assert (call.subsidy_rate_min, call.subsidy_rate_max) == (20, 50)
    assert list(call.regions.values_list("code", flat=True)) == ["27"]
    assert call.territory_keys == ["R27"] and not call.is_national
    assert [(s.opens_on, s.deadline) for s in call.sessions.all()] == [
        (datetime.date(2026, 1, 15), datetime.date(2026, 4, 30))
    ]
    assert list(call.funders.all()) == [region]
    assert call.funder_names == "Banque des Territoires"
    assert call.origin_url == (
        "https://aides-territoires.beta.gouv.fr/aides/8c2e-territoires-intelligents-bfc/"
    )
    assert call.information_url == "https://www.bourgognefranchecomte.fr/territoires-intelligents"
    assert call.application_url.startswith("https://aides.bourgognefranchecomte.fr/")
    assert call.licence == "Licence Ouverte 2.0 – fiche publiée par Aides-Territoires"
    assert call.contact == "Direction du numérique\nnumerique@bourgognefranchecomte.fr"
    assert "<h3>Conditions d'éligibilité</h3>" in call.description
    assert "Date limite de pré-dépôt : 1 mars 2026" in call.description
    assert call.summary.startswith("La Région soutient les projets de territoire intelligent")
    assert call.published_at is not None
    assert list(call.events.values_list("action", "by")) == [(Action.IMPORTED, None)]


def test_each_perimeter_level_maps_to_the_referential():
    run_import(EXPORT)
    feder = aide("160578")
    assert feder.is_national and feder.territory_note == "Europe"
    assert feder.territory_keys == ["FR"]
    assert aide("160231").is_national and aide("160231").territory_note == ""
    assert aide("160512").territory_keys == ["D21"]
    assert aide(DOUBS_LOAN).territory_keys == ["D25"]  # the department, not the commune Doubs
    assert aide("160544").territory_keys == ["E242100410"]
    assert aide("160561").territory_keys == ["C25056"]
    # A commune finds the aides of its EPCI, department, region and the national ones.
    dijon = ["FR", "R27", "D21", "E242100410", "C21231"]
    assert set(Funding.objects.covering(dijon).values_list("external_id", flat=True)) == {
        "160231", "160488", "160512", "160544", "160578"
    }  # fmt: skip


def test_labels_amounts_and_kinds_without_equivalent():
    run_import(EXPORT)
    loan = aide(DOUBS_LOAN)
    assert loan.kinds == ["pret", "avance"]
    assert loan.beneficiaries == ["epci", "entreprises"]
    assert loan.amount_max == Decimal(150000) and loan.amount_min is None
    assert loan.sessions.count() == 0 and loan.recurrence == Funding.Recurrence.PERMANENT
    feder = aide("160578")
    assert feder.kinds == ["subvention"]  # "Autre aide financière" has no equivalent
    assert feder.beneficiaries == ["communes", "etablissements-publics"]
    assert feder.licence.startswith("Licence Ouverte 2.0")
    assert aide("160512").licence == "licence non précisée – fiche publiée par Aides-Territoires"


def test_the_same_content_again_changes_nothing(tmp_path):
    first = run_import(EXPORT)
    assert run_import(EXPORT).status == ImportRun.Status.SKIPPED  # same file
    # The same aids, written otherwise (compact JSON): read, all unchanged.
    again = run_import(write_export(tmp_path / "compact.json", aids_of(EXPORT)))
    assert again.status == ImportRun.Status.SUCCEEDED, again.error
    assert again.source == first.source
    assert (again.rows_read, again.rows_created, again.rows_updated) == (7, 0, 0)
    assert again.rows_unchanged == 7
    assert FundingEvent.objects.exclude(action=Action.IMPORTED).count() == 0


def test_a_newer_export_updates_and_unpublishes_the_missing_aide_without_mail():
    run_import(EXPORT)
    mail.outbox.clear()
    run = run_import(LATER_EXPORT)

    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged) == (6, 0, 1, 5)
    call = aide(REGIONAL_CALL)
    assert call.sessions.get().deadline == datetime.date(2026, 5, 31)
    assert "Date limite repoussée" in call.description
    assert call.events.first().action == Action.UPDATED
    loan = aide(DOUBS_LOAN)  # kept, unpublished, its history says why
    assert loan.state == Funding.State.DRAFT
    step = loan.events.first()
    assert step.action == Action.UNPUBLISHED and step.by is None
    assert "Absente de l'export" in step.message
    assert Funding.objects.count() == 7 and Funding.objects.published().count() == 6
    assert mail.outbox == []


def test_aides_in_the_latest_export_count_as_reviewed(tmp_path):
    run_import(EXPORT)
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Funding.objects.update(reviewed_at=long_ago)
    updated_at = aide("160231").updated_at
    run_import(LATER_EXPORT)
    assert not Funding.objects.published().due_for_review().exists()
    assert aide(DOUBS_LOAN).reviewed_at == long_ago  # missing from the export
    assert aide("160231").updated_at == updated_at  # unchanged content, same date


def test_an_aide_back_in_the_export_is_published_again(tmp_path):
    run_import(EXPORT)
    run_import(LATER_EXPORT)
    back = run_import(write_export(tmp_path / "again.json", aids_of(EXPORT)))
    assert back.rows_updated == 2  # the loan is back, the call's deadline too
    loan = aide(DOUBS_LOAN)
    assert loan.state == Funding.State.PUBLISHED
    assert loan.events.first().action == Action.PUBLISHED


def test_an_aide_a_curator_unpublished_stays_so(tmp_path, admin_user):
    run_import(EXPORT)
    loan = aide(DOUBS_LOAN)
    Funding.objects.filter(pk=loan.pk).update(state=Funding.State.DRAFT)
    FundingEvent.objects.create(funding=loan, action=Action.UNPUBLISHED, by=admin_user)
    run_import(write_export(tmp_path / "again.json", aids_of(EXPORT)))
    assert aide(DOUBS_LOAN).state == Funding.State.DRAFT


def test_fields_a_curator_changed_are_not_overwritten():
    run_import(EXPORT)
    call = aide(REGIONAL_CALL)
    call.name = "AAP Territoires intelligents (nom revu)"
    call.kinds = ["subvention"]
    call.locally_edited = ["kinds", "name"]
    call.save()

    run = run_import(LATER_EXPORT)
    assert run.rows_updated == 1
    call = aide(REGIONAL_CALL)
    assert call.name == "AAP Territoires intelligents (nom revu)"
    assert call.kinds == ["subvention"]
    assert call.sessions.get().deadline == datetime.date(2026, 5, 31)  # not edited: updated
    assert "Date limite repoussée" in call.description


def test_the_import_file_command_reads_an_export(capsys):
    call_command("import_file", str(EXPORT))
    out = capsys.readouterr().out
    assert "7 lignes lues = 7 créées" in out
    assert Funding.objects.count() == 7


# --- Rejected aids ----------------------------------------------------------------


def with_changes(changes: dict[str, dict]) -> list[dict]:
    aids = aids_of(EXPORT)
    for aid in aids:
        aid.update(changes.get(str(aid["id"]), {}))
    return aids


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"aid_types": ["Subvention", "Crédit"]}, "aid_types", "libellé « Crédit » inconnu"),
        ({"targeted_audiences": ["Elfes"]}, "targeted_audiences", "libellé « Elfes » inconnu"),
        ({"recurrence": "Parfois"}, "recurrence", "récurrence « Parfois » inconnue"),
        ({"perimeter": "Bretagne"}, "perimeter", "périmètre « Bretagne » hors de la région"),
        ({"perimeter": "Vaux"}, "perimeter", "périmètre « Vaux » ambigu : 2 communes"),
        ({"perimeter": ""}, "perimeter", "périmètre manquant"),
        ({"submission_deadline": "31/04/2026"}, "submission_deadline", "n'est pas une date"),
        ({"start_date": "2026-06-01"}, "submission_deadline", "précède l'ouverture"),
        ({"subvention_rate_upper_bound": 120}, "subvention_rate_upper_bound", "entre 0 et 100"),
        ({"subvention_rate_lower_bound": 70}, "subvention_rate_lower_bound", "supérieur au taux"),
        ({"application_url": "javascript:alert(1)"}, "application_url", "pas une adresse web"),
        ({"name": ""}, "name", "nom de l'aide manquant"),
        ({"financers": "Région"}, "financers", "liste de libellés attendue"),
    ],
)  # fmt: skip
def test_a_wrong_value_rejects_its_aid_with_a_french_reason(
    tmp_path, settings, changes, column, reason
):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    run = run_import(write_export(tmp_path / "aides.json", with_changes({REGIONAL_CALL: changes})))
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (7, 6, 1)
    reject = ImportReject.objects.get(run=run)
    assert reject.line == 2 and reject.column == column
    assert reason in reject.reason, reject.reason
    assert not Funding.objects.filter(external_id=REGIONAL_CALL).exists()


def test_a_commune_named_with_its_department_is_found(tmp_path):
    aids = with_changes({"160561": {"perimeter": "Vaux (25)"}})
    run_import(write_export(tmp_path / "aides.json", aids))
    assert aide("160561").territory_keys == ["C25590"]


def test_names_and_labels_match_whatever_their_case_accents_or_apostrophes(tmp_path):
    changes = {
        "160512": {"perimeter": "CÔTE-D\u2019OR", "aid_types": ["subvention", "PRET"]},
        "160533": {"targeted_audiences": ["entreprises privees"], "recurrence": "recurrente"},
    }
    run = run_import(write_export(tmp_path / "aides.json", with_changes(changes)))
    assert run.rows_rejected == 0, list(ImportReject.objects.values_list("reason", flat=True))
    assert aide("160512").territory_keys == ["D21"]
    assert aide("160512").kinds == ["subvention", "pret"]
    assert aide(DOUBS_LOAN).beneficiaries == ["entreprises"]
    assert aide(DOUBS_LOAN).recurrence == Funding.Recurrence.RECURRING


def test_a_rejected_aid_already_imported_is_kept_as_it_was(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    run_import(EXPORT)
    aids = with_changes({DOUBS_LOAN: {"perimeter": "Bretagne"}})
    run = run_import(write_export(tmp_path / "aides.json", aids))
    assert run.rows_rejected == 1
    assert aide(DOUBS_LOAN).state == Funding.State.PUBLISHED  # in the export: not withdrawn


def test_a_duplicated_id_is_rejected(tmp_path, settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    aids = aids_of(EXPORT)
    run = run_import(write_export(tmp_path / "aides.json", [*aids, dict(aids[0], name="Copie")]))
    assert (run.rows_read, run.rows_created, run.rows_rejected) == (8, 7, 1)
    assert "doublon de l'aide n° 1" in ImportReject.objects.get().reason
    assert aide("160231").name == "Conseillers numériques France Services"


def test_too_many_rejects_refuse_the_export_and_change_nothing(tmp_path):
    run_import(EXPORT)
    aids = with_changes({REGIONAL_CALL: {"perimeter": "Bretagne"}, DOUBS_LOAN: {"name": ""}})
    aids = [aid for aid in aids if aid["id"] != 160231]
    run = run_import(write_export(tmp_path / "aides.json", aids))
    assert run.status == ImportRun.Status.FAILED
    assert "Trop de lignes rejetées : 2 sur 6" in run.error
    assert Funding.objects.published().count() == 7  # nothing unpublished
    assert FundingEvent.objects.exclude(action=Action.IMPORTED).count() == 0


def test_an_export_for_a_source_of_another_format_is_refused(tmp_path):
    source = DataSource.objects.create(
        slug="autre", name="Autre", publisher="x", licence="x", format="mediation_numerique"
    )
    run = run_import(EXPORT, source=source)
    assert run.status == ImportRun.Status.FAILED
    assert "la source « Autre » attend un autre format" in run.error
    assert Funding.objects.count() == 0


def test_the_export_file_in_the_docs_shape_is_valid_json():
    document = json.loads(EXPORT.read_text(encoding="utf-8"))
    assert set(document) == {"count", "next", "previous", "results"}
    assert all(AIDES_TERRITOIRES.required <= set(aid) for aid in document["results"])


# --- A curator's edit in the admin ------------------------------------------------


def form_data(form) -> dict:
    """What a browser posts back for ``form`` unchanged."""
    from django.contrib.postgres.forms import SimpleArrayField

    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        if isinstance(bound.field, SimpleArrayField):
            value = bound.field.delimiter.join(value or []) if isinstance(value, list) else value
        if value is None or value is False:
            continue
        if hasattr(bound.field.widget, "decompress"):  # split date and time
            if not isinstance(value, list):
                value = bound.field.widget.decompress(value)
            for number, part in enumerate(value):
                data[f"{bound.html_name}_{number}"] = part
            continue
        data[bound.html_name] = "on" if value is True else value
        if bound.field.show_hidden_initial:  # fields with a callable default
            data[bound.html_initial_name] = data[bound.html_name]
    return data


def admin_change_data(client, url: str) -> dict:
    context = client.get(url).context
    data = form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data


def test_a_curator_edit_in_the_admin_survives_the_next_import(client):
    from django.urls import reverse

    from tests.directory.factories import make_curator

    run_import(EXPORT)
    call = aide(REGIONAL_CALL)
    client.force_login(make_curator())
    url = reverse("admin:portal_funding_change", args=[call.pk])
    data = admin_change_data(client, url)
    data["name"] = "AAP Territoires intelligents (titre revu par l'équipe)"
    data["contact"] = "Mission numérique, 03 81 00 00 00"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    call.refresh_from_db()
    assert call.locally_edited == ["contact", "name"]
    assert "champs modifiés localement" in client.get(url).content.decode().lower()

    run = run_import(LATER_EXPORT)
    assert run.rows_updated == 1
    call.refresh_from_db()
    assert call.name == "AAP Territoires intelligents (titre revu par l'équipe)"
    assert call.contact == "Mission numérique, 03 81 00 00 00"
    assert call.sessions.get().deadline == datetime.date(2026, 5, 31)
    assert "Date limite repoussée" in call.description


def test_a_curators_sessions_in_the_admin_survive_the_next_import(client):
    from django.urls import reverse

    from tests.directory.factories import make_curator

    run_import(EXPORT)
    call = aide(REGIONAL_CALL)
    client.force_login(make_curator())
    url = reverse("admin:portal_funding_change", args=[call.pk])
    data = admin_change_data(client, url)
    (deadline,) = [name for name in data if name.endswith("-0-deadline")]
    data[deadline] = "2026-06-30"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    call.refresh_from_db()
    assert call.locally_edited == ["sessions"]

    run_import(LATER_EXPORT)  # moves this call's deadline to 31 May
    call.refresh_from_db()
    assert call.sessions.get().deadline == datetime.date(2026, 6, 30)
    assert "Date limite repoussée" in call.description  # the rest follows the export


def test_funders_a_curator_linked_keep_the_other_funders_too(tmp_path):
    """The financers of an aid are one list, shown as directory organisations and
    other names: a curator who moved a name into the directory's funders keeps the
    names as they left them (the import would otherwise name the funder twice)."""
    run_import(EXPORT)
    call = aide(REGIONAL_CALL)
    funder = make_organisation("Financeur relié par l'équipe")
    call.funders.set([funder])
    call.funder_names = ""
    call.locally_edited = ["funders"]
    call.save()
    aids = aids_of(EXPORT)
    for aid in aids:
        if str(aid["id"]) == REGIONAL_CALL:
            aid["financers"] = [*aid["financers"], "Nouveau financeur"]
    run_import(write_export(tmp_path / "later.json", aids))
    call = aide(REGIONAL_CALL)
    assert list(call.funders.all()) == [funder]
    assert call.funder_names == ""


def test_nul_characters_of_an_aid_do_not_break_the_import(tmp_path, settings):
    """PostgreSQL stores no NUL character: one in an aid's texts (a JSON ``\\u0000``)
    is dropped, not an error of the whole import."""
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    aids = aids_of(EXPORT)
    aids[0]["name"] = "Aide\u0000 piégée"
    aids[0]["description"] = "<p>Texte\u0000</p>"
    aids[0]["contact"] = "Service\u0000 numérique"
    aids[1]["id"] = "\u0000"  # no id once without it: rejected, the others imported
    run = run_import(write_export(tmp_path / "nul.json", aids))
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.rows_rejected == 1
    funding = aide(str(aids[0]["id"]))
    assert funding.name == "Aide piégée"
    assert "\x00" not in funding.description + funding.contact + funding.summary
