"""Writes of the resource library: keyword-only, one transaction each, files
checked here (``scoran.lib.documents``) whatever the caller (agent's form, admin,
spreadsheet import, demo). A refusal is a French ``ValidationError`` and writes
nothing: files stored before it are deleted.

Agents (members of the author organisation) write drafts and add versions; curators
do the same from the admin. A version added to a published resource is public at
once (the resource stays published) and kept in its history.

A resource may be a working group's document (chosen among the groups its author is
an active member of), public or for the group's members only; its publication is
told to the group's members (``notify_document``, from ``moderation.py``)."""

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from directory.models import Membership, Organisation, User
from scoran.lib import moderation
from scoran.lib.documents import (
    CSV,
    DOCX,
    JPEG,
    JPG,
    ODP,
    ODS,
    ODT,
    PDF,
    PNG,
    PPTX,
    WEBP,
    XLSX,
    ZIP,
    DocumentPolicy,
)
from scoran.lib.freshness import mark_reviewed
from scoran.lib.moderation import State
from scoran.lib.text import free_slug

from ..groups.access import check_group_choice
from ..groups.recipients import notify_members
from ..models import Resource, ResourceEvent, ResourceFile, ResourceVersion

logger = logging.getLogger(__name__)
Action = ResourceEvent.Action

FILES = DocumentPolicy(
    extensions=(PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, CSV, PNG, JPEG, JPG, WEBP, ZIP),
    accepted="PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, CSV, PNG, JPEG, WebP ou ZIP",
    max_bytes_setting="RESOURCE_FILE_MAX_BYTES",
    max_entries_setting="RESOURCE_FILE_MAX_ENTRIES",
    max_unpacked_bytes_setting="RESOURCE_FILE_MAX_UNPACKED_BYTES",
    noun="Fichier",
)
RESERVED_SLUGS = Resource.RESERVED_SLUGS
CONTENT_FIELDS = (
    "title",
    "summary",
    "description",
    "kind",
    "contract_kind",
    "licence",
    "date",
    "audiences",
    "working_group",
    "visibility",
)
CONTENT_RELATIONS = ("orientations", "action_tracks", "departments", "epcis")
EDITABLE_STATES = {State.DRAFT, State.CHANGES_REQUESTED}
IMPORT_MESSAGE = "Importée d'un tableur par l'équipe d'animation."
DOCUMENT_MAIL = "portal/emails/group_document.txt"


def is_curator(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("portal.change_resource")
    )


def _require_author(organisation_id: int, by: User) -> None:
    """Members of the author organisation, or curators."""
    if is_curator(by):
        return
    if not Membership.objects.filter(organisation_id=organisation_id, user=by).exists():
        raise PermissionDenied(
            "Seuls les membres de la structure autrice modifient ses ressources."
        )


def _record(resource: Resource, action: str, by: User | None, message: str = "") -> None:
    ResourceEvent.objects.create(resource=resource, action=action, by=by, message=message)


def unique_slug(title: str) -> str:
    return free_slug(
        title, taken=Resource.objects.all(), reserved=RESERVED_SLUGS, fallback="ressource"
    )


def _apply(resource: Resource, values: Mapping[str, Any], by: User | None) -> list:
    """Set the content fields, validate (a working group is one ``by`` is an active
    member of, unless it is the current one); return the relations to set once saved."""
    unknown = set(values) - set(CONTENT_FIELDS) - set(CONTENT_RELATIONS)
    if unknown:
        raise ValueError(f"not content fields: {sorted(unknown)}")
    current_group = resource.working_group_id
    for field in CONTENT_FIELDS:
        if field in values:
            setattr(resource, field, values[field])
    if {"working_group", "visibility"} & set(values):
        check_group_choice(
            working_group=resource.working_group,
            visibility=resource.visibility,
            by=by,
            current_id=current_group,
        )
    if resource.kind != Resource.Kind.CONTRACT and resource.contract_kind:
        raise ValidationError(
            {
                "contract_kind": "Le type de modèle ne vaut que pour un modèle de contrat "
                "ou de cahier des charges."
            }
        )
    resource.full_clean(exclude=["slug", "organisation", "is_territory_guide"])
    return [(field, values[field]) for field in CONTENT_RELATIONS if field in values]


