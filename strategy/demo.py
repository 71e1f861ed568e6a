"""Demo values of the indicators: those computed from the demo imports (refreshed
once every demo figure exists, the guide's downloads included) and a few that
curators would enter, marked as demonstration on every page and export."""

import datetime

from .measures import territories
from .models import Indicator, IndicatorValue
from .services import refresh_indicator_values

DEMO_SOURCE = "Démonstration (données fictives)"
# Indicator position → (unit, value of the region in 2023, of a department in 2023,
# yearly growth): invented, plausible orders of magnitude.
ENTERED = {
    4: ("%", 62.0, 55.0, 6.0),  # LPWAN coverage
    10: ("", 18_000, 2_400, 3_000),  # Pass numériques distributed
    11: ("", 140, 18, 25),  # structures involved
    15: ("", 320, 40, 120),  # agents trained (Pix Orga)
    17: ("%", 71.0, 68.0, 4.0),  # satisfaction of collectivities using the guide
}
YEARS = (2023, 2024)
DEPARTMENTS = 2  # the region and its first departments: enough to compare


def create_demo_indicator_values(curator) -> int:
    """Refresh the computed values and enter the demo ones (idempotent); the number
    of values held."""
    refresh_indicator_values()
    places = territories()
    indicators = Indicator.objects.in_bulk(list(ENTERED), field_name="position")
    for position, (unit, region_value, department_value, growth) in ENTERED.items():
        indicator = indicators.get(position)
        if indicator is None or indicator.measure:
            continue
        for rank, (level, code, name) in enumerate(places[: 1 + DEPARTMENTS]):
            base = region_value if rank == 0 else department_value - 3 * rank
            for step, year in enumerate(YEARS):
                value = base + step * growth
                IndicatorValue.objects.update_or_create(
                    indicator=indicator, series="", level=level, code=code, year=year,
                    origin=IndicatorValue.Origin.ENTERED,
                    defaults={
                        "label": name, "edition": datetime.date(year + 1, 2, 15),
                        "period": str(year), "value": min(value, 100) if unit else value,
                        "unit": unit, "source": DEMO_SOURCE, "demo": True,
                        "entered_by": curator,
                    },
                )  # fmt: skip
    return IndicatorValue.objects.count()
