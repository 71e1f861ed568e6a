"""The moderation of projects, on ``scoran.lib.moderation``: its table of transitions
and what projects add to each move, the revision of a published project.

An agent submits the draft (or the revision of a published project); a curator
publishes it, asks for changes or refuses it, and may unpublish a published one;
a curator's spreadsheet import publishes or drafts directly (no e-mail, no review).
The history always hangs on the *original* project, the public one; a step about a
revision says so with ``on_revision``. Moves that reach a revision find it
themselves: ``begin`` takes the project given (or the row chosen in the queue,
which may be a revision) and locks the original first.
"""

from django.conf import settings
from django.urls import reverse

from scoran.lib.moderation import (
    Mail,
    State,
    Step,
    Workflow,
    curators,
    direct_draft,
    direct_publication,
    review_transitions,
)

from ..models import (
    Membership,
    Project,
    ProjectDocument,
    ProjectEvent,
    ProjectFunding,
    ProjectImage,
    User,
)
from .services import (
    EDITABLE_STATES,
    file_names,
    forget_files,
    lock_original,
    refresh_department_codes,
    working_copy,
)

CURATORS = "directory.change_project"
AGENT_MOVES = {"submit"}
ON_THE_ORIGINAL = {"unpublish", "publish_by_import", "draft_by_import"}


def agents(original: Project) -> list[str]:
    """The addresses of the carrier's agents."""
    return list(
        User.objects.filter(is_active=True, memberships__organisation_id=original.organisation_id)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _under_review(project: Project, original: Project) -> Project:
    """The row awaiting review: the project given, its revision when it is that
    which waits."""
    if project.revision_of_id:
        return Project.objects.select_for_update().get(pk=project.pk)
    revision = original.pending_revision if original.state == State.PUBLISHED else None
    if revision is not None and revision.state == State.SUBMITTED:
        return revision
    return original


def _drop_revision(original: Project, revision: Project) -> None:
    """Delete a revision; its files that the original does not use go after commit."""
    names = file_names(revision) - file_names(original)
    revision.delete()
    original._state.fields_cache.pop("revision", None)
    forget_files(names)


def _publish_revision(original: Project, revision: Project) -> None:
    """The revision's content replaces the original's; its rows of fundings, images
    and documents move to the original; the revision goes."""
    old_names = file_names(original)
    for field in Project.CONTENT_FIELDS:
        setattr(original, field, getattr(revision, field))
    original.save()
    for field in Project.CONTENT_RELATIONS:
        getattr(original, field).set(getattr(revision, field).all())
    for model in (ProjectFunding, ProjectImage, ProjectDocument):
        model.objects.filter(project=original).delete()
        model.objects.filter(project=revision).update(project=original)
    revision.delete()
    forget_files(old_names - file_names(original))


def _submit_refusal(target: Project) -> str:
    if target.state == State.SUBMITTED:
        return "Ce projet est déjà en attente de relecture."
    if target.state == State.PUBLISHED:
        return "Ce projet est publié et n'a pas de modification à soumettre : modifiez-le d'abord."
    return "Ce projet a été refusé : il ne peut pas être soumis de nouveau."


class ProjectWorkflow(Workflow):
    """The shared mechanism, plus the revision of a published project: a move finds
    the row it concerns (the original, or its revision), the history hangs on the
    original, agents submit (not staff), and agents' e-mails link to the history."""

    def begin(self, obj, move, by, message) -> Step:
        original = lock_original(obj)
        action = move.action
        if action in AGENT_MOVES:
            target = working_copy(original)
        elif action in ON_THE_ORIGINAL:
            target = original
        else:
            target = _under_review(obj, original)
        revision = target.pk != original.pk
        return Step(
            transition=move,
            by=by,
            message=message,
            obj=target,
            subject=original,
            extra={"on_revision": revision},
        )

    def may(self, step: Step) -> bool:
        if step.transition.action in AGENT_MOVES:
            return Membership.objects.filter(
                organisation_id=step.subject.organisation_id, user=step.by
            ).exists()
        return super().may(step)

    def forbidden(self, step: Step) -> str:
        if step.transition.action in AGENT_MOVES:
            return "Seuls les membres de la structure porteuse modifient ses projets."
        return super().forbidden(step)

    def refusal(self, step: Step) -> str | None:
        if step.transition.action == "submit" and step.obj.state not in EDITABLE_STATES:
            return _submit_refusal(step.obj)
        return super().refusal(step)

    def apply(self, step: Step):
        original, target, action = step.subject, step.obj, step.transition.action
        revision = step.extra["on_revision"]
        pending = original.pending_revision if action in ON_THE_ORIGINAL else None
        if pending is not None:  # unpublished or drafted: a revision under way goes
            _drop_revision(original, pending)
        if action == "publish" and revision:
            _publish_revision(original, target)
        elif action == "refuse" and revision:
            _drop_revision(original, target)
        else:
            super().apply(step)
        if step.transition.target == State.PUBLISHED:
            refresh_department_codes(project=original)
            original.refresh_from_db()
        return target if action in {"submit", "request_changes"} else original

    def record(self, step: Step):
        return ProjectEvent.objects.create(
            project=step.subject,
            action=step.transition.history,
            by=step.by,
            message=step.message,
            on_revision=step.extra["on_revision"],
        )

    def mail_context(self, step: Step) -> dict:
        context = super().mail_context(step)
        if step.transition.action not in AGENT_MOVES:
            # Agents follow the link to the project's history, not to the admin.
            url = reverse("project_agents:history", args=[step.subject.slug])
            context["url"] = settings.SITE_URL + url
        return context


WORKFLOW = ProjectWorkflow(
    model=Project,
    history=ProjectEvent,
    history_object="project",
    transitions=[
        # The submit refusal is said by ProjectWorkflow.refusal, by state.
        *review_transitions(
            permission=CURATORS,
            feminine=False,
            selected="les projets sélectionnés",
            submit_sources=EDITABLE_STATES,
            mails={
                "submit": Mail("directory/emails/project_submitted.txt", to=curators(CURATORS)),
                "publish": Mail("directory/emails/project_published.txt", to=agents),
                "request_changes": Mail(
                    "directory/emails/project_changes_requested.txt", to=agents
                ),
                "refuse": Mail("directory/emails/project_refused.txt", to=agents),
                "unpublish": Mail("directory/emails/project_unpublished.txt", to=agents),
            },
        ),
        # A curator's spreadsheet import: « publié » oui / non, no review, no e-mail.
        direct_publication("publish_by_import", permission=CURATORS, feminine=False),
        direct_draft("draft_by_import", permission=CURATORS),
    ],
)
