"""Test data of the directory: organisations, people and their roles."""

import datetime
import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from PIL import Image

from directory.models import Membership, Organisation, Place, User
from observatories.models import DataSource
from scoran.lib.moderation import State

PASSWORD = "cheval-batterie-agrafe-42"


def make_user(email: str, **extra) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


def make_organisation(name: str = "Syndicat du numérique", **extra) -> Organisation:
    extra.setdefault("slug", f"org-{uuid.uuid4().hex[:8]}")
    extra.setdefault("kind", Organisation.Kind.SYNDICATE)
    published = extra.pop("is_published", True)
    extra.setdefault("state", "published" if published else "draft")
    themes = extra.pop("themes", [])
    organisation = Organisation.objects.create(name=name, **extra)
    organisation.themes.set(themes)
    return organisation


def make_agent(email: str, organisation: Organisation, role=Membership.Role.MEMBER) -> User:
    user = make_user(email)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def image_upload(name="logo.png", size=(200, 100), fmt="PNG", content_type="image/png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 58, 147)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def isolated_cache(settings) -> None:
    """A key prefix of its own: counters of other tests (or runs) do not leak in."""
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


# ---------- Projects ----------


def curators_group():
    """The "Curateurs" group, as the roles declared in code make it after ``migrate``
    (made again after a test that emptied the database)."""
    from django.contrib.auth.models import Group

    from scoran.lib import roles

    group = Group.objects.filter(name=roles.CURATORS).first()
    if group is None:
        roles.synchronise()
        group = Group.objects.get(name=roles.CURATORS)
    return group


def make_curator(email: str = "curatrice@example.fr") -> User:
    """Staff in the Curateurs group: what giving someone the curator role means."""
    user = make_user(email, is_staff=True)
    user.groups.add(curators_group())
    return user


def project_values(**changes) -> dict:
    return {
        "title": "Fibre pour les écoles",
        "summary": "Raccorder les écoles rurales au très haut débit.",
        "description": "Un programme de raccordement des écoles.",
        **changes,
    }


def make_project(organisation: Organisation, *, by: User, state: str = "draft", curator=None, **kw):
    """A project created by ``by`` through the services, taken to ``state`` by a
    curator (made when none is given). ``kw``: content values, and ``fundings``,
    ``images``, ``documents`` as the services take them."""
    from directory.models import Project
    from directory.projects import services

    files = {key: kw.pop(key) for key in ("fundings", "images", "documents") if key in kw}
    project = services.create_project(
        organisation=organisation, by=by, values=project_values(**kw), **files
    )
    if state != Project.State.DRAFT:
        services.submit_project(project=project, by=by)
    if state not in {Project.State.DRAFT, Project.State.SUBMITTED}:
        curator = curator or User.objects.filter(email="moderation@example.fr").first()
        curator = curator or make_curator("moderation@example.fr")
        if state == Project.State.PUBLISHED:
            services.publish_project(project=project, by=curator)
        elif state == Project.State.CHANGES_REQUESTED:
            services.request_changes(project=project, by=curator, message="À compléter.")
        elif state == Project.State.REFUSED:
            services.refuse_project(project=project, by=curator, reason="Hors du champ.")
    project.refresh_from_db()
    return project


def pdf_upload(name: str = "rapport.pdf", content: bytes = b"%PDF-1.7\n1 0 obj <<>> endobj\n"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office_upload(name: str, entries: dict[str, bytes]):
    """A zip with these entries (an office document's skeleton)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


# --- Projects (public side) ---------------------------------------------------------
# Rows made directly: the workflow's services (create, submit, publish…) live on
# their own branch; ``department_codes`` is given as those services would keep it.

UNPUBLISHED_STATES = ["draft", "submitted", "changes_requested", "refused"]


def make_project_row(title: str = "Fibre pour tous", organisation=None, **extra):
    """A project row written directly (the services' checks, files and history left
    out): quick to make by the dozen for the public pages' tests."""
    from django.utils import timezone

    from directory.models import Project

    organisation = organisation or make_organisation()
    relations = {
        name: extra.pop(name, [])
        for name in ("partners", "communes", "epcis", "departments", "orientations")
    }
    relations["action_tracks"] = extra.pop("action_tracks", [])
    extra.setdefault("slug", f"projet-{uuid.uuid4().hex[:8]}")
    extra.setdefault("summary", f"En bref : {title}.")
    extra.setdefault("description", f"Ce que fait **{title}**.")
    extra.setdefault("state", Project.State.PUBLISHED)
    if extra["state"] == Project.State.PUBLISHED:
        extra.setdefault("published_at", timezone.now())
    project = Project.objects.create(title=title, organisation=organisation, **extra)
    for name, values in relations.items():
        getattr(project, name).set(values)
    return project


def make_revision_row(project, **changes):
    """A pending revision of a published project (never public), as the workflow makes it."""
    from directory.models import Project

    changes.setdefault("title", f"{project.title} (modifié)")
    changes.setdefault("state", Project.State.SUBMITTED)
    changes.setdefault("summary", project.summary)
    changes.setdefault("description", project.description)
    revision = Project.objects.create(
        slug=project.slug,
        organisation=project.organisation,
        revision_of=project,
        department_codes=project.department_codes,
        **changes,
    )
    revision.orientations.set(project.orientations.all())
    revision.communes.set(project.communes.all())
    return revision


def make_place(name: str, *, published: bool = True, **extra) -> Place:
    source, _ = DataSource.objects.get_or_create(
        slug="lieux-test",
        defaults={"name": "Lieux", "publisher": "Test", "licence": "LO 2.0", "format": "x"},
    )
    return Place.objects.create(
        source=source,
        external_id=name,
        pivot="12345678900012",
        name=name,
        slug=slugify(name),
        commune_id="21231",
        address="1 rue de la Liberté",
        postcode="21000",
        updated_on=datetime.date(2025, 1, 1),
        state=State.PUBLISHED if published else State.DRAFT,
        **extra,
    )
