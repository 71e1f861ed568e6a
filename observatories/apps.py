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

        # Curators look at everything measured, the sources and their jobs included,
        # and run imports by uploading files; the measured rows are written by imports
        # only. They keep the networks and their wholesale offers, curated by hand. The
        # addresses the server downloads from and their schedules are the
        # administrators' (a curator could otherwise make the server fetch any URL).
        roles.grant(
            roles.CURATORS,
            "observatories",
            codenames=[
                "view_*",
                "add_importupload",
                "change_importupload",
                "*_network",
                "*_wholesaleoffer",
            ],
        )
