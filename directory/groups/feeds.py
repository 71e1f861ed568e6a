"""The news of the working groups as a followable list: the Atom feed
``/groupes/flux/`` holds the latest PUBLIC news of the groups the list shows (same
query parameters), and ``/groupes/<slug>/flux/`` those of one group. Members-only
news are never in a feed: a feed reader is nobody's session."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from scoran.lib.catalogues import FollowableList
from scoran.lib.feeds import ListFeed

from ..models import GroupNews, WorkingGroup
from .filters import GroupNewsFilter

SUMMARY_LENGTH = 300


def _summary(news: GroupNews) -> str:
    text = " ".join(news.body.split())
    if len(text) > SUMMARY_LENGTH:
        text = text[: SUMMARY_LENGTH - 1].rstrip() + "…"
    return f"{news.group.name} : {text}"


NEWS = FollowableList(
    key="groupes",
    title="Nouvelles des groupes de travail – Espace de ressources SCORAN BFC",
    description="Les comptes rendus et nouvelles publics des groupes de travail de la SCORAN.",
    filterset=GroupNewsFilter,
    queryset=lambda: GroupNews.objects.public(),
    list_url_name="groups:list",
    feed_url_name="groups:feed",
    item_title=lambda news: news.title,
    item_date=lambda news: news.published_at,
    item_updated=lambda news: news.updated_at,
    item_summary=_summary,
    item_author=lambda news: news.group.name,
    newest_first=("-published_at", "-pk"),
    preload=lambda rows: rows.select_related("group"),
)


class GroupFeed(ListFeed):
    """The public news of one group (its filters: none), linking to its page."""

    def __init__(self, group: WorkingGroup):
        super().__init__(NEWS)
        self.group = group

    def get_object(self, request):
        return NEWS.queryset().filter(group=self.group), self.group.get_absolute_url()

    def title(self, obj):
        return f"{self.group.name} – nouvelles du groupe de travail"

    def subtitle(self, obj):
        return self.group.theme


@require_GET
def group_feed(request, slug: str):
    group = get_object_or_404(WorkingGroup, slug=slug)
    return GroupFeed(group)(request)
