"""What the portal's features add to the registries of the other apps and to the
site's catalogues, called once from ``PortalConfig.ready()``."""

from observatories.importing.formats import register as register_format
from scoran.lib import moderation, roles

from .funding import catalogues as funding
from .funding.imports import AIDES_TERRITOIRES
from .funding.moderation import WORKFLOW as FUNDING


def register() -> None:
    funding.register()
    moderation.register(FUNDING)
    # Curators curate the funding guide (its history is read only in the admin).
    # (One grant per app: the features of the portal share it.)
    roles.grant(roles.CURATORS, "portal")
    # The import pipeline reads Aides-Territoires' listings of aids.
    register_format(AIDES_TERRITOIRES)
