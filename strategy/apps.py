from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "strategy"
    verbose_name = "Stratégie SCORAN"

    def ready(self) -> None:
        # Its sections of the site and its orientations to search (scoran/lib/catalogues.py).
        from .catalogues import register

        register()

        from scoran.lib import roles

        # Curators keep the strategy's content (orientations, indicators…).
        roles.grant(roles.CURATORS, "strategy")
