"""The SCORAN targets the observatory measures progress against (orientation 1: « Un
territoire 100 % THD en 2022 puis FttH à horizon 2025 »), read from the strategy's
indicators: a curator who edits an indicator's deadline or share changes the pages.

Each indicator is found by its ``key``; one whose deadline or share is missing (or
that is gone) gives no target, and the pages then show no gap to it.
"""

from dataclasses import dataclass

from strategy.models import Indicator

FIXED_SERVICE = "niveau-de-service-fixe"  # 100 % very high speed (≥ 30 Mbit/s) in 2022
FTTH_COVERAGE = "couverture-ftth"  # 100 % of premises connectable to FttH in 2025


@dataclass(frozen=True)
class Target:
    year: int
    share: int  # %

    def gap(self, share: float | None) -> float | None:
        """Points still missing from ``share`` (%) to the target; None without a share."""
        return max(0.0, self.share - share) if share is not None else None


def scoran_targets(*keys: str) -> dict[str, Target | None]:
    """{key: its indicator's target, or None} for each of ``keys`` (1 query)."""
    found = {
        key: Target(year, share)
        for key, year, share in Indicator.objects.filter(
            key__in=keys, target_year__isnull=False, target_share__isnull=False
        ).values_list("key", "target_year", "target_share")
    }
    return {key: found.get(key) for key in keys}
