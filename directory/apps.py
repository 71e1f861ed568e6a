from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Annuaire et comptes"

    def ready(self) -> None:
        # Formats, measures, page sections, catalogues, moderation and roles: what the
        # directory adds to the registries of others (see extensions.py).
        from . import extensions

        extensions.register()
