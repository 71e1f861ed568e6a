"""Sections of a commune's page filled by other apps (its upcoming events…): the
extension point of the page, a registry of ``strategy.sections``, so that the
observatories show what the portal holds about a commune without importing it.

    COMMUNE_SECTIONS.register(Section(
        key="agenda", title="Évènements à venir", template="portal/agenda/includes/rows.html",
        rows=lambda commune: Event.objects.published().upcoming().filter(commune=commune),
    ))

(called from the feature's ``AppConfig.ready()``). ``rows`` receives the commune
and returns its rows in one query; the page shows a section only when it has rows
(or an ``empty`` text). Unlike the figures, the sections are never kept in the
page cache (``views.commune_page``): their rows change without any import.
"""

from strategy.sections import Section, SectionRegistry

# The commune's sections are ordinary sections; the alias names them at the call site.
CommuneSection = Section

COMMUNE_SECTIONS = SectionRegistry("commune")
register_section = COMMUNE_SECTIONS.register
filled_sections = COMMUNE_SECTIONS.filled
