"""What the directory adds to the registries of other apps and to the site's
catalogues, called once from ``DirectoryConfig.ready()`` (every app's models are
loaded by then). Other apps never import the directory: they read their registries.
"""

from observatories.importing.formats import register as register_format
from observatories.referential.sections import register_territory_section
from scoran.lib import moderation, roles
from strategy import measures
from strategy.sections import ORIENTATION_SECTIONS, Section

from .accounts import catalogues as accounts
from .groups import catalogues as groups
from .groups.selectors import territory_groups
from .organisations import catalogues as organisations
from .organisations.moderation import WORKFLOW as ORGANISATIONS
from .organisations.sections import register_section
from .organisations.selectors import territory_organisations
from .places import catalogues as places
from .places.imports import PLACES
from .places.indicators import MEASURES
from .places.moderation import WORKFLOW as PLACE_WORKFLOW
from .places.selectors import organisation_places, territory_places
from .projects import catalogues as projects
from .projects.moderation import WORKFLOW as PROJECTS
from .projects.selectors import organisation_projects, orientation_projects, territory_projects
from .reports import catalogues as reports


def register() -> None:
    # The observatory's pipeline reads files in the standard of places, and the
    # strategy's indicator page shows their indicators.
    register_format(PLACES)
    for key, (function, note) in MEASURES.items():
        measures.register(key, function, note=note)
    _register_page_sections()
    _register_territory_sections()
    # Sections of the site, followable lists, searchable and reportable kinds,
    # personal data (working groups: also their orientation and organisation
    # sections, after the projects').
    for feature in (accounts, organisations, places, projects, reports, groups):
        feature.register()
    places.register_followable()
    # Moderation: one mechanism (scoran.lib.moderation), one table per kind.
    for workflow in (ORGANISATIONS, PLACE_WORKFLOW, PROJECTS):
        moderation.register(workflow)
    # Curators curate everything of the directory but accounts: only superusers
    # manage people's privileges and passwords.
    roles.grant(roles.CURATORS, "directory", exclude=["add_user", "change_user", "delete_user"])


def _register_page_sections() -> None:
    """The orientation page lists its projects, the organisation page the projects
    the organisation carries or takes part in and the places it runs: published
    ones only."""
    ORIENTATION_SECTIONS.register(
        Section(
            key="projets",
            title="Projets liés",
            template="directory/projects/includes/rows.html",
            rows=orientation_projects,
            empty="Aucun projet publié n'est encore rattaché à cette orientation.",
        )
    )
    register_section(
        Section(
            key="projets",
            title="Projets",
            template="directory/projects/includes/organisation_rows.html",
            rows=organisation_projects,
        )
    )
    register_section(
        Section(
            key="lieux",
            title="Lieux de médiation numérique",
            template="directory/places/includes/organisation_rows.html",
            rows=organisation_places,
        )
    )


def _register_territory_sections() -> None:
    """The pages of ``/territoires/``: the nearest places of mediation, the
    organisations, projects and working groups of the territory."""
    for section in (
        Section(
            key="lieux",
            title="Lieux de médiation numérique les plus proches",
            template="directory/places/includes/territory_rows.html",
            rows=territory_places,
            empty="Aucun lieu de médiation numérique publié n'est encore localisé ici.",
        ),
        Section(
            key="structures",
            title="Acteurs du territoire",
            template="directory/organisations/includes/territory_rows.html",
            rows=territory_organisations,
            empty="Aucune structure de l'annuaire n'est encore située sur ce territoire.",
        ),
        Section(
            key="projets",
            title="Projets du territoire",
            template="directory/projects/includes/rows.html",
            rows=territory_projects,
            empty="Aucun projet publié ne concerne encore ce territoire.",
        ),
        Section(
            key="groupes",
            title="Groupes de travail",
            template="directory/groups/includes/territory_rows.html",
            rows=territory_groups,
        ),
    ):
        register_territory_section(section)
