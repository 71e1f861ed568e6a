"""Reads of the strategy, with their preloading done once for every caller."""

from django.db import models

from scoran.lib.lists import search_words


class AxisQuerySet(models.QuerySet):
    def with_tree(self):
        """Enjeux with their défis and orientations (pistes counted): 3 queries."""
        # strategy.models imports these querysets: importing its models here, at call
        # time, avoids the cycle.
        from .models import Challenge, Orientation

        return self.prefetch_related(
            models.Prefetch(
                "challenges",
                queryset=Challenge.objects.prefetch_related(
                    models.Prefetch(
                        "orientations",
                        queryset=Orientation.objects.annotate(
                            action_track_count=models.Count("action_tracks")
                        ),
                    )
                ),
            )
        )


class OrientationQuerySet(models.QuerySet):
    SEARCH = ("title__icontains", "context__icontains", "key_figures__icontains")

    def search(self, text: str):
        return search_words(self, text, self.SEARCH)

    def recently_updated(self):
        return self.select_related("challenge").order_by("-updated_at", "number")

    def for_page(self):
        """One orientation page: its défi, enjeu, pistes and indicators in 3 queries."""
        return self.select_related("challenge__axis").prefetch_related(
            "action_tracks", "indicators"
        )


class IndicatorQuerySet(models.QuerySet):
    def for_list(self):
        """Indicators with their enjeu and the orientations they track: 2 queries."""
        return self.select_related("axis").prefetch_related("orientations")
