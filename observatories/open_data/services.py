"""The sums of the open-data indicator per department and for the region, rebuilt
for every edition after each import (a few hundred collectivités per edition: two
grouped queries, whatever the history)."""

from django.conf import settings
from django.db.models import Count, Max, Q

from ..models import AreaOpenData, CollectivityOpenData, ImportRun
from ..models.areas import Level
from ..models.open_data import OPEN_DATA_THRESHOLD

PUBLISHING = Q(platform_datasets__gt=0) | Q(datagouv_datasets__gt=0)
OVER = Q(population__gt=OPEN_DATA_THRESHOLD)
COUNTS = {
    "collectivities": Count("pk"),
    "publishing": Count("pk", filter=PUBLISHING),
    "over_threshold": Count("pk", filter=OVER),
    "over_threshold_publishing": Count("pk", filter=OVER & PUBLISHING),
    "last_run": Max("run"),  # each edition's sums name the import that last wrote it
}


def _area(level: str, code: str, values: dict) -> AreaOpenData:
    return AreaOpenData(level=level, code=code, run_id=values.pop("last_run"), **values)


def refresh_area_open_data(run: ImportRun | None = None) -> int:
    """Replace the sums of every edition, per department and for the region (every
    row is the region's: the import keeps no other); return the rows written. Each
    edition's sums name the last import of that edition, ``run`` or an earlier one."""
    rows = [
        _area(Level.REGION, settings.REGION_CODE, values)
        for values in CollectivityOpenData.objects.values("edition").annotate(**COUNTS).order_by()
    ]
    rows += [
        _area(Level.DEPARTMENT, values.pop("department_id"), values)
        for values in CollectivityOpenData.objects.filter(department__isnull=False)
        .values("edition", "department_id")
        .annotate(**COUNTS)
        .order_by()
    ]
    AreaOpenData.objects.all().delete()
    AreaOpenData.objects.bulk_create(rows)
    return len(rows)
