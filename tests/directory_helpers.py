"""Test data of the directory: organisations, people and their roles."""

import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from directory.models import Membership, Organisation, User

PASSWORD = "cheval-batterie-agrafe-42"


def make_user(email: str, **extra) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


def make_organisation(name: str = "Syndicat du numérique", **extra) -> Organisation:
    extra.setdefault("slug", f"org-{uuid.uuid4().hex[:8]}")
    extra.setdefault("kind", Organisation.Kind.SYNDICATE)
    extra.setdefault("is_published", True)
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


def fast_password_hashing(settings) -> None:
    """Accounts made by the dozen: a fast hasher (the real one is PBKDF2, slow on purpose)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Projects (public side) ---------------------------------------------------------
# Rows made directly: the workflow's services (create, submit, publish…) live on
# their own branch; ``department_codes`` is given as those services would keep it.

UNPUBLISHED_STATES = ["draft", "submitted", "changes_requested", "refused"]


def make_project(title: str = "Fibre pour tous", organisation=None, **extra):
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


def make_revision(project, **changes):
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
