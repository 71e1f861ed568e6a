"""What the portal's features add to the registries of the other apps and to the
site's catalogues, called once from ``PortalConfig.ready()``."""

from observatories.importing.formats import register as register_format
from scoran.lib import moderation, roles
from strategy import measures

from .agenda import catalogues as agenda
from .agenda.moderation import WORKFLOW as AGENDA
from .funding import catalogues as funding
from .funding.imports import AIDES_TERRITOIRES
from .funding.moderation import WORKFLOW as FUNDING
from .hosting import catalogues as hosting
from .resources import catalogues as resources
from .resources.indicators import MEASURES as RESOURCE_MEASURES
from .resources.moderation import WORKFLOW as RESOURCES
from .watch import catalogues as watch
from .watch.imports import RSS


def register() -> None:
    # Sections, followable lists, searchable kinds, personal data, page sections.
    resources.register()
    funding.register()
    agenda.register()
    watch.register()
    hosting.register()
    # Moderation: one mechanism (scoran.lib.moderation), one table per kind.
    for workflow in (RESOURCES, FUNDING, AGENDA):
        moderation.register(workflow)
    # The section 8 indicator of the guide « Territoires intelligents »'s downloads.
    for key, function in RESOURCE_MEASURES.items():
        measures.register(key, function)
    # Curators curate every content of the portal (resources, aides…): one grant for
    # the app, which its features share.
    roles.grant(roles.CURATORS, "portal")
    # The import pipeline reads Aides-Territoires' listings of aids.
    register_format(AIDES_TERRITOIRES)
    # The information watch reads RSS and Atom feeds.
    register_format(RSS)
