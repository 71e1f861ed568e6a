"""Downloads of the resources: counted in the download views, at most once per
visitor, resource and day (``scoran.lib.downloads``: no cookie, no address kept),
added up per month in ``ResourceDownloadMonth``; and the resource curators designate
as the guide « Territoires intelligents », whose downloads make a section 8
indicator (``indicators.py``)."""

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from scoran.lib.downloads import first_of_the_day

from ..models import Resource, ResourceDownloadMonth


def record_download(*, request, resource: Resource, day: datetime.date | None = None) -> bool:
    """Counts this download of a published resource when it is the visitor's first
    of ``day`` (the Paris local date by default) for this resource, whichever file;
    previews of unpublished resources by their authors and curators never count.
    Members' downloads of a members-only document count (the figures are the
    curators', and the indicator only reads a public guide).
    True when counted. Never raises for the counting's sake: the file is served."""
    if not resource.is_published:
        return False
    day = day or timezone.localdate()
    if not first_of_the_day(request, f"resource:{resource.pk}", day=day):
        return False
    ResourceDownloadMonth.objects.increment(resource_id=resource.pk, day=day)
    return True


def total_downloads(resource: Resource) -> int:
    return (
        ResourceDownloadMonth.objects.filter(resource=resource).aggregate(total=Sum("count"))[
            "total"
        ]
        or 0
    )


def territory_guide() -> Resource | None:
    """The public resource designated as the guide « Territoires intelligents »;
    None when there is none (or it is not published, or reserved to a working
    group's members: its title stays private)."""
    return Resource.objects.public().filter(is_territory_guide=True).first()


@transaction.atomic
def designate_territory_guide(*, resource: Resource) -> Resource:
    """Makes ``resource`` the guide « Territoires intelligents », in place of any
    other (the database allows only one)."""
    Resource.objects.filter(is_territory_guide=True).exclude(pk=resource.pk).update(
        is_territory_guide=False
    )
    Resource.objects.filter(pk=resource.pk).update(is_territory_guide=True)
    resource.is_territory_guide = True
    return resource
