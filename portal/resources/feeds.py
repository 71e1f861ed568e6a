"""The resources' list as a followable list: its Atom feed (``/ressources/flux/``)
shows the latest public resources (never a members-only document), filtered as the
list."""

from scoran.lib.catalogues import FollowableList

from ..models import Resource
from .filters import ResourceFilter

RESOURCES = FollowableList(
    key="ressources",
    title="Ressources publiées – Espace de ressources SCORAN BFC",
    description="Les dernières ressources publiées : guides, modèles, études, kits…",
    filterset=ResourceFilter,
    queryset=Resource.objects.public,
    list_url_name="resources:list",
    feed_url_name="resources:feed",
    item_title=lambda resource: resource.title,
    item_date=lambda resource: resource.published_at,
    item_updated=lambda resource: resource.updated_at,
    item_summary=lambda resource: (
        f"{resource.get_kind_display()} – {resource.summary} ({resource.organisation.name})"
    ),
    item_author=lambda resource: resource.organisation.name,
    newest_first=("-published_at", "-pk"),
    preload=lambda rows: rows.select_related("organisation"),
)
