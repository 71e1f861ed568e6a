from django.utils import timezone

from portal.models import WatchItem


def make_watch_item(title="Une information", **fields) -> WatchItem:
    fields.setdefault("state", WatchItem.State.PUBLISHED)
    fields.setdefault("link", f"https://exemple.fr/{abs(hash(title))}")
    fields.setdefault("source_name", "Exemple")
    fields.setdefault("published_on", timezone.now())
    return WatchItem.objects.create(title=title, **fields)