def _save(resource: Resource, relations: list) -> None:
    resource.save()
    for field, objects in relations:
        getattr(resource, field).set(objects)


def create_resource(
    *,
    organisation: Organisation,
    by: User,
    values: Mapping[str, Any],
    version: Mapping[str, Any] | None = None,
    is_demo: bool = False,
) -> Resource:
    """A draft of the organisation, with its first ``version`` when given (the
    arguments of ``add_version``): both written, or neither."""
    with transaction.atomic():
        _require_author(organisation.pk, by)
        resource = Resource(
            organisation=organisation,
            created_by=by,
            state=State.DRAFT,
            slug=unique_slug(values.get("title", "")),
            is_demo=is_demo,
        )
        _save(resource, _apply(resource, values, by))
        _record(resource, Action.CREATED, by)
        if version is not None:
            add_version(resource=resource, by=by, **version)
    logger.info("resource %s created by user %s", resource.pk, getattr(by, "pk", None))
    return resource


def edit_refusal(resource: Resource, by: User) -> str | None:
    """Why ``by`` may not edit the resource's description (French), or None: agents
    edit drafts and resources sent back for changes; curators edit any."""
    if is_curator(by) or resource.state in EDITABLE_STATES:
        return None
    if resource.state == State.SUBMITTED:
        return "Cette ressource est en attente de relecture : elle ne peut pas être modifiée."
    if resource.state == State.PUBLISHED:
        return (
            "Cette ressource est publiée : déposez une nouvelle version, ou demandez à "
            "l'équipe d'animation de corriger sa fiche."
        )
    return "Cette ressource a été refusée : elle ne peut plus être modifiée."


def update_resource(*, resource: Resource, by: User, values: Mapping[str, Any]) -> Resource:
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        _require_author(resource.organisation_id, by)
        if (refusal := edit_refusal(resource, by)) is not None:
            raise ValidationError(refusal, code="state")
        _save(resource, _apply(resource, values, by))
        _record(resource, Action.UPDATED, by)
        mark_reviewed(obj=resource)
    return resource


def _storage():
    return ResourceFile._meta.get_field("file").storage


def _discard(names: Iterable[str]) -> None:
    storage = _storage()
    for name in names:
        storage.delete(name)


def file_names(files) -> set[str]:
    """The stored names of ``files`` (a ``ResourceFile`` queryset)."""
    return {name for name in files.values_list("file", flat=True) if name}


def forget_files(names: Iterable[str]) -> None:
    """Once the transaction commits, delete those of ``names`` that no row uses any
    more (a file deleted, replaced, or gone with its version or resource); nothing
    is deleted when it rolls back. Callers take the names before their write."""
    names = {name for name in names if name}
    if not names:
        return

    def delete():
        used = set(ResourceFile.objects.filter(file__in=names).values_list("file", flat=True))
        storage = _storage()
        for name in names - used:
            storage.delete(name)
            logger.info("resource file %s deleted", name)

    transaction.on_commit(delete)


def version_refusal(resource: Resource, *, label: str, day: date) -> str | None:
    """Why a new version cannot be added (French), or None: it replaces the current
    one, so it cannot be older."""
    current = resource.versions.first()
    if current is not None and day < current.date:
        return (
            f"Une nouvelle version ne peut pas être antérieure à la version actuelle "
            f"({current.label}, du {date_format(current.date, 'j F Y')})."
        )
    return None


def stored_name(checked) -> str:
    """The name a checked file is served under. It goes back in a header: no control
    character (a line break would split it), 200 characters at most."""
    name = "".join(char for char in checked.original_name if char.isprintable()).strip()
    return name[:200] or f"fichier.{checked.extension}"


def store_file(*, version: ResourceVersion, upload, position: int = 0) -> ResourceFile:
    """Check ``upload`` and store it as a file of ``version`` (the caller holds the
    transaction and deletes the stored file if it rolls back)."""
    checked = FILES.check(upload)
    row = ResourceFile(
        version=version,
        original_name=stored_name(checked),
        content_type=checked.content_type,
        size=checked.size,
        position=position,
    )
    row.file.save(f"fichier.{checked.extension}", checked.file, save=False)
    row.save()
    return row


