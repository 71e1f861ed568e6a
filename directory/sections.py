"""Sections of an organisation's page filled by other features (its projects, its
places…): the extension point of the page.

A feature registers a section with a query function that returns the rows to show
for one organisation (one query, whatever the number of rows) and the template that
renders them. The page shows a section only when its function returns rows: an
organisation without projects has no empty "Projets" heading, and nothing appears
before a feature exists.

    register_section(OrganisationSection(
        key="projets", title="Projets", template="directory/includes/projects.html",
        rows=lambda organisation: Project.objects.published().filter(organisation=organisation),
    ))

(called from the feature's ``AppConfig.ready()``, or at the bottom of its module).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import Organisation


@dataclass(frozen=True)
class OrganisationSection:
    key: str  # the section's id in the page (anchor), unique
    title: str  # its <h2>
    template: str  # receives ``organisation`` and ``rows``
    rows: Callable[[Organisation], Iterable]


ORGANISATION_SECTIONS: list[OrganisationSection] = []


def register_section(section: OrganisationSection) -> None:
    if any(existing.key == section.key for existing in ORGANISATION_SECTIONS):
        raise ValueError(f"an organisation section {section.key!r} is already registered")
    ORGANISATION_SECTIONS.append(section)


def filled_sections(organisation: Organisation) -> list[dict]:
    """The registered sections that have rows for this organisation, with their rows."""
    filled = []
    for section in ORGANISATION_SECTIONS:
        rows = list(section.rows(organisation))
        if rows:
            filled.append({"section": section, "rows": rows})
    return filled
