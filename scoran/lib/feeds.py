"""The Atom feed of any followable list (``catalogues.FOLLOWABLE_LISTS``), built on
``django.contrib.syndication``: the list's rows, filtered by the same query string
as the list page, newest first.

    path("flux/", feed_view("projets"), name="feed")

Summaries are published as escaped text: Atom's ``<summary type="html">`` is read as
HTML by feed readers, and what an agent typed must never become markup there.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_GET

from .catalogues import FOLLOWABLE_LISTS, FollowableList
from .exports import query_without
from .lists import filtered


class ListFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, entry: FollowableList):
        self.entry = entry

    def get_object(self, request):
        """The filtered rows (none when a filter is wrong, as the list) and the list
        page's address with the same filters."""
        _, rows = filtered(self.entry.filterset, request, self.entry.queryset())
        query = query_without(request, "page", "format")
        link = reverse(self.entry.list_url_name) + (f"?{query}" if query else "")
        return rows, link

    def title(self, obj):
        return self.entry.title

    def subtitle(self, obj):
        return self.entry.description

    def link(self, obj):
        return obj[1]

    def items(self, obj):
        return self.entry.latest(obj[0])

    def item_title(self, item):
        return self.entry.item_title(item)

    def item_link(self, item):
        return self.entry.item_link(item)

    def item_description(self, item):
        return escape(self.entry.item_summary(item))

    def item_pubdate(self, item):
        return self.entry.item_date(item)

    def item_updateddate(self, item):
        return self.entry.item_updated(item) if self.entry.item_updated else None

    def item_author_name(self, item):
        return self.entry.item_author(item) if self.entry.item_author else None


def feed_view(key: str):
    """The view of the feed of the list registered under ``key`` (the entry is looked
    up on each request: the catalogue, not the URL list, holds it)."""

    @require_GET
    def view(request):
        return ListFeed(FOLLOWABLE_LISTS[key])(request)

    view.__name__ = f"{key.replace('-', '_')}_feed"
    return view
