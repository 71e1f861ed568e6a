"""Sections of a page filled by other apps: the extension point of a page whose app
must not import the apps that own the rows (an orientation page listing projects,
an organisation page listing its projects and places).

A registry belongs to one kind of page. A feature registers a section with a query
function that returns the rows to show for one object (one query, whatever the
number of rows) and the template that renders them; the page's view asks the
registry for its filled sections. A section without rows is left out, unless it
has an ``empty`` text: then its heading stays, with that text (the orientation page
always has a "Projets liés" heading, an organisation page has no empty "Projets").

    ORIENTATION_SECTIONS.register(Section(
        key="projets", title="Projets liés", template="directory/projects/includes/rows.html",
        rows=lambda orientation: Project.objects.published().filter(orientations=orientation),
    ))

(called from the feature's ``AppConfig.ready()``). The strategy depends on no app:
the rows and the template come from the registering app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from scoran.lib.registry import Registry


@dataclass(frozen=True)
class Section:
    key: str  # the section's id in the page (anchor), unique in its registry
    title: str  # its <h2>
    template: str  # receives the page's object under its usual name, and ``rows``
    rows: Callable[[Any], Iterable]
    empty: str = ""  # shown when there is no row; without it, no row hides the section


class SectionRegistry(Registry[Section]):
    """The sections of one kind of page, in the order they were registered (a key
    registered twice raises)."""

    def __init__(self, page: str):
        super().__init__(f"{page} sections")

    def register(self, section: Section) -> Section:
        return super().register(section.key, section)

    def filled(self, obj) -> list[dict]:
        """The sections to show for this object: {"section", "rows"} each, rows
        evaluated here (the template triggers no query)."""
        filled = []
        for section in self:
            rows = list(section.rows(obj))
            if rows or section.empty:
                filled.append({"section": section, "rows": rows})
        return filled


ORIENTATION_SECTIONS = SectionRegistry("orientation")
