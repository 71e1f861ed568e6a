"""Sections of the territory pages filled by other apps: the extension points of the
pages, registries of ``strategy.sections``, so that the observatories show what the
directory and the portal hold about a territory without importing them.

- ``COMMUNE_SECTIONS``: the observatory's commune page (its upcoming events, its
  field reports). ``rows`` receives the commune:

    COMMUNE_SECTIONS.register(Section(
        key="agenda", title="Évènements à venir", template="portal/agenda/includes/rows.html",
        rows=lambda commune: Event.objects.published().upcoming().filter(commune=commune),
    ))

- ``TERRITORY_SECTIONS``: the pages of ``/territoires/`` (a commune, an EPCI, a
  department, the region), which gather everything the site knows of a territory.
  ``rows`` receives a ``Scope`` (the territory, its level and what contains it) and
  filters with ``scope.communes("commune")`` or the scope's codes. The observatory's
  own sections (the strategy's indicators, the collectivity's open data) register
  here too: the pages show a new section without a change.

(both called from the feature's ``AppConfig.ready()``). ``rows`` returns its rows in
one query; the page shows a section only when it has rows (or an ``empty`` text).
Unlike the figures, the sections are never kept in the page cache
(``views.commune_page``): their rows change without any import.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from strategy.sections import Section, SectionRegistry

# The commune's sections are ordinary sections; the alias names them at the call site.
CommuneSection = Section
TerritorySection = Section

COMMUNE_SECTIONS = SectionRegistry("commune")
register_section = COMMUNE_SECTIONS.register
filled_sections = COMMUNE_SECTIONS.filled

TERRITORY_SECTIONS = SectionRegistry("territory")
register_territory_section = TERRITORY_SECTIONS.register


@dataclass(frozen=True)
class Scope:
    """A territory as the sections of its page see it: its level (``commune``,
    ``epci``, ``department``, ``region``), its code, the territory itself, and the
    codes of the territories that contain it (a commune's EPCI, department and
    region; an EPCI's departments and region), known without a query."""

    COMMUNE = "commune"
    EPCI = "epci"
    DEPARTMENT = "department"
    REGION = "region"

    level: str
    code: str
    name: str
    territory: Any
    region_code: str
    department_codes: tuple[str, ...] = ()
    epci_siren: str = ""
    latitude: float | None = field(default=None)
    longitude: float | None = field(default=None)

    @property
    def is_commune(self) -> bool:
        return self.level == self.COMMUNE

    def communes(self, path: str = "commune") -> Q:
        """A filter on rows that name a commune (``path``: the way to it): those of
        the territory's communes."""
        if self.level == self.COMMUNE:
            return Q(**{path: self.code})
        if self.level == self.EPCI:
            return Q(**{f"{path}__epci": self.code})
        if self.level == self.DEPARTMENT:
            return Q(**{f"{path}__department": self.code})
        return Q(**{f"{path}__department__region": self.code})
