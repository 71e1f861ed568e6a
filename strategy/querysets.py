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


class ActionTrackQuerySet(models.QuerySet):
    SEARCH = ("title__icontains", "detail__icontains", "sub_actions__icontains")

    def search(self, text: str):
        return search_words(self, text, self.SEARCH)


class IndicatorQuerySet(models.QuerySet):
    SEARCH = ("name__icontains", "objective__icontains", "data_needed__icontains")

    def search(self, text: str):
        return search_words(self, text, self.SEARCH)

    def for_list(self):
        """Indicators with their enjeu and the orientations they track: 2 queries."""
        return self.select_related("axis").prefetch_related("orientations")


class IndicatorValueQuerySet(models.QuerySet):
    def for_figures(self):
        """Values in the order the tables read them: by indicator, series, territory,
        then oldest first (1 query, no join)."""
        return self.order_by("indicator_id", "series", "level", "code", "year", "edition")

    def of_territories(self, territories):
        """Values of the given ``(level, code)`` pairs only."""
        condition = models.Q(pk__in=[])
        for level, code in territories:
            condition |= models.Q(level=level, code=code)
        return self.filter(condition)
