"""Writes of the projects: each service checks, saves in one transaction, records the
step in the project's history and sends its e-mails once the transaction commits.

The history (``ProjectEvent``) always hangs on the *original* project, the public
one; a step about a revision says so with ``on_revision``. Services take the
original (or, for moderation, the row a curator sees in the queue, which may be a
revision) and find the row to change themselves.

Files: new uploads are written before the rows that point to them, and removed if
the transaction fails; files that no row uses any more are deleted once it commits
(a revision shares the original's files until it is published).

Errors meant for people are ``ValidationError`` in French, keyed by the form field
they concern when there is one.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from observatories.models import Commune
from scoran.lib.freshness import mark_reviewed
from scoran.lib.moderation import transition
from scoran.lib.text import free_slug

from ..images import reencode_project_image
from ..models import (
    Membership,
    Organisation,
    Project,
    ProjectDocument,
    ProjectEvent,
    ProjectFunding,
    ProjectImage,
    User,
)
from .documents import check_document

logger = logging.getLogger(__name__)

State = Project.State
Action = ProjectEvent.Action
EDITABLE_STATES = {State.DRAFT, State.CHANGES_REQUESTED}
IMPORT_MESSAGE = "Importé d'un tableur par l'équipe d'animation."
# Fixed addresses under /projets/ (agents' pages, the feed): never a project's slug.
RESERVED_SLUGS = {"nouveau", "mes-projets", "flux"}
FOLLOW_UP_FIELDS = (
    "progress",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "budget_planned",
    "budget_spent",
    "evaluation",
    "evaluated_on",
    "evaluation_comment",
)


# ---------- What agents edit ----------


def working_copy(project: Project) -> Project:
    """The row the agents edit: the revision under way of a published project when
    updates are reviewed (or the project itself when none is open yet), else the
    project itself."""
    if project.state == State.PUBLISHED and settings.PROJECTS_REVIEW_UPDATES:
        return project.pending_revision or project
    return project


def edit_refusal(project: Project) -> str | None:
    """Why the agents cannot edit the project now (in French), or None."""
    copy = working_copy(project)
    if copy.state == State.SUBMITTED:
        if copy.revision_of_id:
            return (
                "Vos modifications de ce projet publié sont en attente de relecture : "
                "vous pourrez de nouveau le modifier après la décision de l'équipe d'animation."
            )
        return (
            "Ce projet est en attente de relecture : vous pourrez de nouveau le modifier "
            "si l'équipe d'animation vous demande des modifications."
        )
    if copy.state == State.REFUSED:
        return "Ce projet a été refusé : il ne peut plus être modifié."
    return None


def _require_agent(organisation_id: int, user: User) -> None:
    if not Membership.objects.filter(organisation_id=organisation_id, user=user).exists():
        raise PermissionDenied("Seuls les membres de la structure porteuse modifient ses projets.")


def lock_original(project: Project, *, lock: bool = True) -> Project:
    """The original of ``project`` (itself, or the project it revises), locked."""
    queryset = Project.objects.select_related("organisation")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=project.revision_of_id or project.pk)


def _record(original: Project, action: str, by: User | None, *, message: str = "", revision=False):
    return ProjectEvent.objects.create(
        project=original, action=action, by=by, message=message, on_revision=revision
    )


# ---------- Files ----------


def _storage():
    return ProjectImage._meta.get_field("image").storage


def file_names(project: Project) -> set[str]:
    """The names of the files the project's images and documents use."""
    return set(project.images.values_list("image", flat=True)) | set(
        project.documents.values_list("file", flat=True)
    )


def forget_files(names: Iterable[str]) -> None:
    """Once the transaction commits, delete those files that no row uses any more."""
    names = {name for name in names if name}
    if not names:
        return

    def delete():
        used = set(
            ProjectImage.objects.filter(image__in=names).values_list("image", flat=True)
        ) | set(ProjectDocument.objects.filter(file__in=names).values_list("file", flat=True))
        storage = _storage()
        for name in names - used:
            storage.delete(name)
            logger.info("project file %s deleted", name)

    transaction.on_commit(delete)


# ---------- Content ----------


def _unique_slug(title: str) -> str:
    return free_slug(
        title, taken=Project.objects.originals(), reserved=RESERVED_SLUGS, fallback="projet"
    )


