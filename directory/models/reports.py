"""Errors visitors report on any item of the site ("Signaler une erreur"): a place,
an organisation, a project, a commune's figures, and any kind registered in
``scoran.lib.catalogues.REPORTABLE_KINDS``. One queue for curators.

The item is named by its kind's key and its own key, as text (a commune's figures
are keyed by INSEE code), so that kinds of every app fit without a foreign key to
each; its title when the report was sent is kept, for the queue and the
personal-data download, whatever becomes of the item. The sender's IP address is
not kept (it only throttles the form, in the cache); the optional e-mail address
is blanked as soon as the report is treated or rejected.
"""

from django.conf import settings
from django.db import models


class ErrorReportQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ErrorReport.Status.NEW)


class ErrorReport(models.Model):
    class Status(models.TextChoices):
        NEW = "nouveau", "Nouveau"
        TREATED = "traite", "Traité"
        REJECTED = "rejete", "Rejeté"

    kind = models.CharField("nature de l'élément", max_length=40)
    object_key = models.CharField("identifiant de l'élément", max_length=100)
    object_title = models.CharField("élément", max_length=300)
    message = models.TextField("message")
    email = models.EmailField(
        "adresse électronique",
        blank=True,
        help_text="Effacée dès que le signalement est traité ou rejeté.",
    )
    status = models.CharField(
        "état", max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField("reçu le", auto_now_add=True)
    treated_at = models.DateTimeField("traité le", null=True, blank=True)
    treated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="traité par",
    )

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        verbose_name = "signalement d'erreur"
        verbose_name_plural = "signalements d'erreurs"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_key"], name="errorreport_item")]
        constraints = [
            # A treated or rejected report keeps no address, and says when it was closed.
            models.CheckConstraint(
                condition=models.Q(status="nouveau") | models.Q(email="", treated_at__isnull=False),
                name="errorreport_closed_without_address",
            ),
        ]

    def __str__(self) -> str:
        return f"Signalement sur {self.object_title} ({self.created_at:%d/%m/%Y})"
