"""What the projects offer the site: their section, their followable list (the
Atom feed), projects to search, and the steps of projects a person took."""

from django.urls import reverse

from scoran.lib.catalogues import (
    AGENT_SPACES,
    CHECKED_LINKS,
    CURATED_KINDS,
    FOLLOWABLE_LISTS,
    PERSONAL_DATA,
    REPORTABLE_KINDS,
    SEARCHABLE_KINDS,
    SITE_SECTIONS,
    AgentSpace,
    CheckedLinks,
    CuratedKind,
    OnDelete,
    PersonalData,
    ReportableKind,
    SearchableKind,
    SiteSection,
    history_steps,
    lookup_by_pk,
)

from ..freshness.selectors import agents_of
from ..models import Project, ProjectEvent
from .feeds import PROJECTS
from .sitemaps import ProjectSitemap

SECTION = SiteSection(
    key="projets",
    title="Projets",
    url_name="projects:list",
    description="Les projets innovants du territoire et le suivi des actions de la SCORAN.",
    order=50,
    in_menu=True,
    sitemap=ProjectSitemap,
)

SEARCH = SearchableKind(
    key="projets",
    label="Projets",
    queryset=lambda: Project.objects.published().select_related("organisation"),
    title=lambda project: project.title,
    summary=lambda project: project.summary,
    body=lambda project: "\n".join(
        [project.organisation.name, project.description, project.partner_names, project.results]
    ),
    departments=lambda project: project.department_codes,
    orientations=lambda project: [o.number for o in project.orientations.all()],
    date=lambda project: project.published_at,
    preload=lambda rows: rows.prefetch_related("orientations"),
)


PERSONAL = [
    # The history and the projects stay, without the person.
    PersonalData(
        key="etapes_de_projets",
        fields={
            "directory.ProjectEvent.by": OnDelete.DETACH,
            "directory.Project.created_by": OnDelete.DETACH,
        },
        export=history_steps(ProjectEvent, of="project", label="projet"),
    ),
    # A function address, published on purpose: the form says so.
    PersonalData(
        key="adresses_de_contact_des_projets",
        fields={"directory.Project.contact_email": OnDelete.KEEP},
    ),
]


# Errors reported on it reach the curators' queue, which links to its admin page.
REPORTABLE = ReportableKind(
    key="projets",
    label="le projet",
    lookup=lookup_by_pk(lambda: Project.objects.published()),
    page=lambda key: reverse("admin:directory_project_change", args=[key]),
    title=lambda project: project.title,
)


# Its agents are reminded weekly of those "à vérifier"; its website is checked.
CURATED = CuratedKind(
    key="projets",
    label="Projets",
    queryset=lambda: Project.objects.published(),
    owners=agents_of("organisation"),
    link=lambda project: reverse("project_agents:edit", kwargs={"slug": project.slug}),
    title=lambda project: project.title,
)

LINKS = CheckedLinks(
    key="projets",
    label="le projet",
    queryset=lambda: Project.objects.published(),
    fields=("website",),
    title=lambda project: project.title,
)


# Its organisations' agents keep theirs from their account page.
AGENT_SPACE = AgentSpace(
    key="projets",
    title="Mes projets",
    list_label="Les projets de mes structures",
    description="brouillons, relectures en cours, messages de l'équipe d'animation.",
    list_url_name="project_agents:mine",
    create_label="Proposer un projet",
    create_url_name="project_agents:create",
    order=10,
)


def register() -> None:
    SITE_SECTIONS.register(SECTION.key, SECTION)
    FOLLOWABLE_LISTS.register(PROJECTS.key, PROJECTS)
    SEARCHABLE_KINDS.register(SEARCH.key, SEARCH)
    REPORTABLE_KINDS.register(REPORTABLE.key, REPORTABLE)
    CURATED_KINDS.register(CURATED.key, CURATED)
    CHECKED_LINKS.register(LINKS.key, LINKS)
    AGENT_SPACES.register(AGENT_SPACE.key, AGENT_SPACE)
    for entry in PERSONAL:
        PERSONAL_DATA.register(entry.key, entry)