def _apply_values(project: Project, values: Mapping[str, Any]) -> list:
    """Set the content fields; return the relations to set once the row is saved."""
    unknown = set(values) - set(Project.CONTENT_FIELDS) - set(Project.CONTENT_RELATIONS)
    if unknown:
        raise ValueError(f"not content fields: {sorted(unknown)}")
    for field in Project.CONTENT_FIELDS:
        if field in values:
            setattr(project, field, values[field])
    project.full_clean(exclude=["slug", "organisation"], validate_constraints=False)
    return [(field, values[field]) for field in Project.CONTENT_RELATIONS if field in values]


def _set_fundings(project: Project, fundings: Sequence[Mapping[str, Any]]) -> None:
    rows = [
        ProjectFunding(project=project, funder=item["funder"], amount=item.get("amount"))
        for item in fundings
    ]
    for row in rows:
        row.full_clean(exclude=["project"])
    project.fundings.all().delete()
    ProjectFunding.objects.bulk_create(rows)


def _set_files(
    project: Project,
    items: Sequence[Mapping[str, Any]],
    *,
    model,
    file_field: str,
    id_map: Mapping[int, int],
    written: list[str],
) -> set[str]:
    """Make the project's images (or documents) the listed ones: ``{"id": …}`` keeps
    an existing row (its id as shown to the agent, mapped to the revision's copy),
    ``{"file": …}`` adds one; the others' rows go. Returns the file names dropped."""
    text_field = "alt_text" if model is ProjectImage else "title"
    rows = {row.pk: row for row in model.objects.filter(project=project)}
    kept = set()
    for position, item in enumerate(items):
        if item.get("id") is not None:
            pk = id_map.get(item["id"], item["id"])
            if pk not in rows:
                raise ValidationError("Ce fichier ne fait pas partie du projet.", code="unknown")
            row = rows[pk]
            kept.add(pk)
        else:
            row = model(project=project)
            if model is ProjectImage:
                content = reencode_project_image(item["file"])
                row.image.save(content.name, content, save=False)
                written.append(row.image.name)
            else:
                document = check_document(item["file"])
                row.content_type = document.content_type
                row.size = document.file.size
                row.file.save(f"document.{document.extension}", document.file, save=False)
                written.append(row.file.name)
        setattr(row, text_field, item[text_field])
        row.position = item.get("position", position)
        row.full_clean(exclude=["project", file_field])
        row.save()
    dropped = [row for pk, row in rows.items() if pk not in kept]
    model.objects.filter(pk__in=[row.pk for row in dropped]).delete()
    return {getattr(row, file_field).name for row in dropped}


def _write(
    project: Project,
    *,
    values: Mapping[str, Any] | None,
    fundings,
    images,
    documents,
    id_maps: Mapping[str, Mapping[int, int]],
    written: list[str],
) -> None:
    relations = _apply_values(project, values) if values is not None else []
    project.save()
    for field, objects in relations:
        getattr(project, field).set(objects)
    if fundings is not None:
        _set_fundings(project, fundings)
    dropped = set()
    if images is not None:
        dropped |= _set_files(
            project,
            images,
            model=ProjectImage,
            file_field="image",
            id_map=id_maps.get("images", {}),
            written=written,
        )
    if documents is not None:
        dropped |= _set_files(
            project,
            documents,
            model=ProjectDocument,
            file_field="file",
            id_map=id_maps.get("documents", {}),
            written=written,
        )
    forget_files(dropped)


def _discard_written(written: list[str]) -> None:
    storage = _storage()
    for name in written:
        storage.delete(name)


def create_project(
    *,
    organisation: Organisation,
    by: User,
    values: Mapping[str, Any],
    fundings: Sequence[Mapping[str, Any]] = (),
    images: Sequence[Mapping[str, Any]] = (),
    documents: Sequence[Mapping[str, Any]] = (),
) -> Project:
    """A draft of the organisation, written by one of its agents.

    ``values``: content fields and relations (``Project.CONTENT_FIELDS`` and
    ``CONTENT_RELATIONS``); ``fundings``: ``[{"funder", "amount"}]``; ``images``:
    ``[{"file", "alt_text"}]``; ``documents``: ``[{"file", "title"}]`` (uploads,
    checked and re-encoded here when the form has not done it already)."""
    written: list[str] = []
    try:
        with transaction.atomic():
            _require_agent(organisation.pk, by)
            project = Project(
                organisation=organisation,
                created_by=by,
                state=State.DRAFT,
                slug=_unique_slug(values.get("title", "")),
            )
            _write(
                project,
                values=values,
                fundings=fundings,
                images=images,
                documents=documents,
                id_maps={},
                written=written,
            )
            refresh_department_codes(project=project)
            _record(project, Action.CREATED, by)
    except BaseException:
        _discard_written(written)
        raise
    logger.info("project %s created by user %s", project.pk, by.pk)
    return project


