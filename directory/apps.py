from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Annuaire et comptes"

    def ready(self) -> None:
        # The observatory's pipeline reads files in the standard of places, and the
        # strategy's indicator page shows their indicators, without either importing
        # this app.
        from observatories.importing.formats import register
        from strategy import measures

        from .places.imports import PLACES
        from .places.indicators import MEASURES

        register(PLACES)
        for key, function in MEASURES.items():
            measures.register(key, function)

        # The orientation page lists its projects, the organisation page the projects
        # the organisation carries or takes part in and the places it runs: published
        # ones only.
        from strategy.sections import ORIENTATION_SECTIONS, Section

        from .organisations.sections import register_section
        from .places.selectors import organisation_places
        from .projects.selectors import organisation_projects, orientation_projects

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

        # Sections of the site, followable lists, searchable kinds and personal data
        # of each feature (scoran/lib/catalogues.py).
        from .accounts import catalogues as accounts
        from .organisations import catalogues as organisations
        from .places import catalogues as places
        from .projects import catalogues as projects

        for feature in (accounts, organisations, places, projects):
            feature.register()

        self._declare_moderation_and_roles()

    @staticmethod
    def _declare_moderation_and_roles() -> None:
        # Moderation: one mechanism (scoran.lib.moderation), one table per kind.
        from scoran.lib import moderation, roles

        from .organisations.moderation import WORKFLOW as ORGANISATIONS
        from .places.moderation import WORKFLOW as PLACES
        from .projects.moderation import WORKFLOW as PROJECTS

        for workflow in (ORGANISATIONS, PLACES, PROJECTS):
            moderation.register(workflow)

        # Curators curate everything of the directory but accounts: only superusers
        # manage people's privileges and passwords.
        roles.grant(roles.CURATORS, "directory", exclude=["add_user", "change_user", "delete_user"])
