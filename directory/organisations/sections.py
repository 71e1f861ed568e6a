"""Sections of an organisation's page filled by other features (its projects, its
places…): the extension point of the page, a registry of ``strategy.sections``.

    register_section(OrganisationSection(
        key="projets", title="Projets", template="directory/projects/includes/rows.html",
        rows=lambda organisation: Project.objects.published().filter(organisation=organisation),
    ))

(called from the feature's ``AppConfig.ready()``). The page shows a section only
when its function returns rows: nothing appears before a feature exists.
"""

from strategy.sections import Section, SectionRegistry

# The organisation's sections are ordinary sections; the alias names them at the call site.
OrganisationSection = Section

ORGANISATION_SECTIONS = SectionRegistry("organisation")
register_section = ORGANISATION_SECTIONS.register
filled_sections = ORGANISATION_SECTIONS.filled
