from django.apps import AppConfig


class ObservatoriesConfig(AppConfig):
    name = "observatories"
    verbose_name = "Observatoires"

    def ready(self) -> None:
        # Its sections of the site (territory pages in the sitemap) and the imports
        # a curator ran, in their personal data (scoran/lib/catalogues.py).
        from .catalogues import register

        register()
