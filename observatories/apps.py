from django.apps import AppConfig


class ObservatoriesConfig(AppConfig):
    name = "observatories"
    verbose_name = "Observatoires"

    def ready(self) -> None:
        # Its sections of the site (territory pages in the sitemap) and the imports
        # a curator ran, in their personal data (scoran/lib/catalogues.py).
        from .catalogues import register

        register()

        from scoran.lib import roles

        # Curators look at everything measured and run the imports: they upload files
        # and keep the data sources; the measured rows are written by imports only.
        roles.grant(
            roles.CURATORS,
            "observatories",
            codenames=[
                "view_*",
                "add_importupload",
                "change_importupload",
                "add_datasource",
                "change_datasource",
            ],
        )