def add_version(
    *,
    resource: Resource,
    by: User | None,
    label: str,
    day: date,
    notes: str = "",
    external_url: str = "",
    files: Sequence = (),
    check_author: bool = True,
) -> ResourceVersion:
    """A new version of the resource, which becomes the current one: its ``files``
    (uploads, checked here) or its ``external_url``, one of them at least.
    ``check_author=False`` for the demo and the curators' import, whose caller
    decided. Agents add none to a refused resource; curators may."""
    written: list[str] = []
    try:
        with transaction.atomic():
            resource = Resource.objects.select_for_update().get(pk=resource.pk)
            if check_author:
                _require_author(resource.organisation_id, by)
            if check_author and not is_curator(by) and not resource.accepts_versions:
                raise ValidationError(
                    "Cette ressource a été refusée : elle ne peut plus recevoir de version.",
                    code="state",
                )
            if not files and not external_url:
                raise ValidationError(
                    "Déposez au moins un fichier ou donnez un lien externe.", code="empty_version"
                )
            if (refusal := version_refusal(resource, label=label, day=day)) is not None:
                raise ValidationError({"date": refusal})
            version = ResourceVersion(
                resource=resource, label=label, date=day, notes=notes, external_url=external_url
            )
            version.full_clean()
            version.save()
            for position, upload in enumerate(files):
                try:
                    stored = store_file(version=version, upload=upload, position=position)
                except ValidationError as error:
                    name = getattr(upload, "name", "")
                    raise ValidationError(
                        {"files": [f"« {name} » : {message}" for message in error.messages]}
                    ) from error
                written.append(stored.file.name)
            resource.save(update_fields=["updated_at"])
            _record(resource, Action.NEW_VERSION, by, message=f"Version {label}")
            mark_reviewed(obj=resource)
    except BaseException:
        _discard(written)
        raise
    logger.info("resource %s: version %s added", resource.pk, version.pk)
    return version


def record_version(*, version: ResourceVersion, by: User | None) -> None:
    """A version a curator added in the admin: in the resource's history, and the
    resource updated, as ``add_version`` does."""
    version.resource.save(update_fields=["updated_at"])
    _record(version.resource, Action.NEW_VERSION, by, message=f"Version {version.label}")


def notify_document(*, resource: Resource) -> int:
    """E-mails each member of the document's group who receives its e-mails that it
    was added (published), after commit. Nothing for a resource of no group.
    Returns how many were e-mailed."""
    if resource.working_group_id is None:
        return 0
    return notify_members(
        group=resource.working_group,
        template=DOCUMENT_MAIL,
        context={
            "resource": resource,
            "url": settings.SITE_URL + resource.get_absolute_url(),
        },
    )


def submit_resource(*, resource: Resource, by: User) -> Resource:
    return moderation.transition(obj=resource, action="submit", by=by)


def publish_directly(*, resource: Resource, by: User, message: str = "") -> Resource:
    """A curator publishes without review (the admin, the import)."""
    return moderation.transition(obj=resource, action="publish_directly", by=by, message=message)


def record_import(
    *,
    resource: Resource,
    by: User | None,
    created: bool,
    publish: bool | None,
    version: tuple[str, str] = ("", ""),
) -> None:
    """A curator's spreadsheet import wrote the resource: record it, add the version
    by link it names when the resource has none of that name, and, when the
    « publié » column says so, publish it or make it a draft (no review, no e-mail)."""
    _record(resource, Action.CREATED if created else Action.UPDATED, by, IMPORT_MESSAGE)
    label, link = version
    if label and not resource.versions.filter(label=label).exists():
        current = resource.versions.first()
        add_version(
            resource=resource,
            by=by,
            label=label,
            day=resource.date if current is None else max(current.date, timezone.localdate()),
            external_url=link,
            check_author=False,
        )
    if publish is True and resource.state != State.PUBLISHED:
        moderation.transition(
            obj=resource, action="publish_directly", by=by, message=IMPORT_MESSAGE
        )
    elif publish is False and resource.state != State.DRAFT:
        moderation.transition(obj=resource, action="draft_directly", by=by, message=IMPORT_MESSAGE)
