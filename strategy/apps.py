from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "strategy"
    verbose_name = "Stratégie SCORAN"

    def ready(self) -> None:
        from scoran.lib import roles

        # Curators keep the strategy's content (orientations, indicators…).
        roles.grant(roles.CURATORS, "strategy")
