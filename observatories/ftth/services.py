"""FttH sums over larger territories, rebuilt after each import of the Arcep
workbook: connectable premises per quarter, and communes, premises and operators
per deployment zone."""

import re
from collections import defaultdict

from django.db.models import Count, Max, Sum

from ..models import AreaFtth, AreaFtthZone, CommuneFtth, FtthDeployment, ImportRun
from ..referential.selectors import AREA_LEVELS, sums_per_territory

OPERATOR_SEPARATORS = re.compile(r"\s*[,;/+]\s*")


def refresh_area_ftth(run: ImportRun) -> int:
    """Rebuild every territory's connectable premises per quarter, over the premises
    of the latest edition; return the number of rows written."""
    AreaFtth.objects.all().delete()
    latest = CommuneFtth.objects.aggregate(edition=Max("edition"))["edition"]
    profiles = CommuneFtth.objects.filter(edition=latest)
    rows = []
    for level, key in AREA_LEVELS:
        premises = {
            values[key]: values["total"]
            for values in sums_per_territory(profiles, key, (), total=Sum("premises"))
        }
        rows += [
            AreaFtth(
                level=level,
                code=values[key],
                quarter=values["quarter"],
                connectable=values["connectable"],
                premises=premises.get(values[key], 0),
                communes=values["communes"],
                run=run,
            )
            for values in sums_per_territory(
                FtthDeployment.objects,
                key,
                ("quarter",),
                connectable=Sum("connectable"),
                communes=Count("pk"),  # one row per commune and quarter
            )
        ]
    AreaFtth.objects.bulk_create(rows, batch_size=1000)
    return len(rows) + _refresh_area_ftth_zones(run, profiles, latest)


def _refresh_area_ftth_zones(run: ImportRun, profiles, edition) -> int:
    """Per territory and zone: communes, premises and the operators named there."""
    AreaFtthZone.objects.all().delete()
    zones = defaultdict(lambda: {"communes": 0, "premises": 0, "names": set()})
    fields = [key for _, key in AREA_LEVELS]
    for profile in profiles.values(*fields, "zone", "premises", "operators"):
        names = {name for name in OPERATOR_SEPARATORS.split(profile["operators"]) if name}
        for level, key in AREA_LEVELS:
            if profile[key] is None:
                continue
            zone = zones.setdefault(
                (level, profile[key], profile["zone"]),
                {"communes": 0, "premises": 0, "names": set()},
            )
            zone["communes"] += 1
            zone["premises"] += profile["premises"]
            zone["names"] |= names
    rows = [
        AreaFtthZone(
            level=level,
            code=code,
            edition=edition,
            zone=zone,
            communes=sums["communes"],
            premises=sums["premises"],
            operators=", ".join(sorted(sums["names"])),
            run=run,
        )
        for (level, code, zone), sums in zones.items()
    ]
    AreaFtthZone.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