def _open_revision(original: Project, by: User) -> tuple[Project, dict[str, dict[int, int]]]:
    """A draft copy of the published project: fields, relations, fundings, and rows
    of its images and documents pointing to the same files. Returns it with the map
    of the original's file rows to their copies."""
    revision = Project(
        revision_of=original,
        organisation=original.organisation,
        slug=original.slug,
        state=State.DRAFT,
        created_by=by,
        department_codes=original.department_codes,
        **{field: getattr(original, field) for field in Project.CONTENT_FIELDS},
    )
    revision.save()
    for field in Project.CONTENT_RELATIONS:
        getattr(revision, field).set(getattr(original, field).all())
    ProjectFunding.objects.bulk_create(
        ProjectFunding(project=revision, funder=row.funder, amount=row.amount)
        for row in original.fundings.all()
    )
    id_maps: dict[str, dict[int, int]] = {"images": {}, "documents": {}}
    for row in original.images.all():
        copy = ProjectImage.objects.create(
            project=revision, image=row.image.name, alt_text=row.alt_text, position=row.position
        )
        id_maps["images"][row.pk] = copy.pk
    for row in original.documents.all():
        copy = ProjectDocument.objects.create(
            project=revision,
            file=row.file.name,
            title=row.title,
            content_type=row.content_type,
            size=row.size,
            position=row.position,
        )
        id_maps["documents"][row.pk] = copy.pk
    return revision, id_maps


def update_project(
    *,
    project: Project,
    by: User,
    values: Mapping[str, Any] | None = None,
    fundings: Sequence[Mapping[str, Any]] | None = None,
    images: Sequence[Mapping[str, Any]] | None = None,
    documents: Sequence[Mapping[str, Any]] | None = None,
) -> Project:
    """Apply an agent's edit (arguments as for ``create_project``; None leaves a part
    as it is; ``images`` / ``documents`` list the rows to keep by ``{"id": …}`` and
    the new ones). A draft, or a project sent back for changes, is changed directly;
    a published one too when ``PROJECTS_REVIEW_UPDATES`` is off, else the edit goes
    to its revision, opened on the first edit. Returns the row changed."""
    written: list[str] = []
    try:
        with transaction.atomic():
            original = lock_original(project)
            _require_agent(original.organisation_id, by)
            if refusal := edit_refusal(original):
                raise ValidationError(refusal, code="locked")
            target, id_maps = working_copy(original), {}
            if target.state == State.PUBLISHED and settings.PROJECTS_REVIEW_UPDATES:
                target, id_maps = _open_revision(original, by)
            _write(
                target,
                values=values,
                fundings=fundings,
                images=images,
                documents=documents,
                id_maps=id_maps,
                written=written,
            )
            refresh_department_codes(project=target)
            _record(original, Action.UPDATED, by, revision=target.pk != original.pk)
            # An edit by its owner (even one awaiting review) confirms the project.
            mark_reviewed(obj=original)
    except BaseException:
        _discard_written(written)
        raise
    logger.info("project %s updated (row %s) by user %s", original.pk, target.pk, by.pk)
    return target


def refresh_department_codes(*, project: Project) -> list[str]:
    """Keep ``department_codes``: the departments of the project's territory
    (departments, communes, communes of its EPCIs), or else its carrier's commune's."""
    codes = set(project.departments.values_list("code", flat=True))
    codes |= set(project.communes.values_list("department_id", flat=True))
    codes |= set(
        Commune.objects.filter(epci__in=project.epcis.values("pk")).values_list(
            "department_id", flat=True
        )
    )
    if not codes:
        codes = set(
            Organisation.objects.filter(
                pk=project.organisation_id, commune__isnull=False
            ).values_list("commune__department_id", flat=True)
        )
    project.department_codes = sorted(codes)
    Project.objects.filter(pk=project.pk).update(department_codes=project.department_codes)
    return project.department_codes


