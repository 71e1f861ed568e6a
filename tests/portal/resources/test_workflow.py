"""Resources, the agents' and curators' sides: an agent proposes a resource of their
organisation with a first version, edits the draft, adds versions with checked
files, submits it; a curator publishes it, asks for changes, refuses it, or
publishes directly. Who may do what (the permission matrix), the model's rules and
the French errors."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from portal.models import Resource, ResourceEvent, ResourceFile, ResourceVersion
from portal.resources import services
from scoran.lib import moderation
from strategy.models import Orientation
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_user,
)
from tests.portal.factories import PDF, make_resource_row, resource_pdf

pytestmark = pytest.mark.django_db
State = Resource.State
Action = ResourceEvent.Action


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def org():
    return make_organisation("Syndicat du numérique", slug="syndicat")


@pytest.fixture
def agent(org):
    return make_agent("agent@syndicat.fr", org)


@pytest.fixture
def curator():
    return make_curator()


def values(**changes) -> dict:
    return {
        "title": "Guide du déploiement de la fibre",
        "summary": "Les étapes d'un réseau d'initiative publique.",
        "kind": Resource.Kind.GUIDE,
        "licence": Resource.Licence.OPEN,
        "date": datetime.date(2025, 5, 1),
        "audiences": [Resource.Audience.AUTHORITIES],
        **changes,
    }


def first_version(**changes) -> dict:
    return {"label": "1.0", "day": datetime.date(2025, 5, 1), "files": [resource_pdf()], **changes}


def propose(org, agent, **changes) -> Resource:
    return services.create_resource(
        organisation=org, by=agent, values=values(**changes), version=first_version()
    )


def add_link_version(resource, by, label, day):
    return services.add_version(
        resource=resource, by=by, label=label, day=day, external_url="https://exemple.fr"
    )


# ---------- Services and moderation ----------


def test_an_agent_proposes_a_draft_with_its_first_version(org, agent, media_root):
    resource = propose(org, agent)
    assert resource.state == State.DRAFT
    assert resource.slug == "guide-du-deploiement-de-la-fibre"
    stored = resource.versions.get().files.get()
    assert (stored.original_name, stored.content_type, stored.size) == (
        "guide.pdf",
        "application/pdf",
        len(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
    )
    assert stored.file.name.startswith(f"resources/{resource.pk}/")
    assert list(resource.events.values_list("action", flat=True)) == [
        Action.NEW_VERSION,
        Action.CREATED,
    ]


def test_a_refused_file_writes_neither_the_resource_nor_any_file(org, agent, media_root):
    hostile = SimpleUploadedFile("outil.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    with pytest.raises(ValidationError) as error:
        services.create_resource(
            organisation=org,
            by=agent,
            values=values(),
            version=first_version(files=[resource_pdf("bon.pdf"), hostile]),
        )
    assert "« outil.pdf » : Le contenu de ce fichier ne correspond pas" in error.value.messages[0]
    assert not Resource.objects.exists()
    assert not ResourceFile.objects.exists()
    assert not list((media_root / "resources").rglob("*.pdf"))  # the good one removed too


def test_only_the_authors_agents_write_its_resources(org, agent):
    stranger = make_agent("autre@ailleurs.fr", make_organisation("Ailleurs"))
    with pytest.raises(PermissionDenied):
        propose(org, stranger)
    resource = propose(org, agent)
    with pytest.raises(PermissionDenied):
        add_link_version(resource, stranger, "2", datetime.date(2025, 6, 1))
    with pytest.raises(PermissionDenied):
        services.update_resource(resource=resource, by=stranger, values={"title": "Piraté"})
    with pytest.raises(PermissionDenied):
        moderation.transition(obj=resource, action="submit", by=stranger)


def test_submit_publish_and_their_emails(org, agent, curator, committed):
    resource = propose(org, agent)
    with committed():
        services.submit_resource(resource=resource, by=agent)
    assert [m.to for m in mail.outbox] == [[curator.email]]
    assert "Ressource à relire : Guide du déploiement" in mail.outbox[0].subject
    with pytest.raises(ValidationError, match="déjà en attente de relecture"):
        services.submit_resource(resource=resource, by=agent)
    with pytest.raises(PermissionDenied):
        moderation.transition(obj=resource, action="publish", by=agent)  # agents never publish
    with committed():
        moderation.transition(obj=resource, action="publish", by=curator)
    resource.refresh_from_db()
    assert resource.is_published and resource.published_at is not None
    assert mail.outbox[-1].to == [agent.email]
    assert "/ressources/guide-du-deploiement-de-la-fibre/modifier/" in mail.outbox[-1].body


def test_changes_and_refusal_need_a_message_in_french(org, agent, curator):
    resource = propose(org, agent)
    services.submit_resource(resource=resource, by=agent)
    with pytest.raises(ValidationError) as error:
        moderation.transition(obj=resource, action="request_changes", by=curator)
    assert error.value.message_dict["message"] == [
        "Dites ce qu'il faut modifier : le message est obligatoire."
    ]
    moderation.transition(
        obj=resource, action="request_changes", by=curator, message="Précisez la licence."
    )
    services.update_resource(resource=resource, by=agent, values={"summary": "Corrigé."})
    services.submit_resource(resource=resource, by=agent)
    moderation.transition(obj=resource, action="refuse", by=curator, message="Hors sujet.")
    resource.refresh_from_db()
    assert resource.state == State.REFUSED
    with pytest.raises(ValidationError, match="a été refusée"):
        services.update_resource(resource=resource, by=agent, values={"summary": "Encore."})
    with pytest.raises(ValidationError, match="ne peut plus recevoir de version"):
        services.add_version(
            resource=resource,
            by=agent,
            label="9.0",
            day=datetime.date(2030, 1, 1),
            external_url="https://exemple.fr/v9",
        )
    assert not resource.versions.filter(label="9.0").exists()


def test_curators_publish_directly_without_review(org, agent, curator):
    resource = propose(org, agent)
    services.publish_directly(resource=resource, by=curator)
    resource.refresh_from_db()
    assert resource.is_published
    with pytest.raises(PermissionDenied):
        services.publish_directly(resource=resource, by=agent)


def test_a_resource_without_version_cannot_be_published(org, curator):
    resource = make_resource_row(organisation=org, state="draft", link=None)
    with pytest.raises(ValidationError, match="n'a encore aucune version"):
        services.publish_directly(resource=resource, by=curator)


def test_a_new_version_cannot_be_older_than_the_current_one(org, agent):
    resource = propose(org, agent)
    with pytest.raises(ValidationError) as error:
        add_link_version(resource, agent, "0.9", datetime.date(2024, 1, 1))
    assert error.value.message_dict["date"] == [
        "Une nouvelle version ne peut pas être antérieure à la version actuelle "
        "(1.0, du 1 mai 2025)."
    ]
    with pytest.raises(ValidationError) as error:
        add_link_version(resource, agent, "1.0", datetime.date(2025, 6, 1))
    assert "Cette ressource a déjà une version de ce nom." in error.value.messages
    with pytest.raises(ValidationError, match="Déposez au moins un fichier ou donnez un lien"):
        services.add_version(
            resource=resource, by=agent, label="2.0", day=datetime.date(2025, 6, 1)
        )
    assert resource.versions.count() == 1


def test_a_version_added_to_a_published_resource_is_public_at_once(client, org, agent, curator):
    resource = propose(org, agent)
    services.publish_directly(resource=resource, by=curator)
    services.add_version(resource=resource, by=agent, label="2.0", day=datetime.date(2025, 7, 1),
                         files=[resource_pdf("v2.pdf", PDF + b"% 2\n")])  # fmt: skip
    response = client.get(reverse("resources:latest", args=[resource.slug]))
    assert 'filename="v2.pdf"' in response["Content-Disposition"]
    b"".join(response.streaming_content)
    assert ResourceEvent.objects.filter(resource=resource, action=Action.NEW_VERSION).count() == 2


# ---------- Model rules ----------


def test_at_most_one_resource_is_the_territory_guide(org):
    make_resource_row("Guide 1", org, is_territory_guide=True)
    second = make_resource_row("Guide 2", org)
    second.is_territory_guide = True
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "Une autre ressource est déjà le guide Territoires intelligents" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    make_resource_row("Pas un guide", org, is_territory_guide=False)  # any number of others


def test_a_contract_kind_only_for_contract_models(org, agent):
    with pytest.raises(ValidationError) as error:
        propose(org, agent, contract_kind=Resource.ContractKind.CCTP)
    assert error.value.message_dict["contract_kind"] == [
        "Le type de modèle ne vaut que pour un modèle de contrat ou de cahier des charges."
    ]
    resource = propose(org, agent, kind=Resource.Kind.CONTRACT, contract_kind="cctp")
    assert resource.kind_label == "Modèle de contrat ou de cahier des charges - CCTP"


def test_required_fields_are_explained_in_french(org, agent):
    with pytest.raises(ValidationError) as error:
        propose(org, agent, title="", licence="gpl", audiences=[])
    errors = error.value.message_dict
    assert errors["title"] == ["Ce champ ne peut pas être vide."]
    assert errors["licence"] == ["La valeur «\xa0'gpl'\xa0» n’est pas un choix valide."]
    assert errors["audiences"] == ["Ce champ ne peut pas être vide."]


# ---------- The agents' pages and the permission matrix ----------


def post_new(client, org=None, **data):
    form = {
        "title": "Kit de communication fibre",
        "summary": "Affiches et modèles d'articles.",
        "kind": "kit",
        "licence": "cc-by-sa-4.0",
        "date": "2025-05-01",
        "audiences": ["collectivites", "grand-public"],
        "orientations": [Orientation.objects.get(number=1).pk],
        "version-label": "1.0",
        "version-date": "2025-05-01",
        "version-files": [resource_pdf("kit.pdf")],
        **data,
    }
    return client.post(reverse("resource_agents:create"), form)


def test_an_agent_proposes_edits_adds_a_version_and_submits_from_the_pages(client, org, agent):
    client.force_login(agent)
    response = post_new(client)
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("resource_agents:edit", args=[resource.slug])
    assert resource.organisation == org and resource.state == State.DRAFT
    assert resource.orientations.get().number == 1
    page = client.get(response["Location"]).content.decode()
    assert "kit.pdf" in page and "Soumettre à la relecture" in page
    response = client.post(
        reverse("resource_agents:new_version", args=[resource.slug]),
        {"label": "1.1", "date": "2025-06-01", "external_url": "exemple.fr/kit"},
    )
    assert response.status_code == 302
    assert resource.versions.first().external_url == "https://exemple.fr/kit"
    response = client.post(reverse("resource_agents:submit", args=[resource.slug]))
    assert response["Location"] == reverse("resource_agents:mine")
    resource.refresh_from_db()
    assert resource.state == State.SUBMITTED
    page = client.get(reverse("resource_agents:edit", args=[resource.slug])).content.decode()
    assert "en attente de relecture : elle ne peut pas être modifiée" in page
    mine = client.get(reverse("resource_agents:mine")).content.decode()
    assert "Kit de communication fibre" in mine


def test_a_hostile_upload_is_refused_next_to_the_field_and_nothing_is_saved(client, org, agent):
    client.force_login(agent)
    svg = SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'/>", "image/svg+xml")
    response = post_new(client, **{"version-files": [svg]})
    assert response.status_code == 200
    errors = response.context["version_form"].errors["files"]
    assert errors == [
        "« logo.svg » : Ce type de fichier n'est pas accepté : déposez un document PDF, ODT, "
        "ODS, ODP, DOCX, XLSX, PPTX, CSV, PNG, JPEG, WebP ou ZIP."
    ]
    assert not Resource.objects.exists()


def test_a_version_without_file_nor_link_is_explained(client, org, agent):
    client.force_login(agent)
    response = post_new(client, **{"version-files": []})
    assert response.context["version_form"].non_field_errors() == [
        "Déposez au moins un fichier ou donnez un lien externe."
    ]
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("who", "edit", "version", "submit"),
    [
        ("anonymous", 302, 302, 302),  # to the sign-in page
        ("other_agent", 404, 404, 404),  # a draft of another organisation does not exist
        ("agent", 200, 200, 302),
        ("curator", 403, 403, 403),  # curators act in the admin
    ],
)
def test_the_permission_matrix_of_the_agents_pages(client, org, agent, curator, who, edit,
                                                   version, submit):  # fmt: skip
    resource = propose(org, agent)
    users = {
        "anonymous": None,
        "other_agent": make_agent("x@ailleurs.fr", make_organisation("Ailleurs")),
        "agent": agent,
        "curator": curator,
    }
    if users[who] is not None:
        client.force_login(users[who])
    slug = resource.slug
    assert client.get(reverse("resource_agents:edit", args=[slug])).status_code == edit
    assert client.get(reverse("resource_agents:new_version", args=[slug])).status_code == version
    assert client.post(reverse("resource_agents:submit", args=[slug])).status_code == submit
    resource.refresh_from_db()
    assert resource.state == (State.SUBMITTED if who == "agent" else State.DRAFT)


def test_a_person_without_organisation_cannot_propose(client):
    client.force_login(make_user("seul@example.fr"))
    assert client.get(reverse("resource_agents:create")).status_code == 403
    assert (
        "Vous ne faites partie d'aucune structure"
        in client.get(reverse("resource_agents:mine")).content.decode()
    )


def test_the_reserved_words_are_never_slugs(org, agent):
    assert propose(org, agent, title="Nouvelle").slug != "nouvelle"
    assert ResourceVersion.objects.count() == 1


@pytest.mark.parametrize("count", [1, 10])
def test_my_resources_costs_the_same_queries_for_one_or_many(
    client, org, agent, count, django_assert_num_queries
):
    for n in range(count):
        make_resource_row(f"Ressource {n}", org, state="draft")
    client.force_login(agent)
    # session, user, the resources with their author, "has an organisation"
    with django_assert_num_queries(4):
        response = client.get(reverse("resource_agents:mine"))
    assert response.content.decode().count("Nouvelle version<span") == count


def test_a_refused_resource_offers_no_new_version_to_its_agents(client, org, agent):
    resource = make_resource_row(organisation=org, state="refused")
    client.force_login(agent)
    new_version = reverse("resource_agents:new_version", args=[resource.slug])
    for page in ("resource_agents:mine", "resource_agents:edit"):
        args = [resource.slug] if page.endswith("edit") else []
        assert new_version not in client.get(reverse(page, args=args)).content.decode()
    response = client.post(
        new_version,
        {"label": "2.0", "date": "2030-01-01", "external_url": "https://exemple.fr/v2"},
    )
    assert response.status_code == 200
    assert "ne peut plus recevoir de version" in response.content.decode()
    assert resource.versions.count() == 1
