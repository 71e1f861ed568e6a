"""What the portal's features add to the registries of the other apps and to the
site's catalogues, called once from ``PortalConfig.ready()``."""

from observatories.importing.formats import register as register_format
from observatories.referential.sections import register_section as register_commune_section
from observatories.referential.sections import register_territory_section
from scoran.lib import moderation, roles
from strategy import measures

from .agenda import catalogues as agenda
from .agenda.moderation import WORKFLOW as AGENDA
from .api import catalogues as api
from .field_reports import catalogues as field_reports
from .field_reports.moderation import WORKFLOW as FIELD_REPORTS
from .funding import catalogues as funding
from .funding.imports import AIDES_TERRITOIRES
from .funding.moderation import WORKFLOW as FUNDING
from .groups import catalogues as groups
from .hosting import catalogues as hosting
from .interconnection import catalogues as interconnection
from .interconnection.moderation import WORKFLOW as INTERCONNECTION
from .maturity import catalogues as maturity
from .resources import catalogues as resources
from .resources.indicators import MEASURES as RESOURCE_MEASURES
from .resources.moderation import WORKFLOW as RESOURCES
from .search import catalogues as search
from .subscriptions import catalogues as subscriptions
from .territories import catalogues as territories
from .watch import catalogues as watch
from .watch.imports import RSS
from .watch.moderation import WORKFLOW as WATCH


def register() -> None:
    # Sections, followable lists, searchable kinds, personal data, page sections.
    resources.register()
    funding.register()
    agenda.register()
    watch.register()
    register_commune_section(agenda.COMMUNE)  # the observatory's commune pages
    register_commune_section(field_reports.COMMUNE)
    # The pages of /territoires/: aides, events, resources, field reports (after the
    # directory's places, organisations, projects and groups), then the page itself.
    for section in (funding.TERRITORY, agenda.TERRITORY, resources.TERRITORY):
        register_territory_section(section)
    register_territory_section(field_reports.TERRITORY)
    territories.register()
    # A working group's page: its meetings and documents.
    groups.register()
    interconnection.register()
    hosting.register()
    field_reports.register()
    maturity.register()
    api.register()
    subscriptions.register()
    # The site's search: its page, and its index following every searchable kind
    # (all registered by now: the portal's app comes last).
    search.register()
    # Moderation: one mechanism (scoran.lib.moderation), one table per kind (the
    # interconnection requests' steps too).
    for workflow in (RESOURCES, FUNDING, AGENDA, WATCH, INTERCONNECTION, FIELD_REPORTS):
        moderation.register(workflow)
    # The section 8 indicator of the guide « Territoires intelligents »'s downloads.
    for key, (function, note) in RESOURCE_MEASURES.items():
        measures.register(key, function, note=note)
    # Curators curate every content of the portal (resources, aides…): one grant for
    # the app, which its features share.
    roles.grant(roles.CURATORS, "portal")
    # The import pipeline reads Aides-Territoires' listings of aids.
    register_format(AIDES_TERRITOIRES)
    # The information watch reads RSS and Atom feeds.
    register_format(RSS)