# ---------- Review ----------
# The moves of the moderation, declared in ``moderation.py`` and made by
# ``scoran.lib.moderation.transition`` (checks, history, e-mails after commit).


def submit_project(*, project: Project, by: User) -> Project:
    """An agent sends the draft (or the revision of a published project) to review;
    curators are told by e-mail. Returns the row submitted."""
    return transition(obj=project, action="submit", by=by)


def publish_project(*, project: Project, by: User) -> Project:
    """A curator publishes a project waiting for review (or the waiting revision of a
    published project: its content becomes the public one). Returns the original."""
    return transition(obj=project, action="publish", by=by)


def request_changes(*, project: Project, by: User, message: str) -> Project:
    """A curator sends the project (or its revision) back to its agents with a
    message saying what to change. Returns the row sent back."""
    return transition(obj=project, action="request_changes", by=by, message=message)


def refuse_project(*, project: Project, by: User, reason: str) -> Project:
    """A curator refuses the project, with the reason. A refused revision is
    discarded: the published version stays as it was. Returns the original."""
    return transition(obj=project, action="refuse", by=by, message=reason)


def unpublish_project(*, project: Project, by: User, reason: str = "") -> Project:
    """A curator withdraws a published project from the public: it becomes a draft
    again (a revision under way is discarded). Returns the original."""
    return transition(obj=project, action="unpublish", by=by, message=reason)


def record_import(*, project: Project, by: User | None, created: bool, publish: bool | None):
    """A curator's spreadsheet import wrote the project: record it in the history
    and, when the « publié » column says so, publish it or make it a draft (no
    review, no e-mail). ``publish`` None leaves the state as it is."""
    action = Action.CREATED if created else Action.UPDATED
    _record(project, action, by, message=IMPORT_MESSAGE)
    if publish is True and project.state != State.PUBLISHED:
        transition(obj=project, action="publish_by_import", by=by, message=IMPORT_MESSAGE)
    elif publish is False and project.state != State.DRAFT:
        transition(obj=project, action="draft_by_import", by=by, message=IMPORT_MESSAGE)


# ---------- Follow-up of SCORAN actions ----------


def confirm_project(*, project: Project, by: User) -> Project:
    """One of the carrier's agents confirms the published content is still right
    ("à jour"): its review date only, nothing else changes."""
    original = project.revision_of or project
    _require_agent(original.organisation_id, by)
    mark_reviewed(obj=original)
    logger.info("project %s confirmed up to date by user %s", original.pk, by.pk)
    return original


def may_follow_up(project: Project, user: User) -> bool:
    """The carrier's agents and curators keep the follow-up of a SCORAN action."""
    if not user.is_authenticated:
        return False
    if user.is_staff and user.has_perm("directory.change_project"):
        return True
    return Membership.objects.filter(organisation_id=project.organisation_id, user=user).exists()


def update_follow_up(*, project: Project, by: User, values: Mapping[str, Any]) -> Project:
    """Progress, dates, budget and evaluation of a SCORAN action (section 9.4),
    changed directly (no review) and recorded in the history with the fields
    changed."""
    unknown = set(values) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise ValueError(f"not follow-up fields: {sorted(unknown)}")
    with transaction.atomic():
        original = lock_original(project)
        if not may_follow_up(original, by):
            raise PermissionDenied(
                "Seuls les membres de la structure porteuse et l'équipe d'animation "
                "tiennent le suivi de ce projet."
            )
        if not original.is_scoran_action:
            raise ValidationError(
                "Ce projet n'est pas une action de la SCORAN : il n'a pas de suivi.",
                code="not_an_action",
            )
        before = {field: getattr(original, field) for field in values}
        for field, value in values.items():
            setattr(original, field, value)
        original.full_clean(validate_constraints=False)
        changed = [field for field in values if before[field] != getattr(original, field)]
        mark_reviewed(obj=original)  # kept up to date, changed or not
        if not changed:
            return original
        original.save(update_fields=[*changed, "updated_at"])
        names = ", ".join(str(Project._meta.get_field(field).verbose_name) for field in changed)
        _record(original, Action.FOLLOW_UP, by, message=f"Champs mis à jour : {names}.")
    logger.info("project %s follow-up %s by user %s", original.pk, changed, by.pk)
    return original
