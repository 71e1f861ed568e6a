"""Projects, the agents' side: drafts, review and its e-mails, history, revisions
of published projects, uploads, follow-up of SCORAN actions, the agents' pages."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from directory.images import reencode_project_image
from directory.models import Membership, Project, ProjectEvent
from directory.projects import services
from directory.projects.documents import check_document
from strategy.models import ActionTrack, Orientation
from tests.conftest import h1_texts
from tests.directory.factories import (
    image_upload,
    make_agent,
    make_curator,
    make_organisation,
    make_project,
    make_user,
    office_upload,
    pdf_upload,
    project_values,
)

pytestmark = pytest.mark.django_db
State = Project.State
Action = ProjectEvent.Action


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """As in a request: what services do once their transaction commits (e-mails,
    deletion of files) runs at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def org():
    return make_organisation("Syndicat du numérique", slug="syndicat")


@pytest.fixture
def agent(org):
    return make_agent("agent@example.fr", org)


@pytest.fixture
def curator():
    return make_curator()


def stored_files(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def actions(project) -> list[tuple[str, bool]]:
    """The history, oldest first: (action, on_revision)."""
    return [(e.action, e.on_revision) for e in project.events.order_by("at", "pk")]


# ---------- Transitions and their e-mails ----------


def test_an_agent_creates_a_draft_with_a_unique_slug_never_an_agent_page(org, agent):
    first = make_project(org, by=agent)
    second = make_project(org, by=agent)
    reserved = make_project(org, by=agent, title="Nouveau")
    assert first.slug == "fibre-pour-les-ecoles"
    assert second.slug.startswith("fibre-pour-les-ecoles-") and second.slug != first.slug
    assert reserved.slug.startswith("nouveau-")
    assert first.state == State.DRAFT and first.created_by == agent
    assert actions(first) == [(Action.CREATED, False)]
    assert not Project.objects.published().exists()


def test_only_the_carriers_agents_create_its_projects(org):
    outsider = make_agent("autre@example.fr", make_organisation("Autre"))
    with pytest.raises(Exception, match="membres de la structure"):
        services.create_project(organisation=org, by=outsider, values=project_values())
    assert not Project.objects.exists()


def test_submitting_tells_the_curators_who_may_change_projects(org, agent, curator, committed):
    make_user("staff-sans-droits@example.fr", is_staff=True)
    make_user("admin@example.fr", is_staff=True, is_superuser=True)
    project = make_project(org, by=agent)
    mail.outbox.clear()
    with committed(), pytest.raises(ValidationError), transaction.atomic():
        services.submit_project(project=project, by=agent)
        raise ValidationError("the transaction fails: nothing is sent")
    assert mail.outbox == []

    with committed():
        services.submit_project(project=project, by=agent)
    project.refresh_from_db()
    assert project.state == State.SUBMITTED and project.submitted_at
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["admin@example.fr", "curatrice@example.fr"]
    assert message.subject == "[SCORAN BFC] Projet à relire : Fibre pour les écoles"
    assert reverse("admin:directory_project_change", args=[project.pk]) in message.body
    assert actions(project)[-1] == (Action.SUBMITTED, False)


def test_submitting_a_project_already_submitted_is_refused_in_french(org, agent, curator):
    project = make_project(org, by=agent, state=State.SUBMITTED)
    with pytest.raises(ValidationError, match="déjà en attente de relecture"):
        services.submit_project(project=project, by=agent)
    published = make_project(org, by=agent, state=State.PUBLISHED, curator=curator)
    with pytest.raises(ValidationError, match="pas de modification à soumettre"):
        services.submit_project(project=published, by=agent)


def test_publishing_makes_the_project_public_and_tells_its_agents(org, agent, curator, committed):
    colleague = make_agent("collegue@example.fr", org)
    project = make_project(org, by=agent, state=State.SUBMITTED)
    mail.outbox.clear()
    with committed():
        services.publish_project(project=project, by=curator)
    project.refresh_from_db()
    assert project.state == State.PUBLISHED and project.published_at
    assert list(Project.objects.published()) == [project]
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([agent.email, colleague.email])
    assert (
        mail.outbox[0].subject == "[SCORAN BFC] Votre projet « Fibre pour les écoles » est publié"
    )
    assert reverse("project_agents:history", args=[project.slug]) in mail.outbox[0].body
    assert actions(project)[-1] == (Action.PUBLISHED, False)
    assert project.events.first().by == curator


def test_asking_for_changes_needs_a_message_which_the_agents_receive(
    org, agent, curator, committed
):
    project = make_project(org, by=agent, state=State.SUBMITTED)
    with pytest.raises(ValidationError, match="message est obligatoire"):
        services.request_changes(project=project, by=curator, message="  ")
    mail.outbox.clear()
    with committed():
        services.request_changes(project=project, by=curator, message="Précisez le budget.")
    project.refresh_from_db()
    assert project.state == State.CHANGES_REQUESTED
    assert "Précisez le budget." in mail.outbox[0].body
    assert mail.outbox[0].to == [agent.email]
    event = project.events.first()
    assert (event.action, event.message) == (Action.CHANGES_REQUESTED, "Précisez le budget.")

    # The agent edits it and sends it again.
    services.update_project(project=project, by=agent, values={"budget": Decimal(1000)})
    services.submit_project(project=project, by=agent)
    project.refresh_from_db()
    assert (project.state, project.budget) == (State.SUBMITTED, Decimal(1000))


def test_refusing_needs_a_reason_and_the_project_can_no_longer_change(
    org, agent, curator, committed
):
    project = make_project(org, by=agent, state=State.SUBMITTED)
    with pytest.raises(ValidationError, match="raison du refus"):
        services.refuse_project(project=project, by=curator, reason="")
    mail.outbox.clear()
    with committed():
        services.refuse_project(project=project, by=curator, reason="Hors du champ de la SCORAN.")
    project.refresh_from_db()
    assert project.state == State.REFUSED
    assert "Hors du champ de la SCORAN." in mail.outbox[0].body
    with pytest.raises(ValidationError, match="a été refusé"):
        services.update_project(project=project, by=agent, values={"title": "Autre"})
    with pytest.raises(ValidationError, match="a été refusé"):
        services.submit_project(project=project, by=agent)


def test_decisions_on_a_project_that_does_not_wait_are_refused(org, agent, curator):
    draft = make_project(org, by=agent)
    for decide in (
        lambda: services.publish_project(project=draft, by=curator),
        lambda: services.request_changes(project=draft, by=curator, message="x"),
        lambda: services.refuse_project(project=draft, by=curator, reason="x"),
        lambda: services.unpublish_project(project=draft, by=curator),
    ):
        with pytest.raises(ValidationError, match="n'est pas"):
            decide()
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert actions(draft) == [(Action.CREATED, False)]


def test_unpublishing_withdraws_the_project_and_tells_the_agents(org, agent, curator, committed):
    project = make_project(org, by=agent, state=State.PUBLISHED, curator=curator)
    mail.outbox.clear()
    with committed():
        services.unpublish_project(project=project, by=curator, reason="Contenu obsolète.")
    project.refresh_from_db()
    assert project.state == State.DRAFT
    assert not Project.objects.published().exists()
    assert "Contenu obsolète." in mail.outbox[0].body
    assert project.events.first().action == Action.UNPUBLISHED


def test_the_history_page_shows_each_step_with_the_curators_message(client, org, agent, curator):
    project = make_project(org, by=agent, state=State.CHANGES_REQUESTED, curator=curator)
    client.force_login(agent)
    html = client.get(reverse("project_agents:history", args=[project.slug])).content.decode()
    assert h1_texts(html) == ["Historique de « Fibre pour les écoles »"]
    for text in ("Brouillon créé", "Soumis à relecture", "Modifications demandées", "À compléter."):
        assert text in html
    assert "Équipe d'animation" in html and curator.email not in html


# ---------- Revisions of published projects ----------


@pytest.fixture
def published(org, agent, curator):
    return make_project(
        org,
        by=agent,
        state=State.PUBLISHED,
        curator=curator,
        fundings=[{"funder": "Région", "amount": Decimal(5000)}],
        images=[{"file": image_upload("ecole.png"), "alt_text": "Une école"}],
        documents=[{"file": pdf_upload(), "title": "Rapport"}],
    )


def test_an_update_waits_for_review_while_the_public_sees_the_published_version(
    org, agent, curator, published, media_root, committed
):
    old_image = published.images.get()
    document = published.documents.get()
    revision = services.update_project(
        project=published,
        by=agent,
        values={"title": "Fibre pour toutes les écoles"},
        fundings=[{"funder": "FEDER", "amount": None}],
        images=[{"file": image_upload("nouvelle.png"), "alt_text": "La nouvelle école"}],
        documents=[{"id": document.pk, "title": "Rapport final"}],
    )
    assert revision.revision_of == published and revision.state == State.DRAFT
    assert revision.slug == published.slug
    # The public still sees the published version, with its files.
    public = Project.objects.published().get()
    assert public.title == "Fibre pour les écoles"
    assert [f.funder for f in public.fundings.all()] == ["Région"]
    assert [i.alt_text for i in public.images.all()] == ["Une école"]
    assert [d.title for d in public.documents.all()] == ["Rapport"]
    assert Project.objects.visible_to(make_user("passant@example.fr")).get().title == public.title
    # A second edit goes to the same revision.
    assert services.update_project(project=published, by=agent, values={"budget": 10}) == revision
    assert Project.objects.filter(revision_of=published).count() == 1

    with committed():
        services.submit_project(project=published, by=agent)
    revision.refresh_from_db()
    assert revision.state == State.SUBMITTED
    assert mail.outbox[-1].subject == "[SCORAN BFC] Modifications à relire : Fibre pour les écoles"
    with pytest.raises(ValidationError, match="en attente de relecture"):
        services.update_project(project=published, by=agent, values={"title": "Encore"})

    files_before = stored_files(media_root)
    assert old_image.image.name in files_before
    with committed():
        services.publish_project(project=revision, by=curator)  # as chosen in the queue
    published.refresh_from_db()
    assert published.title == "Fibre pour toutes les écoles" and published.budget == 10
    assert published.state == State.PUBLISHED
    assert [f.funder for f in published.fundings.all()] == ["FEDER"]
    assert [i.alt_text for i in published.images.all()] == ["La nouvelle école"]
    assert [d.title for d in published.documents.all()] == ["Rapport final"]
    assert not Project.objects.filter(revision_of__isnull=False).exists()
    # The replaced image's file is gone; the kept document's and the new image's stay.
    files_after = stored_files(media_root)
    assert old_image.image.name not in files_after
    assert document.file.name in files_after
    assert published.images.get().image.name in files_after
    assert actions(published)[-4:] == [
        (Action.UPDATED, True),
        (Action.UPDATED, True),
        (Action.SUBMITTED, True),
        (Action.PUBLISHED, True),
    ]


def test_a_refused_revision_is_discarded_with_its_new_files(
    org, agent, curator, published, media_root, committed
):
    kept = stored_files(media_root)
    revision = services.update_project(
        project=published,
        by=agent,
        values={"title": "Titre refusé"},
        images=[{"file": image_upload("autre.png"), "alt_text": "Autre"}],
    )
    new_file = revision.images.get().image.name
    services.submit_project(project=published, by=agent)
    with committed():
        services.refuse_project(project=published, by=curator, reason="Pas de changement de titre.")
    published.refresh_from_db()
    assert published.title == "Fibre pour les écoles" and published.state == State.PUBLISHED
    assert not Project.objects.filter(revision_of=published).exists()
    assert stored_files(media_root) == kept and new_file not in kept
    assert actions(published)[-1] == (Action.REFUSED, True)
    assert "la version publiée reste inchangée" in mail.outbox[-1].body


def test_changes_asked_on_a_revision_send_it_back_to_the_agents(org, agent, curator, published):
    services.update_project(project=published, by=agent, values={"title": "Nouveau titre"})
    services.submit_project(project=published, by=agent)
    revision = services.request_changes(project=published, by=curator, message="Pourquoi ?")
    assert revision.revision_of == published and revision.state == State.CHANGES_REQUESTED
    published.refresh_from_db()
    assert published.state == State.PUBLISHED
    services.update_project(project=published, by=agent, values={"summary": "Mieux dit."})
    assert Project.objects.get(pk=revision.pk).summary == "Mieux dit."


def test_without_review_of_updates_edits_are_public_at_once(settings, org, agent, published):
    settings.PROJECTS_REVIEW_UPDATES = False
    changed = services.update_project(project=published, by=agent, values={"title": "Direct"})
    assert changed == published
    assert Project.objects.published().get().title == "Direct"
    assert not Project.objects.filter(revision_of__isnull=False).exists()
    assert actions(published)[-1] == (Action.UPDATED, False)


def test_unpublishing_discards_a_revision_under_way(org, agent, curator, published):
    services.update_project(project=published, by=agent, values={"title": "En cours"})
    services.unpublish_project(project=published, by=curator)
    published.refresh_from_db()
    assert published.state == State.DRAFT and published.title == "Fibre pour les écoles"
    assert not Project.objects.filter(revision_of__isnull=False).exists()


# ---------- Territory ----------


def test_department_codes_follow_the_territory_or_else_the_carriers_commune(small_region, agent):
    from observatories.models import EPCI

    org = agent.memberships.get().organisation
    org.commune_id = "25056"
    org.save()
    project = make_project(org, by=agent)
    assert project.department_codes == ["25"]
    services.update_project(
        project=project, by=agent, values={"epcis": [EPCI.objects.get(siren="242100410")]}
    )
    project.refresh_from_db()
    assert project.department_codes == ["21"]
    services.update_project(project=project, by=agent, values={"communes": ["25056"]})
    project.refresh_from_db()
    assert project.department_codes == ["21", "25"]


# ---------- The agents' pages ----------


def form_data(project=None, **changes) -> dict:
    """The edit form as a browser posts it: empty formsets but their management forms."""
    data = {
        **project_values(),
        "status": "idea",
        "communes": "",
        "epcis": "",
        "departments": "",
    }
    for prefix, initial in (("financements", 0), ("images", 0), ("documents", 0)):
        data[f"{prefix}-TOTAL_FORMS"] = str(initial + (2 if prefix == "financements" else 1))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial)
    data.update(changes)
    return data


