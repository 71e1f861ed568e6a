"""The agents' side of the projects: write a draft for one's organisation, edit it
with its fundings, images and documents, submit it, read its history, keep the
follow-up of a SCORAN action. Curators moderate in the admin."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from scoran.lib.forms import add_service_error

from ..models import Organisation, Project, ProjectEvent
from . import services
from .access import get_editable_project, get_followed_project
from .agent_forms import (
    DocumentFormSet,
    FollowUpForm,
    FundingFormSet,
    ImageFormSet,
    ProjectForm,
    file_items,
    funding_items,
)

MINE = "Mes projets"


def _breadcrumbs(*trail):
    return [
        ("Mon compte", reverse("accounts:account")),
        (MINE, reverse("project_agents:mine")),
        *trail,
    ]


@login_required
@require_GET
def my_projects(request):
    projects = Project.objects.for_agents(request.user)
    return render(
        request,
        "directory/project_agents/list.html",
        {
            "projects": projects,
            "has_organisation": request.user.memberships.exists(),
            "breadcrumbs": [*_breadcrumbs()[:1], (MINE, None)],
        },
    )


def _forms(request, *, project=None, organisations=None, carrier=None):
    """The project's form and its fundings, images and documents formsets, bound on
    POST; their initial values are those of the row the agents edit."""
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    initial, fundings, images, documents = {}, [], [], []
    if project is not None:
        initial = ProjectForm.initial_of(project)
        fundings = [{"funder": f.funder, "amount": f.amount} for f in project.fundings.all()]
        images = [{"id": i.pk, "alt_text": i.alt_text} for i in project.images.all()]
        documents = [{"id": d.pk, "title": d.title} for d in project.documents.all()]
    return (
        ProjectForm(
            data, initial=initial, organisations=organisations, carrier=carrier, prefix=None
        ),
        FundingFormSet(data, initial=fundings, prefix="financements"),
        ImageFormSet(data, files, initial=images, prefix="images"),
        DocumentFormSet(data, files, initial=documents, prefix="documents"),
    )


def _all_valid(*forms) -> bool:
    valid = [form.is_valid() for form in forms]  # every one checked, for its errors
    return all(valid)


def _render_form(request, *, project, copy, forms, title, breadcrumbs):
    form, fundings, images, documents = forms
    request_message = ""
    if copy is not None and copy.state == Project.State.CHANGES_REQUESTED:
        request_message = (
            project.events.filter(action=ProjectEvent.Action.CHANGES_REQUESTED)
            .values_list("message", flat=True)
            .first()
        )
    return render(
        request,
        "directory/project_agents/form.html",
        {
            "project": project,
            "copy": copy,
            "form": form,
            "fundings": fundings,
            "images": images,
            "documents": documents,
            "request_message": request_message,
            "title": title,
            "breadcrumbs": breadcrumbs,
        },
    )


@login_required
def create(request):
    organisations = list(
        Organisation.objects.filter(memberships__user=request.user).only("name").order_by("name")
    )
    if not organisations:
        raise PermissionDenied(
            "Seuls les membres d'une structure de l'annuaire proposent des projets : "
            "rejoignez d'abord la vôtre."
        )
    forms = _forms(
        request,
        organisations=organisations,
        carrier=organisations[0] if len(organisations) == 1 else None,
    )
    form, fundings, images, documents = forms
    if request.method == "POST" and _all_valid(*forms):
        try:
            project = services.create_project(
                organisation=form.cleaned_data.get("organisation") or organisations[0],
                by=request.user,
                values=form.values(),
                fundings=funding_items(fundings),
                images=file_items(images),
                documents=file_items(documents),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "Le brouillon est enregistré. Soumettez-le à la relecture quand il est prêt.",
            )
            return redirect("project_agents:edit", slug=project.slug)
    return _render_form(
        request,
        project=None,
        copy=None,
        forms=forms,
        title="Proposer un projet",
        breadcrumbs=_breadcrumbs(("Proposer un projet", None)),
    )


@login_required
def edit(request, slug: str):
    project = get_editable_project(request, slug)
    title = f"Modifier « {project.title} »"
    breadcrumbs = _breadcrumbs((title, None))
    if refusal := services.edit_refusal(project):
        return render(
            request,
            "directory/project_agents/locked.html",
            {"project": project, "refusal": refusal, "title": title, "breadcrumbs": breadcrumbs},
        )
    copy = services.working_copy(project)
    forms = _forms(request, project=copy, carrier=project.organisation)
    form, fundings, images, documents = forms
    if request.method == "POST" and _all_valid(*forms):
        try:
            services.update_project(
                project=project,
                by=request.user,
                values=form.values(),
                fundings=funding_items(fundings),
                images=file_items(images),
                documents=file_items(documents),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _saved_message(project))
            return redirect("project_agents:edit", slug=project.slug)
    return _render_form(
        request, project=project, copy=copy, forms=forms, title=title, breadcrumbs=breadcrumbs
    )


def _saved_message(project: Project) -> str:
    if project.state != Project.State.PUBLISHED:
        return "Vos modifications sont enregistrées."
    if settings.PROJECTS_REVIEW_UPDATES:
        return (
            "Vos modifications sont enregistrées ; la version publiée reste affichée "
            "jusqu'à ce que l'équipe d'animation les publie : soumettez-les quand "
            "elles sont prêtes."
        )
    return "Vos modifications sont enregistrées et publiées."


@require_POST
@login_required
def confirm(request, slug: str):
    """An agent confirms the project is still right (the weekly reminder leads here)."""
    project = get_editable_project(request, slug)
    services.confirm_project(project=project, by=request.user)
    messages.success(request, "Merci : le projet est confirmé à jour.")
    return redirect("project_agents:edit", slug=project.slug)


@require_POST
@login_required
def submit(request, slug: str):
    project = get_editable_project(request, slug)
    try:
        services.submit_project(project=project, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("project_agents:edit", slug=project.slug)
    messages.success(
        request,
        "Le projet est transmis à l'équipe d'animation ; vous recevrez sa décision par courriel.",
    )
    return redirect("project_agents:mine")


@login_required
@require_GET
def history(request, slug: str):
    project = get_followed_project(request, slug)
    title = f"Historique de « {project.title} »"
    return render(
        request,
        "directory/project_agents/history.html",
        {
            "project": project,
            "copy": services.working_copy(project),
            "events": project.events.select_related("by"),
            "title": title,
            "is_agent": project.organisation.role_of(request.user) is not None,
            "breadcrumbs": _breadcrumbs((title, None)),
        },
    )


@login_required
def follow_up(request, slug: str):
    project = get_followed_project(request, slug)
    if not project.is_scoran_action:
        raise Http404("Ce projet n'est pas une action de la SCORAN.")
    form = FollowUpForm(
        request.POST if request.method == "POST" else None,
        initial=FollowUpForm.initial_of(project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_follow_up(project=project, by=request.user, values=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Le suivi de l'action est enregistré.")
            return redirect("project_agents:history", slug=project.slug)
    title = f"Suivi de « {project.title} »"
    return render(
        request,
        "directory/project_agents/follow_up.html",
        {
            "project": project,
            "form": form,
            "title": title,
            "breadcrumbs": _breadcrumbs((title, None)),
        },
    )
