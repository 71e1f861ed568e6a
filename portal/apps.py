from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portail"

    def ready(self) -> None:
        from . import extensions
        from .catalogues import register

        register()
        extensions.register()