def test_an_agent_writes_a_project_with_its_territory_pistes_and_fundings(
    client, small_region, org, agent
):
    track = ActionTrack.objects.select_related("orientation").first()
    client.force_login(agent)
    url = reverse("project_agents:create")
    page = client.get(url).content.decode()
    assert h1_texts(page) == ["Proposer un projet"]
    assert f"<legend>{track.orientation}</legend>" in page  # pistes grouped by orientation
    response = client.post(
        url,
        form_data(
            communes="Dijon ; 25056",
            departments="côte-d'or",
            orientations=[track.orientation.pk],
            action_tracks=[track.pk],
            budget="12000.50",
            **{"financements-0-funder": "Région", "financements-0-amount": "5000"},
        ),
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("project_agents:edit", args=[project.slug])
    assert sorted(project.communes.values_list("code", flat=True)) == ["21231", "25056"]
    assert list(project.departments.values_list("code", flat=True)) == ["21"]
    assert list(project.action_tracks.all()) == [track]
    assert project.budget == Decimal("12000.50")
    assert [(f.funder, f.amount) for f in project.fundings.all()] == [("Région", Decimal(5000))]
    assert project.department_codes == ["21", "25"]
    # The edit page shows the territory as it reads it back.
    edit = client.get(response["Location"]).content.decode()
    assert "Besançon (25056)" in edit and "Dijon (21231)" in edit


def test_an_unknown_or_ambiguous_commune_is_explained_and_nothing_is_saved(
    client, small_region, org, agent
):
    from observatories.models import Commune

    Commune.objects.create(code="25999", name="Dijon", department_id="25")
    client.force_login(agent)
    response = client.post(
        reverse("project_agents:create"), form_data(communes="Dijon ; Atlantis ; 99999")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "plusieurs communes portent ce nom (Dijon (21231), Dijon (25999))" in html
    assert "« Atlantis » n&#x27;est pas reconnu" in html
    assert "« 99999 » n&#x27;est pas reconnu" in html
    assert 'aria-invalid="true"' in html and 'id="id_communes_error"' in html
    assert not Project.objects.exists()


def test_an_agent_of_several_organisations_chooses_the_carrier(client, org, agent):
    other = make_organisation("Tiers-lieu", slug="tiers-lieu")
    Membership.objects.create(user=agent, organisation=other)
    client.force_login(agent)
    response = client.post(reverse("project_agents:create"), form_data())
    assert "Structure porteuse" in response.content.decode()
    assert not Project.objects.exists()
    client.post(reverse("project_agents:create"), form_data(organisation=other.pk))
    assert Project.objects.get().organisation == other


def test_images_and_documents_are_uploaded_checked_and_removed(
    client, org, agent, media_root, committed
):
    project = make_project(org, by=agent)
    client.force_login(agent)
    url = reverse("project_agents:edit", args=[project.slug])
    client.post(
        url,
        form_data(
            **{
                "images-0-image": image_upload("photo.jpg", size=(2400, 1200), fmt="JPEG"),
                "images-0-alt_text": "Des enfants devant un ordinateur",
                "documents-0-file": office_upload(
                    "budget.ods",
                    {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"},
                ),
                "documents-0-title": "Budget",
            }
        ),
    )
    image, document = project.images.get(), project.documents.get()
    assert image.image.name.endswith(".jpg") and image.image.width == 1600  # re-encoded
    assert document.content_type == "application/vnd.oasis.opendocument.spreadsheet"
    data = form_data(
        **{
            "images-TOTAL_FORMS": "2",
            "images-INITIAL_FORMS": "1",
            "images-0-id": image.pk,
            "images-0-alt_text": image.alt_text,
            "images-0-remove": "on",
            "documents-TOTAL_FORMS": "2",
            "documents-INITIAL_FORMS": "1",
            "documents-0-id": document.pk,
            "documents-0-title": "Budget 2026",
        }
    )
    with committed():
        assert client.post(url, data).status_code == 302
    assert not project.images.exists()
    assert project.documents.get().title == "Budget 2026"
    assert stored_files(media_root) == {document.file.name}


@pytest.mark.parametrize(
    ("field", "upload", "message"),
    [
        (
            "images-0-image",
            SimpleUploadedFile("photo.png", b"juste du texte", content_type="image/png"),
            "Ce fichier n&#x27;est pas une image lisible",
        ),
        (
            "documents-0-file",
            SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00\x03" + bytes(200)),
            "Le contenu de ce fichier ne correspond pas à son extension « .pdf »",
        ),
        (
            "documents-0-file",
            SimpleUploadedFile("outil.exe", b"MZ\x90\x00"),
            "Ce type de fichier n&#x27;est pas accepté",
        ),
    ],
    ids=["text-named-png", "exe-named-pdf", "exe"],
)
def test_bad_uploads_are_refused_next_to_their_field_and_nothing_is_saved(
    client, org, agent, media_root, field, upload, message
):
    project = make_project(org, by=agent)
    client.force_login(agent)
    text = "images-0-alt_text" if field.startswith("images") else "documents-0-title"
    response = client.post(
        reverse("project_agents:edit", args=[project.slug]),
        form_data(title="Titre changé", **{field: upload, text: "Description"}),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}_error"' in html
    project.refresh_from_db()
    assert project.title == "Fibre pour les écoles"
    assert not project.images.exists() and not project.documents.exists()
    assert stored_files(media_root) == set()
    assert actions(project) == [(Action.CREATED, False)]


def test_a_too_heavy_image_and_a_missing_alt_text_are_refused(settings, client, org, agent):
    settings.PROJECT_IMAGE_MAX_BYTES = 1024 * 1024
    project = make_project(org, by=agent)
    client.force_login(agent)
    heavy = SimpleUploadedFile("lourde.png", b"\x89PNG" + bytes(1024 * 1024 + 1))
    html = client.post(
        reverse("project_agents:edit", args=[project.slug]),
        form_data(**{"images-0-image": heavy, "images-0-alt_text": "Lourde"}),
    ).content.decode()
    assert "L&#x27;image pèse plus de 1 Mo" in html
    html = client.post(
        reverse("project_agents:edit", args=[project.slug]),
        form_data(**{"images-0-image": image_upload()}),
    ).content.decode()
    assert "le texte alternatif est obligatoire" in html
    assert not project.images.exists()


def test_documents_are_checked_by_extension_and_content():
    docx = office_upload("note.docx", {"[Content_Types].xml": b"<x/>", "word/document.xml": b""})
    xlsx_named_docx = office_upload("note.docx", {"[Content_Types].xml": b"<x/>", "xl/a": b""})
    assert check_document(docx).content_type.endswith("wordprocessingml.document")
    assert check_document(pdf_upload()).extension == "pdf"
    csv = SimpleUploadedFile("liste.csv", "commune;coût\nDijon;12\n".encode("cp1252"))
    assert check_document(csv).content_type == "text/csv"
    for bad in (
        xlsx_named_docx,
        SimpleUploadedFile("liste.csv", b"\x00\x01\x02binaire"),
        office_upload("tableur.ods", {"mimetype": b"application/vnd.oasis.opendocument.text"}),
    ):
        with pytest.raises(ValidationError, match="ne correspond pas"):
            check_document(bad)


def test_images_are_reencoded_as_jpeg_without_transparency():
    upload = image_upload("logo.png", size=(100, 100))
    image = reencode_project_image(upload)
    assert image.name == "image.jpg" and image.read(3) == b"\xff\xd8\xff"
    assert reencode_project_image(image) is image  # already ours: kept as it is


def test_the_edit_page_of_a_published_project_edits_its_revision(client, agent, published):
    client.force_login(agent)
    url = reverse("project_agents:edit", args=[published.slug])
    image, document = published.images.get(), published.documents.get()
    data = form_data(
        title="Titre revu",
        **{
            "financements-0-funder": "Région",
            "images-TOTAL_FORMS": "2",
            "images-INITIAL_FORMS": "1",
            "images-0-id": image.pk,
            "images-0-alt_text": "Une école rénovée",
            "documents-TOTAL_FORMS": "2",
            "documents-INITIAL_FORMS": "1",
            "documents-0-id": document.pk,
            "documents-0-remove": "on",
            "documents-0-title": document.title,
        },
    )
    assert client.post(url, data).status_code == 302
    revision = Project.objects.get(revision_of=published)
    assert revision.title == "Titre revu"
    assert [i.alt_text for i in revision.images.all()] == ["Une école rénovée"]
    assert revision.images.get().image.name == image.image.name  # the same file
    assert not revision.documents.exists()
    assert published.documents.exists()
    html = client.get(url).content.decode()
    assert "Titre revu" in html and "modifications du projet publié" in html
    client.post(reverse("project_agents:submit", args=[published.slug]))
    html = client.get(url).content.decode()
    assert "en attente de relecture" in html and "<form" not in html.split("<main")[1]


def test_submitting_from_the_page_and_its_refusal_are_shown(client, org, agent, curator):
    project = make_project(org, by=agent)
    client.force_login(agent)
    url = reverse("project_agents:submit", args=[project.slug])
    response = client.post(url, follow=True)
    assert "transmis à l&#x27;équipe d&#x27;animation" in response.content.decode()
    response = client.post(url, follow=True)
    assert "déjà en attente de relecture" in response.content.decode()
    assert client.get(url).status_code == 405


def test_my_projects_lists_states_and_the_last_message_of_the_curators(client, org, agent, curator):
    make_project(org, by=agent, title="Brouillon")
    make_project(org, by=agent, title="Renvoyé", state=State.CHANGES_REQUESTED, curator=curator)
    other = make_organisation("Autre")
    make_project(other, by=make_agent("autre@example.fr", other), title="Pas à moi")
    client.force_login(agent)
    account = client.get(reverse("accounts:account")).content.decode()
    assert reverse("project_agents:mine") in account
    html = client.get(reverse("project_agents:mine")).content.decode()
    assert h1_texts(html) == ["Mes projets"]
    assert "Brouillon" in html and "Renvoyé" in html and "Pas à moi" not in html
    assert "Modifications demandées" in html and "À compléter." in html


def test_my_projects_and_the_edit_page_take_a_constant_number_of_queries(
    client, org, agent, curator, django_assert_num_queries
):
    client.force_login(agent)
    project = make_project(org, by=agent, state=State.CHANGES_REQUESTED, curator=curator)
    make_project(org, by=agent, state=State.PUBLISHED, curator=curator)
    list_url = reverse("project_agents:mine")
    edit_url = reverse("project_agents:edit", args=[project.slug])
    counts = []
    for _ in range(2):
        with django_assert_num_queries(4) as list_queries:
            assert client.get(list_url).status_code == 200
        with django_assert_num_queries(17) as edit_queries:
            assert client.get(edit_url).status_code == 200
        counts.append((len(list_queries), len(edit_queries)))
        # More projects, fundings, images, documents, partners, territory.
        for title in ("Deux", "Trois", "Quatre"):
            make_project(org, by=agent, title=title, state=State.PUBLISHED, curator=curator)
        services.update_project(
            project=project,
            by=agent,
            values={"partners": [make_organisation("Partenaire"), make_organisation("P2")]},
            fundings=[{"funder": f"Financeur {n}"} for n in range(3)],
            images=[{"file": image_upload(), "alt_text": f"Image {n}"} for n in range(2)],
            documents=[{"file": pdf_upload(), "title": f"Doc {n}"} for n in range(2)],
        )
        services.update_project(
            project=project, by=agent, values={"orientations": Orientation.objects.all()[:3]}
        )
    assert counts[0] == counts[1]


# ---------- Follow-up of SCORAN actions ----------


@pytest.fixture
def action(org, agent, curator):
    project = make_project(org, by=agent, state=State.PUBLISHED, curator=curator)
    Project.objects.filter(pk=project.pk).update(is_scoran_action=True)
    project.refresh_from_db()
    return project


def test_agents_keep_the_follow_up_of_an_action_recorded_in_the_history(client, agent, action):
    client.force_login(agent)
    url = reverse("project_agents:follow_up", args=[action.slug])
    assert h1_texts(client.get(url).content.decode()) == ["Suivi de « Fibre pour les écoles »"]
    response = client.post(
        url,
        {
            "progress": "40",
            "planned_start": "2025-01-01",
            "planned_end": "2025-12-31",
            "budget_planned": "10000",
            "budget_spent": "12000",
            "evaluation": "extend",
            "evaluated_on": "2026-01-15",
            "evaluation_comment": "À étendre au Jura.",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.progress == 40 and action.evaluation == "extend"
    assert action.is_over_budget()
    event = action.events.first()
    assert event.action == Action.FOLLOW_UP and "avancement (%)" in event.message
    # Nothing changed: nothing recorded.
    services.update_follow_up(project=action, by=agent, values={"progress": 40})
    assert action.events.filter(action=Action.FOLLOW_UP).count() == 1


def test_the_follow_up_form_explains_bad_values_and_saves_nothing(client, agent, action):
    client.force_login(agent)
    html = client.post(
        reverse("project_agents:follow_up", args=[action.slug]),
        {"progress": "140", "planned_start": "2026-05-01", "planned_end": "2026-01-01"},
    ).content.decode()
    assert "La fin prévue ne peut pas précéder le début prévu." in html
    assert "inférieure ou égale à 100" in html
    action.refresh_from_db()
    assert action.progress is None and action.planned_end is None


def test_only_scoran_actions_have_a_follow_up(client, org, agent):
    project = make_project(org, by=agent)
    client.force_login(agent)
    assert client.get(reverse("project_agents:follow_up", args=[project.slug])).status_code == 404
    with pytest.raises(ValidationError, match="pas une action de la SCORAN"):
        services.update_follow_up(project=project, by=agent, values={"progress": 10})


TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    "values",
    [
        {"planned_end": datetime.date(2026, 5, 31)},
        {"planned_end": datetime.date(2026, 6, 1)},
        {"planned_end": datetime.date(2026, 5, 1), "actual_end": datetime.date(2026, 5, 2)},
        {"planned_end": datetime.date(2026, 5, 1), "status": "done"},
        {"planned_end": datetime.date(2026, 5, 1), "status": "abandoned"},
        {"planned_end": datetime.date(2026, 5, 1), "is_scoran_action": False},
        {"budget_planned": 100, "budget_spent": 101},
        {"budget_planned": 100, "budget_spent": 100},
        {"budget_spent": 100},
        {"budget_planned": 100, "budget_spent": 101, "is_scoran_action": False},
    ],
)
def test_the_steering_rules_agree_in_python_and_in_sql(org, agent, values):
    project = make_project(org, by=agent)
    Project.objects.filter(pk=project.pk).update(**{"is_scoran_action": True, **values})
    project.refresh_from_db()
    assert project.is_late(TODAY) == Project.objects.late(TODAY).filter(pk=project.pk).exists()
    assert project.is_over_budget() == Project.objects.over_budget().filter(pk=project.pk).exists()
