"""The projects' list as a followable list: its Atom feed (``/projets/flux/``) shows
the latest published projects, filtered as the list."""

from scoran.lib.catalogues import FollowableList

from ..models import Project
from .filters import ProjectFilter

PROJECTS = FollowableList(
    key="projets",
    title="Projets publiés – Espace de ressources SCORAN BFC",
    description="Les derniers projets innovants publiés dans l'annuaire des projets.",
    filterset=ProjectFilter,
    queryset=Project.objects.published,
    list_url_name="projects:list",
    feed_url_name="projects:feed",
    item_title=lambda project: project.title,
    item_date=lambda project: project.published_at,
    item_updated=lambda project: project.updated_at,
    item_summary=lambda project: f"{project.summary} (porté par {project.organisation.name})",
    item_author=lambda project: project.organisation.name,
    newest_first=("-published_at", "-pk"),
    preload=lambda rows: rows.select_related("organisation"),
)
