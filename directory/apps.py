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
