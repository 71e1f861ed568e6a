"""Monthly download totals of the resources: the only trace a download leaves in the
database (who downloaded is never stored; ``scoran.lib.downloads`` decides, in
Redis, whether a download is a visitor's first of the day and so counts)."""

import datetime

from django.db import connection, models
from django.db.models import Q


class ResourceDownloadMonthQuerySet(models.QuerySet):
    def increment(self, *, resource_id: int, day: datetime.date) -> None:
        """One more download of the resource in ``day``'s month: one statement
        (INSERT … ON CONFLICT DO UPDATE), so that concurrent downloads add up."""
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        sql = (
            f"INSERT INTO {table} ({quote('resource_id')}, {quote('month')}, {quote('count')}) "  # noqa: S608
            "VALUES (%s, %s, 1) "
            f"ON CONFLICT ({quote('resource_id')}, {quote('month')}) "
            f"DO UPDATE SET {quote('count')} = {table}.{quote('count')} + 1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [resource_id, day.replace(day=1)])


class ResourceDownloadMonth(models.Model):
    """How many visitors downloaded a resource in a month (each counted at most once
    a day, robots excluded), whichever of its files."""

    resource = models.ForeignKey(
        "portal.Resource",
        on_delete=models.CASCADE,
        related_name="download_months",
        verbose_name="ressource",
    )
    month = models.DateField("mois", help_text="Le premier jour du mois.")
    count = models.PositiveIntegerField("téléchargements", default=0)

    objects = ResourceDownloadMonthQuerySet.as_manager()

    class Meta:
        verbose_name = "téléchargements du mois"
        verbose_name_plural = "téléchargements par mois"
        ordering = ["resource", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "month"], name="resource_download_month_unique"
            ),
            models.CheckConstraint(
                condition=Q(count__gte=0), name="resource_download_month_count_positive"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="resource_download_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} – {self.month:%m/%Y}"
